/// Why a request line's bytes are refused before they are even parsed.
public enum BadRequestReason: Sendable {
    case invalidUTF8
    case containsNUL

    /// The message sent after `ERR BAD_REQUEST`.
    @inlinable public var message: StaticString {
        switch self {
        case .invalidUTF8: "request is not valid UTF-8"
        case .containsNUL: "request contains a NUL byte"
        }
    }
}

/// Checks that bytes are well-formed UTF-8 without a NUL, without decoding them.
public enum UTF8Validation {
    /// The first problem in `bytes`, or `nil` when they are valid UTF-8 free of NUL.
    ///
    /// Almost every request is pure ASCII, so eight bytes are checked at a time
    /// until a byte with the high bit set shows up; from there each sequence is
    /// checked against the well-formed table of the Unicode standard (table 3-7),
    /// which rules out overlong forms, surrogates and code points past U+10FFFF.
    @inlinable public static func firstProblem(in bytes: UnsafeRawBufferPointer) -> BadRequestReason? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let lowBits: UInt64 = 0x0101_0101_0101_0101
        var index = 0
        while index < count {
            if index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & highBits == 0 {
                    // Classic zero-byte test; exact as a yes/no answer for ASCII words.
                    if (word &- lowBits) & ~word & highBits != 0 { return .containsNUL }
                    index += 8
                    continue
                }
            }
            let lead = base.load(fromByteOffset: index, as: UInt8.self)
            if lead < 0x80 {
                if lead == 0 { return .containsNUL }
                index += 1
                continue
            }
            let length: Int
            var secondLow: UInt8 = 0x80
            var secondHigh: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondLow = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondHigh = 0x9F
            case 0xF0: length = 4; secondLow = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondHigh = 0x8F
            default: return .invalidUTF8
            }
            guard index + length <= count else { return .invalidUTF8 }
            let second = base.load(fromByteOffset: index + 1, as: UInt8.self)
            guard second >= secondLow && second <= secondHigh else { return .invalidUTF8 }
            for offset in 2..<length where base.load(fromByteOffset: index + offset, as: UInt8.self) & 0xC0 != 0x80 {
                return .invalidUTF8
            }
            index += length
        }
        return nil
    }
}
