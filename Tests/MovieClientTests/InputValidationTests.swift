import MovieClient
import Testing

@Suite("input checked before sending")
struct InputValidationTests {
    @Test func titlesAreNormalisedAsTheServerWill() throws {
        #expect(try InputValidation.title("  the \t  matrix ") == "the matrix")
    }

    @Test func aTitleOf256BytesPassesAnd257Fail() throws {
        let exact = String(repeating: "é", count: 128)
        #expect(try InputValidation.title(exact) == exact)
        #expect(throws: InputError("the title is 257 bytes; the limit is 256 bytes (UTF-8)")) {
            try InputValidation.title(exact + "x")
        }
    }

    @Test(arguments: [
        ("a | b", "a title cannot contain '|': a | b"),
        (" \t ", "the title is empty"),
        ("two\nlines", "a title cannot contain a line break"),
    ])
    func badTitlesAreExplained(title: String, message: String) {
        #expect(throws: InputError(message)) { try InputValidation.title(title) }
    }

    @Test func infoIsTrimmedMayHoldABarAndIsLimitedTo4096Bytes() throws {
        #expect(try InputValidation.info("  1995 | remastered \t") == "1995 | remastered")
        #expect(try InputValidation.info("") == "")
        let limit = String(repeating: "i", count: 4096)
        #expect(try InputValidation.info(" \(limit) ") == limit)
        #expect(throws: InputError("the info is 4097 bytes; the limit is 4096 bytes (UTF-8)")) {
            try InputValidation.info(limit + "i")
        }
        #expect(throws: InputError("the info cannot contain a line break")) { try InputValidation.info("a\r\nb") }
    }

    @Test func searchTextMustNotBeEmpty() throws {
        #expect(try InputValidation.searchText(" god   father ") == "god father")
        #expect(throws: InputError("the search text is empty")) { try InputValidation.searchText("  ") }
    }
}
