import Foundation
import Glibc

/// A real `movied` started for a test on a free port, stopped when the test is done.
public final class ServerProcess: @unchecked Sendable {
    // Mutated only from the test's own thread; the class crosses no thread boundary.
    public let port: Int
    /// The HTTP port; 0 when the server serves no HTTP (`--http-port off`, or a blocking model).
    public let httpPort: Int
    public let dataDirectory: String
    private let process: Process
    private let errorPipe: Pipe
    private let logLock = NSLock()
    nonisolated(unsafe) private var collectedLog = ""

    /// Launches `movied --bind 127.0.0.1 --data-dir <dir> --port 0 --http-port 0 <arguments>` (no
    /// `--port 0` when the arguments name `--ports`, no `--http-port 0` when they name `--http-port`)
    /// and waits until it says where it listens (for HTTP too, when it serves HTTP). A fresh data directory is made unless one is given.
    ///
    /// With `descriptorLimit`, the server runs under `ulimit -n` of that many descriptors;
    /// `environment` adds variables to the server's environment. `bind` replaces 127.0.0.1,
    /// and `launcher` is a command the server is started through (`ip netns exec NAME`, say).
    public init(
        arguments: [String] = [], dataDirectory: String? = nil, descriptorLimit: Int? = nil,
        environment: [String: String] = [:], timeout: TimeInterval = 20,
        bind: String = "127.0.0.1", launcher: [String] = []
    ) throws {
        self.dataDirectory = try dataDirectory ?? Self.makeTemporaryDirectory()
        process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let anyPort = arguments.contains("--ports") ? [] : ["--port", "0"]
        let anyHTTPPort = arguments.contains("--http-port") ? [] : ["--http-port", "0"]
        let serverArguments = ["--bind", bind, "--data-dir", self.dataDirectory] + anyPort + anyHTTPPort + arguments
        let servesHTTP = !zip(arguments, arguments.dropFirst()).contains { pair in
            pair == ("--http-port", "off") || pair == ("--model", "threaded") || pair == ("--model", "iterative")
        }
        if let command = launcher.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = Array(launcher.dropFirst()) + [Self.executable(named: "movied")] + serverArguments
        } else if let descriptorLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(descriptorLimit) && exec \"$0\" \"$@\"", Self.executable(named: "movied")] + serverArguments
        } else {
            process.executableURL = URL(fileURLWithPath: Self.executable(named: "movied"))
            process.arguments = serverArguments
        }
        errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var startLog = ""
        do {
            (port, httpPort) = try Self.awaitListeningPorts(errorPipe.fileHandleForReading, http: servesHTTP, log: &startLog, timeout: timeout)
        } catch {
            // The initialiser fails before `deinit` could run: stop the server here, or it outlives the tests.
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            throw error
        }
        collectedLog = startLog
        // Keep draining stderr so a chatty server never blocks on a full pipe.
        errorPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            guard let self, !chunk.isEmpty else { return }
            self.logLock.withLock { self.collectedLog += String(decoding: chunk, as: UTF8.self) }
        }
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Sends `signal` and waits for the exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { Glibc.kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        // The last lines may still be in the pipe: take them before anyone reads `log`.
        let stream = errorPipe.fileHandleForReading
        stream.readabilityHandler = nil
        let rest = stream.readDataToEndOfFile()
        logLock.withLock { collectedLog += String(decoding: rest, as: UTF8.self) }
        return process.terminationStatus
    }

    /// The server's process id, to read its memory from /proc.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// CPU seconds the server has used so far (user and system), from /proc.
    public var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command name: state is field 3, utime and stime are fields 14 and 15.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Whether the process is still running.
    public var isRunning: Bool { process.isRunning }

    /// What the server has logged so far.
    public var log: String {
        logLock.withLock { collectedLog }
    }

    /// A product built next to the test bundle (`.build/<configuration>/<name>`); an absolute
    /// path (a system tool such as `/usr/sbin/ip`) is taken as it is.
    public static func executable(named name: String) -> String {
        if name.hasPrefix("/") { return name }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        while !directory.path.isEmpty && directory.path != "/" {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return name
    }

    /// A loopback port free right now: bound to find it, then released.
    public static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length)
                return getsockname(descriptor, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    public static func makeTemporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "movied-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs a built product to completion and returns its exit status and output.
    public static func run(
        _ name: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable(named: name))
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe()
        let errors = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = inputPipe
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inputPipe.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        DispatchQueue.global().async(group: group) { errorData = errors.fileHandleForReading.readDataToEndOfFile() }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    /// The ports of the `listening on` line and, with `http`, of the `http listening on` line after it.
    private static func awaitListeningPorts(_ handle: FileHandle, http: Bool, log: inout String, timeout: TimeInterval) throws -> (Int, Int) {
        let deadline = Date().addingTimeInterval(timeout)
        var pending = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            // poll and read, not `availableData`: that blocks past the deadline and traps on a read error.
            var ready = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let waitMilliseconds = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            let polled = poll(&ready, 1, waitMilliseconds)
            if polled < 0 && errno == EINTR { continue }
            if polled == 0 { break }
            let count = read(handle.fileDescriptor, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw LineClient.Failure("reading movied's log: \(String(cString: strerror(errno)))") }
            if count == 0 { throw LineClient.Failure("movied exited before listening:\n\(String(decoding: pending, as: UTF8.self))") }
            pending.append(contentsOf: chunk[..<count])
            let text = String(decoding: pending, as: UTF8.self)
            if let port = Self.port(after: "] listening on ", in: text) {
                let httpPort = http ? Self.port(after: "http listening on ", in: text) : 0
                if let httpPort {
                    log = text
                    return (port, httpPort)
                }
            }
        }
        throw LineClient.Failure("movied did not say where it listens within \(timeout) s")
    }

    /// The port of the first complete `<marker><host>:<port>` line in `text`.
    private static func port(after marker: String, in text: String) -> Int? {
        guard let range = text.range(of: marker) else { return nil }
        let rest = text[range.upperBound...]
        guard let end = rest.firstIndex(where: { $0 == "\n" || $0 == " " }) else { return nil }
        let address = rest[..<end]
        guard let colon = address.lastIndex(of: ":") else { return nil }
        return Int(address[address.index(after: colon)...])
    }
}
