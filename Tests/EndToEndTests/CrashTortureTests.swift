import Foundation
import Glibc
import Testing
import TestSupport

/// Kill -9 cycles of `movied --sync always` under pipelining writers and readers,
/// with compaction every 64 KiB of journal: after every restart each write that
/// was acknowledged, and each one a reader saw, must be there.
///
/// CI runs a few cycles; `Tests/crash-torture.sh --cycles 100` runs a long one
/// (in a release build: replaying a big journal in a debug build is slow).
@Suite("movied crash torture")
struct CrashTortureTests {
    static let cycles = ProcessInfo.processInfo.environment["MOVIED_TORTURE_CYCLES"].flatMap(Int.init) ?? 3

    @Test func nothingAcknowledgedOrSeenIsLostAcrossKillCycles() throws {
        let directory = try ServerProcess.makeTemporaryDirectory()
        var everything: [(title: String, info: String)] = []
        for cycle in 0..<Self.cycles {
            // The catalogue grows every cycle, and so does the time to load it.
            let server = try ServerProcess(
                arguments: ["--sync", "always", "--compaction-threshold", "65536"], dataDirectory: directory, timeout: 120)
            let lost = try missing(everything, from: server)
            #expect(lost.isEmpty, "cycle \(cycle): lost after restart: \(lost.prefix(5))")
            guard lost.isEmpty else { return }

            let acknowledged = Acknowledged()
            let seen = Acknowledged()
            let sent = SentTitles()
            let group = DispatchGroup()
            for writer in 0..<3 {
                DispatchQueue.global().async(group: group) {
                    Self.write(cycle: cycle, writer: writer, port: server.port, sent: sent, acknowledged: acknowledged)
                }
            }
            for _ in 0..<2 {
                DispatchQueue.global().async(group: group) {
                    Self.read(port: server.port, sent: sent, seen: seen)
                }
            }
            Thread.sleep(forTimeInterval: 0.8)
            server.stop(signal: SIGKILL)
            group.wait()
            everything += acknowledged.all + seen.all
        }
        let server = try ServerProcess(dataDirectory: directory, timeout: 120)
        let lost = try missing(everything, from: server)
        #expect(lost.isEmpty, "lost after the last restart: \(lost.prefix(5))")
        #expect(everything.count > Self.cycles * 100, "too few writes were acknowledged to test anything")
        if lost.isEmpty {
            print("crash torture: \(Self.cycles) kill -9 cycles, \(everything.count) writes acknowledged or read back, all present after every restart")
        }
    }

    /// Pipelines unique titles eight at a time until the server dies.
    private static func write(cycle: Int, writer: Int, port: Int, sent: SentTitles, acknowledged: Acknowledged) {
        guard let client = try? LineClient(port: port, timeout: 2) else { return }
        var index = 0
        while true {
            let batch = (index..<index + 8).map { (title: "torture \(cycle)-\(writer)-\($0)", info: "value \(cycle)-\(writer)-\($0)") }
            for entry in batch { sent.add(entry.title) }
            guard (try? client.send(batch.map { "PUT \($0.title) | \($0.info)\n" }.joined())) != nil else { return }
            for entry in batch {
                guard let answer = try? client.readLine(), answer == "OK added \(entry.title)" else { return }
                acknowledged.add(entry.title, entry.info)
            }
            index += 8
        }
    }

    /// Reads titles that were sent (acknowledged or not) and records what it was shown.
    private static func read(port: Int, sent: SentTitles, seen: Acknowledged) {
        guard let client = try? LineClient(port: port, timeout: 2) else { return }
        while true {
            guard let title = sent.random() else {
                Thread.sleep(forTimeInterval: 0.01)
                continue
            }
            guard (try? client.send("GET \(title)\n")) != nil, let answer = try? client.readLine() else { return }
            let prefix = "OK \(title) | "
            if answer.hasPrefix(prefix) { seen.add(title, String(answer.dropFirst(prefix.count))) }
        }
    }
}

/// Titles sent so far, for readers to pick from.
private final class SentTitles: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var titles: [String] = []

    func add(_ title: String) { lock.withLock { titles.append(title) } }
    func random() -> String? { lock.withLock { titles.randomElement() } }
}
