import MovieStore
import Testing

@Suite struct TitleNormalizerTests {
    @Test func trimsLeadingAndTrailingSpacesAndTabs() throws {
        let title = try Title.normalize(" \t The Matrix\t  ")
        #expect(title.display == "The Matrix")
        #expect(title.key == "the matrix")
    }

    @Test func foldsInnerRunsOfWhiteSpaceToOneSpace() throws {
        #expect(try Title.normalize("The  \t Matrix \t\t Reloaded").display == "The Matrix Reloaded")
        #expect(try Title.normalize("a\tb").display == "a b")
    }

    @Test func lowercasesASCII() throws {
        #expect(try Title.normalize("THE MaTrIx @[`{ 09").key == "the matrix @[`{ 09")
    }

    @Test func lowercasesNonASCII() throws {
        let upper = try Title.normalize("AMÉLIE")
        let lower = try Title.normalize("amélie")
        #expect(upper.display == "AMÉLIE")
        #expect(upper.key == "amélie")
        #expect(upper.key == lower.key)
        #expect(try Title.normalize("ΣΩΚΡΆΤΗΣ").key == "ΣΩΚΡΆΤΗΣ".lowercased())
    }

    @Test func keyMayBeLongerThanDisplayTitle() throws {
        // U+023A is two bytes; its lowercase U+2C65 is three.
        let title = try Title.normalize(String(repeating: "\u{23A}", count: 128))
        #expect(title.display.utf8.count == 256)
        #expect(title.key.utf8.count == 384)
    }

    @Test func rejectsEmptyTitles() {
        #expect(throws: TitleError.empty) { try Title.normalize("") }
        #expect(throws: TitleError.empty) { try Title.normalize(" \t  ") }
    }

    @Test func rejectsPipe() {
        #expect(throws: TitleError.containsPipe) { try Title.normalize("a|b") }
        #expect(throws: TitleError.containsPipe) { try Title.normalize("|") }
    }

    @Test func acceptsExactly256BytesAfterNormalisation() throws {
        let longest = String(repeating: "x", count: 256)
        #expect(try Title.normalize("  " + longest + "\t").display == longest)
        #expect(try Title.normalize(String(repeating: "é", count: 128)).display.utf8.count == 256)
    }

    @Test func rejects257Bytes() {
        #expect(throws: TitleError.tooLong) { try Title.normalize(String(repeating: "x", count: 257)) }
        #expect(throws: TitleError.tooLong) { try Title.normalize(String(repeating: "é", count: 128) + "x") }
    }

    @Test func lengthIsCountedAfterFolding() throws {
        // 300 input bytes that fold to 255.
        let padded = String(repeating: "ab  ", count: 75)
        #expect(try Title.normalize(padded).display.utf8.count == 75 * 3 - 1)
    }

    @Test func reusesItsBuffersAcrossCalls() throws {
        let normalizer = TitleNormalizer()
        var results: [String] = []
        for text in ["First Title", String(repeating: "long ", count: 40), "X", "Ünïcode Ärger"] {
            let bytes = Array(text.utf8)
            let title = try bytes.withUnsafeBytes { try normalizer.normalize($0) }
            results.append(String(decoding: title.key, as: UTF8.self))
        }
        #expect(results == ["first title", String(repeating: "long ", count: 39) + "long", "x", "ünïcode ärger"])
    }

    @Test func searchKeysAreNormalisedLikeTitles() throws {
        #expect(try Title.searchKey(for: "   the   MAT ") == "the mat")
        #expect(try Title.searchKey(for: "ÉLIE") == "élie")
    }

    @Test func searchKeysMayHoldPipeAndBeLong() throws {
        #expect(try Title.searchKey(for: "a|b") == "a|b")
        #expect(try Title.searchKey(for: String(repeating: "y", count: 1000)).utf8.count == 1000)
    }

    @Test func emptySearchTextIsRejected() {
        #expect(throws: TitleError.empty) { try Title.searchKey(for: " \t ") }
    }
}
