import Glibc
import Testing
import TestSupport

/// `movie watch`: events from every server, labelled, until Ctrl-C or until every server is gone.
@Suite("movie client: watch")
struct ClientWatchTests {
    @Test func eventsFromEveryServerArriveLabelledAndCtrlCExitsCleanly() throws {
        let servers = try (0..<2).map { _ in try ServerProcess() }
        let p = servers.map(\.port)
        let watch = try RunningClient(ClientHarness.arguments(servers, ["watch"]))
        #expect(watch.wait { _, err in err.components(separatedBy: ": watching").count == 3 }, "\(watch.stderr)")

        let add = try ClientHarness.movie(servers, ["add", "Watched Film", "2026"])
        #expect(add.status == 0)
        #expect(try ClientHarness.request(servers[1], "DEL watched film") == "OK deleted Watched Film")
        let expected = [
            "127.0.0.1:\(p[0])  added Watched Film",
            "127.0.0.1:\(p[1])  added Watched Film",
            "127.0.0.1:\(p[1])  deleted Watched Film",
        ]
        #expect(watch.wait { out, _ in expected.allSatisfy(out.contains) }, "\(watch.stdout)")

        #expect(watch.stop(signal: SIGINT) == 0)
        #expect(ClientHarness.lines(watch.stdout).sorted() == expected.sorted())
        #expect(!watch.stderr.contains("Fatal"), "\(watch.stderr)")
    }

    @Test func watchEndsWithStatusOneWhenNoServerIsLeft() throws {
        let servers = try (0..<2).map { _ in try ServerProcess() }
        let dead = ClientHarness.deadPort()
        let watch = try RunningClient(ClientHarness.arguments(servers, ["--server", "127.0.0.1:\(dead)", "watch"]))
        #expect(watch.wait { _, err in err.components(separatedBy: ": watching").count == 3 }, "\(watch.stderr)")
        #expect(watch.stderr.contains("movie: 127.0.0.1:\(dead): down (connection refused)\n"))
        for server in servers { server.stop() }
        #expect(watch.waitForExit() == 1)
        #expect(watch.stderr.contains("movie: 127.0.0.1:\(servers[0].port): closed the connection\n"))
        #expect(watch.stderr.hasSuffix("movie: no server left to watch\n"))
    }

    @Test func watchAsJSONPrintsOneObjectPerEvent() throws {
        let server = try ServerProcess()
        let watch = try RunningClient(ClientHarness.arguments([server], ["--json", "watch"]))
        #expect(watch.wait { out, _ in out.contains(#""status":"watching""#) })
        #expect(try ClientHarness.request(server, "PUT Json Film | x") == "OK added Json Film")
        let event = #"{"server":"127.0.0.1:\#(server.port)","event":"added","title":"Json Film"}"#
        #expect(watch.wait { out, _ in out.contains(event) }, "\(watch.stdout)")
        #expect(watch.stop(signal: SIGTERM) == 0)
    }
}
