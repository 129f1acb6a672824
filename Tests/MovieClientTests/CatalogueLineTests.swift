@testable import MovieClient
import Testing

/// Catalogue lines (`Title | info`) checked by the server's rules before anything is sent.
@Suite("import: catalogue lines")
struct CatalogueLineTests {
    static func parse(_ bytes: [UInt8]) -> CatalogueLine {
        bytes.withUnsafeBytes { CatalogueLine.parse($0) }
    }

    static func parse(_ text: String) -> CatalogueLine {
        parse(Array(text.utf8))
    }

    @Test func aLineIsSplitAtTheFirstBarAndNormalised() {
        #expect(Self.parse("  The   Matrix |  1999; Wachowski | remastered  ")
            == .movie(title: "The Matrix", key: "the matrix", info: "1999; Wachowski | remastered"))
        #expect(Self.parse("Heat|") == .movie(title: "Heat", key: "heat", info: ""))
    }

    @Test(arguments: ["# a comment", "#Heat | 1995", "", "   ", "\t \t"])
    func commentsAndBlankLinesAreNoMovie(line: String) {
        #expect(Self.parse(line) == CatalogueLine.none)
    }

    @Test(arguments: [
        ("no bar here", "no '|' between title and info"),
        ("   | info", "the title is empty"),
        (String(repeating: "t", count: 257) + " | x", "the title is 257 bytes; the limit is 256 bytes (UTF-8)"),
        ("Heat | " + String(repeating: "i", count: 4097), "the info is 4097 bytes; the limit is 4096 bytes (UTF-8)"),
        ("He\rat | 1995", "a title cannot contain a line break"),
        ("  # not at the start | so a title", nil),
    ] as [(String, String?)])
    func badLinesSayWhy(line: String, reason: String?) {
        if let reason {
            #expect(Self.parse(line) == .bad(reason))
        } else {
            #expect(Self.parse(line) == .movie(title: "# not at the start", key: "# not at the start", info: "so a title"))
        }
    }

    @Test func bytesThatAreNotTextAreRefused() {
        #expect(Self.parse([0x48, 0xFF, 0x20, 0x7C, 0x20, 0x31]) == .bad("not valid UTF-8"))
        #expect(Self.parse([0x48, 0x00, 0x20, 0x7C, 0x20, 0x31]) == .bad("contains a NUL byte"))
    }
}
