import MovieProtocol
import MovieRules

/// Input the client refuses before sending anything.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Checks titles, info and search text with the catalogue's own rules, so a
/// mistake is explained once, before any server is asked.
public enum InputValidation {
    /// The title in the display form every server will store: trimmed, inner white space folded.
    public static func title(_ title: String) throws(InputError) -> String {
        try normalizedTitle(title).display
    }

    /// The title's display form and the key servers match it by (the display form lowercased).
    public static func normalizedTitle(_ title: String) throws(InputError) -> (display: String, key: String) {
        try checkLineBreaks(title, what: "a title")
        do {
            return try Title.normalize(title)
        } catch {
            switch error {
            case .empty:
                throw InputError("the title is empty")
            case .containsPipe:
                throw InputError("a title cannot contain '|': \(title)")
            case .tooLong:
                let folded = title.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
                throw InputError(
                    "the title is \(folded.utf8.count) bytes; the limit is \(MovieLimits.maximumTitleBytes) bytes (UTF-8)")
            }
        }
    }

    /// The info trimmed as the server will store it.
    public static func info(_ info: String) throws(InputError) -> String {
        try checkLineBreaks(info, what: "the info")
        do {
            return try MovieInfo.trim(info)
        } catch {
            let trimmed = info.trimmingWhiteSpace()
            throw InputError(
                "the info is \(trimmed.utf8.count) bytes; the limit is \(MovieLimits.maximumInfoBytes) bytes (UTF-8)")
        }
    }

    /// `FIND` text: anything but empty, with inner white space folded as in titles.
    public static func searchText(_ text: String) throws(InputError) -> String {
        try checkLineBreaks(text, what: "the search text")
        let folded = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        guard !folded.isEmpty else { throw InputError("the search text is empty") }
        guard folded.utf8.count < ProtocolLimits.maxRequestLineBytes - 16 else {
            throw InputError("the search text is too long")
        }
        return folded
    }

    static func checkLineBreaks(_ text: String, what: String) throws(InputError) {
        if text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            throw InputError("\(what) cannot contain a line break")
        }
        if text.utf8.contains(0) {
            throw InputError("\(what) cannot contain a NUL character")
        }
    }
}
