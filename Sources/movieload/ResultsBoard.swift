import LoadGeneration
import Primitives

/// How one worker's connections came up, per server.
struct ConnectReport: Sendable {
    var connected: [Int]
    var failed: [Int]
    /// The first error seen for each server, for telling the user why.
    var firstError: [String?]
    var idleConnected = 0
    var idleFailed = 0

    init(servers: Int) {
        connected = Array(repeating: 0, count: servers)
        failed = Array(repeating: 0, count: servers)
        firstError = Array(repeating: nil, count: servers)
    }

    mutating func add(_ other: ConnectReport) {
        for index in connected.indices {
            connected[index] += other.connected[index]
            failed[index] += other.failed[index]
            if firstError[index] == nil { firstError[index] = other.firstError[index] }
        }
        idleConnected += other.idleConnected
        idleFailed += other.idleFailed
    }
}

/// What one worker did outside the measured seconds, reported once when it finishes.
struct WorkerSummary: Sendable {
    var populateRequests = 0
    var populateResponses = 0
    var populateErrors = 0
    var populateSeconds = 0.0
    var warmupRequests = 0
    var warmupResponses = 0
    /// Measured requests sent but never answered (timed out, or lost with their connection).
    var unanswered = 0
    /// When the worker stopped sending measured requests and when its last measured answer came.
    var sendingEnded: UInt64 = 0
    var lastResponse: UInt64 = 0
    var idleOpenAtEnd = 0
}

/// Where workers publish each second's statistics and the main thread collects them.
///
/// A worker publishes second `k` when its clock passes the end of `k` and says it
/// has nothing more for any second up to `through`; the main thread takes a second
/// once every worker has passed it. Seconds before the measurement (warm-up) have
/// negative numbers.
final class ResultsBoard: @unchecked Sendable {
    private struct State {
        var pending: [Int: IntervalStats] = [:]
        var publishedThrough: [Int]
        var finished: [Bool]
        var connectReport: ConnectReport
        var summaries: [WorkerSummary] = []
    }

    // Read and written only inside `withState`.
    private let monitor = Monitor()
    private var state: State
    let workers: Int

    init(workers: Int, servers: Int) {
        self.workers = workers
        state = State(
            publishedThrough: Array(repeating: Int.min, count: workers),
            finished: Array(repeating: false, count: workers),
            connectReport: ConnectReport(servers: servers))
    }

    private func withState<Result>(_ body: (inout State) -> Result) -> Result {
        monitor.withLock { body(&state) }
    }

    func reportConnections(_ report: ConnectReport) {
        withState { $0.connectReport.add(report) }
    }

    var connectReport: ConnectReport { withState { $0.connectReport } }

    /// Adds `stats` to second `slot` and records that `worker` is done with every second up to `through`.
    func publish(worker: Int, slot: Int, stats: IntervalStats, through: Int) {
        withState { state in
            if !stats.isEmpty {
                if state.pending[slot] == nil {
                    state.pending[slot] = stats
                } else {
                    state.pending[slot]!.add(stats)
                }
            }
            state.publishedThrough[worker] = max(state.publishedThrough[worker], through)
        }
    }

    func finish(worker: Int, summary: WorkerSummary) {
        withState { state in
            state.finished[worker] = true
            state.publishedThrough[worker] = .max
            state.summaries.append(summary)
        }
    }

    var summaries: [WorkerSummary] { withState { $0.summaries } }

    /// The seconds every worker has passed, in order, taken off the board.
    /// Seconds nobody recorded anything in come back empty, so the series has no gaps.
    func takeCompletedSeconds(from next: Int) -> [(slot: Int, stats: IntervalStats)] {
        withState { state in
            let through = state.publishedThrough.min() ?? .max
            let last = through == .max ? (state.pending.keys.max() ?? next - 1) : through
            guard next <= last else { return [] }
            return (next...last).map { slot in (slot, state.pending.removeValue(forKey: slot) ?? IntervalStats()) }
        }
    }

    var allFinished: Bool { withState { $0.finished.allSatisfy { $0 } } }
}
