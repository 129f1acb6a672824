import Primitives

/// Writing JSON into an output buffer, byte by byte, without `String`.
extension ByteBuffer {
    /// `bytes` (valid UTF-8) as a JSON string, quotes included: `"`, `\` and control
    /// characters escaped, everything else copied in runs.
    @inlinable public func appendJSONString(_ bytes: UnsafeRawBufferPointer) {
        append(byte: UInt8(ascii: "\""))
        appendJSONStringContent(bytes)
        append(byte: UInt8(ascii: "\""))
    }

    /// `bytes` escaped as the inside of a JSON string, for a string written in parts.
    @inlinable public func appendJSONStringContent(_ bytes: UnsafeRawBufferPointer) {
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            append(UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
            appendJSONEscape(byte)
            runStart = index + 1
        }
        append(UnsafeRawBufferPointer(rebasing: bytes[runStart...]))
    }

    @usableFromInline func appendJSONEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case UInt8(ascii: "\n"): append("\\n")
        case UInt8(ascii: "\r"): append("\\r")
        case UInt8(ascii: "\t"): append("\\t")
        default:
            let digits: StaticString = "0123456789abcdef"
            append("\\u00")
            append(byte: digits.utf8Start[Int(byte >> 4)])
            append(byte: digits.utf8Start[Int(byte & 0xF)])
        }
    }

    /// `"name":` for a literal key that needs no escaping.
    @inlinable public func appendJSONKey(_ name: StaticString) {
        append(byte: UInt8(ascii: "\""))
        append(name)
        append("\":")
    }
}
