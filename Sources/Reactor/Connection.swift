import Glibc
import Primitives

/// One client connection: its socket, its buffers and where it is in its life.
///
/// The whole life reads top to bottom in `State`: a connection is accepted
/// into `.reading`, may pause in `.answering`, `.awaiting` or `.throttled`, and leaves
/// through `.closingAfterFlush` and `.lingering` to `.closed`.
public final class Connection<Handler: ConnectionHandler> {
    enum State: Equatable {
        /// Reading requests and answering each as soon as its line is complete.
        case reading
        /// A long answer is being written piece by piece; later requests wait their turn.
        case answering
        /// The answer waits for the handler to say it can go on; later requests wait too.
        case awaiting
        /// Too much output is unsent: input stays unread until the client catches up.
        case throttled
        /// Nothing more will be answered; the output owed is being sent, input discarded.
        case closingAfterFlush
        /// Everything was sent and our side shut; waiting for the client's end of input,
        /// so unread bytes in the kernel do not turn the close into a reset that could
        /// destroy the last answer before the client reads it.
        case lingering
        case closed
    }

    /// Why no more input will be read.
    enum InputEnd {
        /// The client shut down its sending side: answer what came, then close.
        case clientFinished
        /// The loop is stopping: answer complete requests already received, drop the rest.
        case loopStopping
    }

    public let descriptor: Int32
    let token: UInt64
    /// The protocol's own state for this connection.
    public var session: Handler.Session
    /// Where the handler writes answers; sent by the loop before it next sleeps.
    public let output = ByteBuffer()
    let input = ByteBuffer()
    /// Bytes pushed to this connection while it was in the middle of a long answer:
    /// they go out after that answer, never inside it.
    private var pushedDuringAnswer: ByteBuffer?
    private(set) var state = State.reading
    private var inputEnd: InputEnd?
    private var interest = Readiness.input
    private var waitingForWritable = false
    private var pushedTooMuch = false
    var flushScheduled = false
    private(set) var lastActivity: Int
    /// Keeps a connection that legitimately stays silent (a subscriber) from the idle timeout.
    public var exemptFromIdleTimeout = false
    /// The loop that owns this connection. Unchecked: the loop closes and drops
    /// every connection before it goes, and a checked `unowned` reference costs
    /// an atomic retain and release on each of the several uses per request.
    public unowned(unsafe) let loop: EventLoop<Handler>

    init(loop: EventLoop<Handler>, descriptor: Int32, token: UInt64) {
        self.loop = loop
        self.descriptor = descriptor
        self.token = token
        session = loop.handler.makeSession()
        lastActivity = loop.now
    }

    /// Whether the connection is still open.
    public var isOpen: Bool { state != .closed }

    /// Appends bytes that did not come from this connection's own requests (an event
    /// for a subscriber); they are sent between answers, never inside one.
    ///
    /// A client that lets more than `maximumPushedOutput` pile up is disconnected
    /// at the next flush: a slow subscriber must not grow the server without bound.
    public func push(_ bytes: UnsafeRawBufferPointer) {
        switch state {
        case .closed, .closingAfterFlush, .lingering:
            return
        case .answering, .awaiting:
            let held = pushedDuringAnswer ?? ByteBuffer()
            pushedDuringAnswer = held
            held.append(bytes)
        case .reading, .throttled:
            output.attachStorage(from: loop.pool)
            output.append(bytes)
        }
        if output.readableCount + (pushedDuringAnswer?.readableCount ?? 0) > loop.limits.maximumPushedOutput {
            pushedTooMuch = true
        }
        loop.scheduleFlush(self)
    }

    // MARK: Input

    /// The socket is readable (or hung up): read once and answer what completed.
    func readable() {
        switch state {
        case .reading:
            guard inputEnd == nil else { return }
            input.attachStorage(from: loop.pool)
            switch readOnce(into: input) {
            case .some(0): inputEnd = .clientFinished
            case .some: break
            case .none: return
            }
            answerBufferedRequests()
            input.releaseStorageIfEmpty(to: loop.pool)
        case .closingAfterFlush, .lingering:
            discardInput()
        case .answering, .awaiting, .throttled, .closed:
            return
        }
    }

    /// Lets an answer that was `.awaiting` go on: `continueAnswer(on:)` follows on the
    /// loop's next pass. Call it on the loop's thread.
    public func resumeAnswer() {
        guard state == .awaiting else { return }
        state = .answering
        loop.scheduleFlush(self)
    }

    /// Answers every complete request in the input buffer, until one pauses the connection.
    private func answerBufferedRequests() {
        output.attachStorage(from: loop.pool)
        let maximumLine = loop.limits.maximumLineLength
        while state == .reading {
            if output.readableCount >= loop.limits.outputHighWater {
                state = .throttled
                break
            }
            let pending = input.readableBytes
            guard let start = pending.baseAddress, pending.count > 0 else { break }
            if let newline = memchr(start, 0x0A, pending.count) {
                let length = start.distance(to: UnsafeRawPointer(newline))
                guard length < maximumLine else {
                    refuseOverlongLine()
                    break
                }
                let outcome = loop.handler.handle(line: UnsafeRawBufferPointer(start: start, count: length), on: self)
                input.consume(length + 1)
                follow(outcome)
            } else if pending.count >= maximumLine {
                refuseOverlongLine()
            } else if inputEnd == .clientFinished {
                // A last line cut off by the half-close is still a request.
                let outcome = loop.handler.handle(line: pending, on: self)
                input.clear()
                follow(outcome)
            } else {
                break
            }
        }
        if state == .reading, inputEnd != nil {
            input.clear()
            state = .closingAfterFlush
        }
        outputChanged()
    }

