import Logging

/// Blocking sockets and a thread per connection.
///
/// Use it where clients are few and a handler is easiest to think of as plain
/// blocking code; each client costs a thread (a 512 KiB stack reserved, what it
/// touches resident). Honours every limit in `ReactorLimits` except the output
/// watermarks, which a blocking write enforces by itself. A client refused for want
/// of a thread gets the busy line.
///
/// The handler's calls are serialised: one lock covers the handler and every
/// connection's state (they share the loop's buffer pool), and it is released for
/// the blocking reads and writes, so clients wait on each other's I/O, never on
/// each other's requests. A handler need not be thread-safe, and cannot declare
/// itself so to run unlocked.
public final class ThreadedServer<Handler: ConnectionHandler>: LineServer {
    private let engine: BlockingServer<Handler>
    public var loop: EventLoop<Handler> { engine.loop }
    public var listener: ListeningSocket { engine.listener }

    /// Serves `handler` on `listener`; see `EventLoop.init` for `handlingSignals`.
    public init(
        handler: Handler, listener: ListeningSocket, limits: ReactorLimits = ReactorLimits(),
        handlingSignals: Bool = false, logger: Logger = Logger(label: "reactor")
    ) throws {
        engine = try BlockingServer(handler: handler, listener: listener, limits: limits, handlingSignals: handlingSignals, logger: logger, clients: .threadEach)
    }

    /// Serves `handler` on `host` and `port` (0: any free port).
    public convenience init(handler: Handler, host: String = "127.0.0.1", port: Int, limits: ReactorLimits = ReactorLimits()) throws {
        try self.init(handler: handler, listener: ListeningSocket(host: host, ports: [port]), limits: limits)
    }

    public func serve() throws { try engine.serve() }
}
