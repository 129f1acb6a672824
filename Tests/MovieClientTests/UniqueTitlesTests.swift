@testable import MovieClient
import MovieRules
import Primitives
import Testing

/// The duplicate-title rule for IMDb rows, decided over every kept row at once.
@Suite("import: unique titles")
struct UniqueTitlesTests {
    /// What the rule needs of a row.
    struct Row {
        var title: String
        var year: Int?
        var id: String
    }

    static func row(_ title: String, _ year: Int?, _ id: String) -> Row {
        Row(title: title, year: year, id: id)
    }

    /// The rows kept as an import keeps them: read from IMDb lines, keys made as servers make them.
    static func movies(_ rows: [Row]) -> IMDbMovies {
        let movies = IMDbMovies()
        let normalizer = TitleNormalizer()
        // Each row's title lies in the normaliser until it is kept.
        defer { withExtendedLifetime(normalizer) {} }
        for (index, row) in rows.enumerated() {
            let year = row.year.map(String.init) ?? #"\N"#
            let line = Array("\(row.id)\tmovie\t\(row.title)\tx\t0\t\(year)\t\\N\t\\N\t\\N".utf8)
            line.withUnsafeBytes { line in
                guard case .kept(let kept) = IMDbRow.parse(line, keeping: [Array("movie".utf8)], normalizer: normalizer) else {
                    Issue.record("row not kept: \(row)")
                    return
                }
                movies.append(kept, line: index + 2)
            }
        }
        return movies
    }

    static func extensions(_ rows: [Row]) -> [UniqueTitles.Extension] {
        UniqueTitles.extensions(movies(rows))
    }

    static func titles(_ rows: [Row]) -> [String] {
        let movies = movies(rows)
        return UniqueTitles.extensions(movies).enumerated().map { index, `extension` in
            let title = ByteBuffer()
            UniqueTitles.appendTitle(of: index, in: movies, `extension`, to: title)
            return String(decoding: title.readableBytes, as: UTF8.self)
        }
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
        #expect(Self.extensions(rows) == [.year, .none, .id, .id, .id])
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
        var rows: [Row] = []
        for index in 0..<300 {
            rows.append(Self.row("Film \(index % 7)", index % 3 == 0 ? nil : 1990 + index % 5, "tt\(index)"))
        }
        let keys = Self.titles(rows).map { $0.lowercased() }
        #expect(Set(keys).count == rows.count)
    }
}
