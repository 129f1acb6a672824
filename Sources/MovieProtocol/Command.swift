/// One of the fourteen request commands of the movie protocol.
public enum Command: UInt8, CaseIterable, Sendable {
    case get, add, edit, put, del, all, find, count, ping, stats, help, watch, auth, quit

    /// The command word as the protocol spells it (clients send it upper case).
    @inlinable public var wireName: StaticString {
        switch self {
        case .get: "GET"
        case .add: "ADD"
        case .edit: "EDIT"
        case .put: "PUT"
        case .del: "DEL"
        case .all: "ALL"
        case .find: "FIND"
        case .count: "COUNT"
        case .ping: "PING"
        case .stats: "STATS"
        case .help: "HELP"
        case .watch: "WATCH"
        case .auth: "AUTH"
        case .quit: "QUIT"
        }
    }

    /// How a successful answer to this command is framed on the wire.
    @inlinable public var framing: ResponseFraming {
        switch self {
        case .all, .find, .stats, .help: .multiLine
        default: .singleLine
        }
    }

    /// Matches a command word case-insensitively, byte by byte.
    ///
    /// Every command word is made of ASCII letters, and for a letter `byte | 0x20`
    /// is its lower case while no other byte folds onto a lower-case letter, so one
    /// OR per byte is an exact case-insensitive comparison.
    @inlinable public init?(word: UnsafeRawBufferPointer) {
        guard let first = word.first else { return nil }
        let candidate: Command
        switch (word.count, first | 0x20) {
        case (3, UInt8(ascii: "g")): candidate = .get
        case (3, UInt8(ascii: "a")): candidate = word[1] | 0x20 == UInt8(ascii: "d") ? .add : .all
        case (3, UInt8(ascii: "p")): candidate = .put
        case (3, UInt8(ascii: "d")): candidate = .del
        case (4, UInt8(ascii: "e")): candidate = .edit
        case (4, UInt8(ascii: "f")): candidate = .find
        case (4, UInt8(ascii: "p")): candidate = .ping
        case (4, UInt8(ascii: "h")): candidate = .help
        case (4, UInt8(ascii: "a")): candidate = .auth
        case (4, UInt8(ascii: "q")): candidate = .quit
        case (5, UInt8(ascii: "c")): candidate = .count
        case (5, UInt8(ascii: "s")): candidate = .stats
        case (5, UInt8(ascii: "w")): candidate = .watch
        default: return nil
        }
        guard Command.word(word, foldsTo: candidate.wireName) else { return nil }
        self = candidate
    }

    @inlinable static func word(_ word: UnsafeRawBufferPointer, foldsTo name: StaticString) -> Bool {
        let upperCaseName = UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        guard word.count == upperCaseName.count else { return false }
        for index in 0..<word.count where word[index] | 0x20 != upperCaseName[index] | 0x20 {
            return false
        }
        return true
    }
}

/// How a successful response is laid out: one status line, or `OK <n>` and n data lines.
///
/// Errors are always a single line, whatever the command.
public enum ResponseFraming: Sendable {
    case singleLine
    case multiLine
}
