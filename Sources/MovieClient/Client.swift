import Primitives
import MovieProtocol

/// Where the client's output goes: standard output and standard error, one line per call.
public struct Console: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }
}

/// How a run of the client is set up: which servers, how patient, which output.
public struct ClientSettings: Sendable {
    /// Servers given with `--server`; when not empty the servers file is not read.
    public var serverOverride: [ServerAddress]
    public var store: ServersStore
    /// Seconds allowed for connecting, and for each wait on an answer.
    public var timeout: Double
    public var json: Bool

    public init(serverOverride: [ServerAddress], store: ServersStore, timeout: Double, json: Bool) {
        self.serverOverride = serverOverride
        self.store = store
        self.timeout = timeout
        self.json = json
    }
}

/// Runs actions against the servers and prints what they said.
public struct Client: Sendable {
    public let settings: ClientSettings
    public let console: Console

    public init(settings: ClientSettings, console: Console) {
        self.settings = settings
        self.console = console
    }

    /// Runs one action to the end and returns the exit status it earned.
    public func run(_ action: Action) -> ExitStatus {
        do {
            switch action {
            case .get(let title):
                let title = try InputValidation.title(title)
                return try ask(.get, title) { replies in
                    let lookup = Lookup(title: title, replies: replies)
                    return (lookup.human, lookup.json, lookup.status)
                }
            case .add(let title, let info):
                return try write(.add, title: title, info: info)
            case .edit(let title, let info):
                return try write(.edit, title: title, info: info)
            case .del(let title):
                let title = try InputValidation.title(title)
                return try ask(.del, title) { replies in
                    let outcome = WriteOutcome(kind: .del, title: title, replies: replies)
                    return (outcome.human, outcome.json, outcome.status)
                }
            case .find(let text):
                let text = try InputValidation.searchText(text)
                return try ask(.find, text) { replies in
                    let list = TitleList(replies: replies)
                    return (list.human(search: text), list.json(search: text), list.status)
                }
            case .all:
                return try ask(.all) { replies in
                    let list = TitleList(replies: replies)
                    return (list.human(search: nil), list.json(search: nil), list.status)
                }
            case .count:
                return try ask(.count) { replies in
                    let counts = Counts(replies: replies)
                    return (counts.human, counts.json, counts.status)
                }
            case .stats:
                return try ask(.stats) { replies in
                    let stats = Stats(replies: replies)
                    return (stats.human, stats.json, stats.status)
                }
            case .serverList:
                return try serverList()
            case .addServer(let text):
                return try editServersFile(adding: true, text)
            case .deleteServer(let text):
                return try editServersFile(adding: false, text)
            case .watch:
                return Watch(servers: try servers(), timeout: settings.timeout, json: settings.json, console: console).run()
            }
        } catch let error as ClientError {
            console.err("movie: \(error.description)")
            return error.status
        } catch {
            // Everything else thrown here is input refused before sending.
            console.err("movie: \(error)")
            return .usage
        }
    }

    /// Sends one request to every server and prints the report `analyse` makes of the replies.
    func ask(
        _ command: Command, _ argument: String = "",
        analyse: ([ServerReply]) -> (HumanReport, JSON, ExitStatus)
    ) throws(ClientError) -> ExitStatus {
        let line: [UInt8]
        do {
            line = try RequestBuilder.line(command, argument)
        } catch {
            throw ClientError(.usage, "cannot send that: \(error)")
        }
        return report(analyse(FanOut.ask(try servers(), [Request(command: command, line: line)], timeout: settings.timeout)))
    }

    func write(_ kind: WriteOutcome.Kind, title: String, info: String) throws -> ExitStatus {
        let title = try InputValidation.title(title)
        let info = try InputValidation.info(info)
        let command: Command = kind == .add ? .put : .edit
        let line: [UInt8]
        do {
            line = try RequestBuilder.line(command, title: title, info: info)
        } catch {
            throw ClientError(.usage, "cannot send that: \(error)")
        }
        let replies = FanOut.ask(try servers(), [Request(command: command, line: line)], timeout: settings.timeout)
        let outcome = WriteOutcome(kind: kind, title: title, replies: replies)
        return report((outcome.human, outcome.json, outcome.status))
    }

    func report(_ report: (human: HumanReport, json: JSON, status: ExitStatus)) -> ExitStatus {
        if settings.json {
            console.out(report.json.encoded)
        } else {
            report.human.lines.forEach(console.out)
        }
        if report.status != .success, let complaint = report.human.complaint {
            console.err("movie: \(complaint)")
        }
        return report.status
    }

    /// The servers to ask: `--server` if given, else the servers file; never empty.
    func servers() throws(ClientError) -> [ServerAddress] {
        let servers = try listedServers().servers
        guard !servers.isEmpty else {
            throw ClientError(.usage, "no servers to ask: add one with `movie addserver HOST:PORT`, or pass --server HOST:PORT")
        }
        return servers
    }

    func listedServers() throws(ClientError) -> (servers: [ServerAddress], source: String) {
        if !settings.serverOverride.isEmpty { return (settings.serverOverride, "--server") }
        do {
            let (file, existed) = try settings.store.load()
            return (file.servers, settings.store.path + (existed ? "" : " (not written yet: the starting list)"))
        } catch {
            throw ClientError(.usage, error.description)
        }
    }
}

/// A reason to stop before or instead of asking the servers, with the exit status it means.
struct ClientError: Error, CustomStringConvertible {
    let status: ExitStatus
    let description: String

    init(_ status: ExitStatus, _ description: String) {
        self.status = status
        self.description = description
    }
}
