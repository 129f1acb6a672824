import MovieProtocol
import Testing

@Suite struct ResponseScannerTests {
    func scan(_ text: String, expecting command: Command?) -> ScanResult {
        var scanner = ResponseScanner()
        return withBytes(text) { scanner.scan($0, expecting: command) }
    }

    @Test func singleLineResponses() {
        #expect(scan("OK PONG\nOK", expecting: .ping)
            == .response(ResponseFrame(length: 8, status: .ok, statusLineLength: 7, dataLineCount: 0)))
        #expect(scan("OK\n", expecting: .auth)
            == .response(ResponseFrame(length: 3, status: .ok, statusLineLength: 2, dataLineCount: 0)))
        // COUNT answers `OK <n>` on one line: no data lines may be waited for.
        #expect(scan("OK 3\n", expecting: .count)
            == .response(ResponseFrame(length: 5, status: .ok, statusLineLength: 4, dataLineCount: 0)))
    }

    @Test func errorsAreOneLineWhateverTheCommand() {
        #expect(scan("ERR NOT_FOUND Heat\n", expecting: .get)
            == .response(ResponseFrame(length: 19, status: .error(.notFound), statusLineLength: 18, dataLineCount: 0)))
        #expect(scan("ERR BAD_REQUEST missing search text\nHeat\n", expecting: .find)
            == .response(ResponseFrame(length: 36, status: .error(.badRequest), statusLineLength: 35, dataLineCount: 0)))
        #expect(scan("ERR BUSY\n", expecting: .ping)
            == .response(ResponseFrame(length: 9, status: .error(.busy), statusLineLength: 8, dataLineCount: 0)))
    }

    @Test func everyErrorCodeIsRecognised() {
        for code in ErrorCode.allCases {
            let line = "ERR \(code.wireName) message\n"
            #expect(scan(line, expecting: .get)
                == .response(ResponseFrame(length: line.utf8.count, status: .error(code),
                                           statusLineLength: line.utf8.count - 1, dataLineCount: 0)))
        }
    }

    @Test func multiLineResponses() {
        let text = "OK 2\nHeat\nThe Matrix\nOK 0\n"
        #expect(scan(text, expecting: .all)
            == .response(ResponseFrame(length: 21, status: .ok, statusLineLength: 4, dataLineCount: 2)))
        #expect(scan("OK 0\nOK PONG\n", expecting: .find)
            == .response(ResponseFrame(length: 5, status: .ok, statusLineLength: 4, dataLineCount: 0)))
        // A data line that looks like a status line is still data.
        #expect(scan("OK 1\nERR BUSY\n", expecting: .find)
            == .response(ResponseFrame(length: 14, status: .ok, statusLineLength: 4, dataLineCount: 1)))
    }

    @Test func incompleteResponsesNeedMoreBytes() {
        #expect(scan("", expecting: .ping) == .needMoreBytes)
        #expect(scan("OK PON", expecting: .ping) == .needMoreBytes)
        #expect(scan("OK 2\nHeat\n", expecting: .all) == .needMoreBytes)
        #expect(scan("OK 2\nHeat\nThe Mat", expecting: .all) == .needMoreBytes)
        #expect(scan("EVENT added He", expecting: nil) == .needMoreBytes)
    }

    @Test func byteByByteFindsTheSameFrameAsOneChunk() {
        let text = Array("OK 3\nHeat\nThe Matrix\nAmélie\nOK PONG\n".utf8)
        var scanner = ResponseScanner()
        var results: [ScanResult] = []
        for end in 1...text.count {
            results.append(text[..<end].withUnsafeBytes { scanner.scan($0, expecting: .all) })
            if case .response = results.last { break }
        }
        #expect(results.dropLast().allSatisfy { $0 == .needMoreBytes })
        #expect(results.count == 29)
        #expect(results.last == .response(ResponseFrame(length: 29, status: .ok, statusLineLength: 4, dataLineCount: 3)))
    }

    @Test func events() {
        #expect(scan("EVENT added The Matrix\n", expecting: nil) == .event(EventFrame(length: 23, change: .added)))
        #expect(scan("EVENT edited Heat\nOK\n", expecting: .get) == .event(EventFrame(length: 18, change: .edited)))
        #expect(scan("EVENT deleted Heat\n", expecting: .all) == .event(EventFrame(length: 19, change: .deleted)))
        #expect(EventFrame(length: 19, change: .deleted).titleRange == 14..<18)
    }

    @Test(arguments: ["EVENT added\n", "EVENT added \n", "EVENT addedHeat\n", "EVENT created Heat\n", "EVENT ADDED Heat\n", "EVENT  added Heat\n"])
    func malformedEvents(line: String) {
        #expect(scan(line, expecting: nil) == .violation(.malformedEvent))
        #expect(scan(line, expecting: .get) == .violation(.malformedEvent))
    }

    @Test func violations() {
        #expect(scan("HELLO\n", expecting: .ping) == .violation(.unrecognisedLine))
        #expect(scan("OKAY\n", expecting: .ping) == .violation(.unrecognisedLine))
        #expect(scan("ok PONG\n", expecting: .ping) == .violation(.unrecognisedLine))
        #expect(scan("ERR\n", expecting: .ping) == .violation(.unrecognisedLine))
        #expect(scan("\n", expecting: .ping) == .violation(.unrecognisedLine))
        #expect(scan("EVENT\n", expecting: nil) == .violation(.unrecognisedLine))
        #expect(scan("ERR OOPS bad\n", expecting: .ping) == .violation(.unknownErrorCode))
        #expect(scan("ERR not_found Heat\n", expecting: .get) == .violation(.unknownErrorCode))
        #expect(scan("ERR  NOT_FOUND\n", expecting: .get) == .violation(.unknownErrorCode))
        #expect(scan("OK PONG\n", expecting: nil) == .violation(.unexpectedResponse))
        #expect(scan("OK\n", expecting: .all) == .violation(.badCount))
        #expect(scan("OK two\n", expecting: .all) == .violation(.badCount))
        #expect(scan("OK -1\n", expecting: .stats) == .violation(.badCount))
        #expect(scan("OK 1 \n", expecting: .help) == .violation(.badCount))
        #expect(scan("OK 99999999999999999999\n", expecting: .help) == .violation(.badCount))
    }

    @Test func unsolicitedErrorsAreAllowed() {
        #expect(scan("ERR BUSY too many connections\n", expecting: nil)
            == .response(ResponseFrame(length: 30, status: .error(.busy), statusLineLength: 29, dataLineCount: 0)))
    }

    @Test func overlongLinesAreViolations() {
        var scanner = ResponseScanner(maxLineBytes: 10)
        #expect(withBytes("OK 0123456") { scanner.scan($0, expecting: .ping) } == .needMoreBytes)
        #expect(withBytes("OK 01234567") { scanner.scan($0, expecting: .ping) } == .violation(.lineTooLong))
        scanner.reset()
        #expect(withBytes("OK 01234567\n") { scanner.scan($0, expecting: .ping) } == .violation(.lineTooLong))
        scanner.reset()
        #expect(withBytes("OK 1\n0123456789A") { scanner.scan($0, expecting: .all) } == .violation(.lineTooLong))
        scanner.reset()
        #expect(withBytes("OK 1\n0123456789\n") { scanner.scan($0, expecting: .all) }
            == .response(ResponseFrame(length: 16, status: .ok, statusLineLength: 4, dataLineCount: 1)))
    }

    @Test func hugeCountsWaitInsteadOfAllocating() {
        #expect(scan("OK 999999999999999999\nHeat\n", expecting: .all) == .needMoreBytes)
    }
}
