import Glibc
import Primitives

/// One client connection: its socket, its buffers and where it is in its life.
///
/// Its life reads in `ConnectionState.after(_:)`; this class turns what happens
/// on the socket into those events and does what entering each state requires
/// (`move(_:)`).
public final class Connection<Handler: ConnectionHandler> {
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
    private(set) var state = ConnectionState.reading
    /// Set once no more input will be read; the state still says what is left to do.
    var inputEnd: InputEnd?
    /// Answers held in the output until an outside event fills them in.
    var held = HeldAnswers()
    /// Bytes pushed to this connection while it was in the middle of an answer:
    /// they go out after that answer, never inside it.
    private var pushedDuringAnswer: ByteBuffer?
    /// More pushed output piled up than a subscriber may hold; dropped at the next flush
    /// (not at once: the pusher may be walking a list that closing would change).
    var pushedTooMuch = false
    /// The output waits for EPOLLOUT rather than the loop's next flush pass; never both.
    private var waitingForWritable = false
    /// What epoll watches for, as last set successfully.
    private var interest = Readiness.input
    /// Whether the loop's flush pass already lists this connection.
    var flushScheduled = false
    var lastActivity: Int
    /// When the unfinished request line (or body) at the end of the input began to arrive.
    private var partialLineSince: Int?
    /// Bytes of input still to come that are one body, not lines (see `expectBody`).
    private var bodyByteCount = 0
    /// Whether the handler has a request under way across lines (an HTTP head read a
    /// line at a time): while it has, the request timeout runs from the request's first
    /// byte, not from each line's, so a client cannot trickle a request in line by line.
    /// The handler sets it when a request begins and clears it when it is complete.
    public var requestIsUnderway = false {
        didSet {
            if requestIsUnderway {
                if partialLineSince == nil { partialLineSince = loop.now }
            } else if oldValue {
                partialLineSince = nil
            }
        }
    }
    /// Keeps a connection that legitimately stays silent (a subscriber) from the idle timeout.
    public var exemptFromIdleTimeout = false
    /// The loop that owns this connection. Unchecked: the loop closes and drops
    /// every connection before it goes, and a checked `unowned` reference costs
    /// an atomic retain and release on each of the several uses per request.
    public unowned(unsafe) let loop: EventLoop<Handler>
    /// Whether a thread of its own reads and writes this connection's blocking socket
    /// (the iterative, one-shot and thread-per-connection models) rather than the loop's epoll.
    let isDrivenByThread: Bool

    init(loop: EventLoop<Handler>, descriptor: Int32, token: UInt64, acceptedBy listener: Int, drivenByThread: Bool = false) {
        self.loop = loop
        self.descriptor = descriptor
        self.token = token
        isDrivenByThread = drivenByThread
        // The driving thread sends output itself: never put on the loop's flush list.
        flushScheduled = drivenByThread
        session = loop.handler.makeSession(acceptedBy: listener)
        lastActivity = loop.now
    }

    /// Whether the connection is still open.
    public var isOpen: Bool { state != .closed }

    // MARK: Moving through its life

    /// Moves to the state `event` leads to, and does what entering it requires.
    @inline(__always) func move(_ event: ConnectionState.Event) {
        let previous = state
        let next = previous.after(event)
        guard next != previous else { return }
        enter(next, from: previous)
    }

    private func enter(_ next: ConnectionState, from previous: ConnectionState) {
        state = next
        if previous.isMidAnswer && !next.isMidAnswer, let held = pushedDuringAnswer {
            pushedDuringAnswer = nil
            if next != .closed { output.append(held.readableBytes) }
        }
        switch next {
        case .closingAfterFlush:
            input.clear()
        case .lingering:
            shutdown(descriptor, Int32(SHUT_WR))
            lastActivity = loop.now
        case .closed:
            tearDown()
        case .reading, .answering, .awaiting, .throttled:
            break
        }
    }

    /// Closes at once, dropping unsent output; the handler hears of it.
    public func close() {
        move(.dropped)
    }

    private func tearDown() {
        held.removeAll()
        // A driving thread may be blocked on the socket: shutting it wakes that thread,
        // which closes the descriptor itself once it lets go of it.
        if isDrivenByThread { shutdown(descriptor, Int32(SHUT_RDWR)) } else { closeDescriptor(descriptor) }
        input.clear()
        output.clear()
        parkInput()
        output.releaseStorageIfEmpty(to: loop.pool)
        loop.forget(self)
        loop.handler.connectionClosed(self)
    }

    // MARK: Input

    /// The socket is readable (or hung up): read once and answer what completed.
    func readable() {
        switch state {
        case .reading:
            guard inputEnd == nil else { return }
            prepareInput()
            switch readOnce(into: input) {
            case .some(0): inputEnd = .clientFinished
            case .some: break
            case .none: return
            }
            answerBufferedRequests()
            parkInput()
        case .closingAfterFlush, .lingering:
            discardInput()
        case .answering, .awaiting, .throttled, .closed:
            return
        }
    }

