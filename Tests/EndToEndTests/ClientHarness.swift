import Foundation
import Glibc
import TestSupport

/// Helpers for driving the built `movie` client against real `movied` servers.
enum ClientHarness {
    /// `--server 127.0.0.1:<port>` for each server, then `arguments`.
    static func arguments(_ servers: [ServerProcess], _ arguments: [String], timeout: Double = 1) -> [String] {
        servers.flatMap { ["--server", "127.0.0.1:\($0.port)"] } + ["--timeout", String(timeout)] + arguments
    }

    /// Runs `movie` with the servers named on the command line.
    static func movie(
        _ servers: [ServerProcess], _ arguments: [String], input: String? = nil
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        try ServerProcess.run("movie", Self.arguments(servers, arguments), input: input)
    }

    /// Sends one request line to a server and returns the first line of its answer.
    static func request(_ server: ServerProcess, _ line: String) throws -> String? {
        let client = try LineClient(port: server.port)
        try client.send(line + "\n")
        return try client.readLine()
    }

    /// A port on which nothing listens: bound to find a free one, then closed.
    static func deadPort() -> Int {
        let listener = SilentListener()
        return listener.port
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }
}

/// A socket that listens but never accepts: connections complete, and then nothing is ever said.
final class SilentListener {
    let port: Int
    private let descriptor: Int32

    init() {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = descriptor
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                _ = bind(descriptor, socketAddress, length)
                _ = listen(descriptor, 8)
                _ = getsockname(descriptor, socketAddress, &length)
            }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

/// A `movie` process left running (for `watch`), whose output is collected as it comes.
final class RunningClient: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    // Guarded by `lock`; appended to from the pipes' reader threads.
    nonisolated(unsafe) private var collectedOut = ""
    nonisolated(unsafe) private var collectedErr = ""

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: ServerProcess.executable(named: "movie"))
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.collectedOut += String(decoding: data, as: UTF8.self) }
        }
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.collectedErr += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    var stdout: String { lock.withLock { collectedOut } }
    var stderr: String { lock.withLock { collectedErr } }

    /// Waits until `condition` holds for (stdout, stderr), or `timeout` seconds pass; returns whether it held.
    func wait(timeout: Double = 10, until condition: (String, String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(stdout, stderr) { return true }
            usleep(20_000)
        }
        return condition(stdout, stderr)
    }

    /// Sends `signal` and returns the exit status, or nil if it did not exit within `timeout` seconds.
    func stop(signal: Int32 = SIGINT, timeout: Double = 10) -> Int32? {
        kill(process.processIdentifier, signal)
        return waitForExit(timeout: timeout)
    }

    func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        guard !process.isRunning else { return nil }
        // Let the reader threads take the last bytes.
        usleep(100_000)
        return process.terminationStatus
    }
}
