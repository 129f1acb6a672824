@testable import MovieClient
import MovieRules
import Primitives
import Testing

/// Rows of IMDb's title.basics.tsv: the header, the fields kept, the info made of them.
@Suite("import: IMDb rows")
struct IMDbRowTests {
    static let header = "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres"
    static let types = ImportOptions.defaultTypes.map { Array($0.utf8) }

    /// A kept row as strings, copied out before the line and the normaliser move on.
    struct Kept: Equatable {
        var title: String
        var key: String
        var startYear: Int?
        var info: String
    }

    /// What a row turned out to be, in a form that outlives the line.
    enum Outcome: Equatable {
        case kept(Kept)
        case otherType
        case bad(String)
    }

    static func parse(_ fields: [String], types: [[UInt8]] = Self.types) -> Outcome {
        parse(bytes: Array(fields.joined(separator: "\t").utf8), types: types)
    }

    static func parse(bytes: [UInt8], types: [[UInt8]] = Self.types) -> Outcome {
        let normalizer = TitleNormalizer()
        // The row's title lies in the normaliser, which must outlive reading it.
        return withExtendedLifetime(normalizer) { bytes.withUnsafeBytes { line in
            switch IMDbRow.parse(line, keeping: types, normalizer: normalizer) {
            case .kept(let row):
                let info = ByteBuffer()
                row.appendInfo(to: info)
                return .kept(Kept(
                    title: String(decoding: row.title.display, as: UTF8.self),
                    key: String(decoding: row.title.key, as: UTF8.self),
                    startYear: row.startYear,
                    info: String(decoding: info.readableBytes, as: UTF8.self)))
            case .otherType:
                return .otherType
            case .bad(let reason):
                return .bad(reason)
            }
        } }
    }

    @Test func theHeaderIsRecognisedExactly() {
        #expect(Array(Self.header.utf8).withUnsafeBytes(IMDbRow.isHeader))
        #expect(!Array((Self.header + "\textra").utf8).withUnsafeBytes(IMDbRow.isHeader))
        #expect(!Array("Heat | 1995".utf8).withUnsafeBytes(IMDbRow.isHeader))
    }

    @Test func aMovieRowBecomesTitleAndInfo() throws {
        let parsed = Self.parse(["tt0111161", "movie", "The  Shawshank Redemption", "x", "0", "1994", #"\N"#, "142", "Drama,Crime"])
        guard case .kept(let row) = parsed else {
            Issue.record("not kept: \(parsed)")
            return
        }
        #expect(row.title == "The Shawshank Redemption")
        #expect(row.key == "the shawshank redemption")
        #expect(row.startYear == 1994)
        #expect(row.info == "1994; 142 min; Drama,Crime; tt0111161")
    }

    @Test func missingFieldsAreLeftOutAndOtherTypesAreNamed() throws {
        guard case .kept(let bare) = Self.parse(["tt9000002", "movie", "Heat", "Heat", "0", #"\N"#, #"\N"#, #"\N"#, #"\N"#]) else {
            Issue.record("not kept")
            return
        }
        #expect(bare.startYear == nil)
        #expect(bare.info == "tt9000002")
        let series = Self.parse(["tt0903747", "tvSeries", "Breaking Bad", "x", "0", "2008", "2013", "49", "Crime"],
                                types: [Array("tvSeries".utf8)])
        guard case .kept(let kept) = series else {
            Issue.record("not kept")
            return
        }
        #expect(kept.info == "2008-2013; tvSeries; 49 min; Crime; tt0903747")
    }

    @Test func numbersLoseTheirLeadingZerosAndAnEndYearNeedsAStartYear() {
        let row = Self.parse(["tt7", "tvMovie", "Zeros", "x", "0", #"\N"#, "0042", "007", "Drama"])
        #expect(row == .kept(Kept(title: "Zeros", key: "zeros", startYear: nil, info: "tvMovie; 7 min; Drama; tt7")))
        let years = Self.parse(["tt8", "movie", "Years", "x", "0", "0999", "2001", #"\N"#, #"\N"#])
        #expect(years == .kept(Kept(title: "Years", key: "years", startYear: 999, info: "999-2001; tt8")))
    }

    @Test func rowsOfOtherTypesAreLeftOutUnchecked() {
        #expect(Self.parse(["tt0000001", "short", "Gone | Wind", "x", "0", "1894", #"\N"#, "1", "Short"]) == .otherType)
        #expect(Self.parse(["tt0000001", "tvEpisode", "only three fields"]) == .otherType)
    }

    @Test(arguments: [
        (["tt1", "movie", "Gone | Wind", "x", "0", "1939", #"\N"#, "238", "Drama"], "tt1: a title cannot contain '|': Gone | Wind"),
        (["tt1", "movie", "Broken", "x", "0", "1999", #"\N"#, "90"], "expected 9 tab-separated fields, found 8"),
        (["tt1"], "expected 9 tab-separated fields, found 1"),
        (["tt1", "movie", "Odd", "x", "0", "19x9", #"\N"#, "90", "Comedy"], "tt1: startYear is not a number: '19x9'"),
        (["tt1", "movie", "Odd", "x", "0", "1999", #"\N"#, "-5", "Comedy"], "tt1: runtimeMinutes is not a number: '-5'"),
        (["tt 1", "movie", "Odd", "x", "0", "1999", #"\N"#, "5", "Comedy"], "tconst is not an IMDb id: 'tt 1'"),
        (["tt1", "movie", #"\N"#, "x", "0", "1999", #"\N"#, "5", "Comedy"], "tt1 has no primaryTitle"),
        (["tt1", "movie", "   ", "x", "0", "1999", #"\N"#, "5", "Comedy"], "tt1: the title is empty"),
        (["tt1", "movie"], "expected 9 tab-separated fields, found 2"),
        (["tt1", "short"], "expected 9 tab-separated fields, found 2"),
        (["tt1", "movie", "Long", "x", "0", "1999", #"\N"#, "90", "Drama", "x", "y"], "expected 9 tab-separated fields, found 11"),
        (["", "movie", "Odd", "x", "0", "1999", #"\N"#, "5", "Comedy"], "tconst is not an IMDb id: ''"),
        ([#"\N"#, "movie", "Odd", "x", "0", "1999", #"\N"#, "5", "Comedy"], #"tconst is not an IMDb id: '\N'"#),
        (["tt1", "movie", "Odd\rTitle", "x", "0", "1999", #"\N"#, "5", "Comedy"], "tt1: a title cannot contain a line break"),
        (["tt1", "movie", "Odd", "x", "0", "1999", "", "5", "Comedy"], "tt1: endYear is not a number: ''"),
        (["tt1", "movie", "Odd", "x", "0", "1234567", #"\N"#, "5", "Comedy"], "tt1: startYear is not a number: '1234567'"),
        (["tt1", "movie", "Odd\u{0}", "x", "0", "1999", #"\N"#, "5", "Comedy"], "contains a NUL byte"),
        (["tt1", "movie", String(repeating: "x", count: 257), "x", "0", "1999", #"\N"#, "5", "Comedy"],
         "tt1: the title is 257 bytes; the limit is 256 bytes (UTF-8)"),
    ] as [([String], String)])
    func badRowsSayWhy(fields: [String], reason: String) {
        #expect(Self.parse(fields) == .bad(reason))
    }

    @Test func invalidUTF8IsRefused() {
        var bytes = Array("tt1\tmovie\tH".utf8) + [0xC3, 0x28]
        bytes += Array("\tx\t0\t1999\t\\N\t5\tComedy".utf8)
        #expect(Self.parse(bytes: bytes) == .bad("not valid UTF-8"))
    }
}
