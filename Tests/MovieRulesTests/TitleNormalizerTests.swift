import MovieRules
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

    /// The word-at-a-time path against the rule written plainly, on titles
    /// whose spaces, tabs, capitals, `|` and non-ASCII fall at every offset
    /// within and across eight-byte words.
    @Test func foldsAsThePlainRuleDoesWhereverTheBytesFall() throws {
        let pieces = ["A", "b", "Z", "z", "@", "[", "`", "{", "0", " ", "  ", "\t", "é", "|", "Ω"]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...40, using: &random)
            let text = (0..<length).map { _ in pieces.randomElement(using: &random)! }.joined()
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let display = words.joined(separator: " ")
            let expected: Result<(String, String), TitleError>
            if display.isEmpty {
                expected = .failure(.empty)
            } else if display.contains("|") {
                expected = .failure(.containsPipe)
            } else if display.utf8.count > MovieLimits.maximumTitleBytes {
                expected = .failure(.tooLong)
            } else {
                let key = display.utf8.allSatisfy { $0 < 0x80 }
                    ? String(decoding: display.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
                    : display.lowercased()
                expected = .success((display, key))
            }
            do {
                let title = try Title.normalize(text)
                guard case .success(let (display, key)) = expected else {
                    Issue.record("\(text.debugDescription) normalised, expected \(expected)")
                    continue
                }
                #expect(title.display == display, "\(text.debugDescription)")
                #expect(title.key == key, "\(text.debugDescription)")
            } catch {
                #expect(expected.failure == error, "\(text.debugDescription)")
            }
        }
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

private extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
