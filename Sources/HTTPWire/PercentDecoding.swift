import Primitives

/// `%XX` escapes in a request target (RFC 3986 §2.1), decoded into bytes.
public enum PercentDecoding {
    /// Appends `bytes` decoded to `output`; in a query, `+` stands for a space (as
    /// HTML forms encode it), in a path it is itself. False on a `%` not followed by two hex digits.
    public static func decode(_ bytes: UnsafeRawBufferPointer, plusMeansSpace: Bool, into output: ByteBuffer) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    return false
                }
                output.append(byte: high << 4 | low)
                index += 3
            } else {
                output.append(byte: plusMeansSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return true
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
