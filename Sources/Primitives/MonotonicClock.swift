import Glibc

/// Time from a clock that never jumps, read through the vDSO without a system call.
public enum MonotonicClock {
    /// Whole seconds from `CLOCK_MONOTONIC_COARSE`: the event loop reads it once
    /// per wake-up, where a tick's precision is all it needs.
    public static func seconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &time)
        return time.tv_sec
    }

    /// Nanoseconds from `CLOCK_MONOTONIC`, for latencies and durations.
    @inline(__always) public static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// `nanoseconds` in seconds.
    public static func seconds(fromNanoseconds nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e9 }

    /// `seconds` in nanoseconds, rounded.
    public static func nanoseconds(fromSeconds seconds: Double) -> UInt64 { UInt64((seconds * 1e9).rounded()) }
}
