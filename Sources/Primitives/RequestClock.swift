import CLinuxEvents
import Glibc

/// Times requests in ticks of the CPU's cycle counter, read in a few cycles, and
/// turns tick counts into nanoseconds at the rate it measures against `CLOCK_MONOTONIC`.
///
/// Timing every request with `clock_gettime` costs two calls of some twenty
/// nanoseconds each: a tenth of the loop's time per GET at pipeline depth 16. The
/// counter is used only where the kernel itself keeps time with it (its clocksource
/// is `tsc`, or `arch_sys_counter` on AArch64), which it does only when the counter
/// runs at a constant rate on every core; elsewhere a tick is a nanosecond of
/// `CLOCK_MONOTONIC`. One thread: the loop's.
public final class RequestClock {
    /// Whether ticks are the cycle counter's (else `CLOCK_MONOTONIC` nanoseconds).
    public let countsCycles: Bool
    /// Where the rate is measured from; moved on if the counter misbehaves.
    private var startTicks: UInt64
    private var startNanoseconds: UInt64
    /// Nanoseconds per tick, as a 32.32 fixed-point number.
    private var nanosecondsPerTick: UInt64 = 1 << 32

    public init() {
        countsCycles = Self.kernelTrustsTheCycleCounter()
        startNanoseconds = MonotonicClock.nanoseconds()
        startTicks = countsCycles ? movied_cycle_counter() : startNanoseconds
        guard countsCycles else { return }
        // A first rate from a few milliseconds; `calibrate()` refines it from then on.
        usleep(5_000)
        calibrate()
    }

    /// Now, in ticks.
    @inline(__always) public func now() -> UInt64 {
        countsCycles ? movied_cycle_counter() : MonotonicClock.nanoseconds()
    }

    /// `ticks` (a difference of two `now()`s) in nanoseconds.
    @inline(__always) public func nanoseconds(_ ticks: UInt64) -> UInt64 {
        let (high, low) = ticks.multipliedFullWidth(by: nanosecondsPerTick)
        return high << 32 | low >> 32
    }

    /// Measures the rate again over everything since the clock was made; call it now
    /// and then (the loop does, once a second), each time more precise.
    ///
    /// A counter that went back or stood still (a machine moved to another host, say)
    /// gives no rate: the measurement starts again from now and the last rate stands.
    public func calibrate() {
        guard countsCycles else { return }
        let nowTicks = movied_cycle_counter()
        let nowNanoseconds = MonotonicClock.nanoseconds()
        let rate = Double(nowNanoseconds &- startNanoseconds) / Double(nowTicks &- startTicks) * 4_294_967_296
        guard nowTicks > startTicks, nowNanoseconds > startNanoseconds, rate >= 1, rate < 0x1p63,
              let fixedPoint = UInt64(exactly: rate.rounded()) else {
            startTicks = nowTicks
            startNanoseconds = nowNanoseconds
            return
        }
        nanosecondsPerTick = fixedPoint
    }

    /// Whether the kernel keeps time with the cycle counter, as
    /// `/sys/devices/system/clocksource/clocksource0/current_clocksource` says.
    private static func kernelTrustsTheCycleCounter() -> Bool {
        guard movied_cycle_counter() != 0,
              let file = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r") else { return false }
        defer { fclose(file) }
        var name = [CChar](repeating: 0, count: 64)
        guard fgets(&name, Int32(name.count), file) != nil else { return false }
        let source = String(decoding: name.prefix { $0 != 0 && $0 != 0x0A }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return source == "tsc" || source == "arch_sys_counter"
    }
}
