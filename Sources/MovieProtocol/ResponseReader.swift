/// A complete answer from the server.
public struct Response: Equatable, Sendable {
    /// The request this answers; `nil` for an error sent unasked, like `ERR BUSY` on connect.
    public var command: Command?
    public var status: ResponseStatus
    /// The status line after `OK ` or after `ERR <CODE> `; empty for a bare `OK`.
    public var text: String
    /// The data lines of a multi-line `OK`.
    public var lines: [String]

    public init(command: Command?, status: ResponseStatus, text: String, lines: [String] = []) {
        self.command = command
        self.status = status
        self.text = text
        self.lines = lines
    }
}

/// An `EVENT` line sent to a watching connection.
public struct Event: Equatable, Sendable {
    public var change: Change
    public var title: String

    public init(change: Change, title: String) {
        self.change = change
        self.title = title
    }
}

/// What the reader found next in the stream.
public enum Incoming: Equatable, Sendable {
    case response(Response)
    case event(Event)
}

/// A protocol violation with the line that showed it, for telling a person what went wrong.
public struct ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    public var violation: ProtocolViolation
    /// The offending line, or its first few hundred bytes, decoded leniently.
    public var line: String

    public init(violation: ProtocolViolation, line: String) {
        self.violation = violation
        self.line = line
    }

    public var description: String { "protocol violation: \(violation): \(line)" }
}

/// Turns server bytes, arriving in pieces of any size, into responses and events.
///
/// Tell it the command of every request as it is sent (`expect(_:)`), feed it
/// what the socket gives (`feed(_:)`), then call `next()` until it returns `nil`.
/// After a violation the stream's framing is lost, so every later `next()`
/// throws the same error.
public struct ResponseReader: Sendable {
    var scanner: ResponseScanner
    var buffer: [UInt8] = []
    var readIndex = 0
    var expected: [Command] = []
    var expectedHead = 0
    var failure: ProtocolError?

    public init(maxLineBytes: Int = ProtocolLimits.maxResponseLineBytes) {
        scanner = ResponseScanner(maxLineBytes: maxLineBytes)
    }

    /// Records that a request with `command` was sent; answers come back in this order.
    public mutating func expect(_ command: Command) {
        expected.append(command)
    }

    /// How many requests still wait for their answer.
    public var outstandingCount: Int { expected.count - expectedHead }

    /// Whether bytes of an unfinished response or event are held; at end of stream this means it was cut short.
    public var hasPartialData: Bool { readIndex < buffer.count }

    /// Adds bytes read from the server.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// Adds bytes read from the server.
    public mutating func feed(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete response or event, or `nil` until more bytes arrive.
    public mutating func next() throws(ProtocolError) -> Incoming? {
        if let failure { throw failure }
        let command = expectedHead < expected.count ? expected[expectedHead] : nil
        let result = buffer.withUnsafeBytes { all in
            scanner.scan(UnsafeRawBufferPointer(rebasing: all[readIndex...]), expecting: command)
        }
        let incoming: Incoming
        switch result {
        case .needMoreBytes:
            return nil
        case .violation(let violation):
            throw fail(violation)
        case .event(let frame):
            guard let title = text(frame.titleRange) else { throw fail(.invalidText) }
            incoming = .event(Event(change: frame.change, title: title))
            readIndex += frame.length
        case .response(let frame):
            guard let response = decode(frame, answering: command) else { throw fail(.invalidText) }
            if command != nil { expectedHead += 1 }
            incoming = .response(response)
            readIndex += frame.length
        }
        compact()
        return incoming
    }

    /// Builds the response the scanner framed, or `nil` if a line is not valid text.
    func decode(_ frame: ResponseFrame, answering command: Command?) -> Response? {
        let textStart: Int
        switch frame.status {
        case .ok:
            textStart = min(3, frame.statusLineLength)
        case .error(let code):
            textStart = min(5 + code.wireName.utf8CodeUnitCount, frame.statusLineLength)
        }
        guard let statusText = text(textStart..<frame.statusLineLength) else { return nil }
        var lines: [String] = []
        // The count came from the peer: trust it for reading, not for reserving memory.
        lines.reserveCapacity(min(frame.dataLineCount, 1024))
        var lineStart = frame.statusLineLength + 1
        for _ in 0..<frame.dataLineCount {
            var lineEnd = lineStart
            while buffer[readIndex + lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            guard let line = text(lineStart..<lineEnd) else { return nil }
            lines.append(line)
            lineStart = lineEnd + 1
        }
        return Response(command: command, status: frame.status, text: statusText, lines: lines)
    }

    /// The bytes at `range` (relative to `readIndex`) as a string, if valid UTF-8 without NUL.
    func text(_ range: Range<Int>) -> String? {
        buffer.withUnsafeBytes { all in
            let bytes = UnsafeRawBufferPointer(rebasing: all[(readIndex + range.lowerBound)..<(readIndex + range.upperBound)])
            guard UTF8Validation.firstProblem(in: bytes) == nil else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    mutating func fail(_ violation: ProtocolViolation) -> ProtocolError {
        let rest = buffer[readIndex...].prefix(300)
        let line = rest.prefix { $0 != UInt8(ascii: "\n") }
        let error = ProtocolError(violation: violation, line: String(decoding: line, as: UTF8.self))
        failure = error
        return error
    }

    /// Drops consumed bytes and answered commands once they make up most of the storage.
    mutating func compact() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex > 4096 && readIndex > buffer.count / 2 {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
        if expectedHead > 64 && expectedHead > expected.count / 2 {
            expected.removeFirst(expectedHead)
            expectedHead = 0
        }
    }
}
