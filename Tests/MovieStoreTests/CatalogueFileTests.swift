import MovieStore
import Testing

@Suite struct CatalogueFileTests {
    @Test func loadsMoviesSkippingBlankAndCommentLines() throws {
        let catalogue = try CatalogueFile.load("""
            # favourites
            The Matrix | 1999; Wachowski

              \t
            amélie|2001 | Jeunet\r
            Blank |
            #Not a movie | really
            """)
        #expect(catalogue.count == 3)
        #expect(catalogue.snapshot().titles == ["amélie", "Blank", "The Matrix"])
        #expect(try catalogue.movie(titled: "AMÉLIE")?.lineString == "amélie | 2001 | Jeunet")
        #expect(try catalogue.movie(titled: "blank")?.lineString == "Blank | ")
    }

    @Test func loadsAnEmptyFile() throws {
        #expect(try CatalogueFile.load("").count == 0)
        #expect(try CatalogueFile.load("\n\n# nothing\n").count == 0)
    }

    @Test func loadedCatalogueAcceptsWrites() throws {
        var text = ""
        for number in 0..<1000 { text += "Movie \(number) | \(number)\n" }
        let catalogue = try CatalogueFile.load(text)
        _ = try catalogue.add(title: "Movie 1000", info: "")
        try catalogue.delete(title: "movie 0")
        let keys = catalogue.snapshot().map(\.keyString)
        #expect(keys.count == 1000)
        #expect(keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(try catalogue.movie(titled: "movie 1000") != nil)
    }

    @Test func reportsAMissingSeparator() {
        #expect(throws: CatalogueFileError(line: 2, problem: .missingSeparator)) {
            try CatalogueFile.load("A | 1\nno separator here\n")
        }
    }

    @Test func reportsAnEmptyTitle() {
        #expect(throws: CatalogueFileError(line: 3, problem: .emptyTitle)) {
            try CatalogueFile.load("# c\nA | 1\n  | 2\n")
        }
    }

    @Test func reportsATitleTooLong() throws {
        let ok = String(repeating: "t", count: 256)
        #expect(try CatalogueFile.load("\(ok) | fine").count == 1)
        #expect(throws: CatalogueFileError(line: 1, problem: .titleTooLong)) {
            try CatalogueFile.load("\(ok)t | too long")
        }
    }

    @Test func reportsInfoTooLong() {
        let info = String(repeating: "i", count: 4097)
        #expect(throws: CatalogueFileError(line: 2, problem: .infoTooLong)) {
            try CatalogueFile.load("\nA | \(info)")
        }
    }

    @Test func reportsADuplicateTitleWithTheEarlierSpelling() {
        #expect(throws: CatalogueFileError(line: 4, problem: .duplicateTitle("The Matrix"))) {
            try CatalogueFile.load("The Matrix | 1\nAlien | 2\n\nthe  MATRIX | 3\n")
        }
    }

    @Test func reportsInvalidUTF8() {
        let overlong: [UInt8] = Array("A | 1\nB | ".utf8) + [0xC0, 0x80] + Array("\n".utf8)
        #expect(throws: CatalogueFileError(line: 2, problem: .invalidUTF8)) { try CatalogueFile.load(overlong) }
        let surrogate: [UInt8] = Array("X".utf8) + [0xED, 0xA0, 0x80] + Array(" | 1".utf8)
        #expect(throws: CatalogueFileError(line: 1, problem: .invalidUTF8)) { try CatalogueFile.load(surrogate) }
        let truncated: [UInt8] = Array("\n\nTitle | caf".utf8) + [0xC3]
        #expect(throws: CatalogueFileError(line: 3, problem: .invalidUTF8)) { try CatalogueFile.load(truncated) }
    }

    @Test func reportsANULByte() {
        let bytes: [UInt8] = Array("A | 1\0".utf8)
        #expect(throws: CatalogueFileError(line: 1, problem: .containsNUL)) { try CatalogueFile.load(bytes) }
    }

    @Test func describesErrorsWithTheLineNumber() {
        #expect(CatalogueFileError(line: 7, problem: .missingSeparator).description == "line 7: no '|' between title and info")
        #expect(CatalogueFileError(line: 2, problem: .duplicateTitle("Up")).description == "line 2: duplicate title \"Up\"")
    }
}
