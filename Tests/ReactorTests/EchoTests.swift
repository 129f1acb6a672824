import Glibc
import Reactor
import TestSupport
import Testing

@Suite("Answering lines")
struct EchoTests {
    @Test func answersEachLineUppercased() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let client = try LineClient(port: server.port)
        try client.send("hello\n")
        #expect(try client.readLine() == "HELLO")
        try client.send("second line\n")
        #expect(try client.readLine() == "SECOND LINE")
    }

    @Test func answersTenThousandPipelinedLinesInOrder() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let client = try LineClient(port: server.port)
        let request = (0..<10_000).map { "r\($0)\n" }.joined()
        try client.send(request)
        let answers = try client.readLines(10_000)
        #expect(answers == (0..<10_000).map { "R\($0)" })
    }

    @Test func assemblesLinesSplitAcrossWrites() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let client = try LineClient(port: server.port)
        for byte in "split across writes\n".utf8 {
            try client.send([byte])
        }
        #expect(try client.readLine() == "SPLIT ACROSS WRITES")
    }

    @Test func answersTheLastUnterminatedLineAfterHalfClose() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let client = try LineClient(port: server.port)
        try client.send("one\ntwo")
        client.finishSending()
        #expect(try client.readToEnd() == "ONE\nTWO\n")
    }

    @Test func closesAfterAnsweringQuit() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let client = try LineClient(port: server.port)
        try client.send("a\nQUIT\nnever answered\n")
        #expect(try client.readToEnd() == "A\nBYE\n")
    }

    @Test func writesALongAnswerPieceByPieceBeforeTheNextRequest() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let client = try LineClient(port: server.port)
        try client.send("LINES 25000\nafter\n")
        #expect(try client.readLine() == "LINES 25000")
        let lines = try client.readLines(25_000)
        #expect(lines.first == "line 0")
        #expect(lines.last == "line 24999")
        #expect(lines == (0..<25_000).map { "line \($0)" })
        #expect(try client.readLine() == "AFTER")
    }

    @Test func pushedLinesArriveBetweenAnswersNotInsideThem() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let listener = try LineClient(port: server.port)
        let shouter = try LineClient(port: server.port)
        try listener.send("x\n")
        #expect(try listener.readLine() == "X")
        try listener.send("LINES 50000\n")
        try shouter.send("SHOUT hi there\n")
        #expect(try shouter.readLine() == "SHOUTED")
        #expect(try listener.readLine() == "LINES 50000")
        let lines = try listener.readLines(50_000)
        #expect(lines.allSatisfy { $0.hasPrefix("line ") })
        #expect(try listener.readLine() == "HEARD hi there")
    }
}

@Suite("Answers that wait on something else")
struct AwaitingTests {
    @Test func anAwaitedAnswerHoldsBackLaterRequestsUntilResumed() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let waiter = try LineClient(port: server.port, timeout: 1)
        let releaser = try LineClient(port: server.port)
        try waiter.send("LATER first\nsecond\n")
        #expect(throws: (any Error).self, "nothing may be answered before the release") { try waiter.readLine() }
        let watcher = try LineClient(port: server.port)
        try watcher.send("hello\n")
        #expect(try watcher.readLine() == "HELLO", "other clients are served meanwhile")
        try releaser.send("SHOUT while waiting\nRELEASE\n")
        #expect(try releaser.readLines(2) == ["SHOUTED", "RELEASED"])
        #expect(try waiter.readLines(3) == ["LATER FIRST", "HEARD while waiting", "SECOND"])
    }

    @Test func aWatchedDescriptorWakesTheLoopFromAnotherThread() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let server = try RunningLoop(UppercaseEcho(), releasePipe: ends[0])
        defer { server.stop() }
        let waiter = try LineClient(port: server.port, timeout: 1)
        try waiter.send("LATER from the pipe\nnext\n")
        #expect(throws: (any Error).self) { try waiter.readLine() }
        var byte: UInt8 = 1
        #expect(write(ends[1], &byte, 1) == 1)
        #expect(try waiter.readLines(2) == ["LATER FROM THE PIPE", "NEXT"])
    }
}
