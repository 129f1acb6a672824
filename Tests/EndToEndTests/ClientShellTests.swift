import Testing
import TestSupport

/// The interactive shell, driven through standard input as a script would.
@Suite("movie client: shell")
struct ClientShellTests {
    @Test func theShellListsCommandsThenRunsEachLineUntilQuit() throws {
        let servers = try (0..<2).map { _ in try ServerProcess() }
        let input = """
            get "the   matrix"
            add "Shell Film" "2026; typed in the shell"
            add Bar Film | 2027; split at the bar
            get bar film
            frobnicate
            help
            quit
            count

            """
        let result = try ClientHarness.movie(servers, [], input: input)
        #expect(result.status == 0)
        let lines = ClientHarness.lines(result.stdout)
        let p = servers.map(\.port)
        #expect(lines.first == "movie shell: each command asks every server at once. Commands:")
        #expect(lines.contains { $0.hasPrefix("  get TITLE ") })
        #expect(lines.contains { $0.hasPrefix("  quit ") })
        #expect(!result.stdout.contains("movie> "), "no prompt when standard input is not a terminal")
        #expect(lines.contains("127.0.0.1:\(p[0])  The Matrix | 1999; Lana and Lilly Wachowski; science fiction"))
        #expect(lines.contains("127.0.0.1:\(p[1])  added Shell Film"))
        #expect(lines.contains("127.0.0.1:\(p[1])  added Bar Film"))
        #expect(lines.contains("127.0.0.1:\(p[0])  Bar Film | 2027; split at the bar"))
        #expect(lines.filter { $0.hasPrefix("  get TITLE ") }.count == 2, "help lists the commands again")
        #expect(result.stderr == "movie: unknown command 'frobnicate'; type help for the list\n")
        // Nothing after quit ran.
        #expect(!lines.contains(where: Self.isCountLine))
        #expect(try ClientHarness.request(servers[1], "GET shell film") == "OK Shell Film | 2026; typed in the shell")
    }

    @Test func endOfInputLeavesTheShell() throws {
        let server = try ServerProcess()
        let result = try ClientHarness.movie([server], [], input: "count\n")
        #expect(result.status == 0)
        #expect(ClientHarness.lines(result.stdout).last.map(Self.isCountLine) == true)
        let empty = try ClientHarness.movie([server], [], input: "")
        #expect(empty.status == 0)
    }

    /// `<address>  <number>`: what `count` prints for a server.
    static func isCountLine(_ line: String) -> Bool {
        let parts = line.components(separatedBy: "  ")
        return parts.count == 2 && parts[0].hasPrefix("127.0.0.1:") && !parts[1].isEmpty && parts[1].allSatisfy(\.isNumber)
    }
}
