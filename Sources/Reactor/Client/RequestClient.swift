import Glibc
import Primitives

/// A blocking client for a line protocol: connect, send a request, read the reply as
/// `Framing` says it ends, close. The counterpart of a `LineServer` for tests,
/// examples and scripts; movie clients that talk to many servers at once use the
/// non-blocking `MovieClient` instead.
public final class RequestClient<Framing: ReplyFraming> {
    private let descriptor: Int32
    private let framing: Framing
    /// Bytes read past the last reply: the start of the next.
    private var unread: [UInt8] = []
    private var isClosed = false
    /// Seconds a read or a write may wait before it fails; can change between requests.
    public var timeoutSeconds: Double {
        didSet { applyTimeout() }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Connects to `host` (a name or an address) and `port`, giving up after
    /// `timeoutSeconds`; each later read or write gives up after as long.
    public init(host: String = "127.0.0.1", port: Int, framing: Framing, timeoutSeconds: Double = 5) throws(Failure) {
        self.framing = framing
        self.timeoutSeconds = timeoutSeconds
        guard let port = UInt16(exactly: port) else { throw Failure(description: "not a port: \(port)") }
        let addresses: [SocketAddress]
        do {
            addresses = try ServerAddress(host: host, port: port).socketAddresses()
        } catch {
            throw Failure(description: "\(host): \(error)")
        }
        var lastError = "no address"
        for address in addresses {
            switch Self.connect(to: address, timeoutSeconds: timeoutSeconds) {
            case .success(let connected):
                descriptor = connected
                applyTimeout()
                return
            case .failure(let error):
                lastError = "\(error)"
            }
        }
        throw Failure(description: "cannot connect to \(ServerAddress(host: host, port: port)): \(lastError)")
    }

    deinit { close() }

    /// Sends `line` and its LF.
    public func send(_ line: String) throws(Failure) {
        try send(bytes: Array(line.utf8) + [0x0A])
    }

    /// Sends `bytes` as they are: several requests, or a line cut in two.
    public func send(bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw Failure(description: "send: \(Errno.current)") }
            offset += written
        }
    }

    /// Reads the next whole reply.
    public func readReply() throws(Failure) -> [UInt8] {
        while true {
            if let length = unread.withUnsafeBytes({ framing.replyLength(in: $0) }) {
                let reply = Array(unread[..<length])
                unread.removeFirst(length)
                return reply
            }
            guard try readMore() else {
                throw Failure(description: unread.isEmpty ? "the server closed the connection" : "the server closed the connection inside a reply")
            }
        }
    }

    /// Sends `line` and reads its reply, as text.
    public func request(_ line: String) throws(Failure) -> String {
        try send(line)
        return String(decoding: try readReply(), as: UTF8.self)
    }

    /// Tells the server no more requests come; replies still arrive.
    public func finishSending() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Everything the server sends until it closes, after any reply not yet read.
    public func readToEnd() throws(Failure) -> [UInt8] {
        while try readMore() {}
        defer { unread.removeAll() }
        return unread
    }

    public func close() {
        guard !isClosed else { return }
        isClosed = true
        closeDescriptor(descriptor)
    }

    private func applyTimeout() {
        var limit = timeval(tv_sec: Int(timeoutSeconds), tv_usec: Int(timeoutSeconds.truncatingRemainder(dividingBy: 1) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    /// One `recv` onto `unread`; false at the end of the stream.
    private func readMore() throws(Failure) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                unread += chunk[..<count]
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            if errno == EAGAIN { throw Failure(description: "no reply in time") }
            throw Failure(description: "recv: \(Errno.current)")
        }
    }

    /// A blocking socket connected to `address` within the time given.
    private static func connect(to address: SocketAddress, timeoutSeconds: Double) -> Result<Int32, Errno> {
        switch address.startConnecting() {
        case .failure(let error):
            return .failure(error)
        case .success(let (descriptor, isConnected)):
            if !isConnected {
                var wanted = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&wanted, 1, Int32(timeoutSeconds * 1_000))
                let failure = ready == 0 ? Errno(rawValue: ETIMEDOUT) : ready < 0 ? Errno.current : SocketAddress.connectionError(of: descriptor)
                if let failure {
                    closeDescriptor(descriptor)
                    return .failure(failure)
                }
            }
            let flags = fcntl(descriptor, F_GETFL)
            _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK)
            return .success(descriptor)
        }
    }
}
