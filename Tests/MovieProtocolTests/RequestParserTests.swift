import MovieProtocol
import Testing

@Suite struct RequestParserTests {
    @Test(arguments: Command.allCases)
    func everyCommandParsesInSeveralCases(command: Command) {
        let upper = command.wireName.description
        for word in [upper, upper.lowercased(), upper.prefix(1).lowercased() + upper.dropFirst()] {
            #expect(parse(word) == .request(command, ""), "\(word)")
        }
    }

    @Test func mixedCaseGet() {
        #expect(parse("GeT Heat") == .request(.get, "Heat"))
        #expect(parse("get Heat") == .request(.get, "Heat"))
    }

    @Test func argumentsAreTrimmedButKeepInnerWhiteSpace() {
        #expect(parse("GET   the   matrix  ") == .request(.get, "the   matrix"))
        #expect(parse("   PING   ") == .request(.ping, ""))
    }

    @Test func tabsSeparateLikeSpaces() {
        #expect(parse("GET\tHeat") == .request(.get, "Heat"))
        #expect(parse("\t add \t Heat | 1995\t") == .request(.add, "Heat | 1995"))
        #expect(parse("find\t\tmatrix") == .request(.find, "matrix"))
    }

    @Test func oneTrailingCRIsDropped() {
        #expect(parse("PING\r") == .request(.ping, ""))
        #expect(parse("GET Heat\r") == .request(.get, "Heat"))
        // Only the CR right before the LF is framing; another one is argument text.
        #expect(parse("GET Heat\r\r") == .request(.get, "Heat\r"))
    }

    @Test(arguments: ["", " ", "\t", "  \t  ", "\r", " \t \r"])
    func blankLinesAreIgnored(line: String) {
        #expect(parse(line) == .blank)
    }

    @Test func unknownCommandsCarryTheirWord() {
        #expect(parse("frobnicate") == .unknownCommand("frobnicate"))
        #expect(parse("  GETS Heat ") == .unknownCommand("GETS"))
        #expect(parse("GET|Heat") == .unknownCommand("GET|Heat"))
        #expect(parse("fïnd x") == .unknownCommand("fïnd"))
    }

    @Test func onlySpaceAndTabSeparateTheWord() {
        // A vertical tab or form feed is not white space in this protocol.
        #expect(parse("GET\u{0B}Heat") == .unknownCommand("GET\u{0B}Heat"))
        #expect(parse("PING\u{0C}") == .unknownCommand("PING\u{0C}"))
    }

    @Test func nulAnywhereIsABadRequest() {
        #expect(parse([0]) == .badRequest(.containsNUL))
        #expect(parse(Array("GET Heat".utf8) + [0]) == .badRequest(.containsNUL))
        #expect(parse(Array("GET He".utf8) + [0] + Array("at is long enough to pass the fast path".utf8)) == .badRequest(.containsNUL))
        #expect(parse([0] + Array("PING".utf8)) == .badRequest(.containsNUL))
        #expect(parse(Array("   ".utf8) + [0]) == .badRequest(.containsNUL))
    }

    @Test(arguments: [
        [0xFF],  // never valid
        [0xC0, 0xAF],  // overlong "/"
        [0xE0, 0x80, 0xAF],  // overlong, three bytes
        [0xED, 0xA0, 0x80],  // UTF-16 surrogate
        [0xF4, 0x90, 0x80, 0x80],  // past U+10FFFF
        [0xC3],  // truncated at the end of the line
        [0x80],  // lone continuation byte
    ] as [[UInt8]])
    func invalidUTF8IsABadRequest(bad: [UInt8]) {
        #expect(parse(Array("GET ".utf8) + bad) == .badRequest(.invalidUTF8))
        #expect(parse(Array("ADD ".utf8) + bad + Array(" | a long enough info".utf8)) == .badRequest(.invalidUTF8))
        #expect(parse(bad + Array(" PING".utf8)) == .badRequest(.invalidUTF8))
    }

    @Test func validMultiByteUTF8IsAccepted() {
        #expect(parse("GET Amélie") == .request(.get, "Amélie"))
        #expect(parse("get 千と千尋の神隠し") == .request(.get, "千と千尋の神隠し"))
        #expect(parse("FIND 🎬 and more text after it") == .request(.find, "🎬 and more text after it"))
        #expect(parse("ADD Ça | 𝄞 Ω ß") == .request(.add, "Ça | 𝄞 Ω ß"))
    }

    @Test func longLinesAreParsedWhole() {
        let title = String(repeating: "x", count: 8000)
        #expect(parse("GET " + title) == .request(.get, title))
    }
}
