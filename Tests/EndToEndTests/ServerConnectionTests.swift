import Foundation
import Glibc
import Testing
import TestSupport

/// Many connections, limits and misbehaving clients, against a real `movied`.
@Suite("movied connections")
struct ServerConnectionTests {
    @Test func servesABurstOfAThousandConnections() throws {
        let server = try ServerProcess()
        let clients = try (0..<1_000).map { _ in try LineClient(port: server.port, timeout: 20) }
        for client in clients { try client.send("GET heat\n") }
        var answered = 0
        for client in clients where try client.readLine()?.hasPrefix("OK Heat |") == true { answered += 1 }
        #expect(answered == 1_000)
        let probe = try LineClient(port: server.port)
        try probe.send("STATS\n")
        let stats = try probe.readLines(12).joined(separator: "\n")
        #expect(stats.contains("connections_current 1001"))
    }

    @Test func refusesConnectionsOverTheLimitWithBusy() throws {
        let server = try ServerProcess(arguments: ["--max-connections", "3"])
        let kept = try (0..<3).map { _ in try LineClient(port: server.port) }
        for client in kept {
            try client.send("PING\n")
            #expect(try client.readLine() == "OK PONG")
        }
        let refused = try LineClient(port: server.port)
        let answer = try refused.readToEnd()
        #expect(answer.hasPrefix("ERR BUSY "))
        try kept[0].send("PING\n")
        #expect(try kept[0].readLine() == "OK PONG")
    }

    @Test(.disabled(if: Sanitizers.areActive, "a sanitizer changes what an allocation costs"))
    func aClientThatNeverReadsDoesNotGrowTheServerOrStallOthers() throws {
        let server = try ServerProcess()
        let before = try residentKilobytes(of: server.processIdentifier)
        let hog = try LineClient(port: server.port)
        let request = Array(String(repeating: "GET heat\n", count: 10_000).utf8)
        let (_, stalled) = hog.sendUntilStalled(request, limit: 200_000_000, patience: 30)
        #expect(stalled, "the server kept reading from a client that never reads")
        let bystander = try LineClient(port: server.port)
        try bystander.send("PING\n")
        #expect(try bystander.readLine() == "OK PONG")
        let after = try residentKilobytes(of: server.processIdentifier)
        #expect(after - before < 16_384, "resident memory grew from \(before) kB to \(after) kB")
    }

    @Test func closesClientsThatTrickleARequestByItsDeadline() throws {
        let server = try ServerProcess(arguments: ["--request-timeout", "2", "--idle-timeout", "300"])
        let tricklers = try (0..<300).map { _ in try LineClient(port: server.port, timeout: 1) }
        for client in tricklers { try client.send("GET The") }
        // A byte every half second keeps each of them from ever being idle.
        var open = tricklers
        let deadline = Date().addingTimeInterval(8)
        while !open.isEmpty && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.5)
            open = open.filter { (try? $0.send(" ")) != nil && !$0.hasEnded() }
        }
        #expect(open.count == 0, "trickling clients still open after 8 s")
        let probe = try LineClient(port: server.port)
        try probe.send("GET heat\nSTATS\n")
        #expect(try probe.readLine()?.hasPrefix("OK Heat |") == true, "others are served meanwhile")
        let stats = try probe.readLines(15).joined(separator: "\n")
        #expect(stats.contains("connections_timed_out 300"), "\(stats)")
    }

    @Test func closesIdleConnectionsButSparesWatchers() throws {
        let server = try ServerProcess(arguments: ["--idle-timeout", "1"])
        let idle = try LineClient(port: server.port, timeout: 6)
        let watcher = try LineClient(port: server.port, timeout: 6)
        try watcher.send("WATCH\n")
        #expect(try watcher.readLine() == "OK watching")
        #expect(idle.isClosedByServer())
        let writer = try LineClient(port: server.port)
        try writer.send("PUT still watched | yes\n")
        #expect(try writer.readLine() == "OK added still watched")
        #expect(try watcher.readLine() == "EVENT added still watched")
    }

    private func residentKilobytes(of process: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return try #require(Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1]))
    }
}

@Suite("movied out of descriptors")
struct ServerDescriptorTests {
    @Test func runningOutOfDescriptorsNeitherSpinsNorStallsTheLoop() throws {
        let server = try ServerProcess(descriptorLimit: 48)
        let regular = try LineClient(port: server.port)
        try regular.send("PING\n")
        #expect(try regular.readLine() == "OK PONG")
        // Far more connections than descriptors: the excess is refused, not left queued.
        var crowd: [LineClient] = []
        for _ in 0..<120 { crowd.append(try LineClient(port: server.port, timeout: 0.5)) }
        let cpuBefore = server.cpuSeconds
        Thread.sleep(forTimeInterval: 1.5)
        let cpuUsed = server.cpuSeconds - cpuBefore
        #expect(cpuUsed < 0.5, "the server burned \(cpuUsed) s of CPU in 1.5 s while out of descriptors")
        try regular.send("GET heat\n")
        #expect(try regular.readLine()?.hasPrefix("OK Heat |") == true)
        // The last to connect came after the descriptors ran out.
        let refused = crowd.suffix(10).filter { $0.isClosedByServer() }
        #expect(refused.count == 10, "connections past the descriptor limit must be refused and closed")
        crowd.removeAll()
        Thread.sleep(forTimeInterval: 0.3)
        let later = try LineClient(port: server.port)
        try later.send("PING\n")
        #expect(try later.readLine() == "OK PONG")
    }
}
