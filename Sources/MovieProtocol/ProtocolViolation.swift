/// Bytes from a server that the protocol does not allow; the stream cannot be trusted after one.
public enum ProtocolViolation: Error, Equatable, Sendable, CustomStringConvertible {
    /// A line where a response or event should start is neither `OK`, `ERR` nor `EVENT`.
    case unrecognisedLine
    /// `ERR` followed by a code the protocol does not define.
    case unknownErrorCode
    /// The `OK` of a multi-line response without a whole number after it.
    case badCount
    /// An `OK` arrived while no request was waiting for an answer.
    case unexpectedResponse
    /// An `EVENT` line that is not `EVENT added|edited|deleted <title>`.
    case malformedEvent
    /// A line longer than the reader accepts (see `ProtocolLimits.maxResponseLineBytes`).
    case lineTooLong
    /// A line that is not valid UTF-8 or holds a NUL.
    case invalidText

    public var description: String {
        switch self {
        case .unrecognisedLine: "line is not OK, ERR or EVENT"
        case .unknownErrorCode: "unknown error code"
        case .badCount: "multi-line response without a valid line count"
        case .unexpectedResponse: "response to no request"
        case .malformedEvent: "malformed EVENT line"
        case .lineTooLong: "line too long"
        case .invalidText: "line is not valid UTF-8 or holds a NUL"
        }
    }
}
