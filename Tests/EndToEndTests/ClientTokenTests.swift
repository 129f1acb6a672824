import Foundation
import Testing
import TestSupport

/// `--token` and `MOVIE_TOKEN` against a server started with `--write-token`.
@Suite("movie client: write token")
struct ClientTokenTests {
    /// Runs `movie` with `MOVIE_TOKEN` set (or removed, for nil) in its environment.
    static func movie(
        _ servers: [ServerProcess], _ arguments: [String], token: String?, input: String? = nil
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["MOVIE_TOKEN"] = token
        return try ServerProcess.run("movie", ClientHarness.arguments(servers, arguments), input: input, environment: environment)
    }

    @Test func writesCarryTheTokenAndAWrongOneIsDeniedPerServer() throws {
        let locked = try ServerProcess(arguments: ["--write-token", "s3cret"])
        let open = try ServerProcess()
        let p = [locked.port, open.port]

        let without = try Self.movie([locked, open], ["add", "Token Film", "2026"], token: nil)
        #expect(without.status == 1)
        #expect(ClientHarness.lines(without.stdout) == [
            "127.0.0.1:\(p[0])  error DENIED: writes need AUTH <token> first",
            "127.0.0.1:\(p[1])  added Token Film",
        ])

        let wrong = try Self.movie([locked, open], ["--token", "guess", "del", "token film"], token: nil)
        #expect(wrong.status == 1)
        #expect(ClientHarness.lines(wrong.stdout) == [
            "127.0.0.1:\(p[0])  error DENIED: wrong token",
            "127.0.0.1:\(p[1])  deleted Token Film",
        ])
        #expect(wrong.stderr == "movie: 1 of 2 servers failed: 127.0.0.1:\(p[0])\n")

        // A server without a token answers AUTH with OK, so one token serves both.
        let right = try Self.movie([locked, open], ["--token", "s3cret", "add", "Token Film", "2026"], token: nil)
        #expect(right.status == 0, "\(right.stdout)")
        #expect(try ClientHarness.request(locked, "GET token film") == "OK Token Film | 2026")
    }

    @Test func theEnvironmentGivesTheTokenAndTheOptionWins() throws {
        let server = try ServerProcess(arguments: ["--write-token", "s3cret"])
        let fromEnvironment = try Self.movie([server], ["edit", "heat", "from the environment"], token: "s3cret")
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stdout)")
        let optionWins = try Self.movie([server], ["--token", "s3cret", "edit", "heat", "option wins"], token: "wrong")
        #expect(optionWins.status == 0, "\(optionWins.stdout)")
        #expect(try ClientHarness.request(server, "GET heat") == "OK Heat | option wins")
        let bad = try Self.movie([server], ["count"], token: "two words")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("MOVIE_TOKEN must be non-empty and hold no white space"))
    }

    @Test func importAndTheShellsWritesCarryTheToken() throws {
        let server = try ServerProcess(arguments: ["--write-token", "s3cret"])
        let path = try ServerProcess.makeTemporaryDirectory() + "/movies.txt"
        try "Imported One | 1\nImported Two | 2\n".write(toFile: path, atomically: true, encoding: .utf8)

        let denied = try Self.movie([server], ["--token", "guess", "import", path], token: nil)
        #expect(denied.status == 1)
        #expect(ClientHarness.lines(denied.stdout).first
            == "127.0.0.1:\(server.port)  0 added, 0 replaced, 0 skipped, 2 failed: error DENIED: wrong token")

        let imported = try Self.movie([server], ["import", path], token: "s3cret")
        #expect(imported.status == 0, "\(imported.stdout)")
        #expect(try ClientHarness.request(server, "GET imported two") == "OK Imported Two | 2")

        let shell = try Self.movie([server], ["--token", "s3cret"], token: nil, input: "add Shell Film | 3\ndel imported one\n")
        #expect(shell.status == 0)
        #expect(shell.stdout.contains("127.0.0.1:\(server.port)  added Shell Film\n"))
        #expect(shell.stdout.contains("127.0.0.1:\(server.port)  deleted Imported One\n"))
    }
}
