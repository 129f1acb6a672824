import Glibc
import LoadGeneration
import Primitives

/// One thread of the load generator: its own epoll loop over its share of the connections.
///
/// Each turn of `run()` goes through the same phases, in order:
/// 1. advance: follow the main thread's orders, roll over the second, find which
///    open-loop sends have come due, sweep for timeouts;
/// 2. flush: fill every connection queued for it (just connected, or its open-loop
///    send time came) with requests, stamped with the time, and write them with one `send`;
/// 3. wait: `epoll_pwait2` with a nanosecond timeout until the next thing is due;
/// 4. dispatch: read replies, match each with its request, record its latency, and
///    refill that connection at once (write after read, as wrk and memtier do), so
///    the server never waits on the rest of the batch.
final class Worker {
    enum Mode: Equatable {
        case connecting
        case waitingForOrders
        case populating
        case running
        case draining(deadline: UInt64)
        case finished
    }

    let index: Int
    let configuration: LoadConfiguration
    let control: RunControl
    let board: ResultsBoard
    let epoll: Epoll
    static let eventCapacity = 1024
    let keys: KeySpace
    let chooser: KeyChooser
    let mix: OperationMix
    let dialect: WireDialect
    let pipeline: Int
    /// `--batch`: refill a connection only once all its requests are answered.
    let batch: Bool
    let populateDepth: Int
    let verify: Bool
    let requestTimeout: UInt64
    let connectTimeout: UInt64

    var connections: [LoadConnection] = []
    /// The first `loadCount` connections send requests; the rest are held idle.
    var loadCount = 0
    var flushQueue: [Int] = []
    var flushing: [Int] = []
    var stats = IntervalStats()
    var summary = WorkerSummary()
    var connectReport: ConnectReport
    var now: UInt64 = 0
    var mode = Mode.connecting
    var populated = false
    var populateStarted: UInt64 = 0
    var warmupStart: UInt64 = 0
    var measureStart: UInt64 = 0
    var measureEnd: UInt64 = .max
    var schedule: OpenLoopSchedule?
    /// The open-loop cursor: which connection's send comes due next, in which round.
    var scheduleConnection = 0
    var scheduleRound = 0
    var nextScheduledSend: UInt64 = .max
    /// `--requests`: measured requests this worker may still send.
    var remainingRequests: Int?
    var currentSlot = Int.min
    var lastSlot = Int.max
    var nextSlotBoundary: UInt64 = .max
    var nextHousekeeping: UInt64 = 0
    /// Connects under way, and the next connection to open: at most `maximumPendingConnects`
    /// at once, so thousands of idle connections do not overflow the server's listen backlog.
    var pendingConnects = 0
    var nextToOpen = 0
    static let maximumPendingConnects = 256

    init(index: Int, configuration: LoadConfiguration, control: RunControl, board: ResultsBoard) throws {
        self.index = index
        self.configuration = configuration
        self.control = control
        self.board = board
        epoll = try Epoll(capacity: Self.eventCapacity)
        keys = KeySpace(count: configuration.keys, valueSize: configuration.infoSize)
        chooser = KeyChooser(count: configuration.keys, distribution: configuration.distribution)
        mix = configuration.mix
        dialect = configuration.dialect
        pipeline = configuration.pipeline
        batch = configuration.batch
        populateDepth = configuration.populateDepth
        verify = configuration.verify
        requestTimeout = MonotonicClock.nanoseconds(fromSeconds: configuration.timeoutSeconds)
        connectTimeout = MonotonicClock.nanoseconds(fromSeconds: configuration.connectTimeoutSeconds)
        connectReport = ConnectReport(servers: configuration.servers.count)
        makeConnections()
    }

