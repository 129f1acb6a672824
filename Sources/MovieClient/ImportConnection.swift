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
    static let window = 256

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
    private var output: [UInt8] = []
    private var outputSent = 0
    private var reader = ResponseReader()
    private let timeout: Double

    /// `authentication` is an `AUTH` request line to send before any movie.
    init(address: ServerAddress, resolved: Result<[SocketAddress], ServerFailure>, authentication: [UInt8]?,
         timeout: Double, now: ContinuousClock.Instant) {
        self.address = address
        self.timeout = timeout
        self.started = now
        if let authentication {
            output = authentication
            reader.expect(.auth)
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
        case .importing: Int16(POLLIN) | (outputSent < output.count ? Int16(POLLOUT) : 0)
        case .finished, .failed: 0
        }
    }

    /// Whether every movie sent, and the `AUTH` before them, has its answer.
    var isCaughtUp: Bool { reader.outstandingCount == 0 && outputSent == output.count }

    /// Queues the movies the window allows from `queue` and sends what the socket takes.
    func send(from queue: MovieQueue, now: ContinuousClock.Instant) {
        guard case .importing = phase else { return }
        let wasCaughtUp = isCaughtUp
        while nextToSend < queue.end && nextToSend - answered < Self.window {
            output.append(contentsOf: queue.request(nextToSend))
            reader.expect(.put)
            nextToSend += 1
        }
        // An answer is owed from now on: the silence allowed starts here.
        if wasCaughtUp && !isCaughtUp { deadline = now + .seconds(timeout) }
        writePending(now: now)
    }

    /// Reacts to what `poll` reported.
    func handle(_ revents: Int16, now: ContinuousClock.Instant, buffer: inout [UInt8]) {
        switch phase {
        case .connecting:
            if candidates.connectionFailed(descriptor) {
                connectToNextCandidate(now: now)
            } else {
                becomeConnected(now: now)
            }
        case .importing:
            if revents & Int16(POLLOUT) != 0 { writePending(now: now) }
            if isActive && revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { readAvailable(now: now, buffer: &buffer) }
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
        while outputSent < output.count {
            let result = retryingInterrupts {
                output[outputSent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
            switch result {
            case .success(let count) where count > 0:
                outputSent += count
                deadline = now + .seconds(timeout)
            case .failure(.wouldBlock):
                return
            case .failure(let failure) where failure.rawValue == EPIPE || failure == .connectionReset:
                // The server closed first (ERR BUSY, or it is going away): read what it said before failing.
                outputSent = output.count
            case .success:
                fail(.failure(.socketError(EPIPE)), now: now)
                return
            case .failure(let failure):
                fail(.failure(.socketError(failure.rawValue)), now: now)
                return
            }
        }
        output.removeAll(keepingCapacity: true)
        outputSent = 0
    }

    private func readAvailable(now: ContinuousClock.Instant, buffer: inout [UInt8]) {
        while isActive {
            let result = retryingInterrupts { buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) } }
            switch result {
            case .success(let count) where count > 0:
                deadline = isCaughtUp ? nil : now + .seconds(timeout)
                buffer.withUnsafeBytes { reader.feed(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                drainReader(now: now)
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

    private func drainReader(now: ContinuousClock.Instant) {
        do {
            while isActive, let incoming = try reader.next() {
                guard case .response(let response) = incoming else { continue }
                record(response, now: now)
            }
        } catch {
            fail(.failure(.protocolViolation(error)), now: now)
        }
    }

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
