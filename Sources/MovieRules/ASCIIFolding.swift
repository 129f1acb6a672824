/// ASCII lowercasing, a byte or eight at a time: how a title's key is derived
/// from its display form when the title is all ASCII.
///
/// The word forms work on eight bytes in a `UInt64` at once (SWAR: each byte's
/// top bit carries the answer for that byte). The arithmetic never carries
/// from one byte into the next: every byte it adds to has its top bit clear
/// first, and the largest sum is 0xFE.
public enum ASCIIFolding {
    // Computed and inlinable, so they fold into constants: a stored `static let`
    // would be read through a lazy-initialisation check from other modules.
    @inlinable static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @inlinable static var topBits: UInt64 { 0x8080_8080_8080_8080 }
    @inlinable static var lowSevenBits: UInt64 { 0x7F7F_7F7F_7F7F_7F7F }

    /// `byte` with A-Z lowercased.
    @inlinable public static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// Eight bytes with A-Z lowercased in each; bytes with the top bit set are kept.
    ///
    /// Per byte, with the top bit masked off, adding 0x3F sets bit 7 from `A`
    /// up and adding 0x25 sets it from `[` up.
    @inlinable public static func lowercased(word: UInt64) -> UInt64 {
        let low7 = word & lowSevenBits
        let fromA = low7 &+ 0x3F3F_3F3F_3F3F_3F3F
        let pastZ = low7 &+ 0x2525_2525_2525_2525
        let upper = fromA & ~pastZ & ~word & topBits
        return word | upper >> 2
    }

    /// Eight ASCII bytes with A-Z lowercased: `lowercased(word:)` for a word known
    /// to hold no byte with its top bit set (`isVerbatim` says so), in fewer steps.
    @inlinable public static func lowercased(asciiWord word: UInt64) -> UInt64 {
        let fromA = word &+ 0x3F3F_3F3F_3F3F_3F3F
        let pastZ = word &+ 0x2525_2525_2525_2525
        let upper = fromA & ~pastZ & topBits
        return word | upper >> 2
    }

    /// 0x80 in each byte of `word` equal to `byte`, 0 in every other.
    @inlinable static func bytes(of word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return ~(((difference & lowSevenBits) &+ lowSevenBits) | difference) & topBits
    }

    /// Whether these eight bytes, in the middle of a title, fold to themselves
    /// apart from case: all ASCII, no tab or `|`, and every space a single one
    /// with a non-space on both sides within the word.
    @inlinable static func isVerbatim(_ word: UInt64) -> Bool {
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
}
