import Histogram
import LoadGeneration

/// Latencies in nanoseconds, from 1 ns to an hour at three significant digits.
typealias LatencyHistogram = Histogram<UInt64>

extension Histogram where Count == UInt64 {
    static let highestLatency: UInt64 = 3_600_000_000_000

    static func latency() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: highestLatency, numberOfSignificantValueDigits: .three)
    }

    /// Records `nanoseconds`, clamped to the histogram's range so nothing is silently lost.
    @inline(__always) mutating func recordLatency(_ nanoseconds: UInt64) {
        record(Swift.min(Swift.max(nanoseconds, 1), Self.highestLatency))
    }
}

/// Kinds of failure other than an error reply.
enum Failure: Int, CaseIterable, Sendable {
    case timeout, connect, read, write, protocolViolation, verify

    var name: String {
        switch self {
        case .timeout: "timeouts"
        case .connect: "connect"
        case .read: "read"
        case .write: "write"
        case .protocolViolation: "protocol_violations"
        case .verify: "verify_failures"
        }
    }
}

/// What one worker saw in one second (or what all workers saw, once merged).
struct IntervalStats: Sendable {
    /// From when each request should have been sent (the open-loop schedule), or was sent in a closed loop.
    var latency = LatencyHistogram.latency()
    /// From when each request was actually written; differs from `latency` only in an open loop.
    var uncorrected = LatencyHistogram.latency()
    var requests = 0
    var responses = 0
    var bytesSent = 0
    var bytesReceived = 0
    var outcomes = [Int](repeating: 0, count: ReplyOutcome.count)
    var operations = [Int](repeating: 0, count: Operation.allCases.count)
    var failures = [Int](repeating: 0, count: Failure.allCases.count)

    /// Failures, and error replies other than the ordinary misses `NOT_FOUND` and `EXISTS`.
    var errors: Int {
        var count = failures.reduce(0, +)
        for index in 1..<ReplyOutcome.count {
            switch ReplyOutcome(index: index) {
            case .error(.notFound), .error(.exists): continue
            default: count += outcomes[index]
            }
        }
        return count
    }

    var isEmpty: Bool {
        requests == 0 && responses == 0 && failures.allSatisfy { $0 == 0 } && outcomes.allSatisfy { $0 == 0 }
    }

    mutating func add(_ other: IntervalStats) {
        latency.add(other.latency)
        uncorrected.add(other.uncorrected)
        requests += other.requests
        responses += other.responses
        bytesSent += other.bytesSent
        bytesReceived += other.bytesReceived
        for index in outcomes.indices { outcomes[index] += other.outcomes[index] }
        for index in operations.indices { operations[index] += other.operations[index] }
        for index in failures.indices { failures[index] += other.failures[index] }
    }

    mutating func reset() {
        latency.reset()
        uncorrected.reset()
        requests = 0
        responses = 0
        bytesSent = 0
        bytesReceived = 0
        for index in outcomes.indices { outcomes[index] = 0 }
        for index in operations.indices { operations[index] = 0 }
        for index in failures.indices { failures[index] = 0 }
    }
}
