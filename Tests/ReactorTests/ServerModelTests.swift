import Foundation
import Glibc
import Reactor
import Testing

/// The clients these tests speak through: the library's own.
private func client(_ server: RunningServer, timeout: Double = 5) throws -> RequestClient<OneLineReplies> {
    try RequestClient(port: server.port, framing: OneLineReplies(), timeoutSeconds: timeout)
}

private func lines(_ bytes: [UInt8]) -> [String] {
    String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
}

@Suite("Every server model answers the same protocol the same way")
struct ServerModelTests {
    @Test(arguments: ServerModel.allCases)
    func answersEachRequestInTurn(model: ServerModel) throws {
        let server = try RunningServer(model)
        defer { server.stop() }
        let client = try client(server)
        #expect(try client.request("hello") == "HELLO\n")
        #expect(try client.request("second line") == "SECOND LINE\n")
    }

    @Test(arguments: ServerModel.allCases)
    func answersTenThousandPipelinedLinesInOrder(model: ServerModel) throws {
        let server = try RunningServer(model)
        defer { server.stop() }
        let client = try client(server)
        try client.send(bytes: Array((0..<10_000).map { "r\($0)\n" }.joined().utf8))
        let answers = try (0..<10_000).map { _ in String(decoding: try client.readReply(), as: UTF8.self) }
        #expect(answers == (0..<10_000).map { "R\($0)\n" })
    }

    @Test(arguments: ServerModel.allCases)
    func answersTheLastUnterminatedLineAfterHalfClose(model: ServerModel) throws {
        let server = try RunningServer(model)
        defer { server.stop() }
        let client = try client(server)
        try client.send(bytes: Array("one\ntwo".utf8))
        client.finishSending()
        #expect(try lines(client.readToEnd()) == ["ONE", "TWO"])
    }

    @Test(arguments: ServerModel.allCases)
    func closesAfterAnsweringQuit(model: ServerModel) throws {
        let server = try RunningServer(model)
        defer { server.stop() }
        let client = try client(server)
        try client.send(bytes: Array("a\nQUIT\nnever answered\n".utf8))
        #expect(try lines(client.readToEnd()) == ["A", "BYE"])
    }

    @Test(arguments: ServerModel.allCases)
    func refusesALineOverTheLimitAndCloses(model: ServerModel) throws {
        var limits = ReactorLimits()
        limits.maximumLineLength = 16
        let server = try RunningServer(model, limits: limits)
        defer { server.stop() }
        let client = try client(server)
        try client.send(bytes: Array("fifteen chars..\n\(String(repeating: "x", count: 40))\nnot read\n".utf8))
        #expect(try lines(client.readToEnd()) == ["FIFTEEN CHARS..", "TOO LONG"])
    }

    @Test(arguments: ServerModel.allCases)
    func writesALongAnswerWholeBeforeTheNextRequest(model: ServerModel) throws {
        let server = try RunningServer(model)
        defer { server.stop() }
        let client = try client(server)
        try client.send("LINES 25000\nafter")
        #expect(String(decoding: try client.readReply(), as: UTF8.self) == "LINES 25000\n")
        let answers = try (0..<25_000).map { _ in String(decoding: try client.readReply(), as: UTF8.self) }
        #expect(answers == (0..<25_000).map { "line \($0)\n" })
        #expect(String(decoding: try client.readReply(), as: UTF8.self) == "AFTER\n")
    }

    @Test(arguments: ServerModel.allCases)
    func closesAConnectionIdleLongerThanTheTimeout(model: ServerModel) throws {
        var limits = ReactorLimits()
        limits.idleTimeoutSeconds = 1
        let server = try RunningServer(model, limits: limits)
        defer { server.stop() }
        let client = try client(server)
        #expect(try client.request("awake") == "AWAKE\n")
        #expect(try client.readToEnd().isEmpty, "closed by the server within the read timeout")
    }

    @Test(arguments: ServerModel.allCases)
    func stoppingAnswersWhatWasReceivedThenReturns(model: ServerModel) throws {
        let server = try RunningServer(model)
        let client = try client(server)
        #expect(try client.request("before") == "BEFORE\n")
        server.stop()
        #expect(try client.readToEnd().isEmpty, "closed by the stop")
        #expect(server.returns(within: 10))
    }

