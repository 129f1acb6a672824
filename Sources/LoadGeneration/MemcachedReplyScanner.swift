import MovieProtocol
import Primitives

/// Reads the memcached text-protocol replies a run gets: `VALUE ... END`, `END`,
/// `STORED`, `NOT_STORED`, `DELETED`, `NOT_FOUND`, `VERSION ...` and the three
/// error lines.
///
/// Stateless, like `RedisReplyScanner`.
public enum MemcachedReplyScanner {
    @inlinable public static func scan(_ bytes: UnsafeRawBufferPointer, expecting operation: Operation?) -> ScannedReply {
        guard !bytes.isEmpty else { return .needMoreBytes }
        guard let operation else { return .violation(.replyToNoRequest) }
        let lineEnd: Int
        switch ReplyScanner.crlfLineEnd(bytes) {
        case .failure(let violation): return .violation(violation)
        case .success(nil): return .needMoreBytes
        case .success(let end?): lineEnd = end
        }
        let length = lineEnd + 1
        let line = UnsafeRawBufferPointer(rebasing: bytes[..<(lineEnd - 1)])
        if isError(line) { return .reply(Reply(length: length, outcome: .serverError)) }
        switch operation {
        case .get:
            if line.matches("END") { return .reply(Reply(length: length, outcome: .error(.notFound))) }
            return scanValue(bytes, header: line, headerLength: length)
        case .put, .add, .edit:
            if line.matches("STORED") { return .reply(Reply(length: length, outcome: .ok)) }
            if line.matches("NOT_STORED") {
                return .reply(Reply(length: length, outcome: .error(operation == .edit ? .notFound : .exists)))
            }
        case .del:
            if line.matches("DELETED") { return .reply(Reply(length: length, outcome: .ok)) }
            if line.matches("NOT_FOUND") { return .reply(Reply(length: length, outcome: .error(.notFound))) }
        case .ping:
            if line.hasPrefix("VERSION ") { return .reply(Reply(length: length, outcome: .ok)) }
        case .all, .find, .count:
            break
        }
        return .violation(.wrongKindOfReply)
    }

    /// `VALUE <key> <flags> <bytes> [<cas>]`, the data and its CR LF, then `END`.
    @inlinable static func scanValue(_ bytes: UnsafeRawBufferPointer, header: UnsafeRawBufferPointer, headerLength: Int) -> ScannedReply {
        guard header.hasPrefix("VALUE ") else { return .violation(.wrongKindOfReply) }
        // Fields after VALUE: key, flags, byte count (and maybe a CAS id).
        var fields: (Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0)
        var found = 0
        var index = 6
        while index < header.count && found < 3 {
            let start = index
            while index < header.count && header[index] != UInt8(ascii: " ") { index += 1 }
            guard index > start else { return .violation(.badFraming) }
            switch found {
            case 0: fields.0 = start..<index
            case 1: fields.1 = start..<index
            default: fields.2 = start..<index
            }
            found += 1
            index += 1
        }
        guard found == 3, let size = ReplyScanner.parseInteger(UnsafeRawBufferPointer(rebasing: header[fields.2])), size >= 0
        else { return .violation(.badFraming) }
        let dataEnd = headerLength + size
        let end = dataEnd + 7  // CR LF after the data, then END CR LF
        guard bytes.count >= end else { return .needMoreBytes }
        guard bytes[dataEnd] == UInt8(ascii: "\r"), bytes[dataEnd + 1] == UInt8(ascii: "\n"),
              UnsafeRawBufferPointer(rebasing: bytes[(dataEnd + 2)..<end]).matches("END\r\n")
        else { return .violation(.badFraming) }
        return .reply(Reply(length: end, outcome: .ok, echoedKey: fields.0, value: headerLength..<dataEnd))
    }

    @inlinable static func isError(_ line: UnsafeRawBufferPointer) -> Bool {
        line.matches("ERROR") || line.hasPrefix("CLIENT_ERROR") || line.hasPrefix("SERVER_ERROR")
    }

}
