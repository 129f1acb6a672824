@testable import MovieClient
import MovieProtocol
import Primitives
import Testing

/// Reading an import's answers: the usual ones by their bytes, the rest decoded in full.
@Suite("import: reading answers")
struct ImportAnswersTests {
    /// A readable form of what the reader gave.
    enum Seen: Equatable {
        case added, replaced
        case other(Command?, ResponseStatus, String)
    }

    static func read(_ text: String, into answers: inout ImportAnswers) throws -> [Seen] {
        try read(bytes: Array(text.utf8), into: &answers)
    }

    static func read(bytes: [UInt8], into answers: inout ImportAnswers) throws -> [Seen] {
        answers.input.append(bytes)
        var seen: [Seen] = []
        while let answer = try answers.next() {
            switch answer {
            case .added: seen.append(.added)
            case .replaced: seen.append(.replaced)
            case .other(let response): seen.append(.other(response.command, response.status, response.text))
            }
        }
        return seen
    }

    static func answers(auth: Bool = false, puts: Int) -> ImportAnswers {
        var answers = ImportAnswers()
        if auth { answers.expectAuth() }
        answers.expectPuts(puts)
        return answers
    }

    @Test func theUsualAnswersAreToldByTheirBytes() throws {
        var answers = Self.answers(puts: 3)
        let seen = try Self.read("OK added Heat\nOK edited HEAT (1995)\nOK added Ünïcode\n", into: &answers)
        #expect(seen == [.added, .replaced, .other(.put, .ok, "added Ünïcode")])
        #expect(answers.outstandingCount == 0)
    }

    @Test func everyOtherAnswerIsDecodedAsTheOtherCommandsDecodeIt() throws {
        var answers = Self.answers(auth: true, puts: 4)
        let seen = try Self.read(
            "OK\nOK added \nERR TOO_LONG the info is too long\nOK deleted Heat\nOK added  Heat\n", into: &answers)
        #expect(seen == [
            .other(.auth, .ok, ""), .other(.put, .ok, "added "), .other(.put, .error(.tooLong), "the info is too long"),
            .other(.put, .ok, "deleted Heat"), .other(.put, .ok, "added  Heat"),
        ])
    }

    @Test func anAnswerSplitAcrossReadsWaitsForItsEnd() throws {
        var answers = Self.answers(puts: 2)
        #expect(try Self.read("OK add", into: &answers) == [])
        #expect(try Self.read("ed Heat\nOK edi", into: &answers) == [.added])
        #expect(answers.outstandingCount == 1)
        #expect(try Self.read("ted Alien\n", into: &answers) == [.replaced])
    }

    @Test func eventsArePassedOverAndAnUnaskedErrorHasNoCommand() throws {
        var answers = Self.answers(puts: 1)
        #expect(try Self.read("EVENT added Heat\nOK added Heat\nERR BUSY too many connections\n", into: &answers)
            == [.added, .other(nil, .error(.busy), "too many connections")])
    }

    @Test func garbageIsAViolationNamingTheLine() {
        var answers = Self.answers(puts: 1)
        #expect(throws: ProtocolError(violation: .unrecognisedLine, line: "HELLO there")) {
            try Self.read("HELLO there\nOK added Heat\n", into: &answers)
        }
        var unasked = Self.answers(puts: 0)
        #expect(throws: ProtocolError(violation: .unexpectedResponse, line: "OK added Heat")) {
            try Self.read("OK added Heat\n", into: &unasked)
        }
        var invalid = Self.answers(puts: 1)
        #expect(throws: ProtocolError(violation: .invalidText, line: "OK added H\u{FFFD}(t")) {
            try Self.read(bytes: Array("OK added H".utf8) + [0xC3, 0x28] + Array("t\n".utf8), into: &invalid)
        }
    }
}
