import Primitives
import MovieClient
import MovieProtocol
import Testing

@Suite("add, edit, del: what each server did")
struct WriteOutcomeTests {
    typealias F = Fixtures

    static func replies(_ answers: [(ServerAddress, Response)]) -> [ServerReply] {
        answers.map { ServerReply(address: $0.0, result: .success([$0.1]), elapsed: .zero) }
    }

    @Test func addIsAddedOrReplacedPerServer() {
        let outcome = WriteOutcome(kind: .add, title: "Heat", replies: Self.replies([
            (F.a, Response(command: .put, status: .ok, text: "added Heat")),
            (F.b, Response(command: .put, status: .ok, text: "edited HEAT")),
        ]))
        #expect(outcome.servers.map(\.value) == [.changed(.added, title: "Heat"), .changed(.edited, title: "HEAT")])
        #expect(outcome.status == .success)
        #expect(outcome.human.lines == [
            "10.0.0.1:7070  added Heat",
            "10.0.0.2:7070  replaced the info of HEAT",
            "\"Heat\" now has the same info on both servers",
        ])
    }

    @Test func editMissingOnSomeServersIsADisagreementNamingThem() {
        let outcome = WriteOutcome(kind: .edit, title: "Heat", replies: Self.replies([
            (F.a, Response(command: .edit, status: .ok, text: "edited Heat")),
            (F.b, Response(command: .edit, status: .error(.notFound), text: "Heat")),
        ]))
        #expect(outcome.missingOn == [F.b])
        #expect(outcome.status == .disagreement)
        #expect(outcome.human.complaint == "\"Heat\" is missing on 10.0.0.2:7070")
    }

    @Test func delMissingOnSomeSucceedsButMissingEverywhereFails() {
        let some = WriteOutcome(kind: .del, title: "Heat", servers: [
            F.item(F.a, .changed(.deleted, title: "Heat")), F.item(F.b, .missing),
        ])
        #expect(some.status == .success)
        let none = WriteOutcome(kind: .del, title: "Heat", servers: [F.item(F.a, .missing), F.item(F.b, .missing)])
        #expect(none.status == .failure)
        #expect(none.human.complaint == "\"Heat\" is on no server")
    }

    @Test func unexpectedAnswersAreProblems() {
        let outcome = WriteOutcome(kind: .add, title: "Heat", replies: Self.replies([
            (F.a, Response(command: .put, status: .error(.readOnly), text: "read-only server")),
            (F.b, Response(command: .put, status: .ok, text: "deleted Heat")),
        ]))
        #expect(outcome.servers.map(\.value) == [
            .problem(.error(.readOnly, "read-only server")), .problem(.unreadable("deleted Heat")),
        ])
        #expect(outcome.status == .failure)
        #expect(outcome.human.lines == [
            "10.0.0.1:7070  error READ_ONLY: read-only server",
            "10.0.0.2:7070  unreadable answer: deleted Heat",
        ])
    }

    @Test func aRefusedTokenIsWhatAWriteAfterAuthReports() {
        let outcome = WriteOutcome(kind: .del, title: "Heat", replies: [
            ServerReply(address: F.a, result: .success([
                Response(command: .auth, status: .error(.denied), text: "wrong token"),
                Response(command: .del, status: .error(.denied), text: "writes need AUTH <token> first"),
            ]), elapsed: .zero),
            ServerReply(address: F.b, result: .success([
                Response(command: .auth, status: .ok, text: ""),
                Response(command: .del, status: .ok, text: "deleted Heat"),
            ]), elapsed: .zero),
        ])
        #expect(outcome.servers.map(\.value) == [.problem(.error(.denied, "wrong token")), .changed(.deleted, title: "Heat")])
        #expect(outcome.human.lines == ["10.0.0.1:7070  error DENIED: wrong token", "10.0.0.2:7070  deleted Heat"])
        #expect(outcome.status == .failure)
    }
}

@Suite("count, stats, serverlist")
struct CountersTests {
    typealias F = Fixtures

    @Test func differentCountsDisagree() {
        let counts = Counts(servers: [F.item(F.a, .count(3)), F.item(F.b, .count(4))])
        #expect(counts.status == .disagreement)
        #expect(counts.human.lines == ["10.0.0.1:7070  3", "10.0.0.2:7070  4", "servers disagree: 3 vs 4"])
        #expect(Counts(servers: [F.item(F.a, .count(3)), F.item(F.b, .count(3))]).status == .success)
    }

    @Test func statsAreATableWithAColumnPerServer() {
        let stats = Stats(replies: [
            ServerReply(address: F.a, result: .success([
                Response(command: .stats, status: .ok, text: "2", lines: ["movies 10", "uptime_seconds 5"]),
            ]), elapsed: .zero),
            ServerReply(address: F.b, result: .failure(.connectFailed(111)), elapsed: .zero),
        ])
        #expect(stats.status == .failure)
        #expect(stats.human.lines == [
            "                10.0.0.1:7070  10.0.0.2:7070",
            "movies          10             -",
            "uptime_seconds  5              -",
            "10.0.0.2:7070  down (connection refused)",
        ])
        #expect(stats.json.encoded.contains(#""stats":{"movies":10,"uptime_seconds":5}"#))
    }

    @Test func serverListShowsUpWithTimeAndDownWithReason() {
        let reachability = Reachability(servers: [
            ServerItem(address: F.a, value: .up, elapsed: .microseconds(300)),
            ServerItem(address: F.b, value: .down(.failure(.connectTimeout(1))), elapsed: .seconds(1)),
        ])
        #expect(reachability.status == .failure)
        #expect(reachability.human(source: "/x/servers").lines == [
            "10.0.0.1:7070  up (0.3 ms)",
            "10.0.0.2:7070  down (no connection within 1 s)",
            "2 servers from /x/servers, 1 up",
        ])
    }
}
