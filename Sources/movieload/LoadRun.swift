import Glibc
import LoadGeneration
import Primitives

/// Why a run could not go ahead (no server reachable, no threads).
struct RunError: Error, CustomStringConvertible {
    let description: String
}

/// The main thread's part of a run: start the workers, lead them through
/// connect, populate, warm-up and measurement, gather each second, show progress.
final class LoadRun {
    let configuration: LoadConfiguration
    let control = RunControl()
    let board: ResultsBoard
    let progress: Progress
    private var threads: [SystemThread] = []
    private var signals = sigset_t()

    init(configuration: LoadConfiguration) {
        self.configuration = configuration
        board = ResultsBoard(workers: configuration.threads, servers: configuration.servers.count)
        progress = Progress(quiet: configuration.quiet)
    }

    func execute() throws -> RunResult {
        // Many connections need many descriptors: take the hard limit.
        DescriptorLimit.raise(toward: .max)
        blockStopSignals()
        try startWorkers()
        defer { for thread in threads { thread.join() } }
        // The workers' time matters more than this thread's bookkeeping when they share a core.
        setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)

        waitUntil { control.workersConnected.load(ordering: .acquiring) == configuration.threads }
        let connections = board.connectReport
        try checkReachable(connections)
        if stopRequested() { return abort(connections) }

        if configuration.populate {
            progress.note("populating \(configuration.keys) keys on \(configuration.servers.count) server(s) ...")
            control.enter(.populating)
            waitUntil { control.workersPopulated.load(ordering: .acquiring) == configuration.threads }
            if stopRequested() { return abort(connections) }
        }

        let warmup = MonotonicClock.nanoseconds(fromSeconds: configuration.warmupSeconds)
        var duration: UInt64?
        if case .duration(let seconds) = configuration.length { duration = MonotonicClock.nanoseconds(fromSeconds: seconds) }
        let start = MonotonicClock.nanoseconds()
        let cpuAtStart = Self.processCPUSeconds()
        control.startRunning(at: start, warmup: warmup, duration: duration)
        let measureStart = start + warmup

        var result = RunResult(configuration: configuration, connectReport: connections)
        var nextSlot = warmup > 0 ? -Int((warmup + 999_999_999) / 1_000_000_000) : 0
        var stoppedAt: UInt64?
        while true {
            let finished = board.allFinished
            for (slot, stats) in board.takeCompletedSeconds(from: nextSlot) {
                nextSlot = slot + 1
                collect(slot: slot, stats: stats, into: &result, length: secondLength(slot, measureStart: measureStart, duration: duration, stoppedAt: stoppedAt))
            }
            if finished { break }
            if stoppedAt == nil && stopRequested() {
                stoppedAt = MonotonicClock.nanoseconds()
                control.stopRequested.store(true, ordering: .relaxed)
                progress.note("stopping: finishing the requests in flight (^C again to quit at once)")
            }
            usleep(20_000)
        }
        result.clientCPUSeconds = Self.processCPUSeconds() - cpuAtStart
        result.clientWallSeconds = MonotonicClock.seconds(fromNanoseconds: MonotonicClock.nanoseconds() - start)
        for summary in board.summaries { result.summary.add(summary) }
        result.interrupted = stoppedAt != nil
        result.measuredSeconds = measuredSeconds(measureStart: measureStart, duration: duration, stoppedAt: stoppedAt, summary: result.summary)
        if let last = result.series.indices.last {
            result.series[last].length = max(0, min(1, result.measuredSeconds - Double(result.series[last].second - 1)))
        }
        return result
    }

    /// How much of measured second `slot` the run lasted: 1, or less for a last second cut short.
    private func secondLength(_ slot: Int, measureStart: UInt64, duration: UInt64?, stoppedAt: UInt64?) -> Double {
        guard slot >= 0 else { return 1 }
        var end = duration.map { measureStart + $0 } ?? .max
        if let stoppedAt { end = min(end, stoppedAt) }
        let start = measureStart + UInt64(slot) * 1_000_000_000
        guard end != .max else { return 1 }
        return end > start ? min(1, MonotonicClock.seconds(fromNanoseconds: end - start)) : 0
    }

    private func collect(slot: Int, stats: IntervalStats, into result: inout RunResult, length: Double) {
        // Only what the row needs: the histogram library's mean and deviation take tens of
        // milliseconds, which would steal time from a worker sharing this core.
        let row = SecondRow(
            second: slot + 1, length: length, requests: stats.requests, responses: stats.responses,
            p50: stats.latency.valueAtPercentile(50), p99: stats.latency.valueAtPercentile(99),
            max: stats.latency.maxRecorded, errors: stats.errors)
        guard slot >= 0 else {
            progress.warmup(row)
            return
        }
        result.totals.add(stats)
        result.series.append(row)
        progress.second(row, runP99: result.totals.latency.valueAtPercentile(99), failures: result.failureCount)
    }

    private func measuredSeconds(measureStart: UInt64, duration: UInt64?, stoppedAt: UInt64?, summary: WorkerSummary) -> Double {
        var end: UInt64
        if let duration {
            end = measureStart + duration
            if let stoppedAt { end = min(end, stoppedAt) }
        } else {
            // A run of N requests lasts until its last answer.
            end = max(summary.lastResponse, summary.sendingEnded)
        }
        return end > measureStart ? MonotonicClock.seconds(fromNanoseconds: end - measureStart) : 0
    }

    private func startWorkers() throws {
        for index in 0..<configuration.threads {
            let worker = try Worker(index: index, configuration: configuration, control: control, board: board)
            nonisolated(unsafe) let handOver = worker
            threads.append(SystemThread { handOver.run() })
        }
    }

    /// Every server must take at least one connection; otherwise say why and stop.
    private func checkReachable(_ report: ConnectReport) throws {
        for (index, server) in configuration.servers.enumerated() where report.connected[index] == 0 {
            control.enter(.aborted)
            let reason = report.firstError[index] ?? "no connection succeeded"
            let hint = reason.contains("timed out") ? " (after \(configuration.connectTimeoutSeconds) s; see --connect-timeout)" : ""
            throw RunError(description: "cannot connect to \(server) (\(configuration.dialect.rawValue)): \(reason)\(hint)")
        }
        let failed = report.failed.reduce(0, +)
        if failed > 0 {
            progress.note("warning: \(failed) of \(configuration.connections) connections failed to open; they will be retried")
        }
        if report.idleFailed > 0 {
            progress.note("warning: \(report.idleFailed) of \(configuration.idleConnections) idle connections failed to open")
        }
    }

    private func abort(_ report: ConnectReport) -> RunResult {
        control.enter(.aborted)
        var result = RunResult(configuration: configuration, connectReport: report)
        result.interrupted = true
        return result
    }

    private func waitUntil(_ condition: () -> Bool) {
        while !condition() {
            if stopRequested() {
                control.stopRequested.store(true, ordering: .relaxed)
                return
            }
            usleep(2_000)
        }
    }

    // MARK: Signals and limits

    /// SIGINT and SIGTERM are blocked here (and so in every worker, which inherits the mask)
    /// and polled by the main thread: the first stops the run cleanly, a second quits.
    private func blockStopSignals() {
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    private var stopSignalSeen = false

    private func stopRequested() -> Bool {
        var zero = timespec(tv_sec: 0, tv_nsec: 0)
        if sigtimedwait(&signals, nil, &zero) > 0 {
            if stopSignalSeen { exit(130) }
            stopSignalSeen = true
        }
        return stopSignalSeen
    }

    /// User and system CPU time of every thread of the process.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

}
