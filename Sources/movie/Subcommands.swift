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
