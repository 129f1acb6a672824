import Glibc

/// The failure codes a server puts after `ERR`.
public enum ErrorCode: UInt8, CaseIterable, Sendable {
    case unknownCommand, badRequest, notFound, exists, tooLong, denied, busy, readOnly, unavailable

    /// The code as it appears on the wire, e.g. `NOT_FOUND`.
    @inlinable public var wireName: StaticString {
        switch self {
        case .unknownCommand: "UNKNOWN_COMMAND"
        case .badRequest: "BAD_REQUEST"
        case .notFound: "NOT_FOUND"
        case .exists: "EXISTS"
        case .tooLong: "TOO_LONG"
        case .denied: "DENIED"
        case .busy: "BUSY"
        case .readOnly: "READ_ONLY"
        case .unavailable: "UNAVAILABLE"
        }
    }

    /// Recognises a code from its exact (upper-case) wire spelling.
    @inlinable public init?(wireName bytes: UnsafeRawBufferPointer) {
        // Walking raw values instead of `allCases` keeps this free of array allocation.
        var rawValue: UInt8 = 0
        while let code = ErrorCode(rawValue: rawValue) {
            rawValue += 1
            let name = code.wireName
            if name.utf8CodeUnitCount == bytes.count,
               let base = bytes.baseAddress,
               memcmp(base, name.utf8Start, bytes.count) == 0 {
                self = code
                return
            }
        }
        return nil
    }
}
