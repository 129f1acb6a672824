import CLinuxEvents
import Glibc

/// A periodic `timerfd`: the loop's one clock tick for idle sweeps and deadlines,
/// so no request ever pays a timer system call.
public final class PeriodicTimer {
    public let descriptor: Int32

    public init(intervalMilliseconds: Int) throws {
        descriptor = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        guard descriptor >= 0 else { throw SystemCallError("timerfd_create") }
        let interval = timespec(tv_sec: intervalMilliseconds / 1000, tv_nsec: (intervalMilliseconds % 1000) * 1_000_000)
        var spec = itimerspec(it_interval: interval, it_value: interval)
        // On failure `deinit` closes the descriptor: it runs even when init throws this late.
        guard timerfd_settime(descriptor, 0, &spec, nil) == 0 else { throw SystemCallError("timerfd_settime") }
    }

    deinit { closeDescriptor(descriptor) }

    /// Consumes the expirations so level-triggered epoll stops reporting the timer.
    public func acknowledge() {
        var expirations: UInt64 = 0
        _ = read(descriptor, &expirations, MemoryLayout<UInt64>.size)
    }
}

/// Signals delivered as readable events instead of asynchronous handlers.
///
/// The signals are blocked for the calling thread (and threads it starts later),
/// so call this before any other thread exists: a thread that does not block them
/// would still receive them the default way.
public final class SignalDescriptor {
    public let descriptor: Int32

    public init(signals: [Int32]) throws {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in signals { sigaddset(&mask, signal) }
        guard pthread_sigmask(SIG_BLOCK, &mask, nil) == 0 else { throw SystemCallError("pthread_sigmask") }
        descriptor = signalfd(-1, &mask, Int32(SFD_NONBLOCK | SFD_CLOEXEC))
        guard descriptor >= 0 else { throw SystemCallError("signalfd") }
    }

    deinit { closeDescriptor(descriptor) }

    /// The next pending signal number, or nil when none is waiting.
    public func nextSignal() -> Int32? {
        var info = signalfd_siginfo()
        let size = MemoryLayout<signalfd_siginfo>.size
        guard read(descriptor, &info, size) == size else { return nil }
        return Int32(bitPattern: info.ssi_signo)
    }
}

/// An `eventfd` one thread writes to wake another's event loop.
///
/// A class so the descriptor stays open while any thread may still hold it:
/// it is closed when the last reference goes.
public final class Wakeup: @unchecked Sendable {
    // Immutable after init, and eventfd writes are thread-safe: hence @unchecked.
    public let descriptor: Int32

    public init() throws {
        descriptor = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard descriptor >= 0 else { throw SystemCallError("eventfd") }
    }

    deinit { closeDescriptor(descriptor) }

    /// Makes the descriptor readable; safe from any thread.
    public func signal() {
        var one: UInt64 = 1
        _ = write(descriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// Resets the counter so level-triggered epoll stops reporting it.
    public func acknowledge() {
        var count: UInt64 = 0
        _ = read(descriptor, &count, MemoryLayout<UInt64>.size)
    }
}
