import Glibc

/// One address to connect a stream socket to, as `getaddrinfo` gave it.
public struct SocketAddress: Sendable {
    public let family: Int32
    /// The `sockaddr`, copied so that any thread can connect with it.
    public let bytes: [UInt8]

    public init(family: Int32, bytes: [UInt8]) {
        self.family = family
        self.bytes = bytes
    }

    /// The port, from the `sockaddr` (where IPv4 and IPv6 keep it at the same offset).
    public var port: Int {
        bytes.withUnsafeBytes { Int(UInt16(bigEndian: $0.loadUnaligned(fromByteOffset: 2, as: UInt16.self))) }
    }

    /// Calls `body` with the `sockaddr` and its length, as `bind` and `connect` take them.
    public func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        bytes.withUnsafeBytes { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
    }

    /// Opens a non-blocking TCP socket (no Nagle delay) and starts connecting it.
    ///
    /// Returns the descriptor and whether it is already connected (loopback
    /// often is); otherwise wait for it to be writable, then ask
    /// `connectionError(of:)`. On failure nothing is left open.
    public func startConnecting() -> Result<(descriptor: Int32, isConnected: Bool), Errno> {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = socket(family, type, 0)
        guard descriptor >= 0 else { return .failure(.current) }
        var enable: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &enable, socklen_t(MemoryLayout<Int32>.size))
        let result = withSockaddr { connect(descriptor, $0, $1) }
        if result == 0 { return .success((descriptor, true)) }
        let failure = Errno.current
        if failure == .inProgress { return .success((descriptor, false)) }
        closeDescriptor(descriptor)
        return .failure(failure)
    }

    /// After a connecting socket turned writable: nil if it is connected, else why not.
    public static func connectionError(of descriptor: Int32) -> Errno? {
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &length) == 0 else { return .current }
        return failure == 0 ? nil : Errno(rawValue: failure)
    }
}

/// Why a server address could not be turned into socket addresses.
public struct ResolutionError: Error, Sendable, CustomStringConvertible {
    /// `getaddrinfo`'s own words.
    public let reason: String
    /// The host is a name, and only numeric addresses were asked for.
    public let needsNameLookup: Bool

    public var description: String { reason }
}

extension ServerAddress {
    /// Every socket address the host has, in `getaddrinfo`'s order of preference.
    ///
    /// With `numericOnly`, a host name is not looked up (no DNS, no waiting):
    /// the error then says `needsNameLookup`.
    public func socketAddresses(numericOnly: Bool = false) throws(ResolutionError) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (numericOnly ? AI_NUMERICHOST : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0 else {
            throw ResolutionError(
                reason: String(cString: gai_strerror(status)), needsNameLookup: numericOnly && status == EAI_NONAME)
        }
        defer { freeaddrinfo(list) }
        var found: [SocketAddress] = []
        var entry = list
        while let current = entry {
            if let address = current.pointee.ai_addr {
                let bytes = Array(UnsafeRawBufferPointer(start: address, count: Int(current.pointee.ai_addrlen)))
                found.append(SocketAddress(family: current.pointee.ai_family, bytes: bytes))
            }
            entry = current.pointee.ai_next
        }
        guard !found.isEmpty else { throw ResolutionError(reason: "no address", needsNameLookup: false) }
        return found
    }
}
