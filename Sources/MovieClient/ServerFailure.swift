import Glibc
import MovieProtocol

/// Why a server gave no usable answer: the transport failed or the bytes made no sense.
public enum ServerFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The host name could not be turned into an address.
    case unresolved(String)
    /// `connect` failed, with its errno (connection refused, no route to host ...).
    case connectFailed(Int32)
    /// No connection within the timeout (seconds).
    case connectTimeout(Double)
    /// Connected, but the answer did not come within the timeout (seconds).
    case responseTimeout(Double)
    /// The server closed the connection before the whole answer arrived.
    case closed
    /// A read or write on the socket failed, with its errno.
    case socketError(Int32)
    /// The server sent something the protocol does not allow.
    case protocolViolation(ProtocolError)
    /// Ctrl-C (or SIGTERM) stopped the client before the server had answered.
    case interrupted

    public var description: String {
        switch self {
        case .unresolved(let reason): "cannot resolve host: \(reason)"
        case .connectFailed(let code): Self.message(for: code)
        case .connectTimeout(let seconds): "no connection within \(Self.seconds(seconds))"
        case .responseTimeout(let seconds): "no answer within \(Self.seconds(seconds))"
        case .closed: "closed the connection before answering"
        case .socketError(let code): Self.message(for: code)
        case .protocolViolation(let error): "answered garbage (\(error.violation): \(Self.clip(error.line)))"
        case .interrupted: "interrupted before it answered"
        }
    }

    /// A short, stable name for scripts reading `--json`.
    public var kind: String {
        switch self {
        case .unresolved: "unresolved"
        case .connectFailed: "unreachable"
        case .connectTimeout: "connect_timeout"
        case .responseTimeout: "response_timeout"
        case .closed: "closed"
        case .socketError: "socket_error"
        case .protocolViolation: "protocol_violation"
        case .interrupted: "interrupted"
        }
    }

    /// `strerror` with a lower-case first letter, to read well after "down (".
    static func message(for code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    static func clip(_ line: String) -> String {
        line.count > 60 ? String(line.prefix(60)) + "..." : line
    }
}

/// What went wrong with one server for one command: it failed, or answered an error the command did not expect.
public enum ServerProblem: Equatable, Sendable, CustomStringConvertible {
    case failure(ServerFailure)
    /// `ERR <code> <message>`.
    case error(ErrorCode, String)
    /// An `OK` whose text is not what the command answers, e.g. a `GET` answer without `|`.
    case unreadable(String)

    public var description: String {
        switch self {
        case .failure(let failure): failure.description
        case .error(let code, let message): message.isEmpty ? "error \(code.name)" : "error \(code.name): \(message)"
        case .unreadable(let text): "unreadable answer: \(ServerFailure.clip(text))"
        }
    }

    /// Whether the server could not be reached at all, as opposed to answering badly.
    public var isDown: Bool {
        if case .failure(let failure) = self {
            switch failure {
            case .unresolved, .connectFailed, .connectTimeout: return true
            default: return false
            }
        }
        return false
    }
}

extension ErrorCode {
    /// The wire name as a `String`, e.g. `NOT_FOUND`.
    public var name: String {
        let wire = wireName
        return String(decoding: UnsafeRawBufferPointer(start: wire.utf8Start, count: wire.utf8CodeUnitCount), as: UTF8.self)
    }
}

extension Command {
    /// The wire name as a `String`, e.g. `GET`.
    public var name: String {
        let wire = wireName
        return String(decoding: UnsafeRawBufferPointer(start: wire.utf8Start, count: wire.utf8CodeUnitCount), as: UTF8.self)
    }
}

extension Change {
    /// The wire name as a `String`, e.g. `added`.
    public var name: String {
        let wire = wireName
        return String(decoding: UnsafeRawBufferPointer(start: wire.utf8Start, count: wire.utf8CodeUnitCount), as: UTF8.self)
    }
}
