import Glibc

/// One line of a file being imported.
///
/// `bytes` point into the reader's buffer and are valid until its next call.
struct FileLine {
    /// Counting from 1, blank and comment lines included.
    let number: Int
    /// The line without its LF, and without a CR before it.
    let bytes: UnsafeRawBufferPointer
    /// The line was longer than `FileLines.maximumLineBytes`; `bytes` is empty.
    let isTooLong: Bool
}

/// Splits a file into lines as it is read, holding one buffer of it at a time.
final class FileLines {
    /// No line the import can use comes near this; a longer one is skipped, not buffered.
    static let maximumLineBytes = 1 << 20

    let file: InputFile
    private var buffer: UnsafeMutableRawBufferPointer
    /// The unread bytes are `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var atEnd = false
    private var lineNumber = 0
    private var last: FileLine?
    private var repeatLast = false

    init(_ file: InputFile) {
        self.file = file
        buffer = .allocate(byteCount: 256 * 1024, alignment: 8)
    }

    deinit { buffer.deallocate() }

    /// The next line, or nil at the end of the file.
    func next() throws(InputFileError) -> FileLine? {
        if repeatLast, let last {
            repeatLast = false
            return last
        }
        var tooLong = false
        while true {
            if let newline = firstNewline() {
                let line = tooLong ? UnsafeRawBufferPointer(start: nil, count: 0) : lineBytes(start..<newline)
                start = newline + 1
                return record(line, tooLong: tooLong)
            }
            if atEnd {
                guard start < end || tooLong else { return nil }
                let line = tooLong ? UnsafeRawBufferPointer(start: nil, count: 0) : lineBytes(start..<end)
                start = end
                return record(line, tooLong: tooLong)
            }
            if end - start >= Self.maximumLineBytes {
                // Keep reading to the line's end, but not its bytes.
                tooLong = true
                start = end
            }
            try fill()
        }
    }

    /// Makes the next call return the line just returned again: for a first line read to detect the format.
    func unread() {
        repeatLast = last != nil
    }

    private func record(_ bytes: UnsafeRawBufferPointer, tooLong: Bool) -> FileLine {
        lineNumber += 1
        let line = FileLine(number: lineNumber, bytes: bytes, isTooLong: tooLong)
        last = line
        return line
    }

    private func firstNewline() -> Int? {
        guard start < end, let base = buffer.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), end - start) else { return nil }
        return base.distance(to: found)
    }

    private func lineBytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        var upper = range.upperBound
        if upper > range.lowerBound && buffer[upper - 1] == UInt8(ascii: "\r") { upper -= 1 }
        return UnsafeRawBufferPointer(rebasing: buffer[range.lowerBound..<upper])
    }

    /// Moves the unread bytes to the front, grows the buffer if a line fills it, and reads more.
    private func fill() throws(InputFileError) {
        if start > 0 {
            let count = end - start
            if count > 0, let base = buffer.baseAddress { memmove(base, base + start, count) }
            start = 0
            end = count
        }
        if end == buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 8)
            larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[..<end]))
            buffer.deallocate()
            buffer = larger
        }
        let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        if count == 0 { atEnd = true }
        end += count
    }
}
