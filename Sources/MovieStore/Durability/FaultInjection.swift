import Glibc
import Primitives

/// Makes the next few journal or snapshot writes and flushes fail, for tests
/// of what a full disk or an I/O error does.
///
/// Any thread may arm it; the durability threads consume it.
final class FaultInjection: @unchecked Sendable {
    // Guarded by `monitor`.
    private let monitor = Monitor()
    private var writeFailures: [Int32] = []
    private var syncFailures: [Int32] = []
    private var syncDelay: Double = 0
    private var holdingSyncs = false
    private var syncsHeld = 0

    /// The next `count` writes fail with `errorNumber` (ENOSPC: disk full).
    func failWrites(_ count: Int, errorNumber: Int32 = ENOSPC) {
        monitor.withLock { writeFailures += repeatElement(errorNumber, count: count) }
    }

    /// The next `count` flushes (`fdatasync`/`fsync`) fail with `errorNumber`.
    func failSyncs(_ count: Int, errorNumber: Int32 = EIO) {
        monitor.withLock { syncFailures += repeatElement(errorNumber, count: count) }
    }

    /// Every journal flush sleeps this long first, as on a slow disk.
    func delaySyncs(seconds: Double) {
        monitor.withLock { syncDelay = seconds }
    }

    /// Flushes wait from now on until `releaseSyncs()`, as on a stalled disk.
    func holdSyncs() {
        monitor.withLock { holdingSyncs = true }
    }

    func releaseSyncs() {
        monitor.withLock {
            holdingSyncs = false
            monitor.broadcast()
        }
    }

    /// Blocks until a flush is waiting in `holdSyncs()`.
    func waitUntilASyncIsHeld() {
        monitor.withLock { while syncsHeld == 0 { monitor.wait(seconds: 0.1) } }
    }

    func takeWriteFailure() -> Int32? {
        monitor.withLock { writeFailures.isEmpty ? nil : writeFailures.removeFirst() }
    }

    func takeSyncFailure() -> Int32? {
        let (failure, delay) = monitor.withLock {
            if holdingSyncs {
                syncsHeld += 1
                monitor.broadcast()
                while holdingSyncs { monitor.wait() }
                syncsHeld -= 1
            }
            return (syncFailures.isEmpty ? nil : syncFailures.removeFirst(), syncDelay)
        }
        if delay > 0 { usleep(UInt32(delay * 1e6)) }
        return failure
    }
}