    /// Connection `c` of the run goes to thread `c % threads` and server `c % servers`.
    private func makeConnections() {
        let threads = configuration.threads
        let servers = configuration.servers.count
        let ringCapacity = configuration.populate ? populateDepth : pipeline
        var number = index
        while number < configuration.connections {
            let server = number % servers
            let perServer = LoadConfiguration.share(of: configuration.connections, part: server, of: servers)
            connections.append(LoadConnection(
                number: number, slot: connections.count, server: server, isIdle: false,
                populateOffset: number / servers, populateStride: perServer,
                ringCapacity: ringCapacity, dialect: dialect, seed: configuration.seed))
            number += threads
        }
        loadCount = connections.count
        number = index
        while number < configuration.idleConnections {
            connections.append(LoadConnection(
                number: configuration.connections + number, slot: connections.count, server: number % servers,
                isIdle: true, populateOffset: 0, populateStride: 1, ringCapacity: 1, dialect: dialect,
                seed: configuration.seed))
            number += threads
        }
        flushQueue.reserveCapacity(connections.count)
        flushing.reserveCapacity(connections.count)
    }

    /// Runs the worker to the end of the run; returns once its results are published.
    func run() {
        now = MonotonicClock.nanoseconds()
        openMore()
        while true {
            now = MonotonicClock.nanoseconds()
            advance()
            if mode == .finished { break }
            flushQueued()
            waitAndDispatch()
        }
        finish()
    }

    // MARK: Phase 1: advance

    private func advance() {
        switch mode {
        case .connecting:
            openMore()
            if nextToOpen == connections.count && pendingConnects == 0 {
                board.reportConnections(connectReport)
                control.workersConnected.add(1, ordering: .releasing)
                mode = .waitingForOrders
            }
        case .waitingForOrders:
            switch control.phase {
            case .populating where configuration.populate && !populated:
                mode = .populating
                populateStarted = now
                scheduleAllLoadConnections()
            case .running:
                beginRunning()
            case .aborted:
                mode = .finished
            default:
                break
            }
        case .populating:
            if control.phase == .aborted {
                mode = .finished
            } else if populationIsComplete {
                populated = true
                summary.populateSeconds = MonotonicClock.seconds(fromNanoseconds: now - populateStarted)
                control.workersPopulated.add(1, ordering: .releasing)
                mode = .waitingForOrders
            }
        case .running:
            if control.stopRequested.load(ordering: .relaxed) && measureEnd > now { endSending(at: now) }
            rollSlotIfNeeded()
            advanceSchedule()
            if now >= measureEnd || remainingRequests == 0 {
                summary.sendingEnded = min(now, measureEnd)
                mode = .draining(deadline: now + requestTimeout)
            }
        case .draining(let deadline):
            rollSlotIfNeeded()
            let outstanding = connections.contains { !$0.ring.isEmpty }
            if !outstanding || now >= deadline || control.phase == .aborted {
                giveUpOutstanding()
                mode = .finished
            }
        case .finished:
            break
        }
        if now >= nextHousekeeping {
            sweep()
            nextHousekeeping = now + 20_000_000
        }
    }

    private func openMore() {
        while nextToOpen < connections.count && pendingConnects < Self.maximumPendingConnects {
            open(connections[nextToOpen])
            nextToOpen += 1
        }
    }

    private var populationIsComplete: Bool {
        for connection in connections[..<loadCount] {
            if connection.isConnecting { return false }
            if connection.isOpen && (connection.populateCursor < keys.count || !connection.ring.isEmpty) { return false }
        }
        return true
    }

    private func beginRunning() {
        warmupStart = control.warmupStart.load(ordering: .relaxed)
        measureStart = control.measureStart.load(ordering: .relaxed)
        measureEnd = control.measureEnd.load(ordering: .relaxed)
        if let rate = configuration.rate {
            schedule = OpenLoopSchedule(start: warmupStart, rate: rate, connections: configuration.connections)
        }
        if case .requests(let total) = configuration.length {
            remainingRequests = LoadConfiguration.share(of: total, part: index, of: configuration.threads)
        }
        if case .duration(let seconds) = configuration.length {
            lastSlot = max(0, Int((seconds - 1e-9).rounded(.up)) - 1)
        }
        stats.reset()
        currentSlot = slot(at: now)
        nextSlotBoundary = boundary(after: currentSlot)
        mode = .running
        scheduleAllLoadConnections()
    }

