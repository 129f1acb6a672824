import FuzzDriver
import LoadGeneration

runFuzzer { fuzzRedisReplies($0, $1) }

/// Replies as movieload reads them from Redis: the first byte picks the operation
/// each reply answers; every reply scanned must be a whole, non-empty part of the
/// bytes, so that the scan always moves forward and never reads past them.
func fuzzRedisReplies(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard count >= 1 else { return 0 }
    let operations = Operation.allCases
    let operation = operations[Int(bytes[0]) % operations.count]
    var offset = 1
    while offset < count {
        let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        switch RedisReplyScanner.scan(rest, expecting: operation) {
        case .reply(let reply):
            precondition(reply.length > 0 && reply.length <= rest.count, "a reply outside the bytes")
            precondition(reply.value.upperBound <= reply.length && (reply.echoedKey?.upperBound ?? 0) <= reply.length,
                         "a value or key outside the reply")
            offset += reply.length
        case .skip(let length):
            precondition(length > 0 && length <= rest.count, "a skip outside the bytes")
            offset += length
        case .needMoreBytes, .violation:
            return 0
        }
    }
    return 0
}
