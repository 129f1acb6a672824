import Foundation
import Testing
import TestSupport

/// `/metrics` in Prometheus's text exposition format, checked by a small parser of that format.
@Suite("movied HTTP: metrics")
struct HTTPMetricsTests {
    @Test func metricsParseAsValidExpositionAndCountBothProtocols() throws {
        let server = try ServerProcess()
        let line = try LineClient(port: server.port)
        try line.send("GET heat\nGET nothing\nPUT Measured | x\nBOGUS\n")
        _ = try line.readLines(4)
        let client = try HTTPTestClient(port: server.httpPort)
        _ = try client.send("GET", "/movies/heat")
        _ = try client.send("GET", "/movies/nothing")
        let reply = try client.send("GET", "/metrics")
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        let exposition = try Exposition(parsing: reply.body)

        #expect(exposition.value("movied_movies") == 182)
        #expect(exposition.value("movied_requests_by_command_total", ["protocol": "line", "command": "get", "outcome": "ok"]) == 1)
        #expect(exposition.value("movied_requests_by_command_total", ["protocol": "line", "command": "get", "outcome": "NOT_FOUND"]) == 1)
        #expect(exposition.value("movied_requests_by_command_total", ["protocol": "line", "command": "put", "outcome": "ok"]) == 1)
        #expect(exposition.value("movied_requests_by_command_total", ["protocol": "line", "command": "unknown", "outcome": "UNKNOWN_COMMAND"]) == 1)
        #expect(exposition.value("movied_requests_by_command_total", ["protocol": "http", "command": "get", "outcome": "ok"]) == 1)
        #expect(exposition.value("movied_requests_by_command_total", ["protocol": "http", "command": "get", "outcome": "NOT_FOUND"]) == 1)
        #expect(exposition.value("movied_connections_open", ["protocol": "http"]) == 1)
        #expect(exposition.value("movied_request_duration_seconds_count", ["protocol": "line", "command": "get"]) == 2)
        #expect(exposition.value("movied_request_duration_seconds_bucket", ["protocol": "line", "command": "get", "le": "+Inf"]) == 2)
        #expect((exposition.value("movied_journal_flush_duration_seconds_count") ?? 0) >= 1)
        #expect(exposition.types["movied_request_duration_seconds"] == "histogram")
        #expect(exposition.types["movied_requests_total"] == "counter")
    }

    @Test func theParserRejectsWhatIsNotExposition() {
        #expect(throws: (any Error).self) { try Exposition(parsing: "movied_x 1\n") }  // no TYPE
        #expect(throws: (any Error).self) { try Exposition(parsing: "# TYPE movied_x gauge\nmovied_x{a=\"b} 1\n") }
        #expect(throws: (any Error).self) { try Exposition(parsing: "# TYPE movied_x gauge\nmovied_x one\n") }
        let histogram = "# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_bucket{le=\"+Inf\"} 3\nh_sum 1\nh_count 3\n"
        #expect(throws: (any Error).self) { try Exposition(parsing: histogram) }  // buckets must not decrease
    }
}

/// A small parser of the text exposition format (0.0.4): every sample must belong
/// to a family with a `# TYPE`, names and labels must be well formed, values
/// numbers, and a histogram's buckets cumulative, ending in `+Inf` equal to `_count`.
struct Exposition {
    struct Failure: Error, CustomStringConvertible { let description: String }

    private(set) var types: [String: String] = [:]
    private(set) var samples: [(name: String, labels: [String: String], value: Double)] = []

    init(parsing text: String) throws {
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                    throw Failure(description: "bad TYPE line: \(line)")
                }
                types[String(parts[2])] = String(parts[3])
                continue
            }
            guard !line.hasPrefix("#") else { continue }
            samples.append(try Self.sample(String(line)))
        }
        for sample in samples where family(of: sample.name) == nil {
            throw Failure(description: "\(sample.name) has no TYPE")
        }
        try checkHistograms()
    }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    private func family(of name: String) -> String? {
        if types[name] != nil { return name }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if types[base] == "histogram" { return base }
        }
        return nil
    }

    private func checkHistograms() throws {
        for (name, type) in types where type == "histogram" {
            var series: [[String: String]: [(le: Double, count: Double)]] = [:]
            for sample in samples where sample.name == name + "_bucket" {
                guard let le = sample.labels["le"] else { throw Failure(description: "a bucket of \(name) has no le") }
                var others = sample.labels
                others["le"] = nil
                series[others, default: []].append((le == "+Inf" ? .infinity : Double(le) ?? .nan, sample.value))
            }
            for (labels, buckets) in series {
                guard buckets.map(\.le) == buckets.map(\.le).sorted(), buckets.last?.le == .infinity else {
                    throw Failure(description: "\(name)\(labels): buckets out of order or without +Inf")
                }
                guard buckets.map(\.count) == buckets.map(\.count).sorted() else {
                    throw Failure(description: "\(name)\(labels): buckets are not cumulative")
                }
                guard value(name + "_count", labels) == buckets.last?.count, value(name + "_sum", labels) != nil else {
                    throw Failure(description: "\(name)\(labels): +Inf differs from _count, or no _sum")
                }
            }
        }
    }

    /// `name{label="value",…} value`
    private static func sample(_ line: String) throws -> (name: String, labels: [String: String], value: Double) {
        let nameEnd = line.firstIndex { $0 == "{" || $0 == " " } ?? line.endIndex
        let name = String(line[..<nameEnd])
        guard let first = name.first, first.isLetter || first == "_" || first == ":",
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }) else {
            throw Failure(description: "bad metric name in \(line)")
        }
        var rest = line[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            guard let close = rest.firstIndex(of: "}") else { throw Failure(description: "unclosed labels in \(line)") }
            let body = rest[rest.index(after: rest.startIndex)..<close]
            for pair in body.split(separator: ",") {
                guard let equals = pair.firstIndex(of: "="), pair[pair.index(after: equals)...].hasPrefix("\""),
                      pair.hasSuffix("\""), pair.count >= pair.distance(from: pair.startIndex, to: equals) + 3 else {
                    throw Failure(description: "bad label \(pair) in \(line)")
                }
                labels[String(pair[..<equals])] = String(pair[pair.index(equals, offsetBy: 2)..<pair.index(before: pair.endIndex)])
            }
            rest = rest[rest.index(after: close)...]
        }
        guard rest.first == " ", let value = Double(rest.dropFirst()) else { throw Failure(description: "bad value in \(line)") }
        return (name, labels, value)
    }
}
