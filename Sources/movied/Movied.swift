import ArgumentParser
import Glibc
import Logging
import MovieServer

/// `movied`: the movie catalogue server.
@main
struct Movied: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "movied",
        abstract: "Serve a movie catalogue over a line protocol on TCP.",
        discussion: """
            Settings come from built-in defaults, then the --config file (key = value lines \
            named like the flags below), then the flags. Prints 'listening on <addr>:<port>' \
            (and 'http listening on <addr>:<port>') on stderr when ready. SIGTERM or SIGINT: stop accepting, answer what was \
            received, flush the journal, exit 0. SIGHUP: logged and otherwise ignored.
            """
    )

    /// The built-in settings, which the help texts quote.
    private static let defaults = ServerConfiguration()

    @Option(help: "A config file of 'key = value' lines; see Configs/movied.conf.")
    var config: String?

    @Option(help: "Port to listen on; 0 picks any free port. (default: \(defaults.ports[0]))")
    var port: String?

    @Option(help: "Comma-separated permitted ports; the first free one is bound.")
    var ports: String?

    @Option(help: "Address to bind, IPv4 or IPv6. (default: \(defaults.bindAddress))")
    var bind: String?

    @Option(name: .customLong("data-dir"), help: "Where the catalogue lives; a new one starts from the sample catalogue. (default: \(defaults.dataDirectory))")
    var dataDir: String?

    @Option(help: "When writes reach the disk: always, everysec or never. (default: \(defaults.sync.rawValue))")
    var sync: String?

    @Option(name: .customLong("max-connections"), help: "Connections served at once; more get ERR BUSY. (default: \(defaults.maximumConnections))")
    var maxConnections: String?

    @Option(name: .customLong("idle-timeout"), help: "Seconds before a silent connection is closed; 0 = never. (default: \(defaults.idleTimeoutSeconds))")
    var idleTimeout: String?

    @Option(name: .customLong("request-timeout"), help: "Seconds a request line may take to arrive once begun; 0 = never. (default: \(defaults.requestTimeoutSeconds))")
    var requestTimeout: String?

    @Option(name: .customLong("max-line"), help: "Longest request line in bytes, LF included. (default: \(defaults.maximumLineLength))")
    var maxLine: String?

    @Option(name: .customLong("write-token"), help: "Token clients must AUTH with before writing. (default: none)")
    var writeToken: String?

    @Flag(name: .customLong("read-only"), help: "Refuse every write with ERR READ_ONLY.")
    var readOnly = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical. (default: \(defaults.logLevel))")
    var logLevel: String?

    @Option(name: .customLong("seed-catalogue"), help: "Catalogue file a new data directory starts from. (default: the shipped Configs/catalogue.txt)")
    var seedCatalogue: String?

    @Option(name: .customLong("shutdown-grace"), help: "Seconds to finish owed answers when stopping. (default: \(defaults.shutdownGraceSeconds))")
    var shutdownGrace: String?

    @Option(name: .customLong("compaction-threshold"), help: "Journal bytes past which it is compacted into a snapshot. (default: \(defaults.compactionThresholdBytes))")
    var compactionThreshold: String?

    @Option(help: "How clients are served: reactor (one thread, epoll), threaded (a thread each) or iterative (one at a time). (default: \(defaults.model.rawValue))")
    var model: String?

    @Option(name: .customLong("http-port"), help: "Port for HTTP (JSON API, /metrics, /events, the web page) on the same address; 0 picks any free port, off disables it. (default: \(defaults.httpPort.map(String.init) ?? "off"))")
    var httpPort: String?

    @Flag(name: .customLong("accept-journal-loss"), help: "When the journal the newest snapshot counts on is missing or empty, start from the snapshot alone (losing the changes it held) instead of refusing to start.")
    var acceptJournalLoss = false

    func validate() throws {
        if port != nil && ports != nil { throw ValidationError("use either --port or --ports, not both") }
    }

    func run() throws {
        var settings = ServerConfiguration()
        if let config {
            do { try ConfigurationFile.apply(config, to: &settings) } catch { throw fail("\(error)") }
        }
        let flags: [(ServerConfiguration.Key, String?)] = [
            (.port, port), (.ports, ports), (.bind, bind), (.dataDir, dataDir), (.sync, sync),
            (.maxConnections, maxConnections), (.idleTimeout, idleTimeout), (.requestTimeout, requestTimeout), (.maxLine, maxLine),
            (.writeToken, writeToken), (.readOnly, readOnly ? "yes" : nil), (.logLevel, logLevel),
            (.seedCatalogue, seedCatalogue), (.shutdownGrace, shutdownGrace), (.compactionThreshold, compactionThreshold),
            (.acceptJournalLoss, acceptJournalLoss ? "yes" : nil), (.model, model), (.httpPort, httpPort),
        ]
        for case let (key, value?) in flags {
            do { try settings.set(key, to: value) } catch { throw ValidationError("--\(key.rawValue): \(error)") }
        }
        let level = settings.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "movied")
        let server: MovieServer
        do { server = try MovieServer(configuration: settings, logger: logger) } catch { throw fail("\(error)") }
        try server.run()
        // The journal is flushed and closed; freeing millions of movies one by
        // one would only delay the exit by seconds.
        Glibc.exit(EXIT_SUCCESS)
    }

    private func fail(_ message: String) -> ExitCode {
        var line = "movied: \(message)\n"
        line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
        return ExitCode.failure
    }
}
