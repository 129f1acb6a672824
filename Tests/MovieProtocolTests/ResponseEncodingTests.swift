import MovieProtocol
import Testing

@Suite struct ResponseEncodingTests {
    @Test func okForms() {
        #expect(encoded { $0.appendOK() } == "OK\n")
        #expect(encoded { $0.appendOK("PONG") } == "OK PONG\n")
        #expect(encoded { $0.appendOK("") } == "OK\n")
        #expect(encoded { buffer in withBytes("watching") { buffer.appendOK($0) } } == "OK watching\n")
        #expect(encoded { $0.appendOK(count: 0) } == "OK 0\n")
        #expect(encoded { $0.appendOK(count: 1234567) } == "OK 1234567\n")
    }

    @Test func okForWrites() {
        for (change, word) in [(Change.added, "added"), (.edited, "edited"), (.deleted, "deleted")] {
            let text = encoded { buffer in withBytes("The Matrix") { buffer.appendOK(change, title: $0) } }
            #expect(text == "OK \(word) The Matrix\n")
        }
    }

    @Test func okForGet() {
        let text = encoded { buffer in
            withBytes("Heat | 1995; Michael Mann | crime") { buffer.appendOK(movieLine: $0) }
        }
        #expect(text == "OK Heat | 1995; Michael Mann | crime\n")
    }

    @Test func errorsCarryTheirWireCode() {
        #expect(encoded { $0.appendError(.busy, "too many connections") } == "ERR BUSY too many connections\n")
        #expect(encoded { buffer in withBytes("Heat") { buffer.appendError(.notFound, $0) } } == "ERR NOT_FOUND Heat\n")
        #expect(encoded { buffer in withBytes("frobnicate") { buffer.appendError(.unknownCommand, $0) } }
            == "ERR UNKNOWN_COMMAND frobnicate\n")
        let names = ErrorCode.allCases.map { code in encoded { $0.appendError(code, "m") } }
        #expect(names == [
            "ERR UNKNOWN_COMMAND m\n", "ERR BAD_REQUEST m\n", "ERR NOT_FOUND m\n", "ERR EXISTS m\n", "ERR TOO_LONG m\n",
            "ERR DENIED m\n", "ERR BUSY m\n", "ERR READ_ONLY m\n", "ERR UNAVAILABLE m\n",
        ])
    }

    @Test func badRequestMessages() {
        #expect(encoded { $0.appendError(BadRequestReason.containsNUL) } == "ERR BAD_REQUEST request contains a NUL byte\n")
        #expect(encoded { $0.appendError(BadRequestReason.invalidUTF8) } == "ERR BAD_REQUEST request is not valid UTF-8\n")
        #expect(encoded { $0.appendError(ArgumentError(command: .get, problem: .missingArgument)) }
            == "ERR BAD_REQUEST missing title (usage: GET <title>)\n")
        #expect(encoded { $0.appendError(ArgumentError(command: .put, problem: .missingSeparator)) }
            == "ERR BAD_REQUEST missing '|' between title and info (usage: PUT <title> | <info>)\n")
        #expect(encoded { $0.appendError(ArgumentError(command: .ping, problem: .unexpectedArgument)) }
            == "ERR BAD_REQUEST takes no arguments (usage: PING)\n")
    }

    @Test func dataLinesStatsAndEvents() {
        #expect(encoded { buffer in withBytes("Heat") { buffer.appendLine($0) } } == "Heat\n")
        #expect(encoded { $0.appendStat("movies", 120) } == "movies 120\n")
        #expect(encoded { buffer in withBytes("Heat") { buffer.appendEvent(.added, title: $0) } } == "EVENT added Heat\n")
        #expect(encoded { buffer in withBytes("Heat") { buffer.appendEvent(.edited, title: $0) } } == "EVENT edited Heat\n")
        #expect(encoded { buffer in withBytes("Heat") { buffer.appendEvent(.deleted, title: $0) } } == "EVENT deleted Heat\n")
    }

    @Test func multiLineResponseIsReadBackWhole() throws {
        let text = encoded { buffer in
            buffer.appendOK(count: 2)
            withBytes("Heat") { buffer.appendLine($0) }
            withBytes("The Matrix") { buffer.appendLine($0) }
        }
        #expect(text == "OK 2\nHeat\nThe Matrix\n")
    }

    @Test func helpListsEveryCommandOnce() throws {
        let lines = encoded { $0.appendHelp() }.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "OK \(Command.allCases.count)")
        #expect(lines.last == "")
        let body = lines.dropFirst().dropLast()
        #expect(body.count == HelpText.lineCount)
        for (line, command) in zip(body, Command.allCases) {
            #expect(line.hasPrefix(command.usage.description + " "), "\(line)")
            #expect(line.hasSuffix(command.summary.description), "\(line)")
        }
        // Summaries line up in one column.
        let columns = Set(zip(body, Command.allCases).map { $0.utf8.count - $1.summary.utf8CodeUnitCount })
        #expect(columns.count == 1)
    }
}
