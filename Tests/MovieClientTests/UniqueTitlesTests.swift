@testable import MovieClient
import MovieRules
import Testing

/// The duplicate-title rule for IMDb rows, decided over every kept row at once.
@Suite("import: unique titles")
struct UniqueTitlesTests {
    static func row(_ title: String, _ year: Int?, _ id: String) -> UniqueTitles.Row {
        // The key exactly as servers derive it.
        let key = (try? Title.normalize(title).key) ?? ""
        return UniqueTitles.Row(title: title, key: key, year: year, id: id)
    }

    static func titles(_ rows: [UniqueTitles.Row]) -> [String] {
        zip(rows, UniqueTitles.extensions(rows)).map { UniqueTitles.title(of: $0, $1) }
    }

    @Test func aTitleThatOccursOnceIsUsedAsIs() {
        #expect(Self.titles([Self.row("Heat", 1995, "tt1"), Self.row("Alien", 1979, "tt2")]) == ["Heat", "Alien"])
    }

    @Test func sharedTitlesGetTheirYearAndThenTheirID() {
        let rows = [
            Self.row("Heat", 1995, "tt0113277"),
            Self.row("Alien", 1979, "tt2"),
            Self.row("Heat", 1986, "tt0093164"),
            Self.row("HEAT", 1986, "tt9000001"),
            Self.row("Heat", nil, "tt9000002"),
        ]
        #expect(Self.titles(rows) == [
            "Heat (1995)", "Alien", "Heat (1986, tt0093164)", "HEAT (1986, tt9000001)", "Heat (tt9000002)",
        ])
        #expect(UniqueTitles.extensions(rows) == [.year, .none, .id, .id, .id])
    }

    @Test func titlesAreComparedAsServersCompareThem() {
        // Case and white space aside, "the matrix" and "The  Matrix" are one title to a server.
        let rows = [Self.row("The Matrix", 1999, "tt1"), Self.row("the matrix", 2021, "tt2")]
        #expect(Self.titles(rows) == ["The Matrix (1999)", "the matrix (2021)"])
    }

    @Test func aMadeTitleThatMeetsAnotherRowsTitleGetsTheIDToo() {
        let rows = [Self.row("Heat", 1995, "tt1"), Self.row("Heat", 1986, "tt2"), Self.row("Heat (1995)", 2001, "tt3")]
        #expect(Self.titles(rows) == ["Heat (1995, tt1)", "Heat (1986)", "Heat (1995) (2001, tt3)"])
    }

    @Test func everyTitleComesOutUnique() {
        var rows: [UniqueTitles.Row] = []
        for index in 0..<300 {
            rows.append(Self.row("Film \(index % 7)", index % 3 == 0 ? nil : 1990 + index % 5, "tt\(index)"))
        }
        let keys = Self.titles(rows).map { $0.lowercased() }
        #expect(Set(keys).count == rows.count)
    }
}
