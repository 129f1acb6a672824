import Testing
import TestSupport

/// Write tokens, read-only servers and change events, against a real `movied`.
@Suite("movied access and events")
struct ServerAccessTests {
    @Test(arguments: ["reactor", "threaded"])
    func writesNeedTheTokenAndReadsDoNot(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model, "--write-token", "s3cret"])
        let client = try LineClient(port: server.port)
        try client.send("PUT Locked | x\nGET heat\nAUTH wrong\nAUTH s3cret\nPUT Locked | x\nAUTH wrong\nDEL locked\n")
        let answers = try client.readLines(7)
        #expect(answers[0].hasPrefix("ERR DENIED "))
        #expect(answers[1].hasPrefix("OK Heat |"))
        #expect(answers[2].hasPrefix("ERR DENIED "))
        #expect(answers[3] == "OK")
        #expect(answers[4] == "OK added Locked")
        #expect(answers[5].hasPrefix("ERR DENIED "))
        #expect(answers[6].hasPrefix("ERR DENIED "))
        let other = try LineClient(port: server.port)
        try other.send("DEL locked\n")
        #expect(try other.readLine()?.hasPrefix("ERR DENIED ") == true, "AUTH is per connection")
    }

    @Test(arguments: ["reactor", "threaded", "iterative"])
    func authWithoutAConfiguredTokenIsOK(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let client = try LineClient(port: server.port)
        try client.send("AUTH anything\n")
        #expect(try client.readLine() == "OK")
    }

    @Test(arguments: ["reactor", "threaded", "iterative"])
    func aReadOnlyServerRefusesEveryWriteWhateverAuthSaid(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model, "--read-only", "--write-token", "t"])
        let client = try LineClient(port: server.port)
        try client.send("AUTH t\nADD x | y\nEDIT heat | y\nPUT x | y\nDEL heat\nGET heat\n")
        let answers = try client.readLines(6)
        #expect(answers[0] == "OK")
        for answer in answers[1...4] { #expect(answer.hasPrefix("ERR READ_ONLY ")) }
        #expect(answers[5].hasPrefix("OK Heat |"))
    }

    @Test func watchersHearEveryChangeBetweenResponses() throws {
        let server = try ServerProcess()
        let watcher = try LineClient(port: server.port)
        let writer = try LineClient(port: server.port)
        try watcher.send("WATCH\n")
        #expect(try watcher.readLine() == "OK watching")
        try writer.send("ADD Watched Film | 1\nEDIT watched film | 2\nPUT watched FILM | 3\nDEL watched film\nDEL watched film\n")
        _ = try writer.readLines(5)
        #expect(try watcher.readLines(4) == [
            "EVENT added Watched Film",
            "EVENT edited Watched Film",
            "EVENT edited Watched Film",
            "EVENT deleted Watched Film",
        ])
        try watcher.send("PUT Own Write | x\nPING\n")
        #expect(try watcher.readLines(3) == ["OK added Own Write", "EVENT added Own Write", "OK PONG"])
    }
}
