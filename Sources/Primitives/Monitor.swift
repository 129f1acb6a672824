import Glibc

/// A mutex with one condition variable: the hand-off between the loop thread
/// and the durability threads, and between movieload's workers and its main thread.
///
/// Every wait loops on its own predicate and every change broadcasts, so one
/// condition serves the writer, the compactor and `close()` alike. A pthread
/// mutex, not `Synchronization.Mutex`: ThreadSanitizer sees a pthread mutex's
/// lock and unlock, while `Mutex` locks with a futex inside the standard library,
/// which is not instrumented, so TSan reports the accesses it guards as races.
public final class Monitor: @unchecked Sendable {
    // pthread objects must not move, hence their own allocations.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    public func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    public func lock() { pthread_mutex_lock(mutex) }

    public func unlock() { pthread_mutex_unlock(mutex) }

    /// Waits for a broadcast; call with the lock held, in a loop over the predicate.
    public func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// Waits for a broadcast or until `seconds` pass; call with the lock held.
    public func wait(seconds: Double) {
        // The condition waits on CLOCK_MONOTONIC (see init), the clock `MonotonicClock` reads.
        let due = MonotonicClock.nanoseconds() + MonotonicClock.nanoseconds(fromSeconds: seconds)
        var deadline = timespec(tv_sec: Int(due / 1_000_000_000), tv_nsec: Int(due % 1_000_000_000))
        pthread_cond_timedwait(condition, mutex, &deadline)
    }

    /// Wakes every waiter; cheap when nobody waits. Every waiter loops on a
    /// predicate it reads under the lock, so this may be called with the lock
    /// held or just after releasing it (which spares the woken thread a wait for it).
    public func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
