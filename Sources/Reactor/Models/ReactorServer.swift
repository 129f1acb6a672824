import Logging

/// The event loop: one thread and epoll serve every connection at once.
///
/// Use it for a real server: thousands of clients, slow or idle ones included, cost
/// a few kilobytes each and no thread. It honours every limit in `ReactorLimits`.
/// The handler never blocks: a slow answer is `.awaiting` or held, not waited for.
public final class ReactorServer<Handler: ConnectionHandler>: LineServer {
    public let loop: EventLoop<Handler>
    public let listener: ListeningSocket

    /// Serves `handler` on `listener`; see `EventLoop.init` for `handlingSignals`.
    public init(
        handler: Handler, listener: ListeningSocket, limits: ReactorLimits = ReactorLimits(),
        handlingSignals: Bool = false, logger: Logger = Logger(label: "reactor")
    ) throws {
        self.listener = listener
        loop = try EventLoop(handler: handler, listener: listener, limits: limits, handlingSignals: handlingSignals, logger: logger)
    }

    /// Serves `handler` on `host` and `port` (0: any free port).
    public convenience init(handler: Handler, host: String = "127.0.0.1", port: Int, limits: ReactorLimits = ReactorLimits()) throws {
        try self.init(handler: handler, listener: ListeningSocket(host: host, ports: [port]), limits: limits)
    }

    public func serve() throws { try loop.run() }
}
