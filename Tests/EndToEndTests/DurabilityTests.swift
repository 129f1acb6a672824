import Foundation
import Glibc
import Testing
import TestSupport

/// What an acknowledged write promises, checked by killing a real `movied`.
@Suite("movied durability")
struct DurabilityTests {
    @Test func everyAcknowledgedWriteSurvivesSIGKILL() throws {
        let server = try ServerProcess(arguments: ["--sync", "always"])
        let directory = server.dataDirectory
        // Titles to delete later, acknowledged before the crash.
        let setup = try LineClient(port: server.port)
        try setup.send((0..<50).map { "PUT doomed \($0) | x\n" }.joined())
        _ = try setup.readLines(50)
        try setup.send((0..<50).map { "DEL doomed \($0)\n" }.joined())
        #expect(try setup.readLines(50).allSatisfy { $0.hasPrefix("OK deleted") })

        let writers = 4
        let acknowledged = Acknowledged()
        let group = DispatchGroup()
        for writer in 0..<writers {
            DispatchQueue.global().async(group: group) {
                guard let client = try? LineClient(port: server.port, timeout: 2) else { return }
                var index = 0
                while index < 1_000_000 {
                    let batch = (index..<index + 8).map { "PUT crash \(writer)-\($0) | info \(writer)-\($0)\n" }.joined()
                    guard (try? client.send(batch)) != nil else { return }
                    for offset in 0..<8 {
                        guard let answer = try? client.readLine(), answer.hasPrefix("OK added") else { return }
                        acknowledged.add("crash \(writer)-\(index + offset)", "info \(writer)-\(index + offset)")
                    }
                    index += 8
                }
            }
        }
        Thread.sleep(forTimeInterval: 1.0)
        server.stop(signal: SIGKILL)
        group.wait()
        let written = acknowledged.all
        #expect(written.count > 50, "too few writes were acknowledged to test anything")

        let restarted = try ServerProcess(dataDirectory: directory)
        let checker = try LineClient(port: restarted.port)
        let lost = try missing(written, from: restarted)
        #expect(lost.isEmpty, "acknowledged writes lost: \(lost.prefix(5))")
        try checker.send((0..<50).map { "GET doomed \($0)\n" }.joined())
        #expect(try checker.readLines(50).allSatisfy { $0.hasPrefix("ERR NOT_FOUND") }, "deletes must stay deleted")
    }

    @Test func aTornTailIsCutOffAndReported() throws {
        let server = try ServerProcess()
        let directory = server.dataDirectory
        let client = try LineClient(port: server.port)
        try client.send((0..<20).map { "PUT torn \($0) | info \($0)\n" }.joined())
        _ = try client.readLines(20)
        #expect(server.stop(signal: SIGKILL) != 0)
        let journal = try newestJournal(in: directory)
        // A power cut's torn write: the last bytes never reached the preallocated file, which reads zeros there.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: journal))
        try handle.seek(toOffset: UInt64(try endOfWrittenBytes(journal) - 3))
        try handle.write(contentsOf: Data(count: 3))
        try handle.close()

        let restarted = try ServerProcess(dataDirectory: directory)
        let checker = try LineClient(port: restarted.port)
        try checker.send((0..<19).map { "GET torn \($0)\n" }.joined() + "GET torn 19\n")
        let answers = try checker.readLines(20)
        #expect(Array(answers.prefix(19)) == (0..<19).map { "OK torn \($0) | info \($0)" })
        #expect(answers[19] == "ERR NOT_FOUND torn 19")
        #expect(restarted.log.contains("bytes"), "the log must say how many bytes were dropped:\n\(restarted.log)")
    }

    @Test func corruptionInTheMiddleStopsStartUpWithAClearMessage() throws {
        let server = try ServerProcess()
        let directory = server.dataDirectory
        let client = try LineClient(port: server.port)
        try client.send((0..<200).map { "PUT middle \($0) | some info to make the record longer \($0)\n" }.joined())
        _ = try client.readLines(200)
        server.stop(signal: SIGKILL)
        let journal = try newestJournal(in: directory)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: journal))
        try handle.seek(toOffset: UInt64(try endOfWrittenBytes(journal) / 3))
        try handle.write(contentsOf: Data([0xFF, 0x00, 0xFF, 0x00]))
        try handle.close()

        let result = try ServerProcess.run("movied", ["--port", "0", "--data-dir", directory])
        #expect(result.status != 0)
        #expect(result.stderr.contains(journal.split(separator: "/").last.map(String.init) ?? "journal"),
                "the message must name the damaged file:\n\(result.stderr)")
    }

    @Test func aMissingJournalStopsStartUpUntilTheLossIsAccepted() throws {
        let server = try ServerProcess()
        let client = try LineClient(port: server.port)
        try client.send("PUT kept only in the journal | info\n")
        #expect(try client.readLine() == "OK added kept only in the journal")
        server.stop()
        let journal = try newestJournal(in: server.dataDirectory)
        try FileManager.default.removeItem(atPath: journal)

        let refused = try ServerProcess.run("movied", ["--port", "0", "--data-dir", server.dataDirectory])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains(journal) && refused.stderr.contains("--accept-journal-loss"), "\(refused.stderr)")

        let accepted = try ServerProcess(arguments: ["--accept-journal-loss"], dataDirectory: server.dataDirectory)
        #expect(accepted.log.contains("started without the changes made after snapshot 0"), "\(accepted.log)")
        let checker = try LineClient(port: accepted.port)
        try checker.send("GET kept only in the journal\nGET heat\n")
        #expect(try checker.readLines(2) == ["ERR NOT_FOUND kept only in the journal", "OK Heat | 1995; Michael Mann; crime thriller, a detective hunts a master thief"])
    }

    @Test func aSecondServerOnTheSameDirectoryRefusesToStart() throws {
        let server = try ServerProcess()
        let result = try ServerProcess.run("movied", ["--port", "0", "--data-dir", server.dataDirectory])
        #expect(result.status != 0)
        #expect(result.stderr.contains(server.dataDirectory))
        #expect(result.stderr.lowercased().contains("lock") || result.stderr.lowercased().contains("in use"))
    }

    @Test func writesSurviveARestartUnderEveryPolicy() throws {
        for policy in ["always", "everysec", "never"] {
            let server = try ServerProcess(arguments: ["--sync", policy])
            let client = try LineClient(port: server.port)
            try client.send("PUT policy \(policy) | kept\nDEL heat\n")
            #expect(try client.readLines(2) == ["OK added policy \(policy)", "OK deleted Heat"])
            server.stop(signal: SIGKILL)
            let restarted = try ServerProcess(dataDirectory: server.dataDirectory)
            let checker = try LineClient(port: restarted.port)
            try checker.send("GET policy \(policy)\nGET heat\n")
            #expect(try checker.readLines(2) == ["OK policy \(policy) | kept", "ERR NOT_FOUND heat"], "policy \(policy)")
        }
    }

    private func newestJournal(in directory: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("journal") }.sorted()
        let name = try #require(names.last, "no journal in \(directory)")
        return directory + "/" + name
    }

    /// The offset just past the last byte of the file that is not zero: where its records end,
    /// give or take a record's own trailing zeros.
    private func endOfWrittenBytes(_ path: String) throws -> Int {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        return (bytes.lastIndex { $0 != 0 } ?? -1) + 1
    }
}