    /// Gives the input a block of the main pool to read into, moving an unfinished line out of its small one.
    func prepareInput() {
        if !input.isEmpty && input.holdsBlock(of: loop.partialLines) {
            input.moveUnread(into: loop.pool, returningStorageTo: loop.partialLines)
        }
        input.attachStorage(from: loop.pool)
    }

    /// Gives the input's block back when nothing is left in it, and moves an
    /// unfinished request line into a small block until more of it arrives.
    ///
    /// An empty input holds a block of the main pool: a small one is swapped
    /// back before every read (or the input freed at close, where it may go).
    func parkInput() {
        if input.isEmpty {
            input.releaseStorageIfEmpty(to: loop.pool)
        } else if state == .reading, input.readableCount <= loop.partialLines.blockSize, input.holdsBlock(of: loop.pool) {
            input.moveUnread(into: loop.partialLines, returningStorageTo: loop.pool)
        }
    }

    /// Lets an answer that was `.awaiting` go on: `continueAnswer(on:)` follows on the
    /// loop's next pass. Call it on the loop's thread.
    public func resumeAnswer() {
        guard state == .awaiting else { return }
        move(.resumed)
        loop.scheduleFlush(self)
    }

    /// Says that the next `byteCount` bytes of input are a body, to be given whole to
    /// `handle(body:on:)` instead of split into lines. Call it from `handle(line:on:)`;
    /// the whole body is buffered, so the handler bounds `byteCount` first.
    public func expectBody(byteCount: Int) {
        bodyByteCount = byteCount
    }

    /// Answers every complete request in the input buffer, until one pauses the connection.
    func answerBufferedRequests() {
        output.attachStorage(from: loop.pool)
        let maximumLine = loop.limits.maximumLineLength
        while state == .reading {
            if output.readableCount >= loop.limits.outputHighWater || held.count >= loop.limits.maximumHeldAnswers {
                move(.outputFull)
                break
            }
            let pending = input.readableBytes
            if bodyByteCount > 0 && pending.count < bodyByteCount {
                // A body that is still to come is held to the request timeout, as a line is.
                if partialLineSince == nil { partialLineSince = loop.now }
                break
            }
            guard let start = pending.baseAddress, pending.count > 0 else { break }
            if bodyByteCount > 0 {
                let count = bodyByteCount
                bodyByteCount = 0
                let outcome = loop.handler.handle(body: UnsafeRawBufferPointer(start: start, count: count), on: self)
                input.consume(count)
                partialLineSince = nil
                move(.answered(outcome))
            } else if let newline = memchr(start, 0x0A, pending.count) {
                let length = start.distance(to: UnsafeRawPointer(newline))
                guard length < maximumLine else {
                    refuseOverlongLine()
                    break
                }
                let outcome = loop.handler.handle(line: UnsafeRawBufferPointer(start: start, count: length), on: self)
                input.consume(length + 1)
                if !requestIsUnderway { partialLineSince = nil }
                move(.answered(outcome))
            } else if pending.count >= maximumLine {
                refuseOverlongLine()
            } else if inputEnd == .clientFinished {
                // A last line cut off by the half-close is still a request.
                let outcome = loop.handler.handle(line: pending, on: self)
                input.clear()
                move(.answered(outcome))
            } else {
                if partialLineSince == nil { partialLineSince = loop.now }
                break
            }
        }
        if input.isEmpty && bodyByteCount == 0 && !requestIsUnderway { partialLineSince = nil }
        if state == .reading, inputEnd != nil { move(.inputEnded) }
        outputChanged()
    }

    private func refuseOverlongLine() {
        loop.handler.answerOverlongLine(on: self)
        move(.lineTooLong)
    }

    private func discardInput() {
        let scratch = loop.discardBuffer
        scratch.clear()
        scratch.attachStorage(from: loop.pool)
        let result = readOnce(into: scratch)
        scratch.clear()
        scratch.releaseStorageIfEmpty(to: loop.pool)
        guard result == 0 else { return }
        if state == .lingering {
            move(.inputEnded)
        } else {
            inputEnd = .clientFinished
            updateInterest()
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
            move(.dropped)
            return nil
        }
    }

    /// The loop is stopping: no more reading; complete requests already here are answered.
    func stopReading() {
        switch state {
        case .lingering:
            move(.dropped)
        case .closed:
            return
        case .reading, .answering, .awaiting, .throttled, .closingAfterFlush:
            if inputEnd == nil { inputEnd = .loopStopping }
            // Wakes a driving thread blocked in `read`; it finds the input ended.
            if isDrivenByThread { shutdown(descriptor, Int32(SHUT_RD)) }
            if state == .reading { answerBufferedRequests() } else { outputChanged() }
        }
    }

    // MARK: Held answers

    /// Holds the answer to the request being handled until `releaseOldestHeldAnswer(_:)`
    /// fills it in. What is written after it waits behind it, so answers stay in
    /// order, while the connection goes on reading and answering.
    public func holdAnswer() {
        held.hold(at: output.readableCount)
    }

    /// How many answers are held.
    public var heldAnswerCount: Int { held.count }

