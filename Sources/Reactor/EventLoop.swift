import CLinuxEvents
import Glibc
import Logging
import Primitives

/// The epoll tokens of the loop's own descriptors. Connection tokens carry a
/// non-zero connection number in their high half, so they never collide with these.
private enum Token {
    static let ticker: UInt64 = 1
    static let signals: UInt64 = 2
    static let stopRequest: UInt64 = 3
    /// Listeners: this plus the listener's index.
    static let listenerBase: UInt64 = 1 << 30
    static let listenerLimit: UInt64 = listenerBase + 1_024
    /// Descriptors watched for the loop's owner: this bit plus the descriptor.
    static let watchedBase: UInt64 = 1 << 31
    static let descriptorMask: UInt64 = 0x7FFF_FFFF
}

/// One thread, one epoll instance, every connection: the server's whole I/O.
///
/// Each turn of `run()` goes through the same phases, in order:
/// 1. flush: write what the last turn's requests produced, one `write` per connection;
/// 2. wait: run `beforeWaiting`, then sleep in `epoll_wait` (not at all if flushes are still due);
/// 3. dispatch: accept, read and answer, write on EPOLLOUT, handle timer and signals.
public final class EventLoop<Handler: ConnectionHandler> {
    public let handler: Handler
    public let limits: ReactorLimits
    public var logger: Logger
    /// Called on SIGHUP, on the loop's thread.
    public var onHangUp: (() -> Void)?
    /// Called once when the loop has stopped accepting and begins to wind down.
    public var onStopping: (() -> Void)?
    /// Called once a second, on the loop's thread.
    public var onTick: (() -> Void)?
    /// Called every turn just before the loop waits for events, once this turn's
    /// requests are all handled (as Redis's `beforeSleep`): the place to hand a batch
    /// of work that the whole turn produced to another thread.
    public var beforeWaiting: (() -> Void)?
    public internal(set) var statistics = ReactorStatistics()
    /// The loop's coarse clock, in whole seconds, read once per wake-up.
    public private(set) var now: Int

    let pool: BufferPool
    /// Small blocks where an unfinished request line waits between reads, so a
    /// connection holding a few bytes does not hold a whole block of `pool`.
    let partialLines = BufferPool(blockSize: 512, retainedLimit: 1_024)
    let epoll: Epoll
    /// Where input a closing connection still receives is read and thrown away.
    let discardBuffer = ByteBuffer()
    /// Where a held answer is written before it is put in its place.
    let heldAnswerScratch = ByteBuffer()
    /// Every socket the loop accepts on, by index; emptied when it stops accepting.
    private var listeners: [ListeningSocket] = []
    private let ticker: PeriodicTimer
    private let signals: SignalDescriptor?
    private let stopRequests: Wakeup
    private let reserve = DescriptorReserve()
    private var connections: [Connection<Handler>?] = []
    private var pendingFlush: [Connection<Handler>] = []
    private var flushing: [Connection<Handler>] = []
    private var lastConnectionID: UInt32 = 0
    /// Other descriptors the loop watches for its owner (a disk writer's eventfd, say).
    private var watched: [Int32: () -> Void] = [:]
    private var warnings = RateLimitedWarnings()
    /// Under the blocking models, the lock that connections' threads and this loop share:
    /// the loop holds it except while it waits for events, and broadcasts before each wait.
    var serialiser: Monitor?
    /// Under the blocking models, how the loop wakes the thread blocked in `accept` when it stops.
    var stopAccepting: (() -> Void)?

    private enum Phase {
        case running
        case stopping(deadline: Int)
        case stopped
    }
    private var phase = Phase.running

    /// Prepares a loop serving `listener` with `handler`; with no listener, the loop
    /// carries timers, signals and watched descriptors for connections that threads
    /// of their own serve (see `ThreadedServer`).
    ///
    /// With `handlingSignals`, SIGTERM and SIGINT stop the loop gracefully and SIGHUP
    /// calls `onHangUp`; they are blocked for this thread, so create the loop before
    /// starting any other thread. SIGPIPE is ignored either way: a write to a
    /// vanished client must fail with `EPIPE`, not kill the process.
    public init(
        handler: Handler, listener: ListeningSocket?, limits: ReactorLimits = ReactorLimits(),
        handlingSignals: Bool = false, logger: Logger = Logger(label: "reactor")
    ) throws {
        signal(SIGPIPE, SIG_IGN)
        self.handler = handler
        self.limits = limits
        self.logger = logger
        pool = BufferPool()
        epoll = try Epoll()
        ticker = try PeriodicTimer(intervalMilliseconds: 1_000)
        signals = handlingSignals ? try SignalDescriptor(signals: [SIGTERM, SIGINT, SIGHUP]) : nil
        stopRequests = try Wakeup()
        now = MonotonicClock.seconds()
        if let listener { _ = try addListener(listener) }
        try epoll.register(ticker.descriptor, interest: Readiness.input, token: Token.ticker)
        try epoll.register(stopRequests.descriptor, interest: Readiness.input, token: Token.stopRequest)
        if let signals {
            try epoll.register(signals.descriptor, interest: Readiness.input, token: Token.signals)
        }
    }

