import HTTPTypes

/// The statuses the server answers with; their codes and reason phrases are
/// HTTPTypes', turned into status lines once (see `HTTPResponseWriter`), whose
/// table the raw values (0, 1, 2 …) index.
public enum HTTPStatus: UInt8, CaseIterable, Sendable {
    case `continue`
    case ok
    case created
    case noContent
    case badRequest
    case unauthorized
    case forbidden
    case notFound
    case methodNotAllowed
    case conflict
    case lengthRequired
    case contentTooLarge
    case expectationFailed
    case headerFieldsTooLarge
    case notImplemented
    case serviceUnavailable
    case versionNotSupported

    /// The same status as HTTPTypes spells it.
    public var typed: HTTPResponse.Status {
        switch self {
        case .continue: .continue
        case .ok: .ok
        case .created: .created
        case .noContent: .noContent
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .conflict: .conflict
        case .lengthRequired: .lengthRequired
        case .contentTooLarge: .contentTooLarge
        case .expectationFailed: .expectationFailed
        case .headerFieldsTooLarge: .requestHeaderFieldsTooLarge
        case .notImplemented: .notImplemented
        case .serviceUnavailable: .serviceUnavailable
        case .versionNotSupported: .httpVersionNotSupported
        }
    }

    /// The three-digit code.
    public var code: Int { typed.code }

    /// Whether a response with this status never has a body (RFC 9110 §6.4.1).
    public var forbidsBody: Bool { self == .continue || self == .noContent }
}
