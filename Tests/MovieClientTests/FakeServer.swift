import Foundation
import Glibc

/// A listening socket on 127.0.0.1 whose connections are handled by a closure on a thread of their own:
/// for servers that misbehave in ways a real movied never would.
final class FakeServer: @unchecked Sendable {
    let port: UInt16
    private let descriptor: Int32
    private let accepting: Bool

    /// Listens; when `accepting` is false, connections complete in the backlog but are never served.
    init(accepting: Bool = true, handle: @escaping @Sendable (Int32) -> Void = { _ in }) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(listener, socketAddress, length) == 0 && listen(listener, 16) == 0
                    && getsockname(listener, socketAddress, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw POSIXError(.EADDRINUSE)
        }
        descriptor = listener
        self.accepting = accepting
        port = UInt16(bigEndian: address.sin_port)
        guard accepting else { return }
        Thread.detachNewThread {
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 {
                    if errno == EINTR { continue }
                    // The accepting thread closes the listener: closed in `deinit`, its number could
                    // be another test's descriptor by the time this loop calls `accept` again.
                    close(listener)
                    return
                }
                Thread.detachNewThread {
                    handle(connection)
                    close(connection)
                }
            }
        }
    }

    deinit {
        // Wakes the accepting thread, which closes the listener; a listener nobody accepts on closes here.
        shutdown(descriptor, Int32(SHUT_RDWR))
        if !accepting { close(descriptor) }
    }

    /// Reads one request line (up to its LF) from a connection.
    static func readLine(_ connection: Int32) -> String {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while recv(connection, &byte, 1, 0) == 1 && byte != 0x0A { line.append(byte) }
        return String(decoding: line, as: UTF8.self)
    }

    static func send(_ connection: Int32, _ text: String) {
        _ = text.withCString { Glibc.send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }
}
