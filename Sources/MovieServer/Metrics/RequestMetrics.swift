import MovieProtocol
import Primitives

/// Requests counted by protocol, command and outcome, with each command's service
/// time, kept on the loop's thread in flat arrays made once: recording one is a few
/// adds, no allocation and no lock.
struct RequestMetrics {
    private var counts: [Int]
    private var latencies: [LatencyHistogram]
    /// Connections open now, by protocol.
    var connections = [0, 0]

    init() {
        counts = Array(repeating: 0, count: 2 * MeasuredCommand.caseCount * MeasuredOutcome.count)
        latencies = Array(repeating: LatencyHistogram(), count: 2 * MeasuredCommand.caseCount)
    }

    /// Counts a request answered after `nanoseconds`.
    @inline(__always)
    mutating func record(_ wire: WireProtocol, _ command: MeasuredCommand, _ outcome: MeasuredOutcome, nanoseconds: UInt64) {
        let series = wire.rawValue * MeasuredCommand.caseCount + command.rawValue
        counts[series * MeasuredOutcome.count + outcome.index] += 1
        latencies[series].record(nanoseconds: nanoseconds)
    }

    /// How many requests ended this way.
    func count(_ wire: WireProtocol, _ command: MeasuredCommand, _ outcome: MeasuredOutcome) -> Int {
        counts[(wire.rawValue * MeasuredCommand.caseCount + command.rawValue) * MeasuredOutcome.count + outcome.index]
    }

    func latency(_ wire: WireProtocol, _ command: MeasuredCommand) -> LatencyHistogram {
        latencies[wire.rawValue * MeasuredCommand.caseCount + command.rawValue]
    }
}
