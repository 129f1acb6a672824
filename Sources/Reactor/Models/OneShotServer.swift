import Logging

/// Blocking sockets, one client: accepts one connection, answers its requests until
/// it closes, and returns.
///
/// Use it for a test double or a single hand-over. A handler that wants one request
/// only answers it with `.closeAfterAnswer`. Honours the line limit, the idle and
/// request timeouts and a graceful stop (before the client comes, `serve()` returns
/// at once); connection limits and watermarks have nothing to bound.
public final class OneShotServer<Handler: ConnectionHandler>: LineServer {
    private let engine: BlockingServer<Handler>
    public var loop: EventLoop<Handler> { engine.loop }
    public var listener: ListeningSocket { engine.listener }

    /// Serves `handler` on `listener`; see `EventLoop.init` for `handlingSignals`.
    public init(
        handler: Handler, listener: ListeningSocket, limits: ReactorLimits = ReactorLimits(),
        handlingSignals: Bool = false, logger: Logger = Logger(label: "reactor")
    ) throws {
        engine = try BlockingServer(handler: handler, listener: listener, limits: limits, handlingSignals: handlingSignals, logger: logger, clients: .justOne)
    }

    /// Serves `handler` on `host` and `port` (0: any free port).
    public convenience init(handler: Handler, host: String = "127.0.0.1", port: Int, limits: ReactorLimits = ReactorLimits()) throws {
        try self.init(handler: handler, listener: ListeningSocket(host: host, ports: [port]), limits: limits)
    }

    public func serve() throws { try engine.serve() }
}
