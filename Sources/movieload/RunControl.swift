import Synchronization

/// The main thread's word to the workers, and the workers' word back: phases and times, lock-free.
///
/// Every worker reads `phase` once per turn of its loop (one relaxed load); the
/// times are written before the phase that uses them is published, and read
/// after it is seen (release/acquire), so they need no lock.
final class RunControl: Sendable {
    enum Phase: Int {
        case connecting = 0, populating, running, aborted
    }

    private let phaseValue = Atomic<Int>(Phase.connecting.rawValue)
    let stopRequested = Atomic<Bool>(false)
    let workersConnected = Atomic<Int>(0)
    let workersPopulated = Atomic<Int>(0)
    let workersFinished = Atomic<Int>(0)
    let warmupStart = Atomic<UInt64>(0)
    let measureStart = Atomic<UInt64>(0)
    /// `UInt64.max` when the run ends after a number of requests.
    let measureEnd = Atomic<UInt64>(.max)

    var phase: Phase { Phase(rawValue: phaseValue.load(ordering: .acquiring))! }

    func enter(_ phase: Phase) { phaseValue.store(phase.rawValue, ordering: .releasing) }

    /// Starts the load at `start`: warm-up until `start + warmup`, then measurement.
    func startRunning(at start: UInt64, warmup: UInt64, duration: UInt64?) {
        warmupStart.store(start, ordering: .relaxed)
        measureStart.store(start + warmup, ordering: .relaxed)
        measureEnd.store(duration.map { start + warmup + $0 } ?? .max, ordering: .relaxed)
        enter(.running)
    }
}
