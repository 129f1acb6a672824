import MovieRules

/// A line of a catalogue file that could not be loaded, and why.
public struct CatalogueFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with a line.
    public enum Problem: Equatable, Sendable {
        /// The line is not well-formed UTF-8.
        case invalidUTF8
        /// The line holds a NUL byte.
        case containsNUL
        /// The line has no `|` between title and info.
        case missingSeparator
        /// The title is nothing but white space.
        case emptyTitle
        /// The title is longer than `MovieLimits.maximumTitleBytes` after normalisation.
        case titleTooLong
        /// The info is longer than `MovieLimits.maximumInfoBytes` after trimming.
        case infoTooLong
        /// The line's title matches an earlier one; this is the earlier display title.
        case duplicateTitle(String)
    }

    /// The line's number, counting from 1 and including blank and comment lines.
    public let line: Int
    /// What is wrong with it.
    public let problem: Problem

    public init(line: Int, problem: Problem) {
        self.line = line
        self.problem = problem
    }

    /// The error as people read it, such as `line 7: empty title`.
    public var description: String {
        "line \(line): " + {
            switch problem {
            case .invalidUTF8: "not valid UTF-8"
            case .containsNUL: "contains a NUL byte"
            case .missingSeparator: "no '|' between title and info"
            case .emptyTitle: "empty title"
            case .titleTooLong: "title longer than \(MovieLimits.maximumTitleBytes) bytes"
            case .infoTooLong: "info longer than \(MovieLimits.maximumInfoBytes) bytes"
            case .duplicateTitle(let title): "duplicate title \"\(title)\""
            }
        }()
    }
}
