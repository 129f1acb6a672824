import Glibc
import LoadGeneration
import Primitives

/// One client connection of a worker: its socket, buffers, requests in flight and
/// its own random stream. The worker drives it; it never blocks.
final class LoadConnection {
    /// Where a connection is in its life, as memcached names its states.
    enum State: Equatable {
        /// Not yet opened, or closed for good.
        case closed
        /// A non-blocking `connect` is under way; it fails at `deadline`.
        case connecting(deadline: UInt64)
        case open
        /// Lost during the run; a new connection is tried at the given time.
        case waitingToReconnect(at: UInt64)
    }

    /// Numbered across the whole run (all threads), which fixes its random stream and send times.
    let number: Int
    /// Its place in the worker's array, and the low half of its epoll token.
    let slot: Int
    let server: Int
    let isIdle: Bool
    /// For populating: which of its server's connections it is, and how many that server has.
    let populateOffset: Int
    let populateStride: Int

    var state = State.closed
    var descriptor: Int32 = -1
    /// Slot plus a generation in the high half, so a late event for an earlier socket is ignored.
    var token: UInt64 = 0
    private var generation: UInt64 = 0
    let input = ByteBuffer()
    let output = ByteBuffer()
    var ring: RequestRing
    var scanner: ReplyScanner
    var random: Xoshiro256
    /// Open loop: how many requests of its schedule it has sent.
    var sequence = 0
    var populateCursor: Int
    /// Whether EPOLLOUT is armed because the socket would not take all output.
    var waitingToWrite = false
    var flushScheduled = false

    init(number: Int, slot: Int, server: Int, isIdle: Bool, populateOffset: Int, populateStride: Int,
         ringCapacity: Int, dialect: WireDialect, seed: UInt64) {
        self.number = number
        self.slot = slot
        self.server = server
        self.isIdle = isIdle
        self.populateOffset = populateOffset
        self.populateStride = max(1, populateStride)
        populateCursor = populateOffset
        ring = RequestRing(capacity: ringCapacity)
        scanner = ReplyScanner(dialect: dialect)
        random = Xoshiro256(seed: seed, stream: UInt64(number))
    }

    var isOpen: Bool { state == .open }

    var isConnecting: Bool {
        if case .connecting = state { return true }
        return false
    }

    /// Starts a non-blocking connect; `.open` at once if the kernel completes it (loopback often does).
    func startConnecting(to target: LoadTarget, deadline: UInt64) -> Errno? {
        switch target.socketAddress.startConnecting() {
        case .failure(let failure):
            return failure
        case .success(let started):
            descriptor = started.descriptor
            generation &+= 1
            token = generation << 32 | UInt64(slot)
            state = started.isConnected ? .open : .connecting(deadline: deadline)
            return nil
        }
    }

    /// After EPOLLOUT on a connecting socket: `nil` if it is now connected, else why not.
    func finishConnecting() -> Errno? {
        if let failure = SocketAddress.connectionError(of: descriptor) { return failure }
        state = .open
        return nil
    }

    /// Closes the socket and forgets everything in flight; the caller has counted what was lost.
    func close(then next: State) {
        if descriptor >= 0 { closeDescriptor(descriptor) }
        descriptor = -1
        state = next
        ring.removeAll()
        scanner.reset()
        input.clear()
        output.clear()
        input.releaseMemory()
        output.releaseMemory()
        waitingToWrite = false
    }

    /// One `read` into the input buffer: bytes read, 0 at end of stream, or the error.
    func readOnce() -> Result<Int, Errno> {
        let space = input.writableSpace(atLeast: 16 * 1024)
        let result = retryingInterrupts { read(descriptor, space.baseAddress, space.count) }
        if case .success(let count) = result { input.commitWritten(count) }
        return result
    }

    /// Writes as much pending output as the socket takes: bytes written, or the error (`wouldBlock` included).
    func writePending() -> Result<Int, Errno> {
        let pending = output.readableBytes
        guard !pending.isEmpty else { return .success(0) }
        let result = retryingInterrupts { send(descriptor, pending.baseAddress, pending.count, Int32(MSG_NOSIGNAL)) }
        if case .success(let count) = result { output.consume(count) }
        return result
    }
}
