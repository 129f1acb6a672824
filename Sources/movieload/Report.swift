import Foundation
import LoadGeneration

/// The final human-readable report, printed on stdout.
struct Report {
    let result: RunResult

    var text: String {
        var lines: [String] = []
        let configuration = result.configuration
        lines.append(headline)
        lines.append("workload: \(configuration.mix.description) over \(Format.count(configuration.keys)) keys (\(distributionText)),"
            + " info \(configuration.infoSize) bytes, seed \(configuration.seed)" + (configuration.verify ? ", verifying GETs" : ""))
        lines.append("")
        if result.interrupted { lines.append(row("note", "interrupted: the figures cover the time measured before the stop")) }
        if configuration.populate {
            let summary = result.summary
            lines.append(row("populate", "\(Format.count(configuration.keys)) keys on \(configuration.servers.count) server(s):"
                + " \(Format.count(summary.populateResponses)) answered, \(Format.count(summary.populateErrors)) errors,"
                + " \(Format.seconds(summary.populateSeconds))"))
        }
        let warmup = configuration.warmupSeconds > 0
            ? ", after \(Format.seconds(configuration.warmupSeconds)) of warm-up (\(Format.count(result.summary.warmupRequests)) requests, not counted)"
            : ""
        lines.append(row("duration", Format.seconds(result.measuredSeconds) + " measured" + warmup))
        let totals = result.totals
        lines.append(row("requests", "\(Format.count(totals.requests)) sent, \(Format.count(totals.responses)) answered:"
            + " \(Format.rate(result.responsesPerSecond)) req/s"
            + (configuration.rate.map { " (asked for \(Format.rate($0)))" } ?? "")))
        if result.measuredSeconds > 0 {
            lines.append(row("traffic", String(format: "%.2f MB/s sent, %.2f MB/s received",
                Double(totals.bytesSent) / result.measuredSeconds / 1e6, Double(totals.bytesReceived) / result.measuredSeconds / 1e6)))
        }
        lines.append(row("client", String(format: "%.0f%% of one core (%.2f s of CPU over %.2f s)",
            result.clientCPUPercent, result.clientCPUSeconds, result.clientWallSeconds)))
        lines.append(row("commands", counted(Operation.allCases.map { ($0.name, totals.operations[Int($0.rawValue)]) })))
        lines.append(row("replies", counted((0..<ReplyOutcome.count).map { (ReplyOutcome(index: $0).name, totals.outcomes[$0]) })))
        let failures = Failure.allCases.map { ($0.name.replacingOccurrences(of: "_", with: " "), totals.failures[$0.rawValue]) }
        lines.append(row("failures", result.failureCount == 0 ? "none" : counted(failures)))
        if result.summary.unanswered > 0 {
            lines.append(row("unanswered", Format.count(result.summary.unanswered) + " requests"))
        }
        if configuration.idleConnections > 0 {
            lines.append(row("idle", "\(Format.count(result.connectReport.idleConnected)) of \(Format.count(configuration.idleConnections))"
                + " idle connections opened, \(Format.count(result.summary.idleOpenAtEnd)) still open at the end"))
        }
        lines.append("")
        lines.append(contentsOf: latencyTable)
        return lines.joined(separator: "\n")
    }

    private var headline: String {
        let configuration = result.configuration
        let servers = configuration.servers.map(\.description).joined(separator: ", ")
        let loop = configuration.rate.map { "open loop at \(Format.rate($0)) req/s" } ?? "closed loop"
        return "movieload: \(configuration.dialect.rawValue) protocol, \(servers), \(configuration.threads) thread(s),"
            + " \(configuration.connections) connections, pipeline \(configuration.pipeline)\(configuration.batch ? " (batched)" : ""), \(loop)"
    }

    private var distributionText: String {
        switch result.configuration.distribution {
        case .uniform: "uniform"
        case .zipf(let exponent): "zipf, exponent \(exponent)"
        }
    }

    private var latencyTable: [String] {
        let names = LatencySummary.percentiles.map(\.label) + ["max"]
        var lines = ["latency      " + names.map { Format.padded($0, 10) }.joined()]
        func line(_ label: String, _ summary: LatencySummary) -> String {
            label.padding(toLength: 13, withPad: " ", startingAt: 0)
                + (summary.values + [summary.max]).map { Format.padded(Format.latency($0), 10) }.joined()
        }
        if result.configuration.rate != nil {
            lines.append(line("  intended", result.latency))
            lines.append(line("  actual", result.uncorrectedLatency))
            lines.append("(intended: from when each request should have been sent, correcting coordinated omission;"
                + " actual: from when it was written)")
        } else {
            lines.append(line("  all", result.latency))
        }
        return lines
    }

    private func row(_ label: String, _ text: String) -> String {
        label.padding(toLength: 13, withPad: " ", startingAt: 0) + text
    }

    /// `get 9,000  put 1,000`, leaving out the zeros.
    private func counted(_ items: [(String, Int)]) -> String {
        let shown = items.filter { $0.1 > 0 }.map { "\($0.0) \(Format.count($0.1))" }
        return shown.isEmpty ? "none" : shown.joined(separator: "  ")
    }
}
