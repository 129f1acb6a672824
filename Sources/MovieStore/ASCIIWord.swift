/// Eight bytes of text in a `UInt64`, tested and lowercased all at once
/// (SWAR: each byte's top bit carries the answer for that byte).
///
/// The arithmetic never carries from one byte into the next: every byte it
/// adds to has its top bit clear first, and the largest sum is 0xFE.
enum ASCIIWord {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let topBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowSevenBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// 0x80 in each byte of `word` equal to `byte`, 0 in every other.
    @inline(__always) static func bytes(of word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return ~(((difference & lowSevenBits) &+ lowSevenBits) | difference) & topBits
    }

    /// Whether these eight bytes, in the middle of a title, fold to themselves
    /// apart from case: all ASCII, no tab or `|`, and every space a single one
    /// with a non-space on both sides within the word.
    @inline(__always) static func isVerbatim(_ word: UInt64) -> Bool {
        let spaces = bytes(of: word, equalTo: UInt8(ascii: " "))
        // The word's first and last bytes, whichever end of the integer each is.
        let firstOrLast: UInt64 = 0x8000_0000_0000_0080
        let refused = word & topBits
            | bytes(of: word, equalTo: UInt8(ascii: "\t"))
            | bytes(of: word, equalTo: UInt8(ascii: "|"))
            | spaces & firstOrLast
            | spaces & (spaces >> 8)
        return refused == 0
    }

    /// `word` with A-Z lowercased; every byte must be ASCII.
    @inline(__always) static func lowercased(_ word: UInt64) -> UInt64 {
        let atLeastA = word &+ ones &* UInt64(0x80 - 0x41)
        let pastZ = word &+ ones &* UInt64(0x80 - 0x5B)
        let upper = atLeastA & ~pastZ & topBits
        return word | upper >> 2
    }
}
