import Glibc
import Logging
import MovieStore
import Reactor

/// The whole server: configuration in, a running event loop serving the catalogue.
public final class MovieServer {
    private let loop: EventLoop<MovieHandler>
    private let logger: Logger
    /// Where the server listens, as `host:port` with the port actually bound.
    public let address: String

    /// Why the server could not start, in words for the operator.
    public struct StartupError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Loads the catalogue and binds the first free permitted port.
    ///
    /// Must be called before any other thread starts: it blocks the signals the
    /// loop receives through `signalfd`.
    public init(configuration: ServerConfiguration, logger: Logger) throws(StartupError) {
        self.logger = logger
        let catalogue = try Self.openCatalogue(configuration, logger: logger)
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
        var limits = ReactorLimits()
        limits.maximumConnections = configuration.maximumConnections
        limits.maximumLineLength = configuration.maximumLineLength
        limits.idleTimeoutSeconds = configuration.idleTimeoutSeconds
        limits.shutdownGraceSeconds = configuration.shutdownGraceSeconds
        let handler = MovieHandler(
            catalogue: catalogue,
            access: AccessPolicy(readOnly: configuration.readOnly, writeToken: configuration.writeToken),
            maximumLineLength: configuration.maximumLineLength,
            logger: logger
        )
        do {
            loop = try EventLoop(handler: handler, listener: listener, limits: limits, handlingSignals: true, logger: logger)
        } catch {
            throw StartupError(description: "cannot start the event loop: \(error)")
        }
        loop.onHangUp = { [logger] in
            logger.info("SIGHUP received: logs go to stderr and settings are read at start-up only; nothing to reload")
        }
    }

    /// Serves until SIGTERM or SIGINT, then returns once owed answers are sent.
    public func run() throws {
        logger.info("listening on \(address)")
        try loop.run()
        logger.info("stopped")
    }

    private static func openCatalogue(_ configuration: ServerConfiguration, logger: Logger) throws(StartupError) -> Catalogue {
        let directory = configuration.dataDirectory
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw StartupError(description: "cannot create data directory \(directory): \(String(cString: strerror(errno)))")
        }
        guard let path = SeedCatalogue.locate(configuration.seedCatalogue) else {
            logger.warning("no sample catalogue found (looked in \(SeedCatalogue.candidatePaths().joined(separator: ", "))); starting empty")
            return Catalogue()
        }
        guard let bytes = SeedCatalogue.contents(of: path) else {
            throw StartupError(description: "cannot read sample catalogue \(path): \(String(cString: strerror(errno)))")
        }
        do {
            let catalogue = try CatalogueFile.load(bytes)
            logger.info("loaded \(catalogue.count) movies from \(path)")
            return catalogue
        } catch {
            throw StartupError(description: "\(path): \(error)")
        }
    }
}
