/// Where a server listens: `HOST:PORT`, or `[IPv6]:PORT`.
///
/// The host is kept as written (lowercased, without brackets) and resolved
/// only when asked (`socketAddresses`), so a name in a file follows DNS.
public struct ServerAddress: Hashable, Sendable, CustomStringConvertible {
    /// A host name, an IPv4 address, or an IPv6 address without its brackets.
    public let host: String
    public let port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Whether the host is an IPv6 address, which must be written in brackets.
    public var isIPv6Literal: Bool { host.contains(":") }

    /// The canonical `HOST:PORT` form, with brackets around an IPv6 host.
    public var description: String {
        isIPv6Literal ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Parses `HOST:PORT` or `[IPv6]:PORT`; white space around it is ignored.
    ///
    /// Given a `defaultPort`, the port may be left out (`HOST`, `[IPv6]`), and
    /// `:PORT` or a bare `PORT` mean that port on 127.0.0.1: the shorthand a
    /// benchmark's command line wants.
    public init(parsing text: String, defaultPort: UInt16? = nil) throws(AddressError) {
        let trimmed = text.trimmingWhiteSpace()
        func fail(_ problem: AddressError.Problem) -> AddressError {
            AddressError(text: text, problem: problem)
        }
        guard !trimmed.isEmpty else { throw fail(.empty) }
        var hostPart: Substring
        let portPart: Substring?
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else { throw fail(.unclosedBracket) }
            hostPart = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            let rest = trimmed[trimmed.index(after: close)...]
            if rest.isEmpty && defaultPort != nil {
                portPart = nil
            } else {
                guard rest.hasPrefix(":") else { throw fail(.missingPort) }
                portPart = rest.dropFirst()
            }
            guard hostPart.contains(":"), hostPart.allSatisfy(Self.isIPv6Character) else {
                throw fail(.badHost)
            }
        } else if let colon = trimmed.lastIndex(of: ":") {
            hostPart = trimmed[..<colon]
            portPart = trimmed[trimmed.index(after: colon)...]
            if hostPart.contains(":") { throw fail(.unbracketedIPv6) }
        } else if defaultPort != nil {
            let isBarePort = trimmed.allSatisfy { $0.isASCII && $0.isNumber }
            hostPart = isBarePort ? "" : trimmed
            portPart = isBarePort ? trimmed : nil
        } else {
            throw fail(.missingPort)
        }
        if !trimmed.hasPrefix("[") {
            guard hostPart.allSatisfy(Self.isHostNameCharacter), !hostPart.hasPrefix("-") else { throw fail(.badHost) }
        }
        if hostPart.isEmpty {
            guard defaultPort != nil else { throw fail(.emptyHost) }
            hostPart = "127.0.0.1"
        }
        let port: UInt16
        if let portPart {
            guard !portPart.isEmpty, portPart.count <= 10, portPart.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let number = Int(portPart), (1...65_535).contains(number)
            else { throw fail(.badPort) }
            port = UInt16(number)
        } else if let defaultPort {
            port = defaultPort
        } else {
            throw fail(.missingPort)
        }
        // A zone id (`fe80::1%eth0`) names an interface, which is case-sensitive.
        self.host = hostPart.contains("%") ? String(hostPart) : hostPart.lowercased()
        self.port = port
    }

    static func isHostNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "-" || character == "_")
    }

    static func isIPv6Character(_ character: Character) -> Bool {
        character.isASCII && (character.isHexDigit || character == ":" || character == "." || character == "%"
            || character.isLetter || character.isNumber || character == "_" || character == "-")
    }
}

/// Why a `HOST:PORT` could not be read.
public struct AddressError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        case empty
        case missingPort
        case badPort
        case emptyHost
        case badHost
        case unbracketedIPv6
        case unclosedBracket
    }

    /// The text as given.
    public let text: String
    public let problem: Problem

    public init(text: String, problem: Problem) {
        self.text = text
        self.problem = problem
    }

    public var description: String {
        let why = switch problem {
        case .empty: "it is empty; expected HOST:PORT"
        case .missingPort: "expected HOST:PORT, e.g. 127.0.0.1:7070"
        case .badPort: "the port must be a number from 1 to 65535"
        case .emptyHost: "the host is missing; expected HOST:PORT"
        case .badHost: "the host holds characters no host name or address has"
        case .unbracketedIPv6: "write an IPv6 address in brackets, e.g. [::1]:7070"
        case .unclosedBracket: "'[' without ']'; write IPv6 as [::1]:7070"
        }
        return "bad server address '\(text)': \(why)"
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, CR and LF.
    public func trimmingWhiteSpace() -> Substring {
        // "\r\n" is one Character in Swift, so it is listed on its own.
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        let string = Substring(self)
        guard let first = string.firstIndex(where: { !isSpace($0) }),
              let last = string.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return string[first...last]
    }
}