    private func follow(_ outcome: RequestOutcome) {
        switch outcome {
        case .answered: break
        case .answering: state = .answering
        case .awaiting: state = .awaiting
        case .closeAfterAnswer:
            input.clear()
            state = .closingAfterFlush
        }
    }

    private func refuseOverlongLine() {
        loop.handler.answerOverlongLine(on: self)
        input.clear()
        state = .closingAfterFlush
    }

    private func discardInput() {
        let scratch = loop.discardBuffer
        scratch.clear()
        scratch.attachStorage(from: loop.pool)
        let result = readOnce(into: scratch)
        scratch.clear()
        scratch.releaseStorageIfEmpty(to: loop.pool)
        if result == 0 {
            if state == .lingering { close() } else { inputEnd = .clientFinished }
        }
    }

    /// One `read(2)`; returns the byte count (0 at end of input), or nil when
    /// nothing was read (would block) or the connection failed and was closed.
    private func readOnce(into buffer: ByteBuffer) -> Int? {
        let space = buffer.writableSpace(atLeast: 1_024)
        switch retryingInterrupts({ read(descriptor, space.baseAddress, space.count) }) {
        case .success(let count):
            buffer.commitWritten(count)
            loop.statistics.bytesRead += count
            lastActivity = loop.now
            return count
        case .failure(.wouldBlock):
            return nil
        case .failure:
            close()
            return nil
        }
    }

    /// The loop is stopping: no more reading; complete requests already here are answered.
    func stopReading() {
        switch state {
        case .lingering:
            close()
        case .closed:
            return
        default:
            if inputEnd == nil { inputEnd = .loopStopping }
            if state == .reading { answerBufferedRequests() } else { outputChanged() }
        }
    }

    // MARK: Output

    /// Sends what is owed with one `write(2)`, then moves a paused connection on.
    func flush() {
        flushScheduled = false
        guard state != .closed else { return }
        if pushedTooMuch {
            loop.logSlowSubscriberDropped()
            close()
            return
        }
        var socketFull = false
        if !output.isEmpty {
            let pending = output.readableBytes
            switch retryingInterrupts({ write(descriptor, pending.baseAddress, pending.count) }) {
            case .success(let count):
                output.consume(count)
                loop.statistics.bytesWritten += count
                lastActivity = loop.now
                socketFull = count < pending.count
            case .failure(.wouldBlock):
                socketFull = true
            case .failure:
                close()
                return
            }
        }
        waitingForWritable = socketFull
        if !socketFull, output.readableCount <= loop.limits.outputLowWater {
            resumeAfterDrain()
        }
        outputChanged()
    }

    /// Picks up where a pause left off once the client has read enough.
    private func resumeAfterDrain() {
        switch state {
        case .throttled:
            state = .reading
            answerBufferedRequests()
        case .answering:
            let outcome = loop.handler.continueAnswer(on: self)
            if outcome == .answered { state = .reading }
            follow(outcome)
            if state != .answering && state != .awaiting, let held = pushedDuringAnswer {
                output.append(held.readableBytes)
                pushedDuringAnswer = nil
            }
            if state == .reading { answerBufferedRequests() }
        default:
            break
        }
    }

    /// Releases idle buffers, finishes a closing connection, makes sure new output
    /// gets flushed, and keeps epoll's interest in step with the state.
    ///
    /// Output waits either for the loop's next flush pass or, when the kernel
    /// would not take it all, for EPOLLOUT; never for both.
    private func outputChanged() {
        guard state != .closed else { return }
        if output.isEmpty {
            waitingForWritable = false
            output.releaseStorageIfEmpty(to: loop.pool)
            if state == .closingAfterFlush {
                finishClosing()
                return
            }
            // An answer in progress with nothing left to send continues on the next pass.
            if state == .answering { loop.scheduleFlush(self) }
        } else if !waitingForWritable {
            loop.scheduleFlush(self)
        }
        updateInterest()
    }

    private func finishClosing() {
        if inputEnd == nil {
            shutdown(descriptor, Int32(SHUT_WR))
            state = .lingering
            lastActivity = loop.now
            updateInterest()
        } else {
            close()
        }
    }

    private func updateInterest() {
        var wanted: UInt32 = 0
        switch state {
        case .reading, .closingAfterFlush, .lingering:
            if inputEnd == nil { wanted |= Readiness.input }
        case .answering, .awaiting, .throttled, .closed:
            break
        }
        if waitingForWritable { wanted |= Readiness.output }
        guard wanted != interest, state != .closed else { return }
        interest = wanted
        try? loop.epoll.change(descriptor, interest: wanted, token: token)
    }

    // MARK: Ending

    /// Whether the sweep should close this connection now.
    func hasOutstayed(now: Int, idleTimeout: Int) -> Bool {
        switch state {
        case .lingering: now - lastActivity >= 2
        case .closed: false
        default: idleTimeout > 0 && !exemptFromIdleTimeout && now - lastActivity >= idleTimeout
        }
    }

    /// Closes at once, dropping unsent output; the handler hears of it.
    public func close() {
        guard state != .closed else { return }
        state = .closed
        closeDescriptor(descriptor)
        input.clear()
        output.clear()
        input.releaseStorageIfEmpty(to: loop.pool)
        output.releaseStorageIfEmpty(to: loop.pool)
        pushedDuringAnswer = nil
        loop.forget(self)
        loop.handler.connectionClosed(self)
    }
}
