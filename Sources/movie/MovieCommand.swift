import ArgumentParser
import Glibc
import MovieClient
import Primitives

/// `movie`: the command-line client of movied. With no command it starts the shell.
struct MovieCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "movie",
        abstract: "Ask every movied server at once, and say what each one answered.",
        discussion: """
            With no command, movie starts an interactive shell. Servers come from the \
            servers file ($XDG_CONFIG_HOME/movie/servers, or ~/.config/movie/servers) \
            unless --server is given.

            Exit status: 0 when every server answered as expected and they agree; \
            1 when a server failed (down, silent, garbage, an unexpected error) or the \
            movie is on no server; 2 for a usage error (nothing was sent); \
            3 when every server answered but they disagree.
            """,
        subcommands: [
            GetCommand.self, AddCommand.self, EditCommand.self, DelCommand.self, ImportCommand.self,
            FindCommand.self, AllCommand.self,
            CountCommand.self, StatsCommand.self, WatchCommand.self,
            ServerListCommand.self, AddServerCommand.self, DeleteServerCommand.self,
        ]
    )

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let status = Shell(client: try options.client()).run()
        if status != .success { throw ExitCode(status.rawValue) }
    }

    /// Parses the command line and runs it; usage errors exit with status 2, as documented.
    static func runMain() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardStreams.write(STDERR_FILENO, fullMessage(for: error) + "\n")
                Glibc.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// The options every command takes, before or after the command's name.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("server"),
        help: ArgumentHelp("Ask this server instead of the servers file's (repeatable).", valueName: "host:port")
    )
    var servers: [String] = []

    @Option(help: ArgumentHelp("The servers file to read and edit.", valueName: "path"))
    var serversFile: String?

    @Option(help: ArgumentHelp("Seconds to wait for a connection, and for each answer.", valueName: "seconds"))
    var timeout: Double = 1

    @Flag(help: "Print one JSON object per command, with a per-server breakdown.")
    var json = false

    @Option(help: ArgumentHelp(
        "Send AUTH <token> before every write (add, edit, del, import); MOVIE_TOKEN in the environment does the same.",
        valueName: "token"))
    var token: String?

    func validate() throws {
        guard timeout > 0, timeout <= 600 else {
            throw ValidationError("--timeout must be more than 0 and at most 600 seconds")
        }
        _ = try addresses()
        _ = try writeToken()
    }

    /// `--token`, else a non-empty `MOVIE_TOKEN`; checked by the server's own rule for tokens.
    func writeToken() throws -> String? {
        let (source, value): (String, String?) = if let token {
            ("--token", token)
        } else {
            ("MOVIE_TOKEN", ProcessEnvironment.variables["MOVIE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
        }
        guard let value else { return nil }
        guard !value.isEmpty, !value.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) else {
            throw ValidationError("\(source) must be non-empty and hold no white space or control characters")
        }
        return value
    }

    func addresses() throws -> [ServerAddress] {
        var addresses: [ServerAddress] = []
        for text in servers {
            do {
                let address = try ServerAddress(parsing: text)
                if !addresses.contains(address) { addresses.append(address) }
            } catch {
                throw ValidationError(error.description)
            }
        }
        return addresses
    }

    func client() throws -> Client {
        let environment = ProcessEnvironment.variables
        let store = ServersStore(
            path: serversFile ?? ServersStore.defaultPath(environment: environment),
            startingCopyPath: ServersStore.findStartingCopy(executablePath: ProcessEnvironment.executablePath)
        )
        let settings = ClientSettings(
            serverOverride: try addresses(), store: store, timeout: timeout, json: json, token: try writeToken())
        return Client(settings: settings, console: StandardStreams.console)
    }

    /// Runs one action and turns a status other than 0 into the process's exit status.
    func perform(_ action: Action) throws {
        let status = try client().run(action)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
