import Foundation
import Glibc
import Primitives

/// A blocking TCP client for tests: send bytes, read lines, with a timeout on every read.
public final class LineClient {
    public let descriptor: Int32
    private var pending: [UInt8] = []

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// Connects to `host:port`; every later read gives up after `timeout` seconds.
    public init(host: String = "127.0.0.1", port: Int, timeout: Double = 5) throws {
        _ = Self.descriptorLimitRaised
        guard let port = UInt16(exactly: port),
              let address = try? ServerAddress(host: host, port: port).socketAddresses(numericOnly: true).first
        else { throw Failure("not an address to connect to: \(host):\(port)") }
        descriptor = socket(address.family, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("socket: \(Errno.current)") }
        let result = address.withSockaddr { connect(descriptor, $0, $1) }
        guard result == 0 else {
            // No close here: `deinit` runs even when an initialiser throws this late, and a
            // second close could hit a descriptor number another test has been given since.
            throw Failure("connect to \(host):\(port): \(Errno.current)")
        }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(descriptor) }

    /// Tests open a thousand connections at once; a shell's usual soft limit of 1024
    /// descriptors would fail them for a reason that has nothing to do with the server.
    private static let descriptorLimitRaised: Void = {
        DescriptorLimit.raise(toward: 65_536)
    }()

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure("send: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    /// Sends what the socket takes right now without blocking; returns how many bytes went.
    public func sendWithoutBlocking(_ bytes: [UInt8]) -> Int {
        let written = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        return max(written, 0)
    }

    /// Sends an endless repetition of `pattern` without reading, until the kernel has
    /// refused more for `patience` rounds 10 ms apart (the server stopped reading) or
    /// `limit` bytes went out. Resumes where the kernel stopped, so lines stay whole.
    /// Returns the bytes sent and whether the server stopped reading.
    public func sendUntilStalled(_ pattern: [UInt8], limit: Int, patience: Int = 20) -> (sent: Int, stalled: Bool) {
        var sent = 0
        var stalledRounds = 0
        while sent < limit && stalledRounds < patience {
            let accepted = sendWithoutBlocking(Array(pattern[(sent % pattern.count)...]))
            sent += accepted
            if accepted == 0 {
                stalledRounds += 1
                usleep(10_000)
            } else {
                stalledRounds = 0
            }
        }
        return (sent, stalledRounds == patience)
    }

    /// The next line without its LF, or nil at end of stream.
    public func readLine() throws -> String? {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            guard try fill() else {
                if pending.isEmpty { return nil }
                defer { pending.removeAll() }
                return String(decoding: pending, as: UTF8.self)
            }
        }
    }

    /// The next `count` bytes, whatever they hold; throws if the stream ends first.
    public func readBytes(_ count: Int) throws -> [UInt8] {
        while pending.count < count {
            guard try fill() else { throw Failure("stream ended after \(pending.count) of \(count) bytes") }
        }
        defer { pending.removeSubrange(..<count) }
        return Array(pending[..<count])
    }

    /// The next `count` lines; throws if the stream ends first.
    public func readLines(_ count: Int) throws -> [String] {
        var lines: [String] = []
        lines.reserveCapacity(count)
        for _ in 0..<count {
            guard let line = try readLine() else { throw Failure("stream ended after \(lines.count) of \(count) lines") }
            lines.append(line)
        }
        return lines
    }

    /// Everything until the server closes.
    public func readToEnd() throws -> String {
        while try fill() {}
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// Whether the server closed the connection (after any unread bytes), within the read timeout.
    public func isClosedByServer() -> Bool {
        do {
            while try fill() {}
            return true
        } catch {
            return false
        }
    }

    /// Whether the server has closed the connection, without waiting: true once
    /// a read finds the end of the stream (or a reset).
    public func hasEnded() -> Bool {
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT | MSG_PEEK))
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// Shuts down the sending side, as `nc -N` does.
    public func finishSending() { shutdown(descriptor, Int32(SHUT_WR)) }

    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            pending.append(contentsOf: chunk[..<count])
            return true
        }
        if count == 0 { return false }
        if errno == ECONNRESET { return false }
        throw Failure("read: \(String(cString: strerror(errno)))")
    }
}
