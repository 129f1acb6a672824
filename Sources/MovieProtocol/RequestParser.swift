import MovieRules

/// What one request line turned out to be.
///
/// The buffers point into the line given to `RequestParser.parse(_:)` and are
/// valid only as long as that line's memory is.
public enum ParsedRequest {
    /// Nothing but white space: the server ignores it and sends nothing.
    case blank
    /// A known command and its argument bytes, with surrounding white space removed.
    case request(Command, arguments: UnsafeRawBufferPointer)
    /// A command word that is not one of the protocol's; answer `ERR UNKNOWN_COMMAND <word>`.
    case unknownCommand(word: UnsafeRawBufferPointer)
    /// Bytes that are not a request at all; answer `ERR BAD_REQUEST`.
    case badRequest(BadRequestReason)
}

/// Splits a request line into its command and arguments without allocating.
public enum RequestParser {
    /// Parses one request line, given without its LF.
    ///
    /// A single CR before the LF is dropped here, so telnet and `nc -C` work. The
    /// whole line is checked for NUL and UTF-8 before anything else, so a bad byte
    /// in the arguments is `BAD_REQUEST` even when the command word is unknown.
    @inlinable public static func parse(_ line: UnsafeRawBufferPointer) -> ParsedRequest {
        var line = line
        if line.last == UInt8(ascii: "\r") {
            line = UnsafeRawBufferPointer(rebasing: line.dropLast())
        }
        if let reason = UTF8Validation.firstProblem(in: line) { return .badRequest(reason) }
        let trimmed = WhiteSpace.trim(line)
        if trimmed.isEmpty { return .blank }
        var wordEnd = 0
        while wordEnd < trimmed.count && !WhiteSpace.contains(trimmed[wordEnd]) { wordEnd += 1 }
        let word = UnsafeRawBufferPointer(rebasing: trimmed[..<wordEnd])
        guard let command = Command(word: word) else { return .unknownCommand(word: word) }
        // The line's end is already trimmed, so trimming again only strips the separator.
        let arguments = WhiteSpace.trim(UnsafeRawBufferPointer(rebasing: trimmed[wordEnd...]))
        return .request(command, arguments: arguments)
    }
}
