import Logging

/// Blocking sockets, one client at a time, until stopped.
///
/// Use it for a tool that serves one user, or to teach: the next client waits in
/// the listen backlog until the current one leaves, so one silent client holds up
/// everyone (the idle timeout is what frees them). Honours the line limit, the idle
/// and request timeouts and a graceful stop; `maximumConnections` has nothing to
/// bound (it is always one), nor have the output watermarks.
public final class IterativeServer<Handler: ConnectionHandler>: LineServer {
    private let engine: BlockingServer<Handler>
    public var loop: EventLoop<Handler> { engine.loop }
    public var listener: ListeningSocket { engine.listener }

    /// Serves `handler` on `listener`; see `EventLoop.init` for `handlingSignals`.
    public init(
        handler: Handler, listener: ListeningSocket, limits: ReactorLimits = ReactorLimits(),
        handlingSignals: Bool = false, logger: Logger = Logger(label: "reactor")
    ) throws {
        engine = try BlockingServer(handler: handler, listener: listener, limits: limits, handlingSignals: handlingSignals, logger: logger, clients: .inTurn)
    }

    /// Serves `handler` on `host` and `port` (0: any free port).
    public convenience init(handler: Handler, host: String = "127.0.0.1", port: Int, limits: ReactorLimits = ReactorLimits()) throws {
        try self.init(handler: handler, listener: ListeningSocket(host: host, ports: [port]), limits: limits)
    }

    public func serve() throws { try engine.serve() }
}
