import Glibc
import Primitives

/// One blocking TCP client: writes request bytes, then reads until as many
/// answer lines have come back as it expects.
///
/// Its buffers are allocated once, so whatever allocates during a round trip
/// is the server's doing.
final class LoopbackClient {
    private let descriptor: Int32
    private let received: UnsafeMutableRawBufferPointer

    struct ConnectError: Error, CustomStringConvertible {
        let description: String
    }

    init(port: Int) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ConnectError(description: "socket: \(String(cString: strerror(errno)))") }
        // Each request must leave at once, not wait for the previous answer's ACK.
        var enable: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &enable, socklen_t(MemoryLayout<Int32>.size))
        let loopback = try ServerAddress(host: "127.0.0.1", port: UInt16(port)).socketAddresses(numericOnly: true)[0]
        let connected = loopback.withSockaddr { connect(descriptor, $0, $1) }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw ConnectError(description: "connect to port \(port): \(reason)")
        }
        self.descriptor = descriptor
        received = .allocate(byteCount: 256 * 1024, alignment: 16)
    }

    deinit {
        Glibc.close(descriptor)
        received.deallocate()
    }

    /// Sends `requests` and returns once `answerLines` lines have been read;
    /// the bytes returned are valid until the next exchange.
    @discardableResult
    func exchange(_ requests: UnsafeRawBufferPointer, answerLines: Int) -> UnsafeRawBufferPointer {
        var sent = 0
        while sent < requests.count {
            let count = write(descriptor, requests.baseAddress! + sent, requests.count - sent)
            guard count > 0 else { fatalError("write to the server failed: \(String(cString: strerror(errno)))") }
            sent += count
        }
        var filled = 0
        var lines = 0
        while lines < answerLines {
            let count = read(descriptor, received.baseAddress! + filled, received.count - filled)
            guard count > 0 else { fatalError("the server closed or failed: \(String(cString: strerror(errno)))") }
            lines += Self.lineFeeds(in: UnsafeRawBufferPointer(rebasing: received[filled..<(filled + count)]))
            filled += count
        }
        return UnsafeRawBufferPointer(rebasing: received[..<filled])
    }

    private static func lineFeeds(in bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        for byte in bytes where byte == UInt8(ascii: "\n") { count += 1 }
        return count
    }
}
