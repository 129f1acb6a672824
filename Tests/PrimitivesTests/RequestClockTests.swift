import Glibc
import Primitives
import Testing

@Suite struct RequestClockTests {
    /// Whatever it counts, the clock's ticks must come out as the nanoseconds that passed.
    @Test func ticksComeOutAsTheNanosecondsThatPassed() {
        let clock = RequestClock()
        let wallStart = MonotonicClock.nanoseconds()
        let start = clock.now()
        usleep(30_000)
        let measured = clock.nanoseconds(clock.now() &- start)
        let passed = MonotonicClock.nanoseconds() - wallStart
        // Loose bounds: the two clocks are read a few instructions apart, and a loaded
        // machine may stretch the sleep, but never the one clock against the other.
        #expect(measured > passed * 9 / 10, "counted cycles: \(clock.countsCycles)")
        #expect(measured < passed * 11 / 10 + 1_000_000, "counted cycles: \(clock.countsCycles)")
    }
}
