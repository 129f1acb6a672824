import Glibc
import Primitives

/// The titles (keys) and infos (values) a run uses, written straight into output buffers.
///
/// Key `i` is `movie:` and `i` in decimal, zero-padded to at least six digits
/// (`movie:000042`), the same bytes for all three protocols. The value of key `i`
/// is `valueSize` letters starting at letter `i % 26` of a repeating alphabet: no
/// spaces (a Redis inline request splits on them), no `|`, the same every time it
/// is written, so `--verify` knows what a `GET` must answer.
///
/// Not `Sendable`: each worker thread makes its own.
public final class KeySpace {
    public static let prefix: StaticString = "movie:"
    public let count: Int
    public let valueSize: Int
    public let digits: Int
    @usableFromInline let pattern: UnsafeMutableRawBufferPointer

    public init(count: Int, valueSize: Int) {
        precondition(count >= 1 && valueSize >= 0)
        self.count = count
        self.valueSize = valueSize
        digits = max(6, String(count - 1).count)
        pattern = .allocate(byteCount: valueSize + 26, alignment: 16)
        for index in 0..<pattern.count { pattern[index] = UInt8(ascii: "a") + UInt8(index % 26) }
    }

    deinit { pattern.deallocate() }

    /// Bytes a key takes.
    @inlinable public var keyLength: Int { Self.prefix.utf8CodeUnitCount + digits }

    /// The key as a `String`, for tests and reports.
    public func key(_ index: Int) -> String {
        let number = String(index)
        return "movie:" + String(repeating: "0", count: max(0, digits - number.count)) + number
    }

    @inlinable public func appendKey(_ index: Int, to buffer: ByteBuffer) {
        write(key: index, digitCount: digits, into: buffer.writableSpace(atLeast: keyLength).baseAddress.unsafelyUnwrapped)
        buffer.commitWritten(keyLength)
    }

    /// The key without its last two digits: a `FIND` argument matching up to 100 titles.
    @inlinable public func appendKeyStem(_ index: Int, to buffer: ByteBuffer) {
        write(key: index, digitCount: digits, into: buffer.writableSpace(atLeast: keyLength).baseAddress.unsafelyUnwrapped)
        buffer.commitWritten(keyLength - 2)
    }

    @inlinable public func appendValue(_ index: Int, to buffer: ByteBuffer) {
        buffer.append(value(index))
    }

    @inlinable public func value(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: pattern[(index % 26)..<(index % 26 + valueSize)])
    }

    /// Whether `bytes` are exactly key `index`.
    @inlinable public func isKey(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> Bool {
        guard bytes.count == keyLength, let base = bytes.baseAddress else { return false }
        var scratch: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &scratch) { scratch in
            let length = min(keyLength, scratch.count)
            guard length == keyLength else { return false }
            write(key: index, digitCount: digits, into: scratch.baseAddress!)
            return memcmp(scratch.baseAddress!, base, length) == 0
        }
    }

    /// Whether `bytes` are exactly the value of key `index`.
    @inlinable public func isValue(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> Bool {
        guard bytes.count == valueSize else { return false }
        if valueSize == 0 { return true }
        return memcmp(bytes.baseAddress!, value(index).baseAddress!, valueSize) == 0
    }

    @inlinable func write(key index: Int, digitCount: Int, into destination: UnsafeMutableRawPointer) {
        let prefixLength = Self.prefix.utf8CodeUnitCount
        destination.copyMemory(from: Self.prefix.utf8Start, byteCount: prefixLength)
        var value = index
        var position = prefixLength + digitCount
        while position > prefixLength {
            position -= 1
            destination.storeBytes(of: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10), toByteOffset: position, as: UInt8.self)
            value /= 10
        }
    }
}
