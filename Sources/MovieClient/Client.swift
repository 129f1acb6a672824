import Primitives
import MovieProtocol

/// Where the client's output goes: standard output and standard error, one line per call.
public struct Console: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    /// Writes to standard error as is, adding no newline: a progress line redrawn in place.
    public var errRaw: @Sendable (String) -> Void
    /// Whether standard error is a terminal: progress shows there unasked.
    public var errIsTerminal: Bool

    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
        errRaw: @escaping @Sendable (String) -> Void = { _ in }, errIsTerminal: Bool = false
    ) {
        self.out = out
        self.err = err
        self.errRaw = errRaw
        self.errIsTerminal = errIsTerminal
    }

    /// After Ctrl-C on a terminal: ends the line the terminal echoed `^C` on, so what follows starts its own.
    func endInterruptedLine() {
        if errIsTerminal { errRaw("\n") }
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
    /// Sent as `AUTH <token>` before every write, on each server's connection; `nil` sends none.
    public var token: String?

    public init(serverOverride: [ServerAddress], store: ServersStore, timeout: Double, json: Bool, token: String? = nil) {
        self.serverOverride = serverOverride
        self.store = store
        self.timeout = timeout
        self.json = json
        self.token = token
    }
}

/// Runs actions against the servers and prints what they said.
public struct Client: Sendable {
    public let settings: ClientSettings
    public let console: Console
    /// While set (the shell sets it), a byte arriving here abandons the command being run: Ctrl-C.
    public var interruptDescriptor: Int32?

    public init(settings: ClientSettings, console: Console, interruptDescriptor: Int32? = nil) {
        self.settings = settings
        self.console = console
        self.interruptDescriptor = interruptDescriptor
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
                return try ask(.del, title, authenticated: true) { replies in
                    let outcome = WriteOutcome(kind: .del, title: title, replies: replies)
                    return (outcome.human, outcome.json, outcome.status)
                }
            case .importFile(let path, let options):
                let importer = Importer(
                    path: path, options: options, servers: try servers(), timeout: settings.timeout,
                    authentication: try authentication().first?.line, console: console)
                let summary = try importer.run()
                return report((summary.human, summary.json, summary.status))
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
    ///
    /// An `authenticated` request (a write) goes after `AUTH <token>` when a token is set.
    func ask(
        _ command: Command, _ argument: String = "", authenticated: Bool = false,
        analyse: ([ServerReply]) -> (HumanReport, JSON, ExitStatus)
    ) throws(ClientError) -> ExitStatus {
        let line: [UInt8]
        do {
            line = try RequestBuilder.line(command, argument)
        } catch {
            throw ClientError(.usage, "cannot send that: \(error)")
        }
        var requests = [Request(command: command, line: line)]
        if authenticated { requests = try authentication() + requests }
        return report(analyse(try exchange(try servers(), requests)))
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
        let replies = try exchange(try servers(), try authentication() + [Request(command: command, line: line)])
        let outcome = WriteOutcome(kind: kind, title: title, replies: replies)
        return report((outcome.human, outcome.json, outcome.status))
    }

    /// `AUTH <token>` when a token is set, to go first on a connection that writes; else nothing.
    func authentication() throws(ClientError) -> [Request] {
        guard let token = settings.token else { return [] }
        do {
            return [Request(command: .auth, line: try RequestBuilder.line(.auth, token))]
        } catch {
            throw ClientError(.usage, "cannot send that token: \(error)")
        }
    }

    /// Sends `requests` to every server at once and collects the answers; Ctrl-C in the shell abandons them.
    func exchange(_ servers: [ServerAddress], _ requests: [Request]) throws(ClientError) -> [ServerReply] {
        do {
            return try FanOut.ask(servers, requests, timeout: settings.timeout, interruptDescriptor: interruptDescriptor)
        } catch {
            console.endInterruptedLine()
            throw ClientError(.failure, "interrupted")
        }
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