    @Test(arguments: ServerModel.allCases)
    func stoppingReturnsAfterTheGracePeriodWhenAHeldAnswerNeverComes(model: ServerModel) throws {
        var limits = ReactorLimits()
        limits.shutdownGraceSeconds = 1
        let server = try RunningServer(model, limits: limits)
        let client = try client(server)
        try client.send("LATER never released")
        Thread.sleep(forTimeInterval: 0.3)  // for the line to be read and its answer held
        server.stop()
        #expect(server.returns(within: 10))
        #expect(try client.readToEnd().isEmpty, "closed without the held answer")
    }

    @Test func theOneShotServerReturnsOnceItsClientLeaves() throws {
        let server = try RunningServer(.oneShot)
        let client = try client(server)
        #expect(try client.request("only") == "ONLY\n")
        #expect(!server.returns(within: 0.2), "still serving its client")
        client.close()
        #expect(server.returns(within: 5))
        #expect(throws: (any Error).self, "nobody listens any more") { try RequestClient(port: server.port, framing: OneLineReplies()) }
    }

    @Test(arguments: [ServerModel.reactor, .threaded])
    func refusesConnectionsOverTheLimitWithBusy(model: ServerModel) throws {
        var limits = ReactorLimits()
        limits.maximumConnections = 2
        let server = try RunningServer(model, limits: limits)
        defer { server.stop() }
        let first = try client(server)
        let second = try client(server)
        #expect(try first.request("one") == "ONE\n")
        #expect(try second.request("two") == "TWO\n")
        let third = try client(server)
        #expect(try lines(third.readToEnd()) == ["BUSY"])
    }

    @Test(arguments: [ServerModel.reactor, .threaded])
    func heldAndAwaitedAnswersGoOutWhenAnotherClientReleasesThem(model: ServerModel) throws {
        let server = try RunningServer(model)
        defer { server.stop() }
        let waiter = try client(server, timeout: 1)
        let releaser = try client(server)
        // Held: the connection goes on reading, and its thread must not block in that read.
        try waiter.send(bytes: Array("LATER a\nb\n".utf8))
        #expect(throws: (any Error).self, "nothing before the release") { try waiter.readReply() }
        #expect(try releaser.request("RELEASE") == "RELEASED\n")
        waiter.timeoutSeconds = 5
        #expect(try (0..<2).map { _ in String(decoding: try waiter.readReply(), as: UTF8.self) } == ["LATER A\n", "B\n"])
        // Awaited: later requests wait unread until the release.
        waiter.timeoutSeconds = 1
        try waiter.send(bytes: Array("PARK c\nd\n".utf8))
        #expect(throws: (any Error).self, "nothing before the release") { try waiter.readReply() }
        #expect(try releaser.request("RELEASE") == "RELEASED\n")
        waiter.timeoutSeconds = 5
        #expect(try (0..<2).map { _ in String(decoding: try waiter.readReply(), as: UTF8.self) } == ["PARK C\n", "D\n"])
    }
}

/// What the echo server's authors wished for: the client that speaks first is answered first.
@Suite("Who is answered while another client is silent")
struct SilentClientTests {
    @Test(arguments: [ServerModel.reactor, .threaded])
    func theSecondClientIsAnsweredAtOnce(model: ServerModel) throws {
        let server = try RunningServer(model)
        defer { server.stop() }
        let silent = try client(server)
        let speaker = try client(server, timeout: 2)
        #expect(try speaker.request("first to speak") == "FIRST TO SPEAK\n", "answered while the first client is silent")
        silent.close()
    }

    @Test func underTheIterativeModelTheSecondClientWaitsForTheFirstToLeave() throws {
        let server = try RunningServer(.iterative)
        defer { server.stop() }
        let silent = try client(server)
        #expect(try silent.request("here first") == "HERE FIRST\n")
        let speaker = try client(server, timeout: 1)
        try speaker.send("first to speak")
        #expect(throws: (any Error).self, "not answered while the first client stays") { try speaker.readReply() }
        speaker.timeoutSeconds = 5
        silent.close()
        #expect(String(decoding: try speaker.readReply(), as: UTF8.self) == "FIRST TO SPEAK\n")
    }
}
