import Glibc
import Logging
import Primitives

/// What the iterative, one-shot and thread-per-connection servers share: a thread
/// blocked in `accept` on the listening socket, made blocking, and connections served
/// by `Connection.serveOnThisThread(under:)`, beside an `EventLoop` with no listener
/// that runs on the thread calling `serve()` and shares one lock with them.
final class BlockingServer<Handler: ConnectionHandler>: @unchecked Sendable {
    /// Who serves an accepted client.
    enum Clients {
        /// The accepting thread serves it; the next waits in the backlog.
        case inTurn
        /// The accepting thread serves it, then the server stops.
        case justOne
        /// A new thread serves it; the accepting thread goes back to `accept`.
        case threadEach
    }

    // Touched under `monitor`, or before `serve()` starts the accepting thread.
    let loop: EventLoop<Handler>
    let listener: ListeningSocket
    private let clients: Clients
    private let monitor = Monitor()
    /// Threads serving a client, `.threadEach` only.
    private var servingThreads = 0
    /// Enough for the handler's calls and the read and write loop; a thread per client
    /// must not reserve the system's default of 8 MiB each.
    private static var threadStackBytes: Int { 512 * 1_024 }

    init(
        handler: Handler, listener: ListeningSocket, limits: ReactorLimits, handlingSignals: Bool,
        logger: Logger, clients: Clients
    ) throws {
        self.listener = listener
        self.clients = clients
        loop = try EventLoop(handler: handler, listener: nil, limits: limits, handlingSignals: handlingSignals, logger: logger)
        loop.serialiser = monitor
        // Shutting a listening socket down makes a blocked `accept` fail: that is how a stop reaches it.
        loop.stopAccepting = { [descriptor = listener.descriptor] in shutdown(descriptor, Int32(SHUT_RDWR)) }
        let flags = fcntl(listener.descriptor, F_GETFL)
        guard flags >= 0, fcntl(listener.descriptor, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
            throw SystemCallError("fcntl on the listening socket")
        }
    }

    func serve() throws {
        let acceptor = SystemThread { [self] in acceptClients() }
        defer {
            // Whatever ended the loop, the accepting thread must not outlive `serve()`.
            loop.stopAccepting?()
            acceptor.join()
            monitor.withLock {
                while servingThreads > 0 { monitor.wait() }
            }
        }
        try loop.run()
    }

    private func acceptClients() {
        while true {
            let descriptor: Int32
            switch listener.acceptBlockingConnection() {
            case .success(let accepted):
                descriptor = accepted
            case .failure(.connectionAborted):
                continue
            case .failure(.tooManyOpenFiles), .failure(.tooManyOpenFilesInSystem):
                // `accept` fails so before any client waits: wait for one without the lock,
                // then refuse it with the descriptor kept in reserve.
                guard waitForAClient() else { return }
                monitor.withLock { loop.refuseForLackOfDescriptors(listener, index: 0) }
                continue
            case .failure:
                // Shut down by a stop (EINVAL), or broken: either way no more clients.
                return
            }
            guard let connection = monitor.withLock({ loop.adoptForThread(descriptor) }) else { continue }
            switch clients {
            case .inTurn:
                connection.serveOnThisThread(under: monitor)
            case .justOne:
                connection.serveOnThisThread(under: monitor)
                loop.stopper.signal()
                return
            case .threadEach:
                monitor.withLock { servingThreads += 1 }
                let started = SystemThread.detached(stackBytes: Self.threadStackBytes) { [self] in
                    connection.serveOnThisThread(under: monitor)
                    monitor.withLock { servingThreads -= 1 }
                    monitor.broadcast()
                }
                if !started {
                    monitor.withLock {
                        servingThreads -= 1
                        loop.refuseForWantOfThreads(connection)
                    }
                }
            }
        }
    }

    /// Waits until a client is queued on the listening socket; false once the socket is
    /// shut down by a stop. Backs off a little, so that a reserve descriptor another thread
    /// took meanwhile cannot turn the accepting loop into a spin.
    private func waitForAClient() -> Bool {
        var wanted = pollfd(fd: listener.descriptor, events: Int16(POLLIN), revents: 0)
        while poll(&wanted, 1, -1) < 0 && errno == EINTR {}
        usleep(1_000)
        return wanted.revents & Int16(POLLHUP | POLLERR | POLLNVAL) == 0
    }
}
