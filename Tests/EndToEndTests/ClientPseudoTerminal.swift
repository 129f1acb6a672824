import Foundation
import Glibc
import TestSupport

/// `movie` run on a pseudo-terminal, so that it sees a terminal on standard input
/// (and prompts) while the test types into it and reads what it shows.
final class ClientPseudoTerminal {
    private let master: Int32
    private let process = Process()
    private var shown: [UInt8] = []

    init(_ arguments: [String]) throws {
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw LineClient.Failure("no pseudo-terminal: \(String(cString: strerror(errno)))") }
        // Glibc's Swift module leaves the pty calls out; they are looked up in the C library.
        typealias Unlock = @convention(c) (Int32) -> Int32
        typealias Name = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32
        guard let unlock = dlsym(nil, "unlockpt"), let name = dlsym(nil, "ptsname_r") else {
            throw LineClient.Failure("unlockpt or ptsname_r not found")
        }
        var path = [CChar](repeating: 0, count: 128)
        guard unsafeBitCast(unlock, to: Unlock.self)(master) == 0,
              unsafeBitCast(name, to: Name.self)(master, &path, path.count) == 0 else {
            throw LineClient.Failure("cannot set up the pseudo-terminal")
        }
        let terminalPath = String(decoding: path.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let terminal = FileHandle(forUpdatingAtPath: terminalPath) else {
            throw LineClient.Failure("cannot open \(terminalPath)")
        }
        process.executableURL = URL(fileURLWithPath: ServerProcess.executable(named: "movie"))
        process.arguments = arguments
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        try terminal.close()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        close(master)
    }

    var isRunning: Bool { process.isRunning }

    /// Everything shown on the terminal so far, echo included.
    var text: String { String(decoding: shown, as: UTF8.self) }

    func type(_ text: String) {
        _ = text.withCString { write(master, $0, strlen($0)) }
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Reads what is shown until `condition` holds for it or `timeout` seconds pass; returns whether it held.
    @discardableResult
    func wait(timeout: Double = 10, until condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !condition(text) {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            var polled = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&polled, 1, Int32(min(left, 0.1) * 1000)) > 0 {
                let count = read(master, &buffer, buffer.count)
                // EIO once the last process holding the terminal has gone.
                if count <= 0 { return condition(text) }
                shown += buffer[..<count]
            }
        }
        return true
    }

    /// How many times `text` has been shown.
    func occurrences(of text: String) -> Int {
        self.text.components(separatedBy: text).count - 1
    }

    func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { wait(timeout: 0.05) { _ in false } }
        return process.isRunning ? nil : process.terminationStatus
    }
}
