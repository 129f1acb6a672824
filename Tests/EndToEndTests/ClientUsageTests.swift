import Testing
import TestSupport

/// Input the client refuses before it sends anything: exit status 2 and a clear message.
@Suite("movie client: usage errors")
struct ClientUsageTests {
    @Test(arguments: [
        (["--server", "localhost", "count"], "bad server address 'localhost': expected HOST:PORT"),
        (["--server", "::1:7070", "count"], "write an IPv6 address in brackets, e.g. [::1]:7070"),
        (["--server", "127.0.0.1:99999", "count"], "the port must be a number from 1 to 65535"),
        (["--server", "127.0.0.1:7070", "get", "a | b"], "a title cannot contain '|'"),
        (["--server", "127.0.0.1:7070", "get", String(repeating: "x", count: 257)], "the title is 257 bytes; the limit is 256"),
        (["--server", "127.0.0.1:7070", "add", "Heat", String(repeating: "i", count: 4097)], "the info is 4097 bytes"),
        (["--server", "127.0.0.1:7070", "add", "  ", "x"], "the title is empty"),
        (["--server", "127.0.0.1:7070", "--timeout", "0", "count"], "--timeout must be more than 0"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
    ])
    func badInputIsStatusTwoWithAMessage(arguments: [String], message: String) throws {
        let result = try ServerProcess.run("movie", arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func nothingIsSentForBadInput() throws {
        let server = try ServerProcess()
        let result = try ClientHarness.movie([server], ["add", "Bad | Title", "x"])
        #expect(result.status == 2)
        let stats = try LineClient(port: server.port)
        try stats.send("STATS\n")
        let head = try #require(try stats.readLine())
        let lines = try stats.readLines(try #require(Int(head.dropFirst(3))))
        #expect(lines.contains("connections_total 1"))
    }
}
