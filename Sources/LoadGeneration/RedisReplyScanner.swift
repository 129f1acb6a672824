import MovieProtocol
import Primitives

/// Reads the RESP replies the Redis requests of a run get: `+OK`, `+PONG`,
/// `-ERR ...`, `:n`, `$-1` and `$n` with its data.
///
/// Stateless: an incomplete bulk reply is looked at again from its header when
/// more bytes come, which costs one short line scan.
public enum RedisReplyScanner {
    @inlinable public static func scan(_ bytes: UnsafeRawBufferPointer, expecting operation: Operation?) -> ScannedReply {
        guard !bytes.isEmpty else { return .needMoreBytes }
        guard let operation else { return .violation(.replyToNoRequest) }
        let lineEnd: Int
        switch ReplyScanner.crlfLineEnd(bytes) {
        case .failure(let violation): return .violation(violation)
        case .success(nil): return .needMoreBytes
        case .success(let end?): lineEnd = end
        }
        guard lineEnd >= 2 else { return .violation(.unrecognisedLine) }
        let length = lineEnd + 1
        let text = UnsafeRawBufferPointer(rebasing: bytes[1..<(lineEnd - 1)])
        switch bytes[0] {
        case UInt8(ascii: "-"):
            return .reply(Reply(length: length, outcome: .serverError))
        case UInt8(ascii: "+"):
            switch operation {
            case .put, .add, .edit:
                return text.hasPrefix("OK") && text.count == 2
                    ? .reply(Reply(length: length, outcome: .ok)) : .violation(.wrongKindOfReply)
            case .ping:
                return text.hasPrefix("PONG") && text.count == 4
                    ? .reply(Reply(length: length, outcome: .ok)) : .violation(.wrongKindOfReply)
            default:
                return .violation(.wrongKindOfReply)
            }
        case UInt8(ascii: ":"):
            guard let number = ReplyScanner.parseInteger(text) else { return .violation(.badFraming) }
            switch operation {
            case .del: return .reply(Reply(length: length, outcome: number > 0 ? .ok : .error(.notFound)))
            case .count: return .reply(Reply(length: length, outcome: .ok))
            default: return .violation(.wrongKindOfReply)
            }
        case UInt8(ascii: "$"):
            guard let size = ReplyScanner.parseInteger(text), size >= -1 else { return .violation(.badFraming) }
            if size == -1 {
                switch operation {
                case .get, .edit: return .reply(Reply(length: length, outcome: .error(.notFound)))
                case .add: return .reply(Reply(length: length, outcome: .error(.exists)))
                default: return .violation(.wrongKindOfReply)
                }
            }
            guard operation == .get else { return .violation(.wrongKindOfReply) }
            let end = length + size + 2
            guard bytes.count >= end else { return .needMoreBytes }
            guard bytes[end - 2] == UInt8(ascii: "\r"), bytes[end - 1] == UInt8(ascii: "\n") else {
                return .violation(.badFraming)
            }
            return .reply(Reply(length: end, outcome: .ok, value: length..<(length + size)))
        default:
            return .violation(.unrecognisedLine)
        }
    }
}
