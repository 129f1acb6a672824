import LoadGeneration
import Primitives

/// The bytes a dialect writes for one request, as text.
func requestText(_ dialect: WireDialect, _ operation: Operation, key: Int, keys: KeySpace) -> String {
    let buffer = ByteBuffer()
    dialect.appendRequest(operation, key: key, keys: keys, to: buffer)
    return String(decoding: buffer.readableBytes, as: UTF8.self)
}

/// Scans `text` as the reply to `operation` with a fresh scanner.
func scan(_ dialect: WireDialect, _ text: String, expecting operation: Operation?) -> ScannedReply {
    var scanner = ReplyScanner(dialect: dialect)
    return Array(text.utf8).withUnsafeBytes { scanner.scan($0, expecting: operation) }
}

/// The bytes of `range` within `text`.
func slice(_ text: String, _ range: Range<Int>?) -> String? {
    guard let range else { return nil }
    return String(decoding: Array(text.utf8)[range], as: UTF8.self)
}
