import Primitives

/// The request methods the server knows; any other is answered `501`.
public enum HTTPMethod: UInt8, Sendable {
    case get, head, post, put, patch, delete, options

    /// Recognises a method from its exact (case-sensitive) token.
    @inlinable init?(token bytes: UnsafeRawBufferPointer) {
        switch bytes.count {
        case 3:
            if bytes.matches("GET") { self = .get } else if bytes.matches("PUT") { self = .put } else { return nil }
        case 4:
            if bytes.matches("HEAD") { self = .head } else if bytes.matches("POST") { self = .post } else { return nil }
        case 5:
            guard bytes.matches("PATCH") else { return nil }
            self = .patch
        case 6:
            guard bytes.matches("DELETE") else { return nil }
            self = .delete
        case 7:
            guard bytes.matches("OPTIONS") else { return nil }
            self = .options
        default:
            return nil
        }
    }

    /// Whether a request with this method carries a body the server reads.
    public var takesBody: Bool { self == .post || self == .put || self == .patch }
}
