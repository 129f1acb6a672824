/// String forms of title normalisation, for clients and tests.
///
/// Each call builds its own `TitleNormalizer`, so these allocate; the server
/// keeps one normaliser and uses it directly.
public enum Title {
    /// The display form and key of `title`.
    public static func normalize(_ title: String) throws(TitleError) -> (display: String, key: String) {
        let normalizer = TitleNormalizer()
        var title = title
        // `withUTF8` rethrows untyped errors, so the typed one travels in a `Result`.
        let result = title.withUTF8 { utf8 in
            Result { () throws(TitleError) in
                let normalized = try normalizer.normalize(UnsafeRawBufferPointer(utf8))
                return (
                    display: String(decoding: normalized.display, as: UTF8.self),
                    key: String(decoding: normalized.key, as: UTF8.self)
                )
            }
        }
        return try result.get()
    }

    /// The key `FIND text` searches for.
    public static func searchKey(for text: String) throws(TitleError) -> String {
        let normalizer = TitleNormalizer()
        var text = text
        let result = text.withUTF8 { utf8 in
            Result { () throws(TitleError) in
                String(decoding: try normalizer.searchKey(for: UnsafeRawBufferPointer(utf8)), as: UTF8.self)
            }
        }
        return try result.get()
    }
}
