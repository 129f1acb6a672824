import MovieRules

/// Byte-string comparisons for keys, written without libc.
///
/// Both read eight bytes at a time; loading words big-endian makes an integer
/// comparison agree with a byte-by-byte unsigned one (memcmp order).
@usableFromInline enum ByteComparison {
    /// Whether `a` and `b` hold the same bytes.
    @inlinable static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let count = a.count
        guard count == b.count else { return false }
        var offset = 0
        while offset + 8 <= count {
            if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                return false
            }
            offset += 8
        }
        while offset < count {
            if a[offset] != b[offset] { return false }
            offset += 1
        }
        return true
    }

    /// Whether `a` equals `display` with A-Z lowercased, folded as it is read.
    @inlinable static func equalToASCIILowercase(_ a: UnsafeRawBufferPointer, of display: UnsafeRawBufferPointer) -> Bool {
        let count = a.count
        guard count == display.count else { return false }
        var offset = 0
        while offset + 8 <= count {
            if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != ASCIIFolding.lowercased(word: display.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) {
                return false
            }
            offset += 8
        }
        while offset < count {
            if a[offset] != ASCIIFolding.lowercased(display[offset]) { return false }
            offset += 1
        }
        return true
    }

    /// A negative number, zero or a positive number as `a` sorts before, with or after `b`.
    @inlinable static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        var offset = 0
        while offset + 8 <= common {
            let x = UInt64(bigEndian: a.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            let y = UInt64(bigEndian: b.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            if x != y { return x < y ? -1 : 1 }
            offset += 8
        }
        while offset < common {
            if a[offset] != b[offset] { return a[offset] < b[offset] ? -1 : 1 }
            offset += 1
        }
        return a.count - b.count
    }

    /// `compare(display with A-Z lowercased, b)`, folded as it is read, eight
    /// bytes at a time: how a derived key is ordered without being built.
    @inlinable static func compare(asciiLowercaseOf display: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(display.count, b.count)
        var offset = 0
        while offset + 8 <= common {
            let word = ASCIIFolding.lowercased(word: display.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            let x = UInt64(bigEndian: word)
            let y = UInt64(bigEndian: b.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            if x != y { return x < y ? -1 : 1 }
            offset += 8
        }
        while offset < common {
            let x = ASCIIFolding.lowercased(display[offset])
            if x != b[offset] { return x < b[offset] ? -1 : 1 }
            offset += 1
        }
        return display.count - b.count
    }

    /// Whether `needle` occurs anywhere in `haystack`; an empty needle occurs everywhere.
    @inlinable static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer) -> Bool {
        let needleCount = needle.count
        guard needleCount > 0 else { return true }
        guard needleCount <= haystack.count else { return false }
        let first = needle[0]
        let rest = UnsafeRawBufferPointer(rebasing: needle[1...])
        for start in 0...(haystack.count - needleCount) where haystack[start] == first {
            let candidate = UnsafeRawBufferPointer(rebasing: haystack[(start + 1)..<(start + needleCount)])
            if equal(candidate, rest) { return true }
        }
        return false
    }
}
