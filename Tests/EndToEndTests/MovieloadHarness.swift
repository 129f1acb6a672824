import Foundation
import Glibc
import TestSupport

/// Runs the built `movieload` and reads what it reports.
enum MovieloadHarness {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
        let seconds: Double

        /// The `--json` output, parsed.
        func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            guard let dictionary = object as? [String: Any] else { throw LineClient.Failure("not a JSON object: \(stdout)") }
            return dictionary
        }
    }

    static func run(_ arguments: [String]) throws -> Run {
        let start = Date()
        let result = try ServerProcess.run("movieload", arguments)
        return Run(status: result.status, stdout: result.stdout, stderr: result.stderr, seconds: Date().timeIntervalSince(start))
    }

    /// `--json --quiet` against one server, then `arguments`.
    static func json(port: Int, _ arguments: [String]) throws -> (run: Run, json: [String: Any]) {
        let run = try run(["--server", "127.0.0.1:\(port)", "--json", "--quiet"] + arguments)
        return (run, try run.json())
    }

    /// Follows a path of keys into nested JSON objects.
    static func value(_ json: [String: Any], _ path: String) -> Any? {
        var current: Any? = json
        for key in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(key)]
        }
        return current
    }

    static func int(_ json: [String: Any], _ path: String) -> Int? {
        (value(json, path) as? NSNumber)?.intValue
    }

    static func double(_ json: [String: Any], _ path: String) -> Double? {
        (value(json, path) as? NSNumber)?.doubleValue
    }

    /// One value of the server's `STATS`.
    static func stat(_ name: String, port: Int) throws -> Int {
        let client = try LineClient(port: port)
        try client.send("STATS\n")
        guard let header = try client.readLine(), let count = Int(header.dropFirst(3)) else {
            throw LineClient.Failure("no STATS answer")
        }
        for line in try client.readLines(count) {
            let parts = line.split(separator: " ")
            if parts.count == 2 && parts[0] == name, let value = Int(parts[1]) { return value }
        }
        throw LineClient.Failure("STATS has no \(name)")
    }

    /// The first line of the server's answer to `line`.
    static func request(_ line: String, port: Int) throws -> String? {
        let client = try LineClient(port: port)
        try client.send(line + "\n")
        return try client.readLine()
    }

    static func isInstalled(_ program: String) -> Bool {
        ["/usr/bin/", "/usr/local/bin/", "/usr/sbin/"].contains { FileManager.default.isExecutableFile(atPath: $0 + program) }
    }
}

/// A stand-in server that answers every request line with the same line, right or wrong.
final class MovieloadFakeServer: @unchecked Sendable {
    // The port and descriptor never change after init; the thread only reads them.
    let port: Int
    private let listener: Int32

    init(answer: String) {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var enable: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &enable, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = listener
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length)
                listen(descriptor, 64)
                return getsockname(descriptor, pointer, &length)
            }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        let reply = Array(answer.utf8)
        Thread.detachNewThread {
            while true {
                let client = accept(descriptor, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    // Closed here, not in `deinit`: this loop must never accept on a reused number.
                    close(descriptor)
                    return
                }
                Thread.detachNewThread {
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while true {
                        let count = read(client, &buffer, buffer.count)
                        if count <= 0 { break }
                        for byte in buffer[..<count] where byte == UInt8(ascii: "\n") {
                            _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                        }
                    }
                    close(client)
                }
            }
        }
    }

    deinit {
        // Wakes the accepting thread, which closes the listener.
        shutdown(listener, Int32(SHUT_RDWR))
    }
}
