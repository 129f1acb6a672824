import Glibc
import MovieProtocol
import Primitives

/// One server's side of an import: one non-blocking connection carrying the
/// movies as pipelined `PUT`s, at most `window` of them unanswered at a time.
///
/// The window keeps the server's group commit fed (its writes share one disk
/// flush) without letting answers pile up unread. The connection must connect
/// within the timeout, and then never stay silent longer than it while an
/// answer is owed.
final class ImportConnection {
    /// Requests in flight per server.
    ///
    /// Every write waits for the disk flush after it, so each window can cost
    /// a flush: at 256, a million movies took some 4,000 flushes and the import
    /// went at the disk's pace, not the server's. A server stops reading a
    /// connection once 4,096 of its answers wait for the disk, so a wider
    /// window would gain nothing.
    static let window = 4096

    enum Phase {
        case connecting
        case importing
        /// Every movie sent and answered.
        case finished
        /// Gave up: the server is down, died, fell silent, or refuses every write.
        case failed(ServerProblem)
    }

    let address: ServerAddress
    private(set) var phase: Phase
    private(set) var descriptor: Int32 = -1
    private(set) var deadline: ContinuousClock.Instant?
    let started: ContinuousClock.Instant
    private(set) var settled: ContinuousClock.Instant?

    /// The number of the next movie to send.
    private(set) var nextToSend = 0
    /// How many movies the server has answered; also the number of the next answer awaited.
    private(set) var answered = 0
    private(set) var added = 0
    private(set) var replaced = 0
    /// Movies answered with an error.
    private(set) var refused = 0
    private(set) var firstRefusal: ServerProblem?

    private var candidates: ConnectionCandidates
    private let output = ByteBuffer()
    private var answers = ImportAnswers()
    private let timeout: Double
    /// Room made for each `recv`: some 1,500 answers.
    private static let readBytes = 64 * 1024

    /// `authentication` is an `AUTH` request line to send before any movie.
    init(address: ServerAddress, resolved: Result<[SocketAddress], ServerFailure>, authentication: [UInt8]?,
         timeout: Double, now: ContinuousClock.Instant) {
        self.address = address
        self.timeout = timeout
        self.started = now
        if let authentication {
            output.append(authentication)
            answers.expectAuth()
        }
        switch resolved {
        case .success(let addresses):
            candidates = ConnectionCandidates(addresses)
            phase = .connecting
            deadline = now + .seconds(timeout)
            connectToNextCandidate(now: now)
        case .failure(let failure):
            candidates = ConnectionCandidates([])
            phase = .failed(.failure(failure))
            settled = now
        }
    }

    deinit { closeDescriptor() }

    /// Whether the connection still needs the poll loop.
    var isActive: Bool {
        switch phase {
        case .connecting, .importing: true
        case .finished, .failed: false
        }
    }

    var pollEvents: Int16 {
        switch phase {
        case .connecting: Int16(POLLOUT)
        case .importing: Int16(POLLIN) | (output.isEmpty ? 0 : Int16(POLLOUT))
        case .finished, .failed: 0
        }
    }

    /// Whether every movie sent, and the `AUTH` before them, has its answer.
    var isCaughtUp: Bool { answers.outstandingCount == 0 && output.isEmpty }

    /// Queues the movies the window allows from `queue` and sends what the socket takes.
    func send(from queue: MovieQueue, now: ContinuousClock.Instant) {
        guard case .importing = phase else { return }
        let wasCaughtUp = isCaughtUp
        let upTo = min(queue.end, answered + Self.window)
        if nextToSend < upTo {
            queue.copyRequests(nextToSend..<upTo, to: output)
            answers.expectPuts(upTo - nextToSend)
            nextToSend = upTo
        }
        // An answer is owed from now on: the silence allowed starts here.
        if wasCaughtUp && !isCaughtUp { deadline = now + .seconds(timeout) }
        writePending(now: now)
    }

    /// Reacts to what `poll` reported.
    func handle(_ revents: Int16, now: ContinuousClock.Instant) {
        switch phase {
        case .connecting:
            if candidates.connectionFailed(descriptor) {
                connectToNextCandidate(now: now)
            } else {
                becomeConnected(now: now)
            }
        case .importing:
            if revents & Int16(POLLOUT) != 0 { writePending(now: now) }
            if isActive && revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { readAvailable(now: now) }
        case .finished, .failed:
            break
        }
    }

