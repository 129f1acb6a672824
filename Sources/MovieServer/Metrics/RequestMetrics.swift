import MovieProtocol
import Primitives

/// Requests counted by protocol, command and outcome, with each command's service
/// time, kept on the loop's thread in tables allocated once: recording one is a few
/// adds through a pointer, with no allocation, no lock, and none of the
/// copy-on-write checks and reference counting that arrays would cost per request.
final class RequestMetrics {
    private static var seriesCount: Int { 2 * MeasuredCommand.caseCount }
    private let counts: UnsafeMutablePointer<Int>
    private let latencies: UnsafeMutablePointer<LatencyHistogram>
    /// Connections open now, by protocol.
    private(set) var connections = (line: 0, http: 0)

    init() {
        counts = .allocate(capacity: Self.seriesCount * MeasuredOutcome.count)
        counts.initialize(repeating: 0, count: Self.seriesCount * MeasuredOutcome.count)
        latencies = .allocate(capacity: Self.seriesCount)
        latencies.initialize(repeating: LatencyHistogram(), count: Self.seriesCount)
    }

    deinit {
        counts.deallocate()
        latencies.deallocate()
    }

    /// Counts a request answered after `nanoseconds`.
    @inline(__always)
    func record(_ wire: WireProtocol, _ command: MeasuredCommand, _ outcome: MeasuredOutcome, nanoseconds: UInt64) {
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

    func connectionOpened(_ wire: WireProtocol) {
        if wire == .line { connections.line += 1 } else { connections.http += 1 }
    }

    func connectionClosed(_ wire: WireProtocol) {
        if wire == .line { connections.line -= 1 } else { connections.http -= 1 }
    }

    func openConnections(_ wire: WireProtocol) -> Int { wire == .line ? connections.line : connections.http }
}
