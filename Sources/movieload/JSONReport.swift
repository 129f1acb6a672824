import LoadGeneration

/// The whole result as one JSON object, for `--json`. Latencies are in microseconds.
struct JSONReport {
    let result: RunResult

    var text: String { value.serialized() }

    var value: JSONValue {
        let configuration = result.configuration
        let totals = result.totals
        let seconds = result.measuredSeconds
        return .object([
            ("tool", .string("movieload")),
            ("configuration", configurationValue),
            ("mode", .string(configuration.rate == nil ? "closed" : "open")),
            ("interrupted", .bool(result.interrupted)),
            ("duration_seconds", .double(seconds)),
            ("warmup", .object([
                ("seconds", .double(configuration.warmupSeconds)),
                ("requests", .int(result.summary.warmupRequests)),
                ("responses", .int(result.summary.warmupResponses)),
            ])),
            ("populate", configuration.populate ? .object([
                ("keys", .int(configuration.keys)),
                ("requests", .int(result.summary.populateRequests)),
                ("responses", .int(result.summary.populateResponses)),
                ("errors", .int(result.summary.populateErrors)),
                ("seconds", .double(result.summary.populateSeconds)),
            ]) : .null),
            ("totals", .object([
                ("requests", .int(totals.requests)),
                ("responses", .int(totals.responses)),
                ("unanswered", .int(result.summary.unanswered)),
                ("bytes_sent", .int(totals.bytesSent)),
                ("bytes_received", .int(totals.bytesReceived)),
            ])),
            ("rates", .object([
                ("requests_per_second", .double(result.responsesPerSecond)),
                ("target_requests_per_second", configuration.rate.map { .double($0) } ?? .null),
                ("bytes_sent_per_second", .double(seconds > 0 ? Double(totals.bytesSent) / seconds : 0)),
                ("bytes_received_per_second", .double(seconds > 0 ? Double(totals.bytesReceived) / seconds : 0)),
            ])),
            ("client", .object([
                ("cpu_seconds", .double(result.clientCPUSeconds)),
                ("cpu_percent", .double(result.clientCPUPercent)),
            ])),
            ("latency_us", latency(result.latency)),
            ("latency_uncorrected_us", latency(result.uncorrectedLatency)),
            ("responses", .object((0..<ReplyOutcome.count).map { (ReplyOutcome(index: $0).name, .int(totals.outcomes[$0])) })),
            ("errors", .object(Failure.allCases.map { ($0.name, .int(totals.failures[$0.rawValue])) }
                + [("total", .int(result.failureCount))])),
            ("commands", .object(configuration.mix.includedOperations.map { ($0.name, .int(totals.operations[Int($0.rawValue)])) })),
            ("connections", connectionsValue),
            ("series", .array(result.series.map(secondValue))),
        ])
    }

    private var configurationValue: JSONValue {
        let configuration = result.configuration
        var duration: JSONValue = .null
        var requests: JSONValue = .null
        switch configuration.length {
        case .duration(let seconds): duration = .double(seconds)
        case .requests(let count): requests = .int(count)
        }
        var exponent: JSONValue = .null
        if case .zipf(let value) = configuration.distribution { exponent = .double(value) }
        return .object([
            ("servers", .array(configuration.servers.map { .string($0.description) })),
            ("protocol", .string(configuration.dialect.rawValue)),
            ("threads", .int(configuration.threads)),
            ("connections", .int(configuration.connections)),
            ("pipeline", .int(configuration.pipeline)),
            ("batch", .bool(configuration.batch)),
            ("rate", configuration.rate.map { .double($0) } ?? .null),
            ("duration_seconds", duration),
            ("requests", requests),
            ("warmup_seconds", .double(configuration.warmupSeconds)),
            ("mix", .object(configuration.mix.weights.map { ($0.operation.name, .int($0.weight)) })),
            ("keys", .int(configuration.keys)),
            ("distribution", .string(configuration.distribution.name)),
            ("zipf_exponent", exponent),
            ("populate", .bool(configuration.populate)),
            ("info_size", .int(configuration.infoSize)),
            ("seed", .int(Int(configuration.seed))),
            ("verify", .bool(configuration.verify)),
            ("timeout_seconds", .double(configuration.timeoutSeconds)),
            ("connect_timeout_seconds", .double(configuration.connectTimeoutSeconds)),
            ("idle_connections", .int(configuration.idleConnections)),
        ])
    }

    private var connectionsValue: JSONValue {
        let report = result.connectReport
        let configuration = result.configuration
        return .object([
            ("requested", .int(configuration.connections)),
            ("per_server", .array(configuration.servers.indices.map { index in
                .object([
                    ("server", .string(configuration.servers[index].description)),
                    ("connected", .int(report.connected[index])),
                    ("failed", .int(report.failed[index])),
                ])
            })),
            ("idle_requested", .int(configuration.idleConnections)),
            ("idle_connected", .int(report.idleConnected)),
            ("idle_open_at_end", .int(result.summary.idleOpenAtEnd)),
        ])
    }

    private func latency(_ summary: LatencySummary) -> JSONValue {
        var members: [(String, JSONValue)] = LatencySummary.percentiles.indices.map { index in
            (LatencySummary.percentiles[index].name, microseconds(summary.values[index]))
        }
        members.append(("max", microseconds(summary.max)))
        members.append(("min", microseconds(summary.min)))
        members.append(("mean", .double(summary.mean / 1e3)))
        members.append(("stddev", .double(summary.standardDeviation / 1e3)))
        members.append(("count", .int(Int(summary.count))))
        return .object(members)
    }

    private func secondValue(_ row: SecondRow) -> JSONValue {
        .object([
            ("second", .int(row.second)),
            ("seconds", .double(row.length)),
            ("requests", .int(row.requests)),
            ("responses", .int(row.responses)),
            ("requests_per_second", .double(row.responsesPerSecond)),
            ("p50_us", microseconds(row.p50)),
            ("p99_us", microseconds(row.p99)),
            ("max_us", microseconds(row.max)),
            ("errors", .int(row.errors)),
        ])
    }

    private func microseconds(_ nanoseconds: UInt64) -> JSONValue { .double(Double(nanoseconds) / 1e3) }
}
