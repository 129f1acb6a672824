import Logging

/// A server that serves one `ConnectionHandler` over one listening socket, whatever its
/// model: make it, call `serve()`, and `stop()` it from any thread (or send SIGTERM
/// or SIGINT, when it handles signals).
///
/// Every model has an `EventLoop` as its `loop`: under the reactor it does all the
/// I/O; under the blocking models it carries what is not a client's socket (the
/// once-a-second tick and its timeouts, signals, descriptors watched with
/// `loop.watch`, `beforeWaiting`), and threads do the clients' reads and writes. So
/// a protocol hooks into every model the same way.
public protocol LineServer<Handler>: AnyObject {
    associatedtype Handler: ConnectionHandler
    var loop: EventLoop<Handler> { get }
    var listener: ListeningSocket { get }
    /// Serves until stopped (the one-shot server: until its one connection ends), then
    /// returns once every connection has closed.
    func serve() throws
}

extension LineServer {
    /// The port the server listens on, the one bound when it was asked for port 0.
    public var port: Int { listener.port }

    /// Stops the server gracefully: no new connections, answers to the requests already
    /// received, then `serve()` returns. Safe from any thread.
    public func stop() { loop.stopper.signal() }
}

/// How a server takes its clients.
public enum ServerModel: String, CaseIterable, Sendable {
    /// One thread, epoll, every connection at once (`ReactorServer`).
    case reactor
    /// Blocking sockets, a thread per connection (`ThreadedServer`).
    case threaded
    /// Blocking sockets, one client at a time (`IterativeServer`).
    case iterative
    /// Blocking sockets, one client, then return (`OneShotServer`).
    case oneShot = "one-shot"

    /// A server of this model for `handler` on `listener`, for a model picked at run time.
    ///
    /// It comes back as `any LineServer`, so its loop runs the generic code, calling the
    /// handler through witness tables. Where every instruction counts, make the model's
    /// type itself (`ReactorServer(handler:listener:)`): release builds then specialise
    /// the loop for the handler, as `MovieServer` does.
    public func makeServer<Handler: ConnectionHandler>(
        handler: Handler, listener: ListeningSocket, limits: ReactorLimits = ReactorLimits(),
        handlingSignals: Bool = false, logger: Logger = Logger(label: "reactor")
    ) throws -> any LineServer<Handler> {
        switch self {
        case .reactor:
            try ReactorServer(handler: handler, listener: listener, limits: limits, handlingSignals: handlingSignals, logger: logger)
        case .threaded:
            try ThreadedServer(handler: handler, listener: listener, limits: limits, handlingSignals: handlingSignals, logger: logger)
        case .iterative:
            try IterativeServer(handler: handler, listener: listener, limits: limits, handlingSignals: handlingSignals, logger: logger)
        case .oneShot:
            try OneShotServer(handler: handler, listener: listener, limits: limits, handlingSignals: handlingSignals, logger: logger)
        }
    }
}