    /// Stops sending early (the user pressed ^C).
    private func endSending(at time: UInt64) {
        measureEnd = max(time, measureStart)
        lastSlot = min(lastSlot, max(0, slot(at: measureEnd)))
    }

    /// Which second of the measurement `time` falls in; warm-up seconds are negative.
    func slot(at time: UInt64) -> Int {
        let slot = time >= measureStart
            ? Int((time - measureStart) / 1_000_000_000)
            : -Int((measureStart - time + 999_999_999) / 1_000_000_000)
        return min(slot, lastSlot)
    }

    private func boundary(after slot: Int) -> UInt64 {
        if slot >= lastSlot { return .max }
        let next = slot + 1
        return next >= 0 ? measureStart + UInt64(next) * 1_000_000_000 : measureStart - UInt64(-next) * 1_000_000_000
    }

    /// Publishes the statistics of the second that just ended.
    @inline(__always) func rollSlotIfNeeded() {
        guard now >= nextSlotBoundary else { return }
        let slot = slot(at: now)
        if slot != currentSlot {
            board.publish(worker: index, slot: currentSlot, stats: stats, through: slot - 1)
            stats.reset()
            currentSlot = slot
        }
        nextSlotBoundary = boundary(after: slot)
    }

    /// Open loop: queues a flush for every connection whose next send has come due.
    private func advanceSchedule() {
        guard let schedule, loadCount > 0 else { return }
        while true {
            let connection = connections[scheduleConnection]
            let due = schedule.sendTime(connection: connection.number, sequence: scheduleRound)
            if due > now || due >= measureEnd {
                nextScheduledSend = due
                return
            }
            scheduleFlush(connection)
            scheduleConnection += 1
            if scheduleConnection == loadCount {
                scheduleConnection = 0
                scheduleRound += 1
                // Far behind (the process was stopped, say): every connection is due; skip to the present round.
                let caughtUp = Int(Double(now - schedule.start) / schedule.connectionInterval)
                if caughtUp > scheduleRound + 1 {
                    scheduleAllLoadConnections()
                    scheduleRound = caughtUp
                }
            }
        }
    }

    private func scheduleAllLoadConnections() {
        for connection in connections[..<loadCount] { scheduleFlush(connection) }
    }

    // MARK: Phase 3: wait

    private func waitAndDispatch() {
        var wake = nextHousekeeping
        if flushQueue.isEmpty {
            switch mode {
            case .waitingForOrders: wake = min(wake, now + 1_000_000)
            case .running:
                wake = min(wake, nextSlotBoundary)
                if schedule != nil { wake = min(wake, nextScheduledSend) }
            case .draining: wake = min(wake, nextSlotBoundary)
            default: break
            }
        } else {
            wake = now
        }
        let ready = wait(nanoseconds: wake > now ? wake - now : 0)
        guard ready > 0 else { return }
        now = MonotonicClock.nanoseconds()
        for position in 0..<ready {
            let event = epoll.events[position]
            let token = event.data.u64
            let connection = connections[Int(truncatingIfNeeded: token & 0xFFFF_FFFF)]
            guard connection.token == token, connection.descriptor >= 0 else { continue }
            handle(connection, readiness: event.events)
        }
    }

    private func wait(nanoseconds: UInt64) -> Int {
        do {
            return try epoll.wait(timeoutNanoseconds: nanoseconds)
        } catch {
            // Only a bad descriptor or event array can fail epoll_wait: a bug here.
            fatalError("\(error)")
        }
    }

    // MARK: The end

    /// Requests still unanswered when the drain time is over are given up as timeouts.
    private func giveUpOutstanding() {
        for connection in connections where !connection.ring.isEmpty {
            countLost(connection, as: .timeout)
            connection.close(then: .closed)
        }
    }

    private func finish() {
        for connection in connections where connection.isIdle && connection.isOpen {
            summary.idleOpenAtEnd += 1
        }
        for connection in connections { connection.close(then: .closed) }
        if currentSlot != Int.min {
            board.publish(worker: index, slot: currentSlot, stats: stats, through: currentSlot)
        }
        board.finish(worker: index, summary: summary)
        control.workersFinished.add(1, ordering: .releasing)
    }
}
