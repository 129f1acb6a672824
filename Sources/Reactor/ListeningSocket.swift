import CLinuxEvents
import Glibc
import Primitives

/// A non-blocking TCP socket listening on the first free port of a list.
public final class ListeningSocket {
    public let descriptor: Int32
    /// The address as given, for log lines.
    public let host: String
    /// The port actually bound (also when port 0 asked for any free one).
    public let port: Int

    /// Why no socket could be opened.
    public enum BindError: Error, CustomStringConvertible {
        case invalidAddress(String)
        case invalidPort(Int)
        case allPortsInUse(host: String, tried: [Int])
        case system(SystemCallError)

        public var description: String {
            switch self {
            case .invalidAddress(let host): "'\(host)' is not an IPv4 or IPv6 address"
            case .invalidPort(let port): "port \(port) is outside 0...65535"
            case .allPortsInUse(let host, let tried):
                "no free port on \(host): tried \(tried.map(String.init).joined(separator: ", "))"
            case .system(let error): error.description
            }
        }
    }

    /// Binds `host` on the first port of `ports` that is free and listens on it.
    ///
    /// A port in use moves on to the next; any other failure stops at once,
    /// because it would fail the same way on every port. The backlog asks for
    /// as much as the kernel allows (it clamps to `net.core.somaxconn`): when a
    /// burst of connections overflows the queue, the kernel drops handshakes
    /// and clients wait seconds for retransmissions.
    public init(host: String, ports: [Int], backlog: Int32 = 65_535) throws(BindError) {
        for port in ports where !(0...65_535).contains(port) { throw .invalidPort(port) }
        guard Self.numericAddress(host, port: 0) != nil else { throw .invalidAddress(host) }
        for port in ports {
            guard let address = Self.numericAddress(host, port: port) else { throw .invalidAddress(host) }
            switch Self.open(address, backlog: backlog) {
            case .success(let (descriptor, bound)):
                self.descriptor = descriptor
                self.host = host
                self.port = bound
                return
            case .failure(let error) where error.errno == .addressInUse:
                continue
            case .failure(let error):
                throw .system(error)
            }
        }
        throw .allPortsInUse(host: host, tried: ports)
    }

    deinit { closeDescriptor(descriptor) }

    /// `host:port`, with brackets around an IPv6 host.
    public var displayAddress: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Accepts one pending connection as a non-blocking socket.
    func acceptConnection() -> Result<Int32, Errno> {
        retryingInterrupts { accept4(descriptor, nil, nil, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)) }
    }

    /// Accepts the next connection as a blocking socket, for a thread that serves it;
    /// waits for one if the socket is blocking.
    func acceptBlockingConnection() -> Result<Int32, Errno> {
        retryingInterrupts { accept4(descriptor, nil, nil, Int32(SOCK_CLOEXEC.rawValue)) }
    }

    /// `host` as an IPv4 or IPv6 address with `port`, or nil if it is not one: a
    /// server binds an address, never a name that would need a lookup.
    private static func numericAddress(_ host: String, port: Int) -> SocketAddress? {
        try? ServerAddress(host: host, port: UInt16(port)).socketAddresses(numericOnly: true).first
    }

    private static func open(_ address: SocketAddress, backlog: Int32) -> Result<(Int32, Int), SystemCallError> {
        let port = address.port
        let descriptor = socket(address.family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return .failure(SystemCallError("socket")) }
        var enable: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &enable, socklen_t(MemoryLayout<Int32>.size))
        let bound = address.withSockaddr { bind(descriptor, $0, $1) }
        guard bound == 0 else {
            let error = SystemCallError("bind port \(port)")
            closeDescriptor(descriptor)
            return .failure(error)
        }
        guard listen(descriptor, backlog) == 0 else {
            let error = SystemCallError("listen")
            closeDescriptor(descriptor)
            return .failure(error)
        }
        return .success((descriptor, localPort(of: descriptor) ?? port))
    }

    private static func localPort(of descriptor: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0 else { return nil }
        return withUnsafeBytes(of: &storage) { raw in
            // sin_port and sin6_port sit at the same offset, in network byte order.
            Int(UInt16(bigEndian: raw.load(fromByteOffset: 2, as: UInt16.self)))
        }
    }
}
