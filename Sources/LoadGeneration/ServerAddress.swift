import Glibc

/// A `HOST:PORT` target, resolved once before the run.
public struct ServerAddress: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    /// The resolved `sockaddr`, copied so any thread can connect with it.
    public let socketAddress: [UInt8]
    public let family: Int32

    /// `host:port`, `[v6]:port`, `:port` or a bare port (host 127.0.0.1); `defaultPort` when none is given.
    public static func split(_ text: String, defaultPort: Int) throws(AddressError) -> (host: String, port: Int) {
        var host = text
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw AddressError("'\(text)': missing ']'") }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { throw AddressError("'\(text)': expected ':' after ']'") }
                portText = rest.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            guard text.firstIndex(of: ":") == colon else {
                throw AddressError("'\(text)': write an IPv6 address as [ADDRESS]:PORT")
            }
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        } else if text.allSatisfy(\.isNumber) {
            host = ""
            portText = Substring(text)
        }
        if host.isEmpty { host = "127.0.0.1" }
        guard let portText else { return (host, defaultPort) }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw AddressError("'\(text)': the port must be a number from 1 to 65535")
        }
        return (host, port)
    }

    /// Parses and resolves `text` (see `split`).
    public init(_ text: String, defaultPort: Int) throws(AddressError) {
        let (host, port) = try Self.split(text, defaultPort: defaultPort)
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw AddressError("cannot resolve '\(host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        self.host = host
        self.port = port
        family = first.pointee.ai_family
        socketAddress = Array(UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen)))
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

public struct AddressError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
