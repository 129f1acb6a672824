import HTTPWire
import MovieProtocol
import Primitives
import Reactor

/// `/stats` and `/metrics`: the `STATS` counters as JSON, and everything the
/// server counts in Prometheus's text format.
extension MovieHandler {
    /// `GET /stats`: `{"uptime_seconds": …, …}`, the `STATS` counters by the same names.
    func answerStatistics(for connection: Connection<MovieHandler>, as answers: HTTPAnswers) {
        answers.respond(.ok) { body in
            body.append(byte: UInt8(ascii: "{"))
            var first = true
            forEachStatistic(of: connection.loop) { statistic, value in
                if !first { body.append(byte: UInt8(ascii: ",")) }
                first = false
                body.appendJSONKey(statistic.name)
                body.append(decimal: value)
            }
            body.append(byte: UInt8(ascii: "}"))
        }
    }

    /// `GET /metrics`: written straight into the body from the loop's own tables, so a
    /// scrape costs the loop some 15 µs and no lock, and requests pay nothing for it.
    func answerMetrics(for connection: Connection<MovieHandler>, as answers: HTTPAnswers) {
        httpBody.clear()
        let exposition = PrometheusExposition(output: httpBody)
        forEachStatistic(of: connection.loop) { statistic, value in
            exposition.family(statistic.name, help: statistic.help, isCounter: statistic.isCounter)
            exposition.sample(statistic.name, value: value)
        }
        exposition.family("connections_open", help: "Connections open now, by protocol.", isCounter: false)
        for wire in WireProtocol.allCases {
            exposition.sample("connections_open", labels: [("protocol", wire.label)], value: metrics.openConnections(wire))
        }
        exposition.family("requests_by_command_total", help: "Requests answered, by protocol, command and outcome (ok or the error code).", isCounter: true)
        for wire in WireProtocol.allCases {
            for command in MeasuredCommand.allCases {
                for outcome in [MeasuredOutcome.ok] + ErrorCode.allCases.map({ MeasuredOutcome(error: $0) }) {
                    let count = metrics.count(wire, command, outcome)
                    guard count > 0 else { continue }
                    let outcomeLabel = outcome.error?.wireName ?? "ok"
                    exposition.sample(
                        "requests_by_command_total",
                        labels: [("protocol", wire.label), ("command", command.label), ("outcome", outcomeLabel)], value: count
                    )
                }
            }
        }
        exposition.family("request_duration_seconds", help: "Time from a whole request in to its answer (a write: to its durable acknowledgement; a listing: to its start), by protocol and command.", isHistogram: true)
        for wire in WireProtocol.allCases {
            for command in MeasuredCommand.allCases {
                let histogram = metrics.latency(wire, command)
                guard histogram.count > 0 else { continue }
                exposition.histogram("request_duration_seconds", labels: [("protocol", wire.label), ("command", command.label)], histogram)
            }
        }
        exposition.family("journal_flush_duration_seconds", help: "Time each journal flush (fdatasync) took.", isHistogram: true)
        exposition.histogram("journal_flush_duration_seconds", labels: [], store.journalFlushTimes)
        responseWriter.appendResponse(
            .ok, contentType: .prometheusText, body: httpBody.readableBytes, omittingBody: answers.traits.omitsBody,
            connection: answers.traits.connection, into: connection.output
        )
    }
}
