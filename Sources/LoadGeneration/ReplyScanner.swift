import Glibc
import MovieProtocol
import Primitives

/// Finds where each reply ends and what it says, for any of the three protocols, allocating nothing.
///
/// Give `scan(_:expecting:)` the unread bytes from the start of the next reply;
/// after a `.reply` or `.skip`, consume its length. After `.needMoreBytes` pass the
/// same bytes again with more appended (the movie scanner remembers how far it looked).
public struct ReplyScanner: Sendable {
    public let dialect: WireDialect
    @usableFromInline var movie = ResponseScanner()
    /// The longest line accepted before the stream is declared broken.
    public static let maximumLineBytes = ProtocolLimits.maxResponseLineBytes

    public init(dialect: WireDialect) { self.dialect = dialect }

    /// Forgets a partly scanned reply (after a reconnect).
    @inlinable public mutating func reset() { movie.reset() }

    /// Reads the next reply, which should answer `operation` (`nil` when no request is waiting).
    @inlinable public mutating func scan(_ bytes: UnsafeRawBufferPointer, expecting operation: Operation?) -> ScannedReply {
        switch dialect {
        case .movie: scanMovie(bytes, expecting: operation)
        case .redis, .resp: RedisReplyScanner.scan(bytes, expecting: operation)
        case .memcached: MemcachedReplyScanner.scan(bytes, expecting: operation)
        }
    }

    @inlinable mutating func scanMovie(_ bytes: UnsafeRawBufferPointer, expecting operation: Operation?) -> ScannedReply {
        switch movie.scan(bytes, expecting: operation.map(Self.command)) {
        case .needMoreBytes: return .needMoreBytes
        case .event(let event): return .skip(length: event.length)
        case .violation(let violation): return .violation(.movie(violation))
        case .response(let frame):
            guard case .ok = frame.status else {
                if case .error(let code) = frame.status { return .reply(Reply(length: frame.length, outcome: .error(code))) }
                return .violation(.unrecognisedLine)
            }
            guard let operation else { return .violation(.replyToNoRequest) }
            let line = UnsafeRawBufferPointer(rebasing: bytes[..<frame.statusLineLength])
            return Self.checkMovieSuccess(line, frame: frame, operation: operation)
        }
    }

    /// Checks that an `OK` line is the kind of success `operation` gets, and finds the echoed title.
    @inlinable static func checkMovieSuccess(_ line: UnsafeRawBufferPointer, frame: ResponseFrame, operation: Operation) -> ScannedReply {
        let ok = Reply(length: frame.length, outcome: .ok)
        switch operation {
        case .get:
            // `OK <title> | <info>`: a title cannot hold `|`, so the first one splits.
            guard line.count > 3, let bar = firstIndex(of: UInt8(ascii: "|"), in: line, from: 3), bar >= 5,
                  line[bar - 1] == UInt8(ascii: " ")
            else { return .violation(.wrongKindOfReply) }
            let valueStart = min(bar + 2, line.count)
            return .reply(Reply(length: frame.length, outcome: .ok, echoedKey: 3..<(bar - 1), value: valueStart..<line.count))
        case .put:
            return echo(after: "OK added ", in: line, ok) ?? echo(after: "OK edited ", in: line, ok) ?? .violation(.wrongKindOfReply)
        case .add: return echo(after: "OK added ", in: line, ok) ?? .violation(.wrongKindOfReply)
        case .edit: return echo(after: "OK edited ", in: line, ok) ?? .violation(.wrongKindOfReply)
        case .del: return echo(after: "OK deleted ", in: line, ok) ?? .violation(.wrongKindOfReply)
        case .count:
            guard line.count > 3, line[3...].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                return .violation(.wrongKindOfReply)
            }
            return .reply(ok)
        case .ping:
            return line.hasPrefix("OK PONG") && line.count == 7 ? .reply(ok) : .violation(.wrongKindOfReply)
        case .all, .find:
            return .reply(ok)
        }
    }

    @inlinable static func echo(after prefix: StaticString, in line: UnsafeRawBufferPointer, _ reply: Reply) -> ScannedReply? {
        guard line.hasPrefix(prefix) else { return nil }
        var reply = reply
        reply.echoedKey = prefix.utf8CodeUnitCount..<line.count
        return .reply(reply)
    }

    @inlinable static func command(_ operation: Operation) -> Command {
        switch operation {
        case .get: .get
        case .put: .put
        case .add: .add
        case .edit: .edit
        case .del: .del
        case .all: .all
        case .find: .find
        case .count: .count
        case .ping: .ping
        }
    }

    @inlinable static func firstIndex(of byte: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress,
              let found = memchr(base + start, Int32(byte), bytes.count - start)
        else { return nil }
        return UnsafeRawPointer(found) - base
    }

    /// The index of the LF ending the first line of `bytes` if that line ends in CR LF.
    ///
    /// `.failure` when the line ends in a bare LF or runs past the line limit.
    @inlinable static func crlfLineEnd(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Result<Int?, ReplyViolation> {
        guard let lineFeed = firstIndex(of: UInt8(ascii: "\n"), in: bytes, from: start) else {
            return bytes.count - start > maximumLineBytes ? .failure(.movie(.lineTooLong)) : .success(nil)
        }
        guard lineFeed > start, bytes[lineFeed - 1] == UInt8(ascii: "\r") else { return .failure(.badFraming) }
        return .success(lineFeed)
    }

    /// A decimal number, optionally negative: at most 18 digits.
    @inlinable static func parseInteger(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var digits = bytes[...]
        var negative = false
        if digits.first == UInt8(ascii: "-") {
            negative = true
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }
}
