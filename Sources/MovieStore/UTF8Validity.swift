/// Checks bytes for well-formed UTF-8 without building a `String`.
enum UTF8Validity {
    /// Whether `bytes` is well-formed UTF-8: no overlong forms, surrogates or
    /// code points past U+10FFFF, as the standard library's decoder enforces.
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
