import MovieProtocol
import Testing

@Suite struct CommandTests {
    @Test func wireNamesAreTheProtocolsWords() {
        let names = Command.allCases.map { $0.wireName.description }
        #expect(names == [
            "GET", "ADD", "EDIT", "PUT", "DEL", "ALL", "FIND", "COUNT", "PING", "STATS", "HELP", "WATCH", "AUTH", "QUIT",
        ])
    }

    @Test func onlyListingCommandsAreMultiLine() {
        let multiLine = Command.allCases.filter { $0.framing == .multiLine }
        #expect(multiLine == [.all, .find, .stats, .help])
        #expect(Command.count.framing == .singleLine)
    }

    @Test(arguments: Command.allCases)
    func everyWordMatchesInAnyCase(command: Command) {
        let upper = command.wireName.description
        let lower = upper.lowercased()
        let mixed = String(upper.enumerated().map { $0.offset % 2 == 0 ? Character($0.element.lowercased()) : $0.element })
        for spelling in [upper, lower, mixed] {
            let matched = withBytes(spelling) { Command(word: $0) }
            #expect(matched == command, "\(spelling)")
        }
    }

    @Test(arguments: ["", "G", "GE", "GETS", "GETT", "ge t", "PINGG", "QUITE", "EDI", "AL", "ALLL", "COUN", "STAT", "WATCHES", "frobnicate", "ÄDD"])
    func nearMissesAreNotCommands(word: String) {
        #expect(withBytes(word) { Command(word: $0) } == nil)
    }

    @Test func foldingOnlyMatchesLetters() {
        // Each differs from a command word in one byte, by more than the case bit.
        let impostors: [[UInt8]] = [
            [0x67, 0x65, 0x74 ^ 0x80],  // "ge" + a non-ASCII byte
            [0x07, 0x65, 0x74],  // a control byte where "g" belongs
            [0x41, 0x44, 0x04],  // "AD" + a control byte
        ]
        for word in impostors {
            #expect(word.withUnsafeBytes { Command(word: $0) } == nil, "\(word)")
        }
    }
}
