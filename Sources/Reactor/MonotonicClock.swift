import Glibc

/// The loop's sense of time: whole seconds from a clock that never jumps.
///
/// `CLOCK_MONOTONIC_COARSE` is read through the vDSO, without a system call,
/// so reading it once per wake-up costs nothing measurable.
public enum MonotonicClock {
    public static func seconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &time)
        return time.tv_sec
    }
}
