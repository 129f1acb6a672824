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

    /// Matches a command word case-insensitively.
    ///
    /// Every command word is three to five ASCII letters. The word's bytes are
    /// packed into one integer and OR-ed with 0x20 each, all at once: for a
    /// letter that is its lower case, and no other byte folds onto a lower-case
    /// letter, so comparing the integer with the packed lower-case name is an
    /// exact case-insensitive match of the whole word.
    @inlinable public init?(word: UnsafeRawBufferPointer) {
        let count = word.count
        guard count >= 3 && count <= 5, let base = word.baseAddress else { return nil }
        var packed = UInt64(base.loadUnaligned(as: UInt16.self))
            | UInt64(base.load(fromByteOffset: 2, as: UInt8.self)) << 16
        if count > 3 { packed |= UInt64(base.load(fromByteOffset: 3, as: UInt8.self)) << 24 }
        if count > 4 { packed |= UInt64(base.load(fromByteOffset: 4, as: UInt8.self)) << 32 }
        packed |= 0x20_2020_2020 & ~(UInt64.max << (8 &* UInt64(count)))
        // Each constant is the lower-case name packed little-endian: "get" is 0x74_65_67.
        switch packed {
        case 0x74_6567: self = .get
        case 0x64_6461: self = .add
        case 0x7469_6465: self = .edit
        case 0x74_7570: self = .put
        case 0x6C_6564: self = .del
        case 0x6C_6C61: self = .all
        case 0x646E_6966: self = .find
        case 0x74_6E75_6F63: self = .count
        case 0x676E_6970: self = .ping
        case 0x73_7461_7473: self = .stats
        case 0x706C_6568: self = .help
        case 0x68_6374_6177: self = .watch
        case 0x6874_7561: self = .auth
        case 0x7469_7571: self = .quit
        default: return nil
        }
    }
}

/// How a successful response is laid out: one status line, or `OK <n>` and n data lines.
///
/// Errors are always a single line, whatever the command.
public enum ResponseFraming: Sendable {
    case singleLine
    case multiLine
}
