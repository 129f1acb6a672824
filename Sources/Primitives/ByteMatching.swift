import Glibc

/// Comparing received bytes with literal text, without making a `String`.
extension UnsafeRawBufferPointer {
    /// Whether these bytes are exactly `text`.
    @inlinable public func matches(_ text: StaticString) -> Bool {
        count == text.utf8CodeUnitCount && hasPrefix(text)
    }

    /// Whether these bytes begin with `text`.
    @inlinable public func hasPrefix(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard self.count >= count, let base = baseAddress else { return count == 0 }
        return memcmp(base, text.utf8Start, count) == 0
    }

    /// Whether these bytes are `lowercase` in any mix of case; `lowercase` is ASCII.
    @inlinable public func matchesIgnoringCase(_ lowercase: StaticString) -> Bool {
        guard count == lowercase.utf8CodeUnitCount else { return false }
        let expected = lowercase.utf8Start
        for index in 0..<count {
            let byte = self[index]
            let wanted = expected[index]
            // Only letters fold: `| 0x20` would also take a CR for a `-`.
            let isLetter = wanted >= UInt8(ascii: "a") && wanted <= UInt8(ascii: "z")
            guard byte == wanted || (isLetter && byte | 0x20 == wanted) else { return false }
        }
        return true
    }
}
