import Primitives

/// Why a request could not be put on the wire as asked.
public enum RequestBuildError: Error, Equatable, Sendable {
    /// An argument holds a LF, CR or NUL, which would end or break the request line.
    case forbiddenByte(UInt8)
    /// A title holds `|`, which would move the split between title and info.
    case barInTitle
}

/// Builds request lines for clients: `GET <title>\n`, `PUT <title> | <info>\n`.
///
/// Arguments are sent as given; only bytes that would change the framing are
/// refused. Whether the server accepts the request is for the server to say.
public enum RequestBuilder {
    /// `<COMMAND>\n`, or `<COMMAND> <argument>\n` when `argument` is not empty.
    public static func line(_ command: Command, _ argument: String = "") throws(RequestBuildError) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(command.wireName.utf8CodeUnitCount + argument.utf8.count + 2)
        appendWireName(of: command, to: &line)
        if !argument.isEmpty {
            line.append(UInt8(ascii: " "))
            try appendChecked(argument.utf8, to: &line)
        }
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// `<COMMAND> <title> | <info>\n` for `ADD`, `EDIT` and `PUT`.
    public static func line(_ command: Command, title: String, info: String) throws(RequestBuildError) -> [UInt8] {
        precondition(command == .add || command == .edit || command == .put, "\(command) takes no title and info")
        var line: [UInt8] = []
        line.reserveCapacity(command.wireName.utf8CodeUnitCount + title.utf8.count + info.utf8.count + 5)
        appendWireName(of: command, to: &line)
        line.append(UInt8(ascii: " "))
        try appendChecked(title.utf8, to: &line)
        if title.utf8.contains(UInt8(ascii: "|")) { throw .barInTitle }
        line.append(contentsOf: " | ".utf8)
        try appendChecked(info.utf8, to: &line)
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// `text` as a request line of its own, as typed by a user; a LF is added.
    public static func rawLine(_ text: String) throws(RequestBuildError) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(text.utf8.count + 1)
        try appendChecked(text.utf8, to: &line)
        line.append(UInt8(ascii: "\n"))
        return line
    }

    static func appendWireName(of command: Command, to line: inout [UInt8]) {
        let name = command.wireName
        line.append(contentsOf: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    static func appendChecked(_ bytes: String.UTF8View, to line: inout [UInt8]) throws(RequestBuildError) {
        if let bad = bytes.first(where: RequestBuilder.isForbidden) { throw .forbiddenByte(bad) }
        line.append(contentsOf: bytes)
    }

    @inlinable static func isForbidden(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == 0
    }

    @inlinable static func check(_ bytes: UnsafeRawBufferPointer) throws(RequestBuildError) {
        if let bad = bytes.first(where: isForbidden) { throw .forbiddenByte(bad) }
    }
}

/// Writing requests straight into an output buffer, for the load generator.
extension ByteBuffer {
    /// `<COMMAND>\n`, or `<COMMAND> <argument>\n` when `argument` is not empty.
    @inlinable public func appendRequest(_ command: Command, _ argument: UnsafeRawBufferPointer) throws(RequestBuildError) {
        try RequestBuilder.check(argument)
        append(command.wireName)
        if !argument.isEmpty {
            append(byte: UInt8(ascii: " "))
            append(argument)
        }
        append(byte: UInt8(ascii: "\n"))
    }

    /// `<COMMAND> <title> | <info>\n` for `ADD`, `EDIT` and `PUT`.
    @inlinable public func appendRequest(
        _ command: Command, title: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer
    ) throws(RequestBuildError) {
        precondition(command == .add || command == .edit || command == .put, "command takes no title and info")
        try RequestBuilder.check(title)
        if title.contains(UInt8(ascii: "|")) { throw .barInTitle }
        try RequestBuilder.check(info)
        append(command.wireName)
        append(byte: UInt8(ascii: " "))
        append(title)
        append(" | ")
        append(info)
        append(byte: UInt8(ascii: "\n"))
    }
}
