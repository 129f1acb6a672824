import ArgumentParser
import MovieClient

// One small command per action; each only turns its arguments into an `Action`.

struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show a movie's info from every server, and whether they agree.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The title; several words are joined with single spaces.") var title: [String]

    func run() throws { try options.perform(.get(title: title.joined(separator: " "))) }
}

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Put a movie on every server: added where missing, its info replaced where present.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The title.") var title: String
    @Argument(help: "The movie's info, e.g. \"1995; Michael Mann; crime\".") var info: String

    func run() throws { try options.perform(.add(title: title, info: info)) }
}

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Replace a movie's info on every server that has it; report those that do not.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The title.") var title: String
    @Argument(help: "The new info.") var info: String

    func run() throws { try options.perform(.edit(title: title, info: info)) }
}

struct DelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "del", abstract: "Delete a movie from every server.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The title; several words are joined with single spaces.") var title: [String]

    func run() throws { try options.perform(.del(title: title.joined(separator: " "))) }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Put every movie of a catalogue or IMDb file on every server.",
        discussion: """
            Formats: the catalogue's (one "Title | info" a line, # comments, blank lines; \
            as Configs/catalogue.txt), and IMDb's title.basics.tsv. The format is taken \
            from the first line (IMDb's header) or the name (.tsv), or from --format. \
            A gzip-compressed file (title.basics.tsv.gz) is read as it streams in.

            From IMDb, rows of the types given by --types are kept, each as \
            "primaryTitle | year; type; N min; genres; tconst" (the type only when it is \
            not movie; a missing field is left out). A title that occurs once is used as \
            is; titles shared by several rows become "Title (Year)", and those that still \
            share title and year get the IMDb id too, "Title (Year, tt0000001)" \
            ("Title (tt0000001)" when the year is missing). The rule is decided over \
            the whole file before anything is sent.

            Each movie is sent as PUT (added, or its info replaced), pipelined over one \
            connection per server, all servers at once. Lines that cannot be imported \
            are reported as FILE:LINE: reason and skipped. Exit status: 0 when every \
            server took every movie, 1 when one missed any (down, died, refused) or \
            Ctrl-C stopped the import, 2 when the file cannot be used (nothing was sent).
            """
    )
    @OptionGroup var options: GlobalOptions
    @Argument(help: ArgumentHelp("The file to import (.gz or not).", valueName: "file")) var file: String
    @Option(help: ArgumentHelp("The file's format instead of detecting it.", valueName: "catalogue|imdb"))
    var format: ImportFormat?
    @Option(help: ArgumentHelp(
        "The IMDb title types to keep, comma-separated. (default: \(ImportOptions.defaultTypes.joined(separator: ",")))",
        valueName: "types"))
    var types: String?
    @Flag(help: "Show progress on standard error even when it is not a terminal.")
    var progress = false

    func validate() throws {
        if let types, importTypes(types).isEmpty || types.contains(where: \.isWhitespace) {
            throw ValidationError("--types takes IMDb title types separated by commas, e.g. movie,short")
        }
    }

    func run() throws {
        let types = types.map(importTypes) ?? ImportOptions.defaultTypes
        try options.perform(.importFile(path: file, options: ImportOptions(format: format, types: types, progress: progress)))
    }

    private func importTypes(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }
}

extension ImportFormat: ExpressibleByArgument {}

struct FindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find", abstract: "List the titles containing some text, ignoring case, on any server.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The text to look for; several words are joined with single spaces.") var text: [String]

    func run() throws { try options.perform(.find(text: text.joined(separator: " "))) }
}

struct AllCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all", abstract: "List the titles of all servers together, marking those only some servers hold.")
    @OptionGroup var options: GlobalOptions

    func run() throws { try options.perform(.all) }
}

struct CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count", abstract: "Count the movies on each server.")
    @OptionGroup var options: GlobalOptions

    func run() throws { try options.perform(.count) }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Show each server's counters side by side.")
    @OptionGroup var options: GlobalOptions

    func run() throws { try options.perform(.stats) }
}

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Follow changes on every server live, until Ctrl-C.")
    @OptionGroup var options: GlobalOptions

    func run() throws { try options.perform(.watch) }
}

struct ServerListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serverlist", abstract: "Show the servers, whether they answer and how fast.")
    @OptionGroup var options: GlobalOptions

    func run() throws { try options.perform(.serverList) }
}

struct AddServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "addserver", abstract: "Add a server (HOST:PORT, or [IPv6]:PORT) to the servers file.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: ArgumentHelp("The server's address.", valueName: "host:port")) var address: String

    func run() throws { try options.perform(.addServer(address)) }
}

struct DeleteServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deleteserver", abstract: "Remove a server from the servers file.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: ArgumentHelp("The server's address.", valueName: "host:port")) var address: String

    func run() throws { try options.perform(.deleteServer(address)) }
}
