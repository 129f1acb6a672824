import MovieProtocol

/// How a request was answered, in the terms the reports count: OK, each movie
/// protocol error code, or an error reply outside those codes.
///
/// Redis and memcached answers are mapped onto the same codes where they mean the
/// same thing (a Redis nil to `GET` is `NOT_FOUND`, memcached `NOT_STORED` to `add`
/// is `EXISTS`), so the three protocols' reports read alike.
public enum ReplyOutcome: Equatable, Sendable {
    case ok
    case error(ErrorCode)
    /// Redis `-ERR ...`, memcached `ERROR`, `CLIENT_ERROR` or `SERVER_ERROR`.
    case serverError

    /// How many distinct outcomes there are: the size of a counter array.
    public static let count = ErrorCode.allCases.count + 2

    /// A dense index for counter arrays: 0 is OK, then the error codes, then other errors.
    @inlinable public var index: Int {
        switch self {
        case .ok: 0
        case .error(let code): 1 + Int(code.rawValue)
        case .serverError: ErrorCode.allCases.count + 1
        }
    }

    public init(index: Int) {
        if index == 0 {
            self = .ok
        } else if let code = ErrorCode(rawValue: UInt8(index - 1)) {
            self = .error(code)
        } else {
            self = .serverError
        }
    }

    /// `OK`, the error code's wire name, or `SERVER_ERROR`.
    public var name: String {
        switch self {
        case .ok: "OK"
        case .error(let code): code.wireName.description
        case .serverError: "SERVER_ERROR"
        }
    }
}

/// A complete reply at the front of the unread bytes.
public struct Reply: Equatable, Sendable {
    /// Bytes the whole reply takes.
    public var length: Int
    public var outcome: ReplyOutcome
    /// Where the key the server echoed lies (movie titles, memcached `VALUE` lines), if it echoes one.
    public var echoedKey: Range<Int>?
    /// Where the value lies in a successful `GET` answer; empty otherwise.
    public var value: Range<Int>

    @inlinable public init(length: Int, outcome: ReplyOutcome, echoedKey: Range<Int>? = nil, value: Range<Int> = 0..<0) {
        self.length = length
        self.outcome = outcome
        self.echoedKey = echoedKey
        self.value = value
    }
}

/// Bytes that are not a possible answer to the request they should answer.
public enum ReplyViolation: Error, Equatable, Sendable, CustomStringConvertible {
    /// What the movie protocol's own scanner refused.
    case movie(ProtocolViolation)
    /// A line that is no reply of this protocol at all.
    case unrecognisedLine
    /// A well-formed reply, but of a kind this request never gets (`+OK` to a `GET`).
    case wrongKindOfReply
    /// A length or count that is not a number, or data not followed by its terminator.
    case badFraming
    /// Bytes arrived while no request was waiting for an answer.
    case replyToNoRequest
    /// The reply names another key than the request asked about.
    case wrongKey

    public var description: String {
        switch self {
        case .movie(let violation): violation.description
        case .unrecognisedLine: "unrecognised reply line"
        case .wrongKindOfReply: "reply of the wrong kind for the request"
        case .badFraming: "malformed reply length or terminator"
        case .replyToNoRequest: "reply to no request"
        case .wrongKey: "reply about another key than the one asked for"
        }
    }
}

/// What the front of the unread bytes holds.
public enum ScannedReply: Equatable, Sendable {
    case needMoreBytes
    case reply(Reply)
    /// Bytes to drop without answering a request (a movie `EVENT` line).
    case skip(length: Int)
    case violation(ReplyViolation)
}
