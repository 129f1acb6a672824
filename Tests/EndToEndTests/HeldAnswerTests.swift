import Foundation
import Glibc
import Testing
import TestSupport

/// Durable writes pipelined on one connection, and reads that never show a write
/// before it is durable.
@Suite("movied held answers")
struct HeldAnswerTests {
    @Test func aThousandPipelinedPutsShareAHandfulOfFlushes() throws {
        let server = try ServerProcess(arguments: ["--sync", "always"])
        let client = try LineClient(port: server.port, timeout: 10)
        let flushesBefore = try journalFlushes(client)
        try client.send((0..<1_000).map { "PUT pipelined \($0) | info \($0)\n" }.joined())
        let answers = try client.readLines(1_000)
        #expect(answers == (0..<1_000).map { "OK added pipelined \($0)" }, "answered in order")
        let flushes = try journalFlushes(client) - flushesBefore
        // Parked one write at a time, this took a thousand flushes.
        #expect(flushes >= 1 && flushes <= 20, "\(flushes) journal flushes for 1,000 pipelined PUTs")
    }

    @Test func aPipelinedGetAfterAPutOfTheSameTitleShowsTheNewValueInOrder() throws {
        let server = try ServerProcess(arguments: ["--sync", "always"])
        let client = try LineClient(port: server.port)
        try client.send("PUT Order | old\n")
        #expect(try client.readLine() == "OK added Order")
        try client.send("PUT Order | new\nGET Order\nPING\nDEL Order\nGET Order\nCOUNT\n")
        let answers = try client.readLines(6)
        #expect(Array(answers.prefix(5)) == ["OK edited Order", "OK Order | new", "OK PONG", "OK deleted Order", "ERR NOT_FOUND Order"])
        #expect(answers[5].hasPrefix("OK "))
    }

    @Test func aReadNeverShowsAWriteBeforeItIsDurable() throws {
        // Each journal batch waits 1.5 s before it is even written: the write is in flight.
        let server = try ServerProcess(arguments: ["--sync", "always"], environment: ["MOVIED_DELAY_JOURNAL_MS": "1500"])
        let directory = server.dataDirectory
        let writer = try LineClient(port: server.port, timeout: 5)
        let reader = try LineClient(port: server.port, timeout: 0.6)
        let bystander = try LineClient(port: server.port, timeout: 0.6)
        try writer.send("PUT Phantom | never durable\n")
        Thread.sleep(forTimeInterval: 0.2)
        try reader.send("GET Phantom\n")
        #expect(throws: (any Error).self, "the answer would show a write a crash can still take back") {
            _ = try reader.readLine()
        }
        try bystander.send("GET The Matrix\n")
        #expect(try bystander.readLine()?.hasPrefix("OK The Matrix |") == true, "a title with no write in flight is answered at once")
        // Die before the batch reaches the kernel: the write never happened.
        #expect(server.stop(signal: SIGKILL) != 0)

        let restarted = try ServerProcess(dataDirectory: directory)
        let checker = try LineClient(port: restarted.port)
        try checker.send("GET Phantom\n")
        #expect(try checker.readLine() == "ERR NOT_FOUND Phantom")
    }

    @Test func heldReadsAreAnsweredOnceTheWriteIsDurable() throws {
        let server = try ServerProcess(arguments: ["--sync", "always"], environment: ["MOVIED_DELAY_JOURNAL_MS": "300"])
        let writer = try LineClient(port: server.port, timeout: 5)
        let reader = try LineClient(port: server.port, timeout: 5)
        try writer.send("ADD Slow Film | 2001\n")
        Thread.sleep(forTimeInterval: 0.05)
        try reader.send("GET Slow Film\nADD slow film | again\nFIND slow\n")
        #expect(try writer.readLine() == "OK added Slow Film")
        #expect(try reader.readLines(4) == ["OK Slow Film | 2001", "ERR EXISTS Slow Film", "OK 1", "Slow Film"])
    }

    @Test func everyAcknowledgedPipelinedWriteSurvivesSIGKILL() throws {
        let server = try ServerProcess(arguments: ["--sync", "always"])
        let directory = server.dataDirectory
        let client = try LineClient(port: server.port, timeout: 2)
        var acknowledged: [Int] = []
        // Sent in the background while the answers are read here; writing the whole
        // burst first would fill both sockets' buffers and stall.
        let burst = (0..<20_000).map { "PUT burst \($0) | info \($0)\n" }.joined()
        let descriptor = client.descriptor
        let thread = Thread {
            var bytes = Array(burst.utf8)[...]
            while !bytes.isEmpty {
                let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard sent > 0 else { return }
                bytes = bytes.dropFirst(sent)
            }
        }
        thread.start()
        let deadline = Date().addingTimeInterval(0.5)
        while Date() < deadline, let answer = try? client.readLine(), answer.hasPrefix("OK added burst ") {
            acknowledged.append(Int(answer.dropFirst("OK added burst ".count)) ?? -1)
        }
        server.stop(signal: SIGKILL)
        #expect(acknowledged.count > 100, "too few writes were acknowledged to test anything")
        #expect(acknowledged == Array(0..<acknowledged.count), "answers in order")

        let restarted = try ServerProcess(dataDirectory: directory)
        let checker = try LineClient(port: restarted.port, timeout: 10)
        try checker.send(acknowledged.map { "GET burst \($0)\n" }.joined())
        let answers = try checker.readLines(acknowledged.count)
        let lost = zip(acknowledged, answers).filter { $1 != "OK burst \($0) | info \($0)" }
        #expect(lost.isEmpty, "acknowledged writes lost: \(lost.prefix(5))")
    }

    private func journalFlushes(_ client: LineClient) throws -> Int {
        try client.send("STATS\n")
        guard let head = try client.readLine(), head.hasPrefix("OK "), let count = Int(head.dropFirst(3)) else { return -1 }
        let line = try client.readLines(count).first { $0.hasPrefix("journal_flushes ") }
        return line.flatMap { Int($0.dropFirst("journal_flushes ".count)) } ?? -1
    }
}