    /// Accepts connections on `listener` too; returns its index, which the handler's
    /// `makeSession(acceptedBy:)` is given for each connection it accepts. Call before `run()`.
    @discardableResult
    public func addListener(_ listener: ListeningSocket) throws -> Int {
        let index = listeners.count
        try epoll.register(listener.descriptor, interest: Readiness.input, token: Token.listenerBase + UInt64(index))
        listeners.append(listener)
        return index
    }

    /// Calls `onReadable` on the loop's thread whenever `descriptor` is readable; the
    /// callback must consume what made it readable, or it is called again at once.
    public func watch(_ descriptor: Int32, onReadable: @escaping () -> Void) throws {
        watched[descriptor] = onReadable
        try epoll.register(descriptor, interest: Readiness.input, token: Token.watchedBase | UInt64(descriptor))
    }

    /// Something any thread can signal to make `run()` stop gracefully.
    public var stopper: Wakeup { stopRequests }

    /// Serves until stopped, then returns with every connection closed.
    public func run() throws {
        serialiser?.lock()
        defer {
            // However the loop ends, even by a throw: every connection closed, and threads
            // waiting for a held or awaited answer that will never come woken to see it.
            phase = .stopped
            for case let connection? in connections { connection.close() }
            serialiser?.broadcast()
            serialiser?.unlock()
        }
        while true {
            flushPendingOutput()
            if case .stopping = phase, statistics.connectionsCurrent == 0 { phase = .stopped }
            if case .stopped = phase { break }
            beforeWaiting?()
            let ready = try waitForEvents()
            now = MonotonicClock.seconds()
            for index in 0..<ready {
                let event = epoll.events[index]
                dispatch(event.events, token: event.data.u64)
            }
            epoll.growIfItFilledUp()
        }
    }

    // MARK: Phases

    private func waitForEvents() throws -> Int {
        let timeout: Int32 = pendingFlush.isEmpty ? -1 : 0
        guard let serialiser else { return try epoll.wait(timeoutMilliseconds: timeout) }
        serialiser.broadcast()
        serialiser.unlock()
        defer { serialiser.lock() }
        return try epoll.wait(timeoutMilliseconds: timeout)
    }

    private func flushPendingOutput() {
        swap(&pendingFlush, &flushing)
        for connection in flushing { connection.flush() }
        flushing.removeAll(keepingCapacity: true)
    }

    private func dispatch(_ readiness: UInt32, token: UInt64) {
        switch token {
        case Token.listenerBase..<Token.listenerLimit: acceptConnections(on: Int(token - Token.listenerBase))
        case Token.ticker:
            ticker.acknowledge()
            tick()
        case Token.signals: handleSignals()
        case Token.stopRequest:
            stopRequests.acknowledge()
            beginStopping(reason: "stop requested")
        case Token.watchedBase...(Token.watchedBase | Token.descriptorMask):
            watched[Int32(token & Token.descriptorMask)]?()
        default:
            let slot = Int(token & 0xFFFF_FFFF)
            guard slot < connections.count, let connection = connections[slot], connection.token == token else {
                return  // a late event for a connection already closed
            }
            if readiness & (Readiness.error | Readiness.hangUp) != 0 && readiness & Readiness.input == 0 {
                connection.close()
                return
            }
            if readiness & Readiness.input != 0 { connection.readable() }
            if readiness & Readiness.output != 0 { connection.flush() }
        }
    }

    func scheduleFlush(_ connection: Connection<Handler>) {
        guard !connection.flushScheduled else { return }
        connection.flushScheduled = true
        pendingFlush.append(connection)
    }

    // MARK: Accepting

    private func acceptConnections(on index: Int) {
        guard index < listeners.count else { return }
        let listener = listeners[index]
        for _ in 0..<limits.acceptsPerWakeup {
            switch listener.acceptConnection() {
            case .success(let descriptor):
                adopt(descriptor, acceptedBy: index)
            case .failure(.wouldBlock):
                return
            case .failure(.tooManyOpenFiles), .failure(.tooManyOpenFilesInSystem):
                refuseForLackOfDescriptors(listener, index: index)
            case .failure(.connectionAborted):
                continue
            case .failure(let errno):
                warnings.warn(.acceptFailed, now: now, logger) { "accept failed: \(errno)" }
                return
            }
        }
    }

    private func adopt(_ descriptor: Int32, acceptedBy listener: Int) {
        guard hasRoom(refusing: descriptor, acceptedBy: listener) else { return }
        let token = nextToken(for: descriptor)
        let connection = Connection(loop: self, descriptor: descriptor, token: token, acceptedBy: listener)
        do {
            try epoll.register(descriptor, interest: Readiness.input, token: token)
        } catch {
            closeDescriptor(descriptor)
            warnings.warn(.acceptFailed, now: now, logger) { "cannot watch a new connection: \(error)" }
            return
        }
        enroll(connection)
    }