    /// Fills in the oldest held answer with what `write` appends, and lets the
    /// output up to the next held answer go, on the loop's next pass. Call it on
    /// the loop's thread; on a closed connection it does nothing.
    public func releaseOldestHeldAnswer(_ write: (ByteBuffer) -> Void) {
        guard !held.isEmpty, state != .closed else { return }
        let scratch = loop.heldAnswerScratch
        scratch.clear()
        write(scratch)
        output.attachStorage(from: loop.pool)
        output.insert(scratch.readableBytes, atReadableOffset: held.firstPosition)
        held.releaseFirst(inserted: scratch.readableCount)
        scratch.clear()
        loop.scheduleFlush(self)
    }

    /// Unsent bytes that may go now: everything before the first held answer.
    @inline(__always) var sendableCount: Int { held.isEmpty ? output.readableCount : held.firstPosition }

    // MARK: Output

    /// Appends bytes that did not come from this connection's own requests (an event
    /// for a subscriber); they are sent between answers, never inside one. With
    /// answers held, they go just before the first held one: sent at once, and
    /// in the order they were pushed.
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
            if held.isEmpty {
                output.append(bytes)
            } else {
                output.insert(bytes, atReadableOffset: held.firstPosition)
                held.insertedBeforeFirst(bytes.count)
            }
        }
        if output.readableCount + (pushedDuringAnswer?.readableCount ?? 0) > loop.limits.maximumPushedOutput {
            pushedTooMuch = true
        }
        loop.scheduleFlush(self)
    }

    /// Sends what is owed with one `write(2)`, then moves a paused connection on.
    func flush() {
        flushScheduled = false
        guard state != .closed else { return }
        if pushedTooMuch {
            loop.logSlowSubscriberDropped()
            move(.dropped)
            return
        }
        var socketFull = false
        let sendable = sendableCount
        if sendable > 0 {
            let pending = output.readableBytes
            switch retryingInterrupts({ write(descriptor, pending.baseAddress, sendable) }) {
            case .success(let count):
                output.consume(count)
                held.sent(count)
                loop.statistics.bytesWritten += count
                lastActivity = loop.now
                socketFull = count < sendable
            case .failure(.wouldBlock):
                socketFull = true
            case .failure:
                move(.dropped)
                return
            }
        }
        waitingForWritable = socketFull
        if !socketFull, output.readableCount <= loop.limits.outputLowWater,
           held.count <= loop.limits.maximumHeldAnswers / 2 {
            resumeAfterDrain()
        }
        outputChanged()
    }

    /// Picks up where a pause left off once the client has read enough.
    func resumeAfterDrain() {
        switch state {
        case .throttled:
            move(.outputDrained)
            answerBufferedRequests()
        case .answering:
            move(.answered(loop.handler.continueAnswer(on: self)))
            if state == .reading { answerBufferedRequests() }
        case .reading, .awaiting, .closingAfterFlush, .lingering, .closed:
            break
        }
    }

    /// Releases idle buffers, finishes a closing connection, makes sure new output
    /// gets flushed, and keeps epoll's interest in step with the state.
    ///
    /// Output behind a held answer is not sendable: releasing the answer flushes it.
    func outputChanged() {
        guard state != .closed else { return }
        if sendableCount == 0 {
            waitingForWritable = false
            output.releaseStorageIfEmpty(to: loop.pool)
            if state == .closingAfterFlush && output.isEmpty && held.isEmpty {
                move(.outputSent(inputOpen: inputEnd == nil))
                guard state != .closed else { return }
            }
            // An answer in progress with nothing left to send continues on the next pass.
            if state == .answering && output.isEmpty { loop.scheduleFlush(self) }
        } else if !waitingForWritable {
            loop.scheduleFlush(self)
        }
        updateInterest()
    }

    /// Tells epoll what the state wants: input while requests may come (or a
    /// closing client's end of input), output while the kernel's buffer is full.
    ///
    /// A connection epoll cannot be told about is closed: watching the wrong
    /// events would leave it stalled or spinning.
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
        if isDrivenByThread {
            interest = wanted
            return
        }
        do {
            try loop.epoll.change(descriptor, interest: wanted, token: token)
            interest = wanted
        } catch {
            loop.logInterestFailure(error)
            move(.dropped)
        }
    }

    // MARK: Ending

    /// Whether the sweep should close this connection now: silent too long, or
    /// too long sending one request.
    func hasOutstayed(now: Int, limits: ReactorLimits) -> Bool {
        switch state {
        case .lingering:
            return now - lastActivity >= 2
        case .closed:
            return false
        case .reading, .answering, .awaiting, .throttled, .closingAfterFlush:
            // Only while reading is the client the one holding a request up; paused,
            // the unfinished line simply waits its turn in the input.
            if state == .reading, let since = partialLineSince, limits.requestTimeoutSeconds > 0,
               now - since >= limits.requestTimeoutSeconds {
                return true
            }
            return limits.idleTimeoutSeconds > 0 && !exemptFromIdleTimeout && now - lastActivity >= limits.idleTimeoutSeconds
        }
    }
}
