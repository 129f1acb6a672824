/// SipHash-1-3: a keyed 64-bit hash of a byte string.
///
/// With a secret random key, clients cannot choose titles that collide in the
/// index (hash flooding). SipHash-1-3 is the variant Swift's own `Hasher` and
/// Rust's `HashMap` use: one compression round per eight bytes, three to finish.
@usableFromInline struct SipHash13: Sendable {
    @usableFromInline let key0: UInt64
    @usableFromInline let key1: UInt64

    /// A hasher with a fresh key from the system's secure random source.
    init() {
        var generator = SystemRandomNumberGenerator()
        self.init(key0: generator.next(), key1: generator.next())
    }

    init(key0: UInt64, key1: UInt64) {
        self.key0 = key0
        self.key1 = key1
    }

    @inlinable func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var v0 = key0 ^ 0x736f_6d65_7073_6575
        var v1 = key1 ^ 0x646f_7261_6e64_6f6d
        var v2 = key0 ^ 0x6c79_6765_6e65_7261
        var v3 = key1 ^ 0x7465_6462_7974_6573

        let count = bytes.count
        let wholeWords = count & ~7
        var offset = 0
        while offset < wholeWords {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            v3 ^= word
            Self.round(&v0, &v1, &v2, &v3)
            v0 ^= word
            offset += 8
        }

        var last = UInt64(truncatingIfNeeded: count) << 56
        var shift: UInt64 = 0
        while offset < count {
            last |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        v3 ^= last
        Self.round(&v0, &v1, &v2, &v3)
        v0 ^= last

        v2 ^= 0xff
        Self.round(&v0, &v1, &v2, &v3)
        Self.round(&v0, &v1, &v2, &v3)
        Self.round(&v0, &v1, &v2, &v3)
        return v0 ^ v1 ^ v2 ^ v3
    }

    @inlinable static func round(_ v0: inout UInt64, _ v1: inout UInt64, _ v2: inout UInt64, _ v3: inout UInt64) {
        v0 &+= v1; v1 = v1.rotatedLeft(by: 13); v1 ^= v0; v0 = v0.rotatedLeft(by: 32)
        v2 &+= v3; v3 = v3.rotatedLeft(by: 16); v3 ^= v2
        v0 &+= v3; v3 = v3.rotatedLeft(by: 21); v3 ^= v0
        v2 &+= v1; v1 = v1.rotatedLeft(by: 17); v1 ^= v2; v2 = v2.rotatedLeft(by: 32)
    }
}

extension UInt64 {
    @inlinable func rotatedLeft(by count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 &- count))
    }
}
