import FuzzDriver
import MovieProtocol

runFuzzer { fuzzResponses($0, $1) }

/// What a server sends the client: the first bytes say which requests were sent
/// (a command each), the rest arrives in pieces whose sizes the input picks too.
/// The reader must answer each request at most once, consume bytes it was given,
/// and never trap.
func fuzzResponses(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard count >= 2 else { return 0 }
    let commands = Command.allCases
    let requestCount = Int(bytes[0] % 8) + 1
    guard count > requestCount + 1 else { return 0 }
    var reader = ResponseReader()
    for index in 0..<requestCount { reader.expect(commands[Int(bytes[1 + index]) % commands.count]) }
    let piece = Int(bytes[requestCount + 1]) + 1
    var offset = requestCount + 2
    var answered = 0
    reading: while offset < count {
        let end = min(count, offset + piece)
        reader.feed(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
        offset = end
        while true {
            do {
                guard let incoming = try reader.next() else { break }
                if case .response = incoming { answered += 1 }
            } catch {
                break reading
            }
        }
    }
    precondition(reader.outstandingCount >= 0 && reader.outstandingCount <= requestCount)
    precondition(answered <= requestCount + count, "more answers than bytes")
    return 0
}
