import Testing
import TestSupport

/// Lines, pipelining, half-close and bytes that are not text, against a real `movied`.
@Suite("movied framing")
struct ServerFramingTests {
    @Test(arguments: ["reactor", "threaded", "iterative"])
    func answersTenThousandPipelinedRequestsSentInOneWriteInOrder(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let client = try LineClient(port: server.port)
        var batch = ""
        for index in 0..<10_000 {
            batch += index % 2 == 0 ? "GET heat\n" : "PUT film \(index) | info \(index)\n"
        }
        try client.send(batch)
        let answers = try client.readLines(10_000)
        for (index, answer) in answers.enumerated() {
            let expected = index % 2 == 0 ? "OK Heat | 1995; Michael Mann; crime thriller, a detective hunts a master thief" : "OK added film \(index)"
            guard answer == expected else {
                Issue.record("answer \(index) was '\(answer)', expected '\(expected)'")
                return
            }
        }
    }

    @Test(arguments: ["reactor", "threaded", "iterative"])
    func answersEverythingAfterAHalfCloseIncludingALastLineWithoutLF(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let client = try LineClient(port: server.port)
        try client.send("PING\nGET heat")
        client.finishSending()
        #expect(try client.readToEnd() == "OK PONG\nOK Heat | 1995; Michael Mann; crime thriller, a detective hunts a master thief\n")
    }

    @Test(arguments: ["reactor", "threaded", "iterative"])
    func dropsCRBeforeLFAndIgnoresBlankLines(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let client = try LineClient(port: server.port)
        try client.send("\r\n   \t \nPING\r\n\nCOUNT\r\n")
        #expect(try client.readLine() == "OK PONG")
        #expect(try client.readLine()?.hasPrefix("OK ") == true)
    }

    @Test(arguments: ["reactor", "threaded", "iterative"])
    func rejectsInvalidUTF8AndNULButKeepsTheConnection(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let client = try LineClient(port: server.port)
        try client.send(Array("GET caf".utf8) + [0xC3, 0x28] + [0x0A])
        try client.send(Array("GET a".utf8) + [0x00] + Array("b\n".utf8))
        try client.send("PUT Café Société | ünïcödé ✓\nGET CAFÉ SOCIÉTÉ\n")
        #expect(try client.readLine()?.hasPrefix("ERR BAD_REQUEST") == true)
        #expect(try client.readLine()?.hasPrefix("ERR BAD_REQUEST") == true)
        #expect(try client.readLine() == "OK added Café Société")
        #expect(try client.readLine() == "OK Café Société | ünïcödé ✓")
    }

    @Test(arguments: ["reactor", "threaded", "iterative"])
    func acceptsALineOf8191BytesAndClosesAfterALongerOne(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let client = try LineClient(port: server.port)
        let fits = "GET " + String(repeating: "x", count: 8_191 - 4)
        try client.send(fits + "\n")
        #expect(try client.readLine()?.hasPrefix("ERR TOO_LONG") == true, "title too long, but the line itself fits")
        try client.send("PING\n")
        #expect(try client.readLine() == "OK PONG")
        try client.send("GET " + String(repeating: "x", count: 8_192 - 4) + "\nPING\n")
        let rest = try client.readToEnd()
        #expect(rest.hasPrefix("ERR TOO_LONG "))
        #expect(!rest.contains("PONG"))
    }

    @Test(arguments: ["reactor", "threaded"])
    func keepsAListingConsistentWhileWritesArrive(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let loader = try LineClient(port: server.port)
        var batch = ""
        for index in 0..<20_000 { batch += "PUT bulk \(index) | x\n" }
        try loader.send(batch)
        _ = try loader.readLines(20_000)
        let lister = try LineClient(port: server.port)
        try lister.send("ALL\n")
        let header = try #require(try lister.readLine())
        let count = try #require(Int(header.dropFirst(3)))
        // Writes made after ALL ran must not show up in (or disturb) its answer.
        try loader.send("DEL bulk 5\nPUT aaaa first | x\n")
        _ = try loader.readLines(2)
        let titles = try lister.readLines(count)
        #expect(titles.contains("bulk 5"))
        #expect(!titles.contains("aaaa first"))
        try lister.send("PING\n")
        #expect(try lister.readLine() == "OK PONG")
    }
}
