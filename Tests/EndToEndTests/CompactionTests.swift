import Foundation
import Glibc
import Testing
import TestSupport

/// Compaction of the journal into a snapshot, on a real `movied`, with and without crashes.
@Suite("movied compaction")
struct CompactionTests {
    /// Writes `count` numbered titles in pipelined batches and returns once all are acknowledged.
    private func write(_ count: Int, prefix: String, to port: Int) throws {
        let client = try LineClient(port: port)
        for start in stride(from: 0, to: count, by: 100) {
            let batch = (start..<min(start + 100, count)).map { "PUT \(prefix) \($0) | info \($0) of \(prefix)\n" }.joined()
            try client.send(batch)
            let answers = try client.readLines(min(100, count - start))
            guard answers.allSatisfy({ $0.hasPrefix("OK ") }) else { throw LineClient.Failure("write refused: \(answers)") }
        }
    }

    private func expectPresent(_ count: Int, prefix: String, port: Int) throws {
        let client = try LineClient(port: port)
        try client.send((0..<count).map { "GET \(prefix) \($0)\n" }.joined())
        let answers = try client.readLines(count)
        let wrong = zip(0..<count, answers).filter { $1 != "OK \(prefix) \($0) | info \($0) of \(prefix)" }
        #expect(wrong.isEmpty, "\(wrong.count) acknowledged writes lost, e.g. \(wrong.prefix(3))")
    }

    private func files(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test func compactsUnderConcurrentWritesAndLosesNothing() throws {
        let server = try ServerProcess(arguments: ["--compaction-threshold", "4096"])
        let writers = (0..<3).map { index in
            Thread.detachNewThreadWithResult { try self.write(1_500, prefix: "writer\(index)", to: server.port) }
        }
        for writer in writers { try writer.value() }
        Thread.sleep(forTimeInterval: 2.5)  // let the once-a-second check start a compaction of the last writes
        let stats = try LineClient(port: server.port)
        try stats.send("STATS\n")
        let header = try #require(try stats.readLine())
        let lines = try stats.readLines(try #require(Int(header.dropFirst(3))))
        let compactions = lines.first { $0.hasPrefix("compactions ") }.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
        #expect(compactions >= 1, "no compaction ran: \(lines)")
        #expect(server.stop(signal: SIGTERM) == 0)
        let leftovers = try files(in: server.dataDirectory)
        #expect(leftovers.filter { $0.hasPrefix("snapshot") }.count == 1, "old snapshots must be removed: \(leftovers)")

        let restarted = try ServerProcess(dataDirectory: server.dataDirectory)
        for index in 0..<3 { try expectPresent(1_500, prefix: "writer\(index)", port: restarted.port) }
    }

    @Test(arguments: ["compaction-after-rotate", "compaction-after-temp-write", "compaction-after-rename", "compaction-before-delete-old"])
    func aCrashAtAnyStepOfCompactionLosesNothing(step: String) throws {
        let server = try ServerProcess(arguments: ["--compaction-threshold", "4096"], environment: ["MOVIED_CRASH_AT": step])
        // Write until the once-a-second check starts a compaction that dies at `step`,
        // counting what was acknowledged before the crash.
        let client = try LineClient(port: server.port, timeout: 2)
        var acknowledged = 0
        writing: while acknowledged < 200_000 {
            guard (try? client.send((acknowledged..<acknowledged + 50).map { "PUT crash \($0) | info \($0)\n" }.joined())) != nil else { break }
            for _ in 0..<50 {
                guard let answer = try? client.readLine(), answer.hasPrefix("OK ") else { break writing }
                acknowledged += 1
            }
        }
        #expect(server.stop() == 86, "the server should have crashed on purpose at \(step)")
        #expect(server.log.contains("crashing on purpose at \(step)"))
        #expect(acknowledged > 0)

        let restarted = try ServerProcess(dataDirectory: server.dataDirectory)
        let checker = try LineClient(port: restarted.port)
        try checker.send((0..<acknowledged).map { "GET crash \($0)\n" }.joined())
        let answers = try checker.readLines(acknowledged)
        let lost = zip(0..<acknowledged, answers).filter { $1 != "OK crash \($0) | info \($0)" }
        #expect(lost.isEmpty, "\(lost.count) of \(acknowledged) acknowledged writes lost, e.g. \(lost.prefix(3))")
        try write(10, prefix: "after restart", to: restarted.port)
        try expectPresent(10, prefix: "after restart", port: restarted.port)
    }
}

extension Thread {
    /// Runs `body` on a new thread; `value()` waits for it and rethrows its error.
    static func detachNewThreadWithResult(_ body: @escaping @Sendable () throws -> Void) -> ThreadResult {
        let result = ThreadResult()
        Thread.detachNewThread {
            do { try body() } catch { result.error = error }
            result.done.signal()
        }
        return result
    }
}

final class ThreadResult: @unchecked Sendable {
    // `error` is written once by the thread before `done` is signalled, read after the wait.
    var error: (any Error)?
    let done = DispatchSemaphore(value: 0)

    func value() throws {
        done.wait()
        if let error { throw error }
    }
}
