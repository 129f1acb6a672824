import Histogram
import LoadGeneration

/// Percentiles of one latency histogram, in nanoseconds.
struct LatencySummary: Sendable {
    static let percentiles: [(name: String, label: String, value: Double)] = [
        ("p50", "p50", 50), ("p90", "p90", 90), ("p99", "p99", 99),
        ("p99_9", "p99.9", 99.9), ("p99_99", "p99.99", 99.99),
    ]

    var count: UInt64
    var values: [UInt64]
    var min: UInt64
    var max: UInt64
    var mean: Double
    var standardDeviation: Double

    init(_ histogram: LatencyHistogram) {
        count = histogram.totalCount
        values = Self.percentiles.map { histogram.valueAtPercentile($0.value) }
        min = count == 0 ? 0 : histogram.min
        max = histogram.maxRecorded
        mean = count == 0 ? 0 : histogram.mean
        standardDeviation = count == 0 ? 0 : histogram.stdDeviation
    }

    func value(_ name: String) -> UInt64 {
        values[Self.percentiles.firstIndex { $0.name == name }!]
    }
}

/// One second of the measurement, for the per-second series.
struct SecondRow: Sendable {
    var second: Int
    /// Seconds this row covers: 1, or less for the last.
    var length: Double
    var requests: Int
    var responses: Int
    var p50: UInt64
    var p99: UInt64
    var max: UInt64
    var errors: Int

    var responsesPerSecond: Double { length > 0 ? Double(responses) / length : 0 }
}

/// Everything a run measured, ready to report.
struct RunResult: Sendable {
    var configuration: LoadConfiguration
    /// Every measured second merged.
    var totals = IntervalStats()
    var series: [SecondRow] = []
    var measuredSeconds = 0.0
    var summary = WorkerSummary()
    var connectReport: ConnectReport
    var interrupted = false
    /// CPU time the whole process used from the start of the warm-up to the end, all threads.
    var clientCPUSeconds = 0.0
    var clientWallSeconds = 0.0

    /// 100 is one core kept busy.
    var clientCPUPercent: Double { clientWallSeconds > 0 ? 100 * clientCPUSeconds / clientWallSeconds : 0 }

    var latency: LatencySummary { LatencySummary(totals.latency) }

    /// In a closed loop every request is sent when it is due, so both figures are the same.
    var uncorrectedLatency: LatencySummary {
        LatencySummary(configuration.rate == nil ? totals.latency : totals.uncorrected)
    }

    var responsesPerSecond: Double { measuredSeconds > 0 ? Double(totals.responses) / measuredSeconds : 0 }

    var failureCount: Int { totals.failures.reduce(0, +) }
}

extension WorkerSummary {
    mutating func add(_ other: WorkerSummary) {
        populateRequests += other.populateRequests
        populateResponses += other.populateResponses
        populateErrors += other.populateErrors
        populateSeconds = max(populateSeconds, other.populateSeconds)
        warmupRequests += other.warmupRequests
        warmupResponses += other.warmupResponses
        unanswered += other.unanswered
        sendingEnded = max(sendingEnded, other.sendingEnded)
        lastResponse = max(lastResponse, other.lastResponse)
        idleOpenAtEnd += other.idleOpenAtEnd
    }
}
