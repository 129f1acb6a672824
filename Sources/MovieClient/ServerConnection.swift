import Glibc
import MovieProtocol
import Primitives

/// One request line and the command it carries, so the reader knows how its answer is framed.
public struct Request: Sendable {
    public let command: Command
    public let line: [UInt8]

    public init(command: Command, line: [UInt8]) {
        self.command = command
        self.line = line
    }
}

/// One non-blocking connection to one server, driven by `FanOut`'s poll loop.
///
/// It connects (trying each resolved address in turn), sends its requests at
/// once, and reads until every request is answered. A watching connection
/// stays open after that and passes on the events it reads.
final class ServerConnection {
    enum Phase {
        case connecting
        case exchanging
        /// Every request answered and the last was an `OK` to `WATCH`: events follow.
        case watching
        case finished
        case failed(ServerFailure)
    }

    let address: ServerAddress
    private(set) var phase: Phase
    private(set) var descriptor: Int32 = -1
    private(set) var responses: [Response] = []
    private(set) var deadline: ContinuousClock.Instant?
    let started: ContinuousClock.Instant
    private(set) var settled: ContinuousClock.Instant?

    private var candidates: ConnectionCandidates
    private let requests: [Request]
    private let output: [UInt8]
    private var sent = 0
    private var reader = ResponseReader()
    private let timeout: Double

    init(address: ServerAddress, resolved: Result<[SocketAddress], ServerFailure>, requests: [Request],
         timeout: Double, now: ContinuousClock.Instant) {
        self.address = address
        self.requests = requests
        self.output = requests.flatMap(\.line)
        self.timeout = timeout
        self.started = now
        for request in requests { reader.expect(request.command) }
        switch resolved {
        case .success(let addresses):
            candidates = ConnectionCandidates(addresses)
            phase = .connecting
            deadline = now + .seconds(timeout)
            connectToNextCandidate(now: now)
        case .failure(let failure):
            candidates = ConnectionCandidates([])
            phase = .failed(failure)
            settled = now
        }
    }

    deinit { closeDescriptor() }

    /// Whether the connection still needs the poll loop.
    var isActive: Bool {
        switch phase {
        case .connecting, .exchanging, .watching: true
        case .finished, .failed: false
        }
    }

    var pollEvents: Int16 {
        switch phase {
        case .connecting: Int16(POLLOUT)
        case .exchanging: Int16(POLLIN) | (sent < output.count ? Int16(POLLOUT) : 0)
        case .watching: Int16(POLLIN)
        case .finished, .failed: 0
        }
    }

    /// Reacts to what `poll` reported; returns the events read, if any.
    func handle(_ revents: Int16, now: ContinuousClock.Instant, buffer: inout [UInt8]) -> [Event] {
        switch phase {
        case .connecting:
            finishConnecting(now: now)
            return []
        case .exchanging, .watching:
            if revents & Int16(POLLOUT) != 0 { writePending(now: now) }
            guard isActive, revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 else { return [] }
            return readAvailable(now: now, buffer: &buffer)
        case .finished, .failed:
            return []
        }
    }

    /// Fails the connection if its deadline has passed.
    func checkDeadline(now: ContinuousClock.Instant) {
        guard let deadline, now >= deadline else { return }
        switch phase {
        case .connecting: fail(.connectTimeout(timeout), now: now)
        case .exchanging: fail(.responseTimeout(timeout), now: now)
        default: break
        }
    }

    /// Ends a watching connection, as when the user presses Ctrl-C.
    func stop(now: ContinuousClock.Instant) {
        if isActive {
            phase = .finished
            settled = now
        }
        closeDescriptor()
    }

    /// Gives up on the connection, as when the poll loop itself fails.
    func abandon(_ failure: ServerFailure, now: ContinuousClock.Instant) {
        fail(failure, now: now)
    }

    private func connectToNextCandidate(now: ContinuousClock.Instant) {
        closeDescriptor()
        guard let started = candidates.startNext() else {
            fail(candidates.failure, now: now)
            return
        }
        descriptor = started.descriptor
        if started.isConnected { becomeConnected(now: now) }
    }

    private func finishConnecting(now: ContinuousClock.Instant) {
        if candidates.connectionFailed(descriptor) {
            connectToNextCandidate(now: now)
        } else {
            becomeConnected(now: now)
        }
    }

    private func becomeConnected(now: ContinuousClock.Instant) {
        phase = .exchanging
        deadline = now + .seconds(timeout)
        writePending(now: now)
    }

    private func writePending(now: ContinuousClock.Instant) {
        while sent < output.count {
            let result = retryingInterrupts {
                output[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
            switch result {
            case .success(let count) where count > 0:
                sent += count
                deadline = now + .seconds(timeout)
            case .success:
                fail(.socketError(EPIPE), now: now)
                return
            case .failure(.wouldBlock):
                return
            case .failure(let failure) where failure.rawValue == EPIPE || failure == .connectionReset:
                // A server that closes first (ERR BUSY) may have answered already: read before failing.
                sent = output.count
                return
            case .failure(let failure):
                fail(.socketError(failure.rawValue), now: now)
                return
            }
        }
    }

    private func readAvailable(now: ContinuousClock.Instant, buffer: inout [UInt8]) -> [Event] {
        var events: [Event] = []
        while isActive {
            let result = retryingInterrupts { buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) } }
            if case .success(let count) = result, count > 0 {
                if case .exchanging = phase { deadline = now + .seconds(timeout) }
                buffer.withUnsafeBytes { reader.feed(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                drainReader(now: now, into: &events)
                continue
            }
            if result == .failure(.wouldBlock) { break }
            if case .failure(let failure) = result, failure != .connectionReset {
                fail(.socketError(failure.rawValue), now: now)
                break
            }
            // End of stream, or a reset after the server said its last word.
            switch phase {
            case .watching:
                phase = .finished
                settled = now
                closeDescriptor()
            default:
                fail(.closed, now: now)
            }
        }
        return events
    }

    private func drainReader(now: ContinuousClock.Instant, into events: inout [Event]) {
        do {
            while let incoming = try reader.next() {
                switch incoming {
                case .event(let event):
                    if case .watching = phase { events.append(event) }
                case .response(let response):
                    guard response.command != nil else { continue }
                    responses.append(response)
                    if responses.count == requests.count { answeredAll(now: now) }
                }
                if !isActive { return }
            }
        } catch {
            fail(.protocolViolation(error), now: now)
        }
    }

    private func answeredAll(now: ContinuousClock.Instant) {
        settled = now
        if requests.last?.command == .watch, responses.last?.status == .ok {
            phase = .watching
            deadline = nil
        } else {
            phase = .finished
            closeDescriptor()
        }
    }

    private func fail(_ failure: ServerFailure, now: ContinuousClock.Instant) {
        phase = .failed(failure)
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
