import Foundation
import Testing
import TestSupport

/// `movie` asking two or three real servers at once.
@Suite("movie client: fan-out")
struct ClientFanOutTests {
    @Test func addPutsTheMovieOnEveryServerAddingOrReplacing() throws {
        let servers = try (0..<3).map { _ in try ServerProcess() }
        #expect(try ClientHarness.request(servers[1], "ADD Brand New Film | old info") == "OK added Brand New Film")
        let result = try ClientHarness.movie(servers, ["add", "Brand  New Film", "2026; Someone; drama"])
        #expect(result.status == 0, "\(result.stderr)")
        let p = servers.map(\.port)
        #expect(ClientHarness.lines(result.stdout) == [
            "127.0.0.1:\(p[0])  added Brand New Film",
            "127.0.0.1:\(p[1])  replaced the info of Brand New Film",
            "127.0.0.1:\(p[2])  added Brand New Film",
            "\"Brand New Film\" now has the same info on all 3 servers",
        ])
        for server in servers {
            #expect(try ClientHarness.request(server, "GET brand new film") == "OK Brand New Film | 2026; Someone; drama")
        }
    }

    @Test func getLabelsEachAnswerAndSaysWhenServersDisagree() throws {
        let servers = try (0..<3).map { _ in try ServerProcess() }
        #expect(try ClientHarness.request(servers[1], "PUT Heat | 1995; a different cut") == "OK edited Heat")
        #expect(try ClientHarness.request(servers[2], "DEL heat") == "OK deleted Heat")
        let result = try ClientHarness.movie(servers, ["get", "heat"])
        #expect(result.status == 3)
        let p = servers.map(\.port)
        #expect(ClientHarness.lines(result.stdout) == [
            "127.0.0.1:\(p[0])  Heat | 1995; Michael Mann; crime thriller, a detective hunts a master thief",
            "127.0.0.1:\(p[1])  Heat | 1995; a different cut",
            "127.0.0.1:\(p[2])  not found",
            "servers disagree on \"heat\": 2 different infos, missing on 127.0.0.1:\(p[2])",
        ])
        #expect(result.stderr == "movie: servers disagree on \"heat\"\n")
    }

    @Test func getAsJSONGivesEachServersAnswer() throws {
        let servers = try (0..<2).map { _ in try ServerProcess() }
        #expect(try ClientHarness.request(servers[1], "DEL The Matrix") == "OK deleted The Matrix")
        let result = try ClientHarness.movie(servers, ["--json", "get", "the matrix"])
        #expect(result.status == 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["command"] as? String == "get")
        #expect(object["agree"] as? Bool == false)
        #expect(object["exit_status"] as? Int == 3)
        let entries = try #require(object["servers"] as? [[String: Any]])
        #expect(entries.map { $0["server"] as? String } == servers.map { "127.0.0.1:\($0.port)" })
        #expect(entries.map { $0["found"] as? Bool } == [true, false])
        #expect((entries[0]["info"] as? String)?.hasPrefix("1999; Lana and Lilly Wachowski") == true)
    }

    @Test func aTitleOnNoServerIsStatusOneWithAPlainMessage() throws {
        let servers = try (0..<2).map { _ in try ServerProcess() }
        let result = try ClientHarness.movie(servers, ["get", "No Such Film"])
        #expect(result.status == 1)
        #expect(result.stdout.components(separatedBy: "not found").count == 3)
        #expect(result.stderr == "movie: \"No Such Film\" is on no server\n")
    }

    @Test func editReplacesWhereTheMovieIsAndReportsWhereItIsNot() throws {
        let servers = try (0..<2).map { _ in try ServerProcess() }
        #expect(try ClientHarness.request(servers[0], "DEL Heat") == "OK deleted Heat")
        let result = try ClientHarness.movie(servers, ["edit", "HEAT", "1995; new info"])
        #expect(result.status == 3)
        let p = servers.map(\.port)
        #expect(ClientHarness.lines(result.stdout) == [
            "127.0.0.1:\(p[0])  not found",
            "127.0.0.1:\(p[1])  edited Heat",
            "edited on 1 server; 127.0.0.1:\(p[0]) does not have \"HEAT\" (add puts it everywhere)",
        ])
        #expect(try ClientHarness.request(servers[0], "GET heat") == "ERR NOT_FOUND heat")
        #expect(try ClientHarness.request(servers[1], "GET heat") == "OK Heat | 1995; new info")
    }

    @Test func allMarksTitlesOnlySomeServersHold() throws {
        let servers = try (0..<2).map { _ in try ServerProcess() }
        #expect(try ClientHarness.request(servers[0], "ADD Aaa Only Here | x") == "OK added Aaa Only Here")
        #expect(try ClientHarness.request(servers[1], "DEL Heat") == "OK deleted Heat")
        let result = try ClientHarness.movie(servers, ["all"])
        #expect(result.status == 3)
        let lines = ClientHarness.lines(result.stdout)
        let p = servers.map(\.port)
        #expect(lines.contains("Aaa Only Here  [only on 127.0.0.1:\(p[0])]"))
        // Notes line up after the longest marked title.
        #expect(lines.contains("Heat" + String(repeating: " ", count: 11) + "[only on 127.0.0.1:\(p[0])]"))
        #expect(lines.contains("The Matrix"))
        #expect(lines.last?.hasSuffix("on 2 servers; 2 not on every server") == true)
    }

    @Test func findCountAndDelAskEveryServer() throws {
        let servers = try (0..<2).map { _ in try ServerProcess() }
        let find = try ClientHarness.movie(servers, ["find", "GODFATHER"])
        #expect(find.status == 0)
        #expect(ClientHarness.lines(find.stdout) == [
            "The Godfather", "The Godfather Part II", "2 titles, the same on both servers",
        ])
        let del = try ClientHarness.movie(servers, ["del", "the godfather"])
        #expect(del.status == 0)
        #expect(del.stdout.components(separatedBy: "deleted The Godfather\n").count == 3)
        let count = try ClientHarness.movie(servers, ["--json", "count"])
        #expect(count.status == 0)
        #expect(count.stdout.contains(#""agree":true"#))
    }

    @Test func deadAndSilentServersAreReportedQuicklyAndTheOthersStillAnswer() throws {
        let server = try ServerProcess()
        let silent = SilentListener()
        let dead = ClientHarness.deadPort()
        let started = Date()
        let result = try ServerProcess.run("movie", [
            "--server", "127.0.0.1:\(server.port)", "--server", "127.0.0.1:\(dead)",
            "--server", "127.0.0.1:\(silent.port)", "--timeout", "1", "get", "heat",
        ])
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 1)
        #expect(elapsed < 3, "took \(elapsed) s")
        #expect(ClientHarness.lines(result.stdout) == [
            "127.0.0.1:\(server.port)  Heat | 1995; Michael Mann; crime thriller, a detective hunts a master thief",
            "127.0.0.1:\(dead)  down (connection refused)",
            "127.0.0.1:\(silent.port)  failed (no answer within 1 s)",
        ])
        #expect(result.stderr == "movie: 2 of 3 servers failed: 127.0.0.1:\(dead), 127.0.0.1:\(silent.port)\n")
    }
}
