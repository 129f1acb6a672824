/// Byte strings packed end to end in one block and handed out as raw buffers.
///
/// A measured loop reads its inputs from here, so neither `String` nor `Array`
/// can add an allocation or a retain of its own to what the code under test does.
public final class ByteLines {
    @usableFromInline let storage: UnsafeMutableRawBufferPointer
    /// Where each string starts, plus the end of the last one.
    @usableFromInline let starts: UnsafeMutableBufferPointer<Int>
    /// How many strings there are: a power of two, so `subscript(wrapping:)` is a mask.
    public let count: Int

    public init(_ strings: [String]) {
        precondition(strings.count > 0 && strings.count & (strings.count - 1) == 0, "the count must be a power of two")
        count = strings.count
        storage = .allocate(byteCount: strings.reduce(0) { $0 + $1.utf8.count }, alignment: 16)
        starts = .allocate(capacity: strings.count + 1)
        var offset = 0
        for (index, string) in strings.enumerated() {
            starts[index] = offset
            for byte in string.utf8 {
                storage[offset] = byte
                offset += 1
            }
        }
        starts[strings.count] = offset
    }

    deinit {
        storage.deallocate()
        starts.deallocate()
    }

    /// The string at `index` modulo `count`, so a loop can cycle through all of them.
    @inlinable public subscript(wrapping index: Int) -> UnsafeRawBufferPointer {
        let slot = index & (count - 1)
        return UnsafeRawBufferPointer(rebasing: storage[starts[slot]..<starts[slot + 1]])
    }
}
