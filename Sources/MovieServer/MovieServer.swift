import Glibc
import Primitives
import Logging
import MovieStore
import Reactor

/// The whole server: configuration in, a running event loop serving the catalogue.
public final class MovieServer {
    /// Serves until stopped. Made where the model's type is known, so that the loop's
    /// code is specialised for `MovieHandler`: called through `any LineServer`, the
    /// whole loop would run generic code, every handler call through a witness table
    /// (callgrind: 4,209 instead of about 2,400 instructions per GET).
    private let serveClients: () throws -> Void
    private let store: DurableCatalogue
    private let logger: Logger
    private let configuration: ServerConfiguration
    /// Where the server listens, as `host:port` with the port actually bound.
    public let address: String
    /// Where it serves HTTP, likewise, if it does.
    public private(set) var httpAddress: String?

    /// Why the server could not start, in words for the operator.
    public struct StartupError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Opens the data directory, recovers the catalogue and binds the first free permitted port.
    ///
    /// Must be called before any other thread starts: it blocks the signals the
    /// loop receives through `signalfd`.
    public init(configuration: ServerConfiguration, logger: Logger) throws(StartupError) {
        self.logger = logger
        self.configuration = configuration
        store = try Self.openStore(configuration, logger: logger)
        let descriptors = DescriptorLimit.raise(toward: configuration.maximumConnections + 64)
        if descriptors < configuration.maximumConnections + 16 {
            logger.warning("open-file limit is \(descriptors), below max-connections \(configuration.maximumConnections); connections past it are refused")
        }
        let listener: ListeningSocket
        do {
            listener = try ListeningSocket(host: configuration.bindAddress, ports: configuration.ports)
        } catch {
            throw StartupError(description: "cannot listen: \(error)")
        }
        address = listener.displayAddress
        // HTTP is bound before the loop is made, so a port in use stops start-up with both named.
        var httpListener: ListeningSocket?
        if let httpPort = configuration.httpPort, configuration.model == .reactor {
            do {
                httpListener = try ListeningSocket(host: configuration.bindAddress, ports: [httpPort])
            } catch {
                throw StartupError(description: "cannot listen for HTTP: \(error)")
            }
        }
        var limits = ReactorLimits()
        limits.maximumConnections = configuration.maximumConnections
        limits.maximumLineLength = configuration.maximumLineLength
        limits.idleTimeoutSeconds = configuration.idleTimeoutSeconds
        limits.requestTimeoutSeconds = configuration.requestTimeoutSeconds
        limits.shutdownGraceSeconds = configuration.shutdownGraceSeconds
        let handler = MovieHandler(
            store: store,
            access: AccessPolicy(readOnly: configuration.readOnly, writeToken: configuration.writeToken),
            acceptsWatchers: configuration.model == .reactor,
            logger: logger
        )
        let loop: EventLoop<MovieHandler>
        do {
            switch configuration.model {
            case .reactor:
                (loop, serveClients) = Self.serving(try ReactorServer(handler: handler, listener: listener, limits: limits, handlingSignals: true, logger: logger))
            case .threaded:
                (loop, serveClients) = Self.serving(try ThreadedServer(handler: handler, listener: listener, limits: limits, handlingSignals: true, logger: logger))
            case .iterative:
                (loop, serveClients) = Self.serving(try IterativeServer(handler: handler, listener: listener, limits: limits, handlingSignals: true, logger: logger))
            case .oneShot:
                (loop, serveClients) = Self.serving(try OneShotServer(handler: handler, listener: listener, limits: limits, handlingSignals: true, logger: logger))
            }
            if let httpListener {
                handler.httpListener = try loop.addListener(httpListener)
                httpAddress = httpListener.displayAddress
            }
        } catch {
            throw StartupError(description: "cannot start the event loop: \(error)")
        }
        // In every model the loop carries the journal writer's wake-ups, the tick and the
        // end-of-turn hand-off; under the blocking models it shares a lock with the clients' threads.
        loop.onHangUp = { [logger] in
            logger.info("SIGHUP received: logs go to stderr and settings are read at start-up only; nothing to reload")
        }
        do {
            try loop.watch(store.wakeupDescriptor) { [unowned handler] in handler.collectCommits() }
        } catch {
            throw StartupError(description: "cannot watch the journal writer: \(error)")
        }
        loop.onTick = { [unowned store, unowned handler] in
            store.tick()
            handler.tick()
        }
        // Writes of one turn go to the journal writer together: that batch is the group commit.
        // The index grows a bounded step per turn, so no single request pays for a resize.
        loop.beforeWaiting = { [unowned store] in
            store.handOffPendingWrites()
            store.catalogue.stepMaintenance()
        }
        store.onLog = { [logger] message in logger.notice("\(message)") }
    }

    /// Serves until SIGTERM or SIGINT, then returns once owed answers are sent.
    public func run() throws {
        logger.info("listening on \(address)")
        if let httpAddress { logger.info("http listening on \(httpAddress)") }
        switch configuration.model {
        case .reactor, .oneShot: break
        case .threaded: logger.notice("threaded model: a thread per client, requests serialised by one lock; WATCH and HTTP are off")
        case .iterative: logger.notice("iterative model: one client at a time, the next waits until it leaves; WATCH and HTTP are off")
        }
        try serveClients()
        store.close()
        logger.info("stopped")
    }

    private static func serving(_ server: some LineServer<MovieHandler>) -> (EventLoop<MovieHandler>, () throws -> Void) {
        (server.loop, { try server.serve() })
    }

    private static func openStore(_ configuration: ServerConfiguration, logger: Logger) throws(StartupError) -> DurableCatalogue {
        var seed: [UInt8]?
        if let path = SeedCatalogue.locate(configuration.seedCatalogue) {
            guard let bytes = SeedCatalogue.contents(of: path) else {
                throw StartupError(description: "cannot read sample catalogue \(path): \(Errno.current)")
            }
            seed = bytes
        } else {
            logger.warning("no sample catalogue found (looked in \(SeedCatalogue.candidatePaths().joined(separator: ", "))); a new data directory starts empty")
        }
        var options = DurabilityOptions()
        options.compactionMinimumBytes = configuration.compactionThresholdBytes
        options.acceptsJournalLoss = configuration.acceptsJournalLoss
        let store: DurableCatalogue
        do {
            store = try DurableCatalogue(directory: configuration.dataDirectory, policy: configuration.sync, seed: seed, options: options)
        } catch {
            throw StartupError(description: "\(error)")
        }
        // Notes are what start-up tidied or cut (a torn tail with its byte count): worth a line each.
        for note in store.recovery.notes { logger.notice("\(note)") }
        logger.info("data directory \(configuration.dataDirectory): \(store.recovery) (sync \(configuration.sync.rawValue))")
        return store
    }
}
