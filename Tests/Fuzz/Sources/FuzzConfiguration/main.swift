import FuzzDriver
import MovieServer

runFuzzer { fuzzConfiguration($0, $1) }

/// A config file's text: every line applied or refused with a reason, never a trap.
func fuzzConfiguration(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    var configuration = ServerConfiguration()
    do {
        try ConfigurationFile.apply(text, named: "fuzz.conf", to: &configuration)
    } catch {
        precondition(!error.description.isEmpty)
    }
    return 0
}