    /// Takes in a blocking socket that the calling thread will serve with
    /// `serveOnThisThread(under:)`, or refuses it (busy line, closed) at the connection
    /// limit. Call with the serialiser held.
    func adoptForThread(_ descriptor: Int32) -> Connection<Handler>? {
        guard case .running = phase else {
            // Accepted just as the loop began to stop: nobody would time it out.
            closeDescriptor(descriptor)
            return nil
        }
        guard hasRoom(refusing: descriptor, acceptedBy: 0) else { return nil }
        let connection = Connection(loop: self, descriptor: descriptor, token: nextToken(for: descriptor), acceptedBy: 0, drivenByThread: true)
        enroll(connection)
        return connection
    }

    private func hasRoom(refusing descriptor: Int32, acceptedBy listener: Int) -> Bool {
        guard statistics.connectionsCurrent < limits.maximumConnections else {
            refuse(descriptor, acceptedBy: listener)
            warnings.warn(.connectionLimit, now: now, logger) {
                "connection limit of \(limits.maximumConnections) reached; refusing new connections"
            }
            return false
        }
        var enable: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &enable, socklen_t(MemoryLayout<Int32>.size))
        return true
    }

    private func nextToken(for descriptor: Int32) -> UInt64 {
        lastConnectionID &+= 1
        if lastConnectionID == 0 { lastConnectionID = 1 }
        return UInt64(lastConnectionID) << 32 | UInt64(UInt32(descriptor))
    }

    private func enroll(_ connection: Connection<Handler>) {
        let slot = Int(connection.descriptor)
        if slot >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: slot - connections.count + 1))
        }
        connections[slot] = connection
        statistics.connectionsCurrent += 1
        statistics.connectionsTotal += 1
        handler.connectionOpened(connection)
    }

    /// Sends the busy line with one best-effort write and closes.
    private func refuse(_ descriptor: Int32, acceptedBy listener: Int) {
        handler.busyResponse(acceptedBy: listener).withUnsafeBytes { _ = write(descriptor, $0.baseAddress, $0.count) }
        closeDescriptor(descriptor)
        statistics.connectionsRefused += 1
    }

    func refuseForLackOfDescriptors(_ listener: ListeningSocket, index: Int) {
        reserve.withSpareSlot {
            if case .success(let descriptor) = listener.acceptConnection() { refuse(descriptor, acceptedBy: index) }
        }
        warnings.warn(.outOfDescriptors, now: now, logger) {
            "out of file descriptors; refusing connections until some close"
        }
    }

    /// A connection no thread could be started for: the busy line, then closed.
    func refuseForWantOfThreads(_ connection: Connection<Handler>) {
        handler.busyResponse.withUnsafeBytes { _ = write(connection.descriptor, $0.baseAddress, $0.count) }
        connection.close()
        closeDescriptor(connection.descriptor)
        statistics.connectionsRefused += 1
        warnings.warn(.threadLimit, now: now, logger) { "cannot start a thread for a new connection; refusing it" }
    }

    func forget(_ connection: Connection<Handler>) {
        connections[Int(connection.descriptor)] = nil
        statistics.connectionsCurrent -= 1
        // The loop sleeps while threads serve the last connections of a stop; wake it to finish.
        if case .stopping = phase, statistics.connectionsCurrent == 0, serialiser != nil { stopRequests.signal() }
    }

    // MARK: Time and signals

    private func tick() {
        onTick?()
        pool.tick()
        partialLines.tick()
        for case let connection? in connections
        where connection.hasOutstayed(now: now, limits: limits) {
            if connection.state != .lingering { statistics.connectionsTimedOut += 1 }
            connection.close()
        }
        if case .stopping(let deadline) = phase, now >= deadline {
            logger.warning("shutdown grace period over; closing \(statistics.connectionsCurrent) connections with output still owed")
            phase = .stopped
        }
    }

    private func handleSignals() {
        while let number = signals?.nextSignal() {
            switch number {
            case SIGHUP:
                if let onHangUp { onHangUp() } else { logger.info("SIGHUP received; nothing to reload") }
            case SIGTERM: beginStopping(reason: "SIGTERM received")
            default: beginStopping(reason: "SIGINT received")
            }
        }
    }

    /// Stops accepting, answers what each connection already sent, and lets `run()`
    /// return once everything owed is sent or the grace period is over.
    private func beginStopping(reason: String) {
        guard case .running = phase else { return }
        phase = .stopping(deadline: now + limits.shutdownGraceSeconds)
        logger.info("\(reason): stopping; \(statistics.connectionsCurrent) connections to finish")
        for listener in listeners { epoll.deregister(listener.descriptor) }
        listeners.removeAll()
        stopAccepting?()
        onStopping?()
        for case let connection? in connections { connection.stopReading() }
    }

    func logInterestFailure(_ error: Error) {
        warnings.warn(.interestFailed, now: now, logger) { "closed a connection epoll could not watch: \(error)" }
    }

    func logSlowSubscriberDropped() {
        warnings.warn(.slowSubscriber, now: now, logger) {
            "dropped a connection holding over \(limits.maximumPushedOutput) bytes of unread pushed output"
        }
    }
}
