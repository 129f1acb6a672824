import FuzzDriver
import FuzzServer

runFuzzer { fuzzRequests($0, $1) }

/// Request bytes as a client sends them, into a real `MovieServer`'s line-protocol port
/// (see `Harness`): one connection per input, which sends it, finishes sending and reads
/// until the server closes. The server must never trap and must always close once it
/// has answered what it was sent.
func fuzzRequests(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    Harness.shared.tidyNowAndThen()
    _ = Harness.shared.exchange(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}
