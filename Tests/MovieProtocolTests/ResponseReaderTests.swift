import MovieProtocol
import Testing

@Suite struct ResponseReaderTests {
    /// A pipelined session: what the client sent, and everything the server answered.
    static let commands: [Command] = [.ping, .get, .all, .add, .find, .count]
    static let serverBytes = Array("""
        OK PONG
        OK Heat | 1995; Michael Mann | crime
        EVENT added Amélie
        OK 2
        Amélie
        EVENT added Heat
        OK added 千と千尋の神隠し
        EVENT added 千と千尋の神隠し
        ERR BAD_REQUEST missing search text (usage: FIND <text>)
        OK 3

        """.utf8)
    static let expected: [Incoming] = [
        .response(Response(command: .ping, status: .ok, text: "PONG")),
        .response(Response(command: .get, status: .ok, text: "Heat | 1995; Michael Mann | crime")),
        .event(Event(change: .added, title: "Amélie")),
        // A data line that reads like an event is still a title inside a response.
        .response(Response(command: .all, status: .ok, text: "2", lines: ["Amélie", "EVENT added Heat"])),
        .response(Response(command: .add, status: .ok, text: "added 千と千尋の神隠し")),
        .event(Event(change: .added, title: "千と千尋の神隠し")),
        .response(Response(command: .find, status: .error(.badRequest), text: "missing search text (usage: FIND <text>)")),
        .response(Response(command: .count, status: .ok, text: "3")),
    ]

    func readAll(_ reader: inout ResponseReader) throws(ProtocolError) -> [Incoming] {
        var found: [Incoming] = []
        while let incoming = try reader.next() { found.append(incoming) }
        return found
    }

    func freshReader() -> ResponseReader {
        var reader = ResponseReader()
        for command in Self.commands { reader.expect(command) }
        return reader
    }

    @Test func oneChunk() throws {
        var reader = freshReader()
        reader.feed(Self.serverBytes)
        #expect(try readAll(&reader) == Self.expected)
        #expect(reader.outstandingCount == 0)
        #expect(!reader.hasPartialData)
    }

    @Test func byteByByte() throws {
        var reader = freshReader()
        var found: [Incoming] = []
        for byte in Self.serverBytes {
            reader.feed([byte])
            found += try readAll(&reader)
        }
        #expect(found == Self.expected)
        #expect(!reader.hasPartialData)
    }

    @Test func everySplitInTwo() throws {
        for cut in 0...Self.serverBytes.count {
            var reader = freshReader()
            reader.feed(Array(Self.serverBytes[..<cut]))
            var found = try readAll(&reader)
            reader.feed(Array(Self.serverBytes[cut...]))
            found += try readAll(&reader)
            #expect(found == Self.expected, "cut at \(cut)")
        }
    }

    @Test func partialResponseIsHeld() throws {
        var reader = ResponseReader()
        reader.expect(.all)
        reader.feed(Array("OK 2\nHeat\n".utf8))
        #expect(try reader.next() == nil)
        #expect(reader.hasPartialData)
        #expect(reader.outstandingCount == 1)
    }

    @Test func eventsWithNothingOutstanding() throws {
        var reader = ResponseReader()
        reader.feed(Array("EVENT deleted Heat\nEVENT edited The Matrix\n".utf8))
        #expect(try reader.next() == .event(Event(change: .deleted, title: "Heat")))
        #expect(try reader.next() == .event(Event(change: .edited, title: "The Matrix")))
        #expect(try reader.next() == nil)
    }

    @Test func busyBeforeAnyRequest() throws {
        var reader = ResponseReader()
        reader.feed(Array("ERR BUSY server full\n".utf8))
        #expect(try reader.next() == .response(Response(command: nil, status: .error(.busy), text: "server full")))
    }

    @Test func bareOKAndErrorWithoutMessageHaveEmptyText() throws {
        var reader = ResponseReader()
        reader.expect(.auth)
        reader.expect(.auth)
        reader.feed(Array("OK\nERR DENIED\n".utf8))
        #expect(try reader.next() == .response(Response(command: .auth, status: .ok, text: "")))
        #expect(try reader.next() == .response(Response(command: .auth, status: .error(.denied), text: "")))
    }

    @Test func emptyListHasNoLines() throws {
        var reader = ResponseReader()
        reader.expect(.find)
        reader.expect(.ping)
        reader.feed(Array("OK 0\nOK PONG\n".utf8))
        #expect(try reader.next() == .response(Response(command: .find, status: .ok, text: "0", lines: [])))
        #expect(try reader.next() == .response(Response(command: .ping, status: .ok, text: "PONG")))
    }

    @Test func violationsAreStickyAndCarryTheLine() throws {
        var reader = ResponseReader()
        reader.expect(.ping)
        reader.expect(.ping)
        reader.feed(Array("HELLO THERE\nOK PONG\n".utf8))
        #expect(throws: ProtocolError(violation: .unrecognisedLine, line: "HELLO THERE")) { try reader.next() }
        #expect(throws: ProtocolError(violation: .unrecognisedLine, line: "HELLO THERE")) { try reader.next() }
    }

    @Test(arguments: [
        ("ERR WHATEVER x\n", Command.ping, ProtocolViolation.unknownErrorCode),
        ("OK many\n", .all, .badCount),
        ("EVENT renamed Heat\n", .ping, .malformedEvent),
        ("PONG\n", .ping, .unrecognisedLine),
    ])
    func violationKinds(text: String, command: Command, violation: ProtocolViolation) {
        var reader = ResponseReader()
        reader.expect(command)
        reader.feed(Array(text.utf8))
        #expect(throws: ProtocolError(violation: violation, line: String(text.dropLast()))) { try reader.next() }
    }

    @Test func okWithNoRequestOutstanding() {
        var reader = ResponseReader()
        reader.feed(Array("OK PONG\n".utf8))
        #expect(throws: ProtocolError(violation: .unexpectedResponse, line: "OK PONG")) { try reader.next() }
    }

    @Test func invalidUTF8FromTheServer() {
        var reader = ResponseReader()
        reader.expect(.all)
        reader.feed(Array("OK 1\n".utf8) + [0x48, 0xFF, 0x0A])
        #expect(throws: ProtocolError.self) { try reader.next() }
        var eventReader = ResponseReader()
        eventReader.feed(Array("EVENT added ".utf8) + [0xC0, 0x80, 0x0A])
        #expect { try eventReader.next() } throws: { ($0 as? ProtocolError)?.violation == .invalidText }
    }

    @Test func endlessLineIsAViolationNotUnboundedGrowth() {
        var reader = ResponseReader(maxLineBytes: 100)
        reader.expect(.get)
        reader.feed(Array("OK ".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 200))
        #expect { try reader.next() } throws: { ($0 as? ProtocolError)?.violation == .lineTooLong }
    }

    @Test func manyResponsesReuseTheBuffer() throws {
        var reader = ResponseReader()
        var answered = 0
        for round in 0..<2000 {
            reader.expect(.count)
            reader.feed(Array("OK \(round)\n".utf8))
            if case .response(let response) = try reader.next() {
                #expect(response.text == "\(round)")
                answered += 1
            }
        }
        #expect(answered == 2000)
        #expect(reader.outstandingCount == 0)
    }
}
