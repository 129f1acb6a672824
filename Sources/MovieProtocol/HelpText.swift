/// What `HELP` says about each command.
extension Command {
    /// The command's syntax, e.g. `GET <title>`; also quoted in `BAD_REQUEST` messages.
    @inlinable public var usage: StaticString {
        switch self {
        case .get: "GET <title>"
        case .add: "ADD <title> | <info>"
        case .edit: "EDIT <title> | <info>"
        case .put: "PUT <title> | <info>"
        case .del: "DEL <title>"
        case .all: "ALL"
        case .find: "FIND <text>"
        case .count: "COUNT"
        case .ping: "PING"
        case .stats: "STATS"
        case .help: "HELP"
        case .watch: "WATCH"
        case .auth: "AUTH <token>"
        case .quit: "QUIT"
        }
    }

    /// A few words on what the command does.
    @inlinable public var summary: StaticString {
        switch self {
        case .get: "show a movie's info"
        case .add: "add a new movie"
        case .edit: "change the info of an existing movie"
        case .put: "add a movie, or replace its info"
        case .del: "delete a movie"
        case .all: "list every title"
        case .find: "list the titles containing <text>, ignoring case"
        case .count: "count the movies"
        case .ping: "check that the server answers"
        case .stats: "show the server's counters"
        case .help: "show this help"
        case .watch: "receive an EVENT line for every change"
        case .auth: "allow writes on this connection"
        case .quit: "close the connection"
        }
    }
}

/// The body of the `HELP` response: one line per command, in `Command.allCases` order.
public enum HelpText {
    /// How many data lines follow `OK` in the answer to `HELP`.
    @inlinable public static var lineCount: Int { Command.allCases.count }

    /// The column where the summaries start, one past the longest usage.
    @inlinable static var summaryColumn: Int { 23 }
}
