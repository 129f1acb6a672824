import MovieClient
import MovieProtocol
import Testing

@Suite("get: agreement between servers")
struct LookupTests {
    typealias F = Fixtures

    @Test func identicalAnswersAgree() {
        let lookup = Lookup(title: "heat", servers: [
            F.item(F.a, .found(title: "Heat", info: "1995")),
            F.item(F.b, .found(title: "HEAT", info: "1995")),
        ])
        #expect(lookup.verdict == .agree(title: "Heat", info: "1995"))
        #expect(lookup.status == .success)
        #expect(lookup.human.lines == [
            "10.0.0.1:7070  Heat | 1995",
            "10.0.0.2:7070  HEAT | 1995",
            "both servers agree",
        ])
        #expect(lookup.human.complaint == nil)
    }

    @Test func differentInfoAndAMissingCopyAreADisagreement() {
        let lookup = Lookup(title: "Heat", servers: [
            F.item(F.a, .found(title: "Heat", info: "1995")),
            F.item(F.b, .found(title: "Heat", info: "1995; Michael Mann")),
            F.item(F.c, .missing),
        ])
        #expect(lookup.verdict == .disagree(differentInfos: 2, missingOn: [F.c]))
        #expect(lookup.status == .disagreement)
        #expect(lookup.human.lines.last == "servers disagree on \"Heat\": 2 different infos, missing on 10.0.0.3:7070")
    }

    @Test func missingEverywhereIsAFailureWithAPlainMessage() {
        let lookup = Lookup(title: "Nope", servers: [F.item(F.a, .missing), F.item(F.b, .missing)])
        #expect(lookup.verdict == .missingEverywhere)
        #expect(lookup.status == .failure)
        #expect(lookup.human.complaint == "\"Nope\" is on no server")
    }

    @Test func aDownServerIsReportedAndFailsTheCommandEvenWhenTheRestAgree() {
        let lookup = Lookup(title: "Heat", servers: [
            F.item(F.a, .found(title: "Heat", info: "1995")),
            F.item(F.b, .problem(.failure(.connectFailed(111)))),
        ])
        #expect(lookup.status == .failure)
        #expect(lookup.human.lines == [
            "10.0.0.1:7070  Heat | 1995",
            "10.0.0.2:7070  down (connection refused)",
        ])
        #expect(lookup.human.complaint == "1 of 2 servers failed: 10.0.0.2:7070")
    }

    @Test func answersAreReadFromTheWire() {
        let reply = { (result: Result<[Response], ServerFailure>) in
            ServerReply(address: F.a, result: result, elapsed: .zero)
        }
        let found = Lookup(title: "x", replies: [
            reply(.success([Response(command: .get, status: .ok, text: "Heat | 1995 | director's cut")])),
            reply(.success([Response(command: .get, status: .ok, text: "Empty | ")])),
            reply(.success([Response(command: .get, status: .error(.notFound), text: "x")])),
            reply(.success([Response(command: .get, status: .error(.denied), text: "no")])),
            reply(.success([Response(command: .get, status: .ok, text: "no bar here")])),
            reply(.failure(.responseTimeout(1))),
        ])
        #expect(found.servers.map(\.value) == [
            .found(title: "Heat", info: "1995 | director's cut"),
            .found(title: "Empty", info: ""),
            .missing,
            .problem(.error(.denied, "no")),
            .problem(.unreadable("no bar here")),
            .problem(.failure(.responseTimeout(1))),
        ])
    }

    @Test func jsonHasAPerServerBreakdown() {
        let lookup = Lookup(title: "Heat", servers: [
            F.item(F.a, .found(title: "Heat", info: "1995")),
            F.item(F.b, .missing),
            F.item(F.c, .problem(.failure(.connectFailed(111)))),
        ])
        #expect(lookup.json.encoded == """
            {"command":"get","title":"Heat","found":true,"agree":false,"exit_status":1,"servers":[\
            {"server":"10.0.0.1:7070","ok":true,"elapsed_ms":2.000,"found":true,"title":"Heat","info":"1995"},\
            {"server":"10.0.0.2:7070","ok":true,"elapsed_ms":2.000,"found":false},\
            {"server":"10.0.0.3:7070","ok":false,"elapsed_ms":2.000,"error":{"kind":"unreachable","message":"connection refused"}}]}
            """)
    }
}
