import Primitives

/// Writing responses and events into an output buffer, byte by byte, without `String`.
extension ByteBuffer {
    /// `OK`
    @inlinable public func appendOK() {
        append("OK\n")
    }

    /// `OK <text>`, or a bare `OK` when `text` is empty.
    @inlinable public func appendOK(_ text: StaticString) {
        appendOK(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// `OK <text>`, or a bare `OK` when `text` is empty.
    @inlinable public func appendOK(_ text: UnsafeRawBufferPointer) {
        if text.isEmpty {
            appendOK()
            return
        }
        append("OK ")
        append(text)
        append(byte: UInt8(ascii: "\n"))
    }

    /// `OK <n>`: the head of a multi-line response, or the answer to `COUNT`.
    @inlinable public func appendOK(count: Int) {
        append("OK ")
        append(decimal: count)
        append(byte: UInt8(ascii: "\n"))
    }

    /// `OK added <title>`, `OK edited <title>` or `OK deleted <title>`.
    @inlinable public func appendOK(_ change: Change, title: UnsafeRawBufferPointer) {
        append("OK ")
        append(change.wireName)
        append(byte: UInt8(ascii: " "))
        append(title)
        append(byte: UInt8(ascii: "\n"))
    }

    /// `OK <title> | <info>`, the answer to `GET`, from the movie line the store prebuilt.
    ///
    /// One capacity check and one copy of the line: `GET` formats nothing.
    @inlinable public func appendOK(movieLine line: UnsafeRawBufferPointer) {
        let start = appendUninitialized(count: 3 + line.count + 1)
        // "OK \n" in one store; the line, when there is one, overwrites the LF.
        start.storeBytes(of: UInt32(littleEndian: 0x0A20_4B4F), as: UInt32.self)
        if let bytes = line.baseAddress { (start + 3).copyMemory(from: bytes, byteCount: line.count) }
        start.storeBytes(of: UInt8(ascii: "\n"), toByteOffset: 3 + line.count, as: UInt8.self)
    }

    /// `ERR <CODE> <message>`
    @inlinable public func appendError(_ code: ErrorCode, _ message: StaticString) {
        appendError(code, UnsafeRawBufferPointer(start: message.utf8Start, count: message.utf8CodeUnitCount))
    }

    /// `ERR <CODE> <message>`, e.g. `ERR UNKNOWN_COMMAND frobnicate` or `ERR NOT_FOUND Heat`.
    @inlinable public func appendError(_ code: ErrorCode, _ message: UnsafeRawBufferPointer) {
        append("ERR ")
        append(code.wireName)
        append(byte: UInt8(ascii: " "))
        append(message)
        append(byte: UInt8(ascii: "\n"))
    }

    /// `ERR TOO_LONG <what> is longer than <limit> bytes`.
    public func appendTooLong(_ what: StaticString, limit: Int) {
        append("ERR ")
        append(ErrorCode.tooLong.wireName)
        append(byte: UInt8(ascii: " "))
        append(what)
        append(" is longer than ")
        append(decimal: limit)
        append(" bytes\n")
    }

    /// `ERR BAD_REQUEST <why>` for a line that is not valid UTF-8 or holds a NUL.
    @inlinable public func appendError(_ reason: BadRequestReason) {
        appendError(.badRequest, reason.message)
    }

    /// `ERR BAD_REQUEST <problem> (usage: <syntax>)`, e.g. `ERR BAD_REQUEST missing title (usage: GET <title>)`.
    @inlinable public func appendError(_ error: ArgumentError) {
        append("ERR ")
        append(ErrorCode.badRequest.wireName)
        append(byte: UInt8(ascii: " "))
        append(error.message)
        append(" (usage: ")
        append(error.command.usage)
        append(")\n")
    }

    /// One data line of a multi-line response: the bytes and a LF.
    @inlinable public func appendLine(_ bytes: UnsafeRawBufferPointer) {
        append(bytes)
        append(byte: UInt8(ascii: "\n"))
    }

    /// One `STATS` data line: `<name> <value>`.
    @inlinable public func appendStat(_ name: StaticString, _ value: Int) {
        append(name)
        append(byte: UInt8(ascii: " "))
        append(decimal: value)
        append(byte: UInt8(ascii: "\n"))
    }

    /// `EVENT added <title>`, `EVENT edited <title>` or `EVENT deleted <title>`, for watchers.
    @inlinable public func appendEvent(_ change: Change, title: UnsafeRawBufferPointer) {
        append("EVENT ")
        append(change.wireName)
        append(byte: UInt8(ascii: " "))
        append(title)
        append(byte: UInt8(ascii: "\n"))
    }

    /// The whole answer to `HELP`: `OK <n>` and one line per command, summaries aligned.
    public func appendHelp() {
        appendOK(count: HelpText.lineCount)
        for command in Command.allCases {
            let usage = command.usage
            append(usage)
            for _ in usage.utf8CodeUnitCount..<max(HelpText.summaryColumn, usage.utf8CodeUnitCount + 1) {
                append(byte: UInt8(ascii: " "))
            }
            append(command.summary)
            append(byte: UInt8(ascii: "\n"))
        }
    }
}
