import MovieClient
import Testing

@Suite("all and find: merging the servers' titles")
struct TitleListTests {
    typealias F = Fixtures

    @Test func titlesMergeCaseInsensitivelyAndSortByLowercasedBytes() {
        let list = TitleList(servers: [
            F.item(F.a, .titles(["Alien", "heat", "Zodiac"])),
            F.item(F.b, .titles(["Heat", "alien", "Bambi", "Zodiac"])),
        ])
        #expect(list.entries.map(\.title) == ["Alien", "Bambi", "heat", "Zodiac"])
        #expect(list.entries.map(\.holders) == [[F.a, F.b], [F.b], [F.a, F.b], [F.a, F.b]])
        #expect(list.partialEntries.map(\.title) == ["Bambi"])
        #expect(list.status == .disagreement)
    }

    @Test func titlesOnOnlySomeServersAreMarked() {
        let list = TitleList(servers: [
            F.item(F.a, .titles(["Heat", "Solo"])),
            F.item(F.b, .titles(["Heat", "Duo"])),
            F.item(F.c, .titles(["Heat", "Duo"])),
        ])
        #expect(list.human(search: nil).lines == [
            "Duo   [not on 10.0.0.1:7070]",
            "Heat",
            "Solo  [only on 10.0.0.1:7070]",
            "3 titles on 3 servers; 2 not on every server",
        ])
    }

    @Test func identicalListsAgreeAndFailedServersAreListedAfterTheTitles() {
        let same = TitleList(servers: [F.item(F.a, .titles(["Heat"])), F.item(F.b, .titles(["Heat"]))])
        #expect(same.status == .success)
        #expect(same.human(search: nil).lines == ["Heat", "1 title, the same on both servers"])
        let partial = TitleList(servers: [
            F.item(F.a, .titles(["Heat"])),
            F.item(F.b, .problem(.failure(.responseTimeout(1)))),
        ])
        #expect(partial.status == .failure)
        #expect(partial.human(search: nil).lines == ["Heat", "10.0.0.2:7070  failed (no answer within 1 s)"])
    }

    @Test func findWithNoMatchSaysSo() {
        let none = TitleList(servers: [F.item(F.a, .titles([]))])
        #expect(none.status == .success)
        #expect(none.human(search: "xyz").lines == ["no title contains \"xyz\""])
    }
}
