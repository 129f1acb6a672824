/// What one line typed in the shell asks for.
public enum ShellInput: Equatable, Sendable {
    case empty
    case help
    case quit
    case action(Action)
}

/// Reads shell lines: words split at white space, `"..."` and `'...'` quoting,
/// backslash escapes, and an unquoted `|` between a title and its info.
public enum ShellSyntax {
    /// One word of a line; `isBar` marks an unquoted `|`.
    public struct Word: Equatable, Sendable {
        public var text: String
        public var isBar: Bool

        public init(_ text: String, isBar: Bool = false) {
            self.text = text
            self.isBar = isBar
        }
    }

    /// Splits a line into words the way a POSIX shell would, with `|` as a word of its own.
    public static func words(_ line: String) throws(InputError) -> [Word] {
        var words: [Word] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        func finishWord() {
            if inWord { words.append(Word(current)) }
            current = ""
            inWord = false
        }
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case " ", "\t", "\n", "\r", "\r\n":
                finishWord()
            case "\"", "'":
                quote = character
                inWord = true
            case "\\":
                escaped = true
                inWord = true
            case "|":
                finishWord()
                words.append(Word("|", isBar: true))
            default:
                current.append(character)
                inWord = true
            }
        }
        if quote != nil { throw InputError("unterminated quote") }
        if escaped { throw InputError("backslash at the end of the line") }
        finishWord()
        return words
    }

    /// Reads one shell line; an error explains the command's usage.
    public static func parse(_ line: String) throws(InputError) -> ShellInput {
        let words = try words(line)
        guard let first = words.first else { return .empty }
        let arguments = Array(words.dropFirst())
        let name = first.isBar ? "|" : first.text.lowercased()
        func noArguments(_ input: ShellInput) throws(InputError) -> ShellInput {
            guard arguments.isEmpty else { throw InputError("\(name) takes no arguments") }
            return input
        }
        switch name {
        case "get": return .action(.get(title: try text(arguments, usage: "get TITLE")))
        case "del", "delete": return .action(.del(title: try text(arguments, usage: "del TITLE")))
        case "find": return .action(.find(text: try text(arguments, usage: "find TEXT")))
        case "add":
            let (title, info) = try titleAndInfo(arguments, usage: "add TITLE INFO")
            return .action(.add(title: title, info: info))
        case "edit":
            let (title, info) = try titleAndInfo(arguments, usage: "edit TITLE INFO")
            return .action(.edit(title: title, info: info))
        case "import": return .action(.importFile(path: try single(arguments, usage: "import FILE"), options: ImportOptions()))
        case "addserver": return .action(.addServer(try single(arguments, usage: "addserver HOST:PORT")))
        case "deleteserver": return .action(.deleteServer(try single(arguments, usage: "deleteserver HOST:PORT")))
        case "all": return try noArguments(.action(.all))
        case "count": return try noArguments(.action(.count))
        case "stats": return try noArguments(.action(.stats))
        case "watch": return try noArguments(.action(.watch))
        case "serverlist": return try noArguments(.action(.serverList))
        case "help", "?": return .help
        case "quit", "exit": return .quit
        default: throw InputError("unknown command '\(first.text)'; type help for the list")
        }
    }

    /// The words as one text: `get the matrix` asks for "the matrix".
    static func text(_ words: [Word], usage: String) throws(InputError) -> String {
        guard !words.isEmpty else { throw InputError("usage: \(usage)") }
        return words.map(\.text).joined(separator: " ")
    }

    static func single(_ words: [Word], usage: String) throws(InputError) -> String {
        guard words.count == 1 else { throw InputError("usage: \(usage)") }
        return words[0].text
    }

    /// `TITLE INFO` as two (quoted) words, or `TITLE WORDS | INFO WORDS` split at the first bar.
    static func titleAndInfo(_ words: [Word], usage: String) throws(InputError) -> (String, String) {
        if let bar = words.firstIndex(where: \.isBar) {
            let title = words[..<bar].map(\.text).joined(separator: " ")
            let info = words[(bar + 1)...].map(\.text).joined(separator: " ")
            return (title, info)
        }
        guard words.count == 2 else {
            throw InputError("usage: \(usage) (quote a title or info with spaces, or write TITLE | INFO)")
        }
        return (words[0].text, words[1].text)
    }
}
