/// White space in titles, info and requests: spaces and tabs, nothing else.
public enum WhiteSpace {
    @inlinable @inline(__always) public static func contains(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// `bytes` without leading and trailing white space.
    @inlinable public static func trim(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end && contains(bytes[start]) { start += 1 }
        while end > start && contains(bytes[end - 1]) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }
}
