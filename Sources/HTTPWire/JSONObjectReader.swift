import Primitives

/// Why a JSON request body was refused; the message is for the client.
public struct JSONBodyError: Error, Sendable {
    public let message: StaticString
}

/// Reads the string fields a request body carries (`{"title": …, "info": …}`)
/// out of a JSON object, decoding escapes into buffers it keeps between requests.
///
/// Other members are checked to be well-formed JSON and skipped, so a client
/// may send more than the server reads; a wanted member that is not a string,
/// or comes twice, is an error.
public final class JSONObjectReader {
    private let firstValue = ByteBuffer()
    private let secondValue = ByteBuffer()
    private let key = ByteBuffer()
    private var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
    private var position = 0
    /// How deep arrays and objects skipped over may nest.
    private static let maximumDepth = 32

    public init() {}

    /// The members named `first` and `second` of the object `body`, decoded; nil for
    /// one that is absent. Both stay valid until the next call.
    public func strings(
        _ first: StaticString, _ second: StaticString, in body: UnsafeRawBufferPointer
    ) throws(JSONBodyError) -> (UnsafeRawBufferPointer?, UnsafeRawBufferPointer?) {
        bytes = body
        position = 0
        firstValue.clear()
        secondValue.clear()
        var hasFirst = false
        var hasSecond = false
        skipWhiteSpace()
        try expect(UInt8(ascii: "{"), "the body must be a JSON object")
        skipWhiteSpace()
        if peek() == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipWhiteSpace()
                key.clear()
                guard peek() == UInt8(ascii: "\"") else { throw JSONBodyError(message: "an object key must be a string") }
                try readString(into: key)
                skipWhiteSpace()
                try expect(UInt8(ascii: ":"), "a key must be followed by ':'")
                skipWhiteSpace()
                let name = key.readableBytes
                if name.matches(first) || name.matches(second) {
                    let isFirst = name.matches(first)
                    if isFirst ? hasFirst : hasSecond { throw JSONBodyError(message: "a field is given twice") }
                    guard peek() == UInt8(ascii: "\"") else { throw JSONBodyError(message: "title and info must be strings") }
                    try readString(into: isFirst ? firstValue : secondValue)
                    if isFirst { hasFirst = true } else { hasSecond = true }
                } else {
                    try skipValue(depth: 0)
                }
                skipWhiteSpace()
                if peek() == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                try expect(UInt8(ascii: "}"), "members must be separated by ',' and the object closed with '}'")
                break
            }
        }
        skipWhiteSpace()
        guard position == bytes.count else { throw JSONBodyError(message: "nothing may follow the JSON object") }
        return (hasFirst ? firstValue.readableBytes : nil, hasSecond ? secondValue.readableBytes : nil)
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private func expect(_ byte: UInt8, _ message: StaticString) throws(JSONBodyError) {
        guard peek() == byte else { throw JSONBodyError(message: message) }
        position += 1
    }

    private func skipWhiteSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    /// A string from its opening quote, escapes decoded, appended to `output`.
    private func readString(into output: ByteBuffer) throws(JSONBodyError) {
        position += 1
        while true {
            guard let byte = peek() else { throw JSONBodyError(message: "a string is not closed") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return
            case UInt8(ascii: "\\"):
                try readEscape(into: output)
            case 0..<0x20:
                throw JSONBodyError(message: "a control character in a string must be escaped")
            default:
                output.append(byte: byte)
            }
        }
    }

    private func readEscape(into output: ByteBuffer) throws(JSONBodyError) {
        guard let byte = peek() else { throw JSONBodyError(message: "a string is not closed") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(byte: byte)
        case UInt8(ascii: "b"): output.append(byte: 0x08)
        case UInt8(ascii: "f"): output.append(byte: 0x0C)
        case UInt8(ascii: "n"): output.append(byte: 0x0A)
        case UInt8(ascii: "r"): output.append(byte: 0x0D)
        case UInt8(ascii: "t"): output.append(byte: 0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHexQuad()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one: together one scalar.
                guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                    throw JSONBodyError(message: "a \\u escape holds half of a surrogate pair")
                }
                position += 2
                let low = try readHexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw JSONBodyError(message: "a \\u escape holds half of a surrogate pair") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw JSONBodyError(message: "a \\u escape holds half of a surrogate pair")
            }
            appendUTF8(scalar, to: output)
        default:
            throw JSONBodyError(message: "a string holds an unknown escape")
        }
    }

    private func readHexQuad() throws(JSONBodyError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw JSONBodyError(message: "a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONBodyError(message: "a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to output: ByteBuffer) {
        switch scalar {
        case 0..<0x80:
            output.append(byte: UInt8(scalar))
        case 0x80..<0x800:
            output.append(byte: UInt8(0xC0 | scalar >> 6))
            output.append(byte: UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(byte: UInt8(0xE0 | scalar >> 12))
            output.append(byte: UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(byte: UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(byte: UInt8(0xF0 | scalar >> 18))
            output.append(byte: UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(byte: UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(byte: UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Steps over one well-formed JSON value of any kind.
    private func skipValue(depth: Int) throws(JSONBodyError) {
        guard depth < Self.maximumDepth else { throw JSONBodyError(message: "the JSON nests too deeply") }
        guard let byte = peek() else { throw JSONBodyError(message: "a value is missing") }
        switch byte {
        case UInt8(ascii: "\""):
            key.clear()
            try readString(into: key)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let isObject = byte == UInt8(ascii: "{")
            let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            position += 1
            skipWhiteSpace()
            if peek() == close {
                position += 1
                return
            }
            while true {
                skipWhiteSpace()
                if isObject {
                    guard peek() == UInt8(ascii: "\"") else { throw JSONBodyError(message: "an object key must be a string") }
                    key.clear()
                    try readString(into: key)
                    skipWhiteSpace()
                    try expect(UInt8(ascii: ":"), "a key must be followed by ':'")
                    skipWhiteSpace()
                }
                try skipValue(depth: depth + 1)
                skipWhiteSpace()
                if peek() == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                try expect(close, "an array or object is not closed")
                return
            }
        case UInt8(ascii: "t"): try skipLiteral("true")
        case UInt8(ascii: "f"): try skipLiteral("false")
        case UInt8(ascii: "n"): try skipLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        default: throw JSONBodyError(message: "the body is not valid JSON")
        }
    }

    private func skipLiteral(_ literal: StaticString) throws(JSONBodyError) {
        let end = position + literal.utf8CodeUnitCount
        guard end <= bytes.count, UnsafeRawBufferPointer(rebasing: bytes[position..<end]).matches(literal) else {
            throw JSONBodyError(message: "the body is not valid JSON")
        }
        position = end
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private func skipNumber() throws(JSONBodyError) {
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let lead = peek(), lead >= UInt8(ascii: "0"), lead <= UInt8(ascii: "9") else {
            throw JSONBodyError(message: "the body is not valid JSON")
        }
        position += 1
        if lead != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard skipRequiredDigits() else { throw JSONBodyError(message: "the body is not valid JSON") }
        }
        if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            position += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            guard skipRequiredDigits() else { throw JSONBodyError(message: "the body is not valid JSON") }
        }
    }

    private func skipDigits() {
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
    }

    private func skipRequiredDigits() -> Bool {
        let start = position
        skipDigits()
        return position > start
    }
}
