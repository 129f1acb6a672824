import CLinuxEvents
import Glibc

/// Readiness bits, named once so every event loop reads as words.
public enum Readiness {
    public static let input = EPOLLIN.rawValue
    public static let output = EPOLLOUT.rawValue
    public static let hangUp = EPOLLHUP.rawValue
    public static let error = EPOLLERR.rawValue
}

/// One epoll instance with a preallocated event array, so waiting allocates nothing.
///
/// Shared by the reactor and the load generator's per-thread loops.
/// Level-triggered, as Redis's `ae` is: a connection that is not read to
/// exhaustion is simply reported again on the next wait.
public final class Epoll {
    public let descriptor: Int32
    public private(set) var events: UnsafeMutablePointer<epoll_event>
    private var capacity: Int
    /// Set once `epoll_pwait2` proved missing (kernels before 5.11).
    private var preciseWaitUnavailable = false

    public init(capacity: Int = 256) throws {
        let descriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard descriptor >= 0 else { throw SystemCallError("epoll_create1") }
        self.descriptor = descriptor
        self.capacity = capacity
        events = .allocate(capacity: capacity)
    }

    deinit {
        events.deallocate()
        closeDescriptor(descriptor)
    }

    public func register(_ fd: Int32, interest: UInt32, token: UInt64) throws {
        try control(EPOLL_CTL_ADD, fd, interest: interest, token: token, name: "epoll_ctl(ADD)")
    }

    public func change(_ fd: Int32, interest: UInt32, token: UInt64) throws {
        try control(EPOLL_CTL_MOD, fd, interest: interest, token: token, name: "epoll_ctl(MOD)")
    }

    public func deregister(_ fd: Int32) {
        var unused = epoll_event()
        _ = epoll_ctl(descriptor, EPOLL_CTL_DEL, fd, &unused)
    }

    /// Waits for readiness; returns how many entries of `events` were filled.
    public func wait(timeoutMilliseconds: Int32) throws -> Int {
        let result = retryingInterrupts { epoll_wait(descriptor, events, Int32(capacity), timeoutMilliseconds) }
        return try filled(result, call: "epoll_wait")
    }

    /// Waits at most `timeoutNanoseconds`, with `epoll_pwait2`'s nanosecond
    /// precision; on kernels without it, whole milliseconds rounded up, so a
    /// loop with a deadline never spins.
    public func wait(timeoutNanoseconds: UInt64) throws -> Int {
        if !preciseWaitUnavailable {
            var timeout = timespec(
                tv_sec: Int(timeoutNanoseconds / 1_000_000_000), tv_nsec: Int(timeoutNanoseconds % 1_000_000_000))
            let result = retryingInterrupts { epoll_pwait2(descriptor, events, Int32(capacity), &timeout, nil) }
            if result != .failure(.notImplemented) { return try filled(result, call: "epoll_pwait2") }
            preciseWaitUnavailable = true
        }
        let milliseconds = Int32(min((timeoutNanoseconds + 999_999) / 1_000_000, UInt64(Int32.max)))
        return try wait(timeoutMilliseconds: milliseconds)
    }

    private func filled(_ result: Result<Int32, Errno>, call: String) throws -> Int {
        switch result {
        case .success(let count):
            if count == capacity { growAfterThisWait = true }
            return Int(count)
        case .failure(let errno):
            throw SystemCallError(call, errno)
        }
    }

    /// A full event array means more descriptors may be ready than one wait can
    /// report; doubling it (once the current events are handled) keeps waits fair.
    private var growAfterThisWait = false

    public func growIfItFilledUp() {
        guard growAfterThisWait else { return }
        growAfterThisWait = false
        events.deallocate()
        capacity *= 2
        events = .allocate(capacity: capacity)
    }

    private func control(_ operation: Int32, _ fd: Int32, interest: UInt32, token: UInt64, name: String) throws {
        var event = epoll_event()
        event.events = interest
        event.data.u64 = token
        guard epoll_ctl(descriptor, operation, fd, &event) == 0 else { throw SystemCallError(name) }
    }
}
