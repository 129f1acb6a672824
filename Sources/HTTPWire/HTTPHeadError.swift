import Glibc
import Primitives

/// Why a request head cannot be served; each ends the connection, since what
/// follows the head can no longer be framed.
public enum HTTPHeadError: Error, Equatable, Sendable {
    /// Not HTTP/1.x syntax: `400`.
    case malformed(StaticString)
    /// The request line and headers together pass the head limit: `431`.
    case headTooLarge
    /// A method the server does not implement: `501`.
    case unknownMethod
    /// A body framed as chunks (or any transfer coding): `501`.
    case transferCodingUnsupported
    /// A method that carries a body sent without `Content-Length`: `411`.
    case lengthRequired
    /// HTTP/2 or later over this connection, or HTTP/0.9: `505`.
    case versionNotSupported
    /// An `Expect` other than `100-continue`: `417`.
    case expectationFailed

    public var status: HTTPStatus {
        switch self {
        case .malformed: .badRequest
        case .headTooLarge: .headerFieldsTooLarge
        case .unknownMethod, .transferCodingUnsupported: .notImplemented
        case .lengthRequired: .lengthRequired
        case .versionNotSupported: .versionNotSupported
        case .expectationFailed: .expectationFailed
        }
    }

    public var message: StaticString {
        switch self {
        case .malformed(let why): why
        case .headTooLarge: "the request line and headers are longer than the server's limit"
        case .unknownMethod: "the method is not one this server implements"
        case .transferCodingUnsupported: "request bodies must be sent with Content-Length; chunked and other transfer codings are not supported"
        case .lengthRequired: "a request with a body needs a Content-Length header"
        case .versionNotSupported: "this server speaks HTTP/1.1 and HTTP/1.0"
        case .expectationFailed: "the only expectation understood is 100-continue"
        }
    }

    public static func == (lhs: HTTPHeadError, rhs: HTTPHeadError) -> Bool {
        switch (lhs, rhs) {
        case (.malformed(let left), .malformed(let right)):
            left.utf8CodeUnitCount == right.utf8CodeUnitCount && memcmp(left.utf8Start, right.utf8Start, left.utf8CodeUnitCount) == 0
        case (.headTooLarge, .headTooLarge), (.unknownMethod, .unknownMethod), (.transferCodingUnsupported, .transferCodingUnsupported),
             (.lengthRequired, .lengthRequired), (.versionNotSupported, .versionNotSupported),
             (.expectationFailed, .expectationFailed):
            true
        default:
            false
        }
    }
}
