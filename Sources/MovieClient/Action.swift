/// One thing the client can be asked to do, from the command line or the shell.
public enum Action: Equatable, Sendable {
    case get(title: String)
    case add(title: String, info: String)
    case edit(title: String, info: String)
    case del(title: String)
    /// Every movie of a file onto every server.
    case importFile(path: String, options: ImportOptions)
    case find(text: String)
    case all
    case count
    case stats
    case watch
    case serverList
    case addServer(String)
    case deleteServer(String)

    /// The commands with one line of help each, as the shell shows them on start and for `help`.
    public static let helpLines: [(usage: String, summary: String)] = [
        ("get TITLE", "show the movie's info from every server, and whether they agree"),
        ("add TITLE INFO", "put the movie on every server: added where missing, replaced where present"),
        ("edit TITLE INFO", "replace the info on every server that has the movie"),
        ("del TITLE", "delete the movie from every server"),
        ("import FILE", "put every movie of a catalogue or IMDb file (.gz too) on every server"),
        ("find TEXT", "list the titles containing TEXT (ignoring case) on any server"),
        ("all", "list the titles of all servers, marking those only some hold"),
        ("count", "count the movies on each server"),
        ("stats", "show each server's counters"),
        ("watch", "follow changes on every server live, until Ctrl-C"),
        ("serverlist", "show the servers, whether they answer and how fast"),
        ("addserver HOST:PORT", "add a server to the servers file"),
        ("deleteserver HOST:PORT", "remove a server from the servers file"),
        ("help", "show this list"),
        ("quit", "leave the shell (Ctrl-D does too)"),
    ]

    /// `helpLines` laid out in two columns.
    public static var helpText: [String] {
        let width = helpLines.map(\.usage.count).max() ?? 0
        return helpLines.map { line in
            "  " + line.usage + String(repeating: " ", count: width - line.usage.count + 2) + line.summary
        }
    }
}
