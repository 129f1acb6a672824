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
        try waiter.send("PARK first\nsecond\n")
        #expect(throws: (any Error).self, "nothing may be answered before the release") { try waiter.readLine() }
        let watcher = try LineClient(port: server.port)
        try watcher.send("hello\n")
        #expect(try watcher.readLine() == "HELLO", "other clients are served meanwhile")
        try releaser.send("SHOUT while waiting\nRELEASE\n")
        #expect(try releaser.readLines(2) == ["SHOUTED", "RELEASED"])
        #expect(try waiter.readLines(3) == ["PARK FIRST", "HEARD while waiting", "SECOND"])
    }

    @Test func heldAnswersKeepTheirPlaceWhileLaterRequestsAreAnsweredBehindThem() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let waiter = try LineClient(port: server.port, timeout: 1)
        let releaser = try LineClient(port: server.port)
        try waiter.send("LATER a\nb\nLATER c\nd\n")
        #expect(throws: (any Error).self, "nothing may be answered before the first held answer") { try waiter.readLine() }
        try releaser.send("SHOUT meanwhile\n")
        #expect(try releaser.readLine() == "SHOUTED")
        // An event goes before the first held answer: at once, between answers.
        #expect(try waiter.readLine() == "HEARD meanwhile")
        try releaser.send("RELEASE\n")
        #expect(try releaser.readLine() == "RELEASED")
        #expect(try waiter.readLines(4) == ["LATER A", "B", "LATER C", "D"])
        try waiter.send("e\n")
        #expect(try waiter.readLine() == "E")
    }

    @Test func onlyWhatPrecedesTheFirstHeldAnswerIsSent() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let waiter = try LineClient(port: server.port, timeout: 1)
        try waiter.send("a\nLATER b\nc\n")
        #expect(try waiter.readLine() == "A")
        #expect(throws: (any Error).self, "c waits behind the held answer") { try waiter.readLine() }
        let releaser = try LineClient(port: server.port)
        try releaser.send("RELEASE\n")
        #expect(try waiter.readLines(2) == ["LATER B", "C"])
    }

    @Test func quitBehindAHeldAnswerClosesOnlyOnceItIsSent() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let waiter = try LineClient(port: server.port, timeout: 1)
        try waiter.send("LATER last words\nQUIT\n")
        #expect(throws: (any Error).self) { try waiter.readLine() }
        let releaser = try LineClient(port: server.port)
        try releaser.send("RELEASE\n")
        #expect(try waiter.readLines(2) == ["LATER LAST WORDS", "BYE"])
        #expect(try waiter.readLine() == nil, "closed after the held answer and BYE")
    }

    @Test func tooManyHeldAnswersStopReadingUntilSomeAreReleased() throws {
        var limits = ReactorLimits()
        limits.maximumHeldAnswers = 4
        let server = try RunningLoop(UppercaseEcho(), limits: limits)
        defer { server.stop() }
        let waiter = try LineClient(port: server.port, timeout: 1)
        try waiter.send((1...10).map { "LATER \($0)\n" }.joined())
        #expect(throws: (any Error).self) { try waiter.readLine() }
        let releaser = try LineClient(port: server.port)
        // Only four were read and held; each RELEASE lets those go and more be read.
        var answers: [String] = []
        while answers.count < 10 {
            try releaser.send("RELEASE\n")
            #expect(try releaser.readLine() == "RELEASED")
            while let line = try? waiter.readLine() { answers.append(line) }
        }
        #expect(answers == (1...10).map { "LATER \($0)" })
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
