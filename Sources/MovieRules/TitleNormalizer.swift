/// Why a title was refused.
public enum TitleError: Error, Equatable, Sendable {
    /// Nothing but white space.
    case empty
    /// Longer than `MovieLimits.maximumTitleBytes` after normalisation.
    case tooLong
    /// Holds `|`, which separates a title from its info.
    case containsPipe
}

/// A normalised title: its display form and its lowercased key.
///
/// Both point into the `TitleNormalizer` that made them and stay valid until
/// that normaliser's next call (and no longer than it lives).
public struct NormalizedTitle {
    /// The title as it is shown: trimmed, inner white space folded to one space.
    public let display: UnsafeRawBufferPointer
    /// The display form lowercased: what the catalogue matches and sorts by.
    public let key: UnsafeRawBufferPointer
}

/// Turns raw title bytes into display form and key, reusing its own buffers so
/// that a title in ASCII costs no allocation.
///
/// Input must be valid UTF-8 without NUL; the request parser checks that.
/// Only a title with a non-ASCII byte goes through `String.lowercased()`.
public final class TitleNormalizer {
    private var display: UnsafeMutablePointer<UInt8>
    private var displayCapacity: Int
    private var key: UnsafeMutablePointer<UInt8>
    private var keyCapacity: Int

    public init() {
        displayCapacity = 512
        display = .allocate(capacity: displayCapacity)
        keyCapacity = 512
        key = .allocate(capacity: keyCapacity)
    }

    deinit {
        display.deallocate()
        key.deallocate()
    }

    /// Normalises a title for storing or looking up.
    ///
    /// The result points into this normaliser and is valid until its next call.
    public func normalize(_ title: UnsafeRawBufferPointer) throws(TitleError) -> NormalizedTitle {
        let folded = fold(title)
        let count = folded.count
        guard count > 0 else { throw .empty }
        guard !folded.hasPipe else { throw .containsPipe }
        guard count <= MovieLimits.maximumTitleBytes else { throw .tooLong }
        let keyCount = folded.isASCII ? count : lowercaseUnicode(count: count)
        guard keyCount <= MovieLimits.maximumKeyBytes else { throw .tooLong }
        return NormalizedTitle(
            display: UnsafeRawBufferPointer(start: display, count: count),
            key: UnsafeRawBufferPointer(start: key, count: keyCount)
        )
    }

    /// Normalises `FIND` text exactly as titles are, so it can be searched for in keys.
    ///
    /// Only empty text is an error: text with `|` or longer than any title is
    /// valid and simply matches nothing. The result is valid until the next call.
    public func searchKey(for text: UnsafeRawBufferPointer) throws(TitleError) -> UnsafeRawBufferPointer {
        let folded = fold(text)
        guard folded.count > 0 else { throw .empty }
        let keyCount = folded.isASCII ? folded.count : lowercaseUnicode(count: folded.count)
        return UnsafeRawBufferPointer(start: key, count: keyCount)
    }

    /// Writes the display form and its ASCII-lowercased key, and reports the
    /// length, whether a `|` was seen and whether every byte was ASCII.
    /// Non-ASCII bytes are copied to the key unchanged.
    ///
    /// Eight bytes at a time while they need no folding (`isVerbatim`), which is
    /// most of almost every title; a byte at a time through the rest.
    /// (`count == position` means nothing has been folded away yet, and then no
    /// space is pending: a pending space leaves the output one byte behind.)
    private func fold(_ input: UnsafeRawBufferPointer) -> (count: Int, hasPipe: Bool, isASCII: Bool) {
        // Folding never lengthens text, so input-sized buffers always suffice.
        reserve(display: input.count, key: input.count)
        guard let source = input.baseAddress else { return (0, false, true) }
        // Local copies: stores through the byte pointers could otherwise alias
        // the properties, forcing a reload of both on every byte.
        let display = self.display
        let key = self.key
        let end = input.count
        var position = 0
        var count = 0
        var spacePending = false
        var hasPipe = false
        var highBits: UInt8 = 0
        while position < end {
            var byteByByteEnd = end
            if end - position >= 8 {
                let word = source.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                if ASCIIFolding.isVerbatim(word) {
                    if spacePending {
                        display[count] = UInt8(ascii: " ")
                        key[count] = UInt8(ascii: " ")
                        count += 1
                        spacePending = false
                    }
                    UnsafeMutableRawPointer(display + count).storeBytes(of: word, as: UInt64.self)
                    UnsafeMutableRawPointer(key + count).storeBytes(of: ASCIIFolding.lowercased(asciiWord: word), as: UInt64.self)
                    count += 8
                    position += 8
                    continue
                }
                byteByByteEnd = position + 8
            } else if count == position && position >= 8 {
                // A short tail after words copied as they were: the output is
                // still aligned with the input, so the last eight bytes may be
                // taken as one word, overlapping what is already written.
                let last = source.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self)
                if ASCIIFolding.isVerbatim(last) {
                    UnsafeMutableRawPointer(display + end - 8).storeBytes(of: last, as: UInt64.self)
                    UnsafeMutableRawPointer(key + end - 8).storeBytes(of: ASCIIFolding.lowercased(asciiWord: last), as: UInt64.self)
                    count = end
                    break
                }
            }
            while position < byteByByteEnd {
                let byte = source.load(fromByteOffset: position, as: UInt8.self)
                position += 1
                if WhiteSpace.contains(byte) {
                    spacePending = count > 0
                    continue
                }
                if spacePending {
                    display[count] = UInt8(ascii: " ")
                    key[count] = UInt8(ascii: " ")
                    count += 1
                    spacePending = false
                }
                hasPipe = hasPipe || byte == UInt8(ascii: "|")
                highBits |= byte
                display[count] = byte
                key[count] = ASCIIFolding.lowercased(byte)
                count += 1
            }
        }
        return (count, hasPipe, highBits < 0x80)
    }

    /// Replaces the key with the Unicode lowercasing of the display form's first
    /// `count` bytes; returns the key's length.
    private func lowercaseUnicode(count: Int) -> Int {
        let displayBytes = UnsafeRawBufferPointer(start: display, count: count)
        var lowered = String(decoding: displayBytes, as: UTF8.self).lowercased()
        return lowered.withUTF8 { utf8 in
            reserve(display: 0, key: utf8.count)
            UnsafeMutableRawBufferPointer(start: key, count: utf8.count).copyMemory(from: UnsafeRawBufferPointer(utf8))
            return utf8.count
        }
    }

    private func reserve(display displayCount: Int, key keyCount: Int) {
        if displayCount > displayCapacity {
            display.deallocate()
            displayCapacity = displayCount
            display = .allocate(capacity: displayCapacity)
        }
        if keyCount > keyCapacity {
            key.deallocate()
            keyCapacity = keyCount
            key = .allocate(capacity: keyCapacity)
        }
    }
}
