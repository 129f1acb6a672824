import MovieProtocol

/// One line of a catalogue file (`Title | info`), checked by the rules a server applies to a write.
///
/// The rules are those of the server's own catalogue file: split at the first
/// `|`; a line starting with `#`, or holding only white space, is not a movie.
enum CatalogueLine: Equatable {
    /// A blank line or a comment.
    case none
    /// A movie: its display title, its key and its trimmed info.
    case movie(title: String, key: String, info: String)
    /// A line that cannot be imported, and why.
    case bad(String)

    static func parse(_ bytes: UnsafeRawBufferPointer) -> CatalogueLine {
        if bytes.first == UInt8(ascii: "#") { return .none }
        if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return .none }
        switch UTF8Validation.firstProblem(in: bytes) {
        case .invalidUTF8: return .bad("not valid UTF-8")
        case .containsNUL: return .bad("contains a NUL byte")
        case nil: break
        }
        guard let bar = bytes.firstIndex(of: UInt8(ascii: "|")) else {
            return .bad("no '|' between title and info")
        }
        do {
            let title = try InputValidation.normalizedTitle(String(decoding: bytes[..<bar], as: UTF8.self))
            let info = try InputValidation.info(String(decoding: bytes[(bar + 1)...], as: UTF8.self))
            return .movie(title: title.display, key: title.key, info: info)
        } catch {
            return .bad(error.description)
        }
    }
}
