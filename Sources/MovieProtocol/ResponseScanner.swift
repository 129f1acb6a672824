import Glibc
import Primitives

/// Success, or failure with its code.
public enum ResponseStatus: Equatable, Sendable {
    case ok
    case error(ErrorCode)
}

/// Where one complete response lies at the front of the scanned bytes.
public struct ResponseFrame: Equatable, Sendable {
    /// Bytes the whole response takes, every LF included.
    public var length: Int
    public var status: ResponseStatus
    /// Length of the status line, without its LF.
    public var statusLineLength: Int
    /// How many data lines follow the status line (0 unless a multi-line `OK`).
    public var dataLineCount: Int

    @inlinable public init(length: Int, status: ResponseStatus, statusLineLength: Int, dataLineCount: Int) {
        self.length = length
        self.status = status
        self.statusLineLength = statusLineLength
        self.dataLineCount = dataLineCount
    }
}

/// Where one `EVENT` line lies at the front of the scanned bytes.
public struct EventFrame: Equatable, Sendable {
    /// Bytes the line takes, its LF included.
    public var length: Int
    public var change: Change

    @inlinable public init(length: Int, change: Change) {
        self.length = length
        self.change = change
    }

    /// Where the title sits in the line: after `EVENT <change> `, before the LF.
    @inlinable public var titleRange: Range<Int> {
        (7 + change.wireName.utf8CodeUnitCount)..<(length - 1)
    }
}

/// What the front of the unread bytes holds.
public enum ScanResult: Equatable, Sendable {
    /// The next response or event is not complete yet.
    case needMoreBytes
    case response(ResponseFrame)
    case event(EventFrame)
    case violation(ProtocolViolation)
}

/// Finds where responses and events end in a stream of server bytes, allocating nothing.
///
/// Give `scan(_:expecting:)` the unread bytes, starting at the first byte of
/// the next response, and consume `length` bytes after each complete result.
/// Until a result is complete, the scanner remembers how far it has looked, so
/// later calls must pass the same bytes again (with more appended): a large
/// `ALL` answer arriving in many reads is then scanned once, not once per read.
public struct ResponseScanner: Sendable {
    /// The longest line accepted, without its LF.
    public let maxLineBytes: Int
    /// Where the search for the next LF resumes.
    @usableFromInline var searchFrom = 0
    /// Where the line being searched starts.
    @usableFromInline var lineStart = 0
    /// Once the status line of a multi-line `OK` is read: its length and the data lines seen so far.
    @usableFromInline var statusLineLength = 0
    @usableFromInline var dataLinesExpected = 0
    @usableFromInline var dataLinesFound = 0
    @usableFromInline var readingDataLines = false

    public init(maxLineBytes: Int = ProtocolLimits.maxResponseLineBytes) {
        self.maxLineBytes = maxLineBytes
    }

    /// Forgets a partly scanned response, to start over on fresh bytes.
    @inlinable public mutating func reset() {
        searchFrom = 0
        lineStart = 0
        statusLineLength = 0
        dataLinesExpected = 0
        dataLinesFound = 0
        readingDataLines = false
    }

    /// Reports whether `bytes` begin with a complete response to `command`, or an event.
    ///
    /// `command` is the oldest request still waiting for its answer, or `nil` when
    /// none is; then only `EVENT` lines and unsolicited errors (a server at its
    /// connection limit sends `ERR BUSY` before any request) are allowed.
    @inlinable public mutating func scan(_ bytes: UnsafeRawBufferPointer, expecting command: Command?) -> ScanResult {
        if !readingDataLines {
            guard let lineEnd = nextLineEnd(in: bytes) else { return incompleteLine() }
            if lineEnd - lineStart > maxLineBytes { return .violation(.lineTooLong) }
            let status = UnsafeRawBufferPointer(rebasing: bytes[..<lineEnd])
            switch Self.classify(status, expecting: command) {
            case .complete(let result):
                reset()
                return result
            case .multiLine(let count):
                statusLineLength = lineEnd
                dataLinesExpected = count
                readingDataLines = true
                lineStart = lineEnd + 1
            }
        }
        while dataLinesFound < dataLinesExpected {
            guard let lineEnd = nextLineEnd(in: bytes) else { return incompleteLine() }
            if lineEnd - lineStart > maxLineBytes { return .violation(.lineTooLong) }
            dataLinesFound += 1
            lineStart = lineEnd + 1
        }
        let frame = ResponseFrame(
            length: lineStart, status: .ok, statusLineLength: statusLineLength, dataLineCount: dataLinesExpected)
        reset()
        return .response(frame)
    }

    /// The index of the LF ending the line at `lineStart`, moving `searchFrom` past it.
    @inlinable mutating func nextLineEnd(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress, searchFrom < bytes.count,
              let found = memchr(base + searchFrom, Int32(UInt8(ascii: "\n")), bytes.count - searchFrom)
        else {
            searchFrom = bytes.count
            return nil
        }
        let lineEnd = UnsafeRawPointer(found) - base
        searchFrom = lineEnd + 1
        return lineEnd
    }

    /// `needMoreBytes`, unless the unfinished line is already too long.
    @inlinable func incompleteLine() -> ScanResult {
        searchFrom - lineStart > maxLineBytes ? .violation(.lineTooLong) : .needMoreBytes
    }

    @usableFromInline enum StatusLine {
        case complete(ScanResult)
        case multiLine(count: Int)
    }

    /// Reads a status or event line (without its LF).
    @inlinable static func classify(_ line: UnsafeRawBufferPointer, expecting command: Command?) -> StatusLine {
        let length = line.count + 1
        if (line.count == 2 && line.hasPrefix("OK")) || line.hasPrefix("OK ") {
            guard let command else { return .complete(.violation(.unexpectedResponse)) }
            let single = ResponseFrame(length: length, status: .ok, statusLineLength: line.count, dataLineCount: 0)
            guard command.framing == .multiLine else { return .complete(.response(single)) }
            guard let count = Self.parseCount(UnsafeRawBufferPointer(rebasing: line.dropFirst(3))) else {
                return .complete(.violation(.badCount))
            }
            return count == 0 ? .complete(.response(single)) : .multiLine(count: count)
        }
        if line.hasPrefix("ERR ") {
            let rest = line.dropFirst(4)
            let codeEnd = rest.firstIndex(of: UInt8(ascii: " ")) ?? rest.endIndex
            guard let code = ErrorCode(wireName: UnsafeRawBufferPointer(rebasing: rest[..<codeEnd])) else {
                return .complete(.violation(.unknownErrorCode))
            }
            let frame = ResponseFrame(length: length, status: .error(code), statusLineLength: line.count, dataLineCount: 0)
            return .complete(.response(frame))
        }
        if line.hasPrefix("EVENT ") {
            var rawValue: UInt8 = 0
            while let change = Change(rawValue: rawValue) {
                rawValue += 1
                let titleStart = 7 + change.wireName.utf8CodeUnitCount
                if titleStart < line.count, line[titleStart - 1] == UInt8(ascii: " "),
                   UnsafeRawBufferPointer(rebasing: line[6...]).hasPrefix(change.wireName) {
                    return .complete(.event(EventFrame(length: length, change: change)))
                }
            }
            return .complete(.violation(.malformedEvent))
        }
        return .complete(.violation(.unrecognisedLine))
    }

    /// A decimal line count: digits only, at most 18 of them so it cannot overflow.
    @inlinable static func parseCount(_ digits: UnsafeRawBufferPointer) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
