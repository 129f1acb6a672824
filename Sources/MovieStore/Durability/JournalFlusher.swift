import Glibc
import Primitives

/// Under `everysec`: runs the once-a-second `fdatasync` on a thread of its
/// own, so the writer goes on writing (and acknowledging) while the disk
/// flushes, as Redis hands its AOF fsync to a background thread.
///
/// It shares the writer's monitor; every property is guarded by it, and the
/// methods marked so are called with it held.
final class JournalFlusher: @unchecked Sendable {
    struct Outcome {
        /// The flush covered the file's first `length` bytes...
        let length: Int
        /// ...unless it failed with this `errno`.
        let failure: Int32?
        /// How long the `fdatasync` took.
        let nanoseconds: UInt64
    }

    private let monitor: Monitor
    private let faults: FaultInjection
    private var job: (descriptor: Int32, length: Int)?
    private var outcome: Outcome?
    private var stopping = false
    private var thread: SystemThread?

    init(monitor: Monitor, faults: FaultInjection) {
        self.monitor = monitor
        self.faults = faults
    }

    func start() {
        thread = SystemThread { [self] in run() }
    }

    /// Lock held. Whether a flush is running.
    var isBusy: Bool { job != nil }

    /// Lock held. Whether a finished flush waits to be taken.
    var hasOutcome: Bool { outcome != nil }

    /// Lock held. Starts flushing `descriptor`, whose first `length` bytes are written.
    func begin(descriptor: Int32, length: Int) {
        precondition(job == nil, "one flush at a time")
        job = (descriptor, length)
        monitor.broadcast()
    }

    /// Lock held. The outcome of the last flush, once.
    func takeOutcome() -> Outcome? {
        defer { outcome = nil }
        return outcome
    }

    /// Lock held. Waits (releasing the lock meanwhile) until no flush runs.
    func waitUntilIdle() {
        while job != nil { monitor.wait() }
    }

    /// Stops the thread once any flush under way is done.
    func stop() {
        monitor.withLock {
            stopping = true
            monitor.broadcast()
        }
        thread?.join()
        thread = nil
    }

    private func run() {
        monitor.lock()
        while true {
            while job == nil && !stopping { monitor.wait() }
            guard let job else { break }
            monitor.unlock()
            let started = MonotonicClock.nanoseconds()
            let failure = faults.takeSyncFailure() ?? FileSystem.syncData(job.descriptor)
            let nanoseconds = MonotonicClock.nanoseconds() &- started
            monitor.lock()
            outcome = Outcome(length: job.length, failure: failure, nanoseconds: nanoseconds)
            self.job = nil
            monitor.broadcast()
        }
        monitor.unlock()
    }
}