    /// Fails the connection if its deadline has passed.
    func checkDeadline(now: ContinuousClock.Instant) {
        guard let deadline, now >= deadline else { return }
        switch phase {
        case .connecting: fail(.failure(.connectTimeout(timeout)), now: now)
        case .importing: fail(.failure(.responseTimeout(timeout)), now: now)
        case .finished, .failed: break
        }
    }

    /// Closes the connection: every movie is sent and answered.
    func finish(now: ContinuousClock.Instant) {
        phase = .finished
        settled = now
        deadline = nil
        closeDescriptor()
    }

    /// Gives up on the connection: Ctrl-C, or the poll loop itself failed.
    func abandon(_ problem: ServerProblem, now: ContinuousClock.Instant) {
        if isActive { fail(problem, now: now) }
    }

    private func connectToNextCandidate(now: ContinuousClock.Instant) {
        closeDescriptor()
        guard let started = candidates.startNext() else {
            fail(.failure(candidates.failure), now: now)
            return
        }
        descriptor = started.descriptor
        if started.isConnected { becomeConnected(now: now) }
    }

    private func becomeConnected(now: ContinuousClock.Instant) {
        phase = .importing
        deadline = isCaughtUp ? nil : now + .seconds(timeout)
        writePending(now: now)
    }

    private func writePending(now: ContinuousClock.Instant) {
        while !output.isEmpty {
            let pending = output.readableBytes
            let result = retryingInterrupts {
                Glibc.send(descriptor, pending.baseAddress, pending.count, Int32(MSG_NOSIGNAL))
            }
            switch result {
            case .success(let count) where count > 0:
                output.consume(count)
                deadline = now + .seconds(timeout)
            case .failure(.wouldBlock):
                return
            case .failure(let failure) where failure.rawValue == EPIPE || failure == .connectionReset:
                // The server closed first (ERR BUSY, or it is going away): read what it said before failing.
                output.clear()
            case .success:
                fail(.failure(.socketError(EPIPE)), now: now)
                return
            case .failure(let failure):
                fail(.failure(.socketError(failure.rawValue)), now: now)
                return
            }
        }
    }

    private func readAvailable(now: ContinuousClock.Instant) {
        while isActive {
            let space = answers.input.writableSpace(atLeast: Self.readBytes)
            let result = retryingInterrupts { recv(descriptor, space.baseAddress, space.count, 0) }
            switch result {
            case .success(let count) where count > 0:
                answers.input.commitWritten(count)
                deadline = isCaughtUp ? nil : now + .seconds(timeout)
                drainAnswers(now: now)
                if isActive && isCaughtUp { deadline = nil }
            case .failure(.wouldBlock):
                return
            case .failure(let failure) where failure != .connectionReset:
                fail(.failure(.socketError(failure.rawValue)), now: now)
            default:
                // End of stream or a reset: the server is gone with movies still to import.
                fail(.failure(.closed), now: now)
            }
        }
    }

    private func drainAnswers(now: ContinuousClock.Instant) {
        do {
            while isActive, let answer = try answers.next() {
                switch answer {
                case .added:
                    answered += 1
                    added += 1
                case .replaced:
                    answered += 1
                    replaced += 1
                case .other(let response):
                    record(response, now: now)
                }
            }
        } catch {
            fail(.failure(.protocolViolation(error)), now: now)
        }
    }

    /// Any answer but the usual `OK added|edited <title>`.
    private func record(_ response: Response, now: ContinuousClock.Instant) {
        let answer = ServerAnswer(response)
        switch response.command {
        case .put:
            answered += 1
            switch WriteOutcome.result(answer, kind: .add) {
            case .changed(.added, _):
                added += 1
            case .changed:
                replaced += 1
            case .missing, .problem:
                refused += 1
                firstRefusal = firstRefusal ?? answer.problem
                // A refused token or a read-only server refuses every write to come as well.
                if case .error(let code, _) = answer, code == .denied || code == .readOnly {
                    fail(answer.problem, now: now)
                }
            }
        case .auth:
            if case .error = answer { fail(answer.problem, now: now) }
        default:
            // An error sent unasked (ERR BUSY), after which the server closes.
            fail(answer.problem, now: now)
        }
    }

    private func fail(_ problem: ServerProblem, now: ContinuousClock.Instant) {
        phase = .failed(problem)
        settled = now
        deadline = nil
        closeDescriptor()
    }

    private func closeDescriptor() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
    }
}
