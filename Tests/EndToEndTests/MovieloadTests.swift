import Foundation
import Glibc
import Testing
import TestSupport

/// `movieload` against a real `movied` (and Redis and memcached where installed).
@Suite("movieload", .serialized)
struct MovieloadTests {
    typealias H = MovieloadHarness

    @Test(arguments: [
        ["--requests", "3000", "--warmup", "0.3"], ["--duration", "1", "--warmup", "0.5"],
        ["--requests", "3000", "--batch", "--protocol", "movie"],
    ])
    func requestsReportedMatchTheServersCount(length: [String]) throws {
        let server = try ServerProcess(arguments: ["--sync", "never"])
        let before = try H.stat("requests_total", port: server.port)
        let (run, json) = try H.json(port: server.port, length + [
            "--connections", "6", "--threads", "2", "--pipeline", "4", "--mix", "get=80,put=20", "--keys", "200",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let after = try H.stat("requests_total", port: server.port)
        let measured = try #require(H.int(json, "totals.requests"))
        let warmup = try #require(H.int(json, "warmup.requests"))
        #expect(measured > 0)
        #expect((warmup > 0) == length.contains("--warmup"))
        #expect(H.int(json, "totals.responses") == measured)
        #expect(H.int(json, "errors.total") == 0)
        // The second STATS counts itself (or the first one did): one request more than movieload sent.
        #expect(after - before == measured + warmup + 1)
        if length[0] == "--requests" { #expect(measured == 3000) }
    }

    @Test func anOpenLoopKeepsTheAskedRate() throws {
        let server = try ServerProcess(arguments: ["--sync", "never"])
        let (run, json) = try H.json(port: server.port, [
            "--rate", "2000", "--duration", "3", "--warmup", "0.5", "--connections", "8", "--threads", "2",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(H.value(json, "mode") as? String == "open")
        let achieved = try #require(H.double(json, "rates.requests_per_second"))
        #expect(abs(achieved - 2000) / 2000 < 0.05, "achieved \(achieved) req/s")
        let sent = try #require(H.int(json, "totals.requests"))
        #expect(abs(sent - 6000) <= 60, "sent \(sent)")
        // Latency from the intended send time can never be below latency from the actual one.
        let intended = try #require(H.double(json, "latency_us.p99"))
        let actual = try #require(H.double(json, "latency_uncorrected_us.p99"))
        #expect(intended >= actual)
    }

    /// The fields the README lists for `--json`; keep the two in step.
    static let documentedFields = [
        "tool", "configuration.servers", "configuration.protocol", "configuration.threads", "configuration.connections",
        "configuration.pipeline", "configuration.batch", "configuration.rate", "configuration.duration_seconds", "configuration.requests",
        "configuration.warmup_seconds", "configuration.mix", "configuration.keys", "configuration.distribution",
        "configuration.zipf_exponent", "configuration.populate", "configuration.info_size", "configuration.seed",
        "configuration.verify", "configuration.timeout_seconds", "configuration.connect_timeout_seconds",
        "configuration.idle_connections", "mode", "interrupted", "duration_seconds",
        "warmup.seconds", "warmup.requests", "warmup.responses",
        "populate.keys", "populate.requests", "populate.responses", "populate.errors", "populate.seconds",
        "totals.requests", "totals.responses", "totals.unanswered", "totals.bytes_sent", "totals.bytes_received",
        "rates.requests_per_second", "rates.target_requests_per_second", "rates.bytes_sent_per_second",
        "rates.bytes_received_per_second", "client.cpu_seconds", "client.cpu_percent",
        "latency_us.p50", "latency_us.p90", "latency_us.p99", "latency_us.p99_9", "latency_us.p99_99",
        "latency_us.max", "latency_us.min", "latency_us.mean", "latency_us.stddev", "latency_us.count",
        "latency_uncorrected_us.p50", "latency_uncorrected_us.p99", "latency_uncorrected_us.max",
        "responses.OK", "responses.UNKNOWN_COMMAND", "responses.BAD_REQUEST", "responses.NOT_FOUND",
        "responses.EXISTS", "responses.TOO_LONG", "responses.DENIED", "responses.BUSY", "responses.READ_ONLY",
        "responses.UNAVAILABLE", "responses.SERVER_ERROR",
        "errors.timeouts", "errors.connect", "errors.read", "errors.write", "errors.protocol_violations",
        "errors.verify_failures", "errors.total", "commands.get", "commands.put",
        "connections.requested", "connections.per_server", "connections.idle_requested",
        "connections.idle_connected", "connections.idle_open_at_end", "series",
    ]

    @Test func jsonOutputParsesAndHasEveryDocumentedField() throws {
        let server = try ServerProcess(arguments: ["--sync", "never"])
        let (run, json) = try H.json(port: server.port, [
            "--duration", "2", "--warmup", "0.2", "--populate", "--keys", "100", "--rate", "500",
            "--connections", "4", "--idle-connections", "10",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        for field in Self.documentedFields {
            #expect(H.value(json, field) != nil, "missing \(field)")
        }
        let series = try #require(H.value(json, "series") as? [[String: Any]])
        #expect(series.count == 2)
        for row in series {
            for field in ["second", "seconds", "requests", "responses", "requests_per_second", "p50_us", "p99_us", "max_us", "errors"] {
                #expect(row[field] != nil, "series row lacks \(field)")
            }
        }
        #expect(H.int(json, "connections.idle_connected") == 10)
        #expect(H.int(json, "connections.idle_open_at_end") == 10)
        #expect(H.int(json, "populate.responses") == 100)
    }

    @Test func eachIdleConnectionMakesOneRequestBeforeGoingQuiet() throws {
        let server = try ServerProcess(arguments: ["--sync", "never"])
        let before = try H.stat("requests_total", port: server.port)
        let (run, json) = try H.json(port: server.port, [
            "--requests", "500", "--connections", "2", "--idle-connections", "40", "--threads", "2",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(H.int(json, "connections.idle_open_at_end") == 40)
        let after = try H.stat("requests_total", port: server.port)
        // The measured requests, one per idle connection, and the second STATS.
        #expect(after - before == 500 + 40 + 1)
    }

    @Test func aMixWithWritesChangesTheCatalogue() throws {
        let server = try ServerProcess(arguments: ["--sync", "never"])
        let initial = try #require(try H.request("COUNT", port: server.port).flatMap { Int($0.dropFirst(3)) })
        var (run, _) = try H.json(port: server.port, ["--mix", "put=100", "--keys", "50", "--requests", "2000", "--connections", "4"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try H.request("COUNT", port: server.port) == "OK \(initial + 50)")
        let stored = try #require(try H.request("GET movie:000007", port: server.port))
        #expect(stored.hasPrefix("OK movie:000007 | hijklmnop"))
        (run, _) = try H.json(port: server.port, ["--mix", "del=100", "--keys", "50", "--requests", "2000", "--connections", "4"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try H.request("COUNT", port: server.port) == "OK \(initial)")
    }

    @Test func verifyAcceptsWhatWasWritten() throws {
        let server = try ServerProcess(arguments: ["--sync", "never"])
        let (run, json) = try H.json(port: server.port, [
            "--populate", "--verify", "--keys", "300", "--mix", "get=90,put=10", "--requests", "3000",
            "--distribution", "zipf", "--connections", "5", "--pipeline", "8",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(H.int(json, "responses.OK") == 3000)
        #expect(H.int(json, "errors.verify_failures") == 0)
        #expect(H.int(json, "errors.total") == 0)
    }

    @Test func repliesThatDoNotMatchTheRequestAreCaught() throws {
        // Every GET is answered with another title than the one asked for.
        let fake = MovieloadFakeServer(answer: "OK movie:999999 | hijk\n")
        let wrongKey = try H.json(port: fake.port, ["--requests", "5", "--mix", "get=100", "--connections", "5"])
        #expect(H.int(wrongKey.json, "errors.protocol_violations") == 5)
        #expect(H.int(wrongKey.json, "totals.responses") == 0)
        #expect(wrongKey.run.status != 0)
        // A movie server spoken to in Redis's protocol answers lines that are no RESP at all.
        let server = try ServerProcess(arguments: ["--sync", "never"])
        let wrongProtocol = try H.json(port: server.port, ["--protocol", "redis", "--requests", "3", "--connections", "3"])
        #expect(H.int(wrongProtocol.json, "errors.protocol_violations") == 3)
    }

    @Test(arguments: [
        (["--pipeline", "0"], "--pipeline"),
        (["--threads", "4", "--connections", "2"], "--threads (4) cannot exceed --connections (2)"),
        (["--mix", "get=90,fly=10"], "unknown operation 'fly'"),
        (["--protocol", "redis", "--mix", "get=1,all=1"], "'all' has no equivalent in the redis protocol"),
        (["--duration", "1", "--requests", "5"], "not both"),
        (["--distribution", "pareto"], "--distribution must be uniform or zipf"),
        (["--protocol", "gopher"], "--protocol must be movie, redis, resp or memcached"),
        (["--server", "localhost:99999"], "the port must be a number from 1 to 65535"),
        (["--rate=-5"], "--rate must be a positive"),
        (["--rate", "100", "--batch"], "give --batch or --rate, not both"),
        (["--info-size", "5000"], "--info-size must be from 1 to 4096"),
    ])
    func badFlagsGetAClearMessage(arguments: [String], message: String) throws {
        let run = try H.run(arguments)
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "stderr: \(run.stderr)")
    }

    @Test func anUnreachableServerIsReportedNotWaitedFor() throws {
        let port = ServerProcess.freePort()
        let refused = try H.run(["--server", "127.0.0.1:\(port)", "--duration", "30"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cannot connect to 127.0.0.1:\(port)"), "stderr: \(refused.stderr)")
        #expect(refused.stderr.contains("refused"))
        #expect(refused.seconds < 10)
        // A server that takes connections but never answers: requests time out, the run ends.
        let fake = MovieloadFakeServer(answer: "")
        let silent = try H.json(port: fake.port, ["--requests", "4", "--connections", "4", "--timeout", "0.5"])
        #expect(silent.run.status == 1)
        #expect(H.int(silent.json, "errors.timeouts") == 4)
        #expect(silent.run.seconds < 10)
    }

    @Test(.enabled(if: MovieloadHarness.isInstalled("redis-server")), arguments: ["redis", "resp"])
    func drivesRedisWithTheSameKeys(encoding: String) throws {
        let port = ServerProcess.freePort()
        let redis = Process()
        redis.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        redis.arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        redis.standardOutput = FileHandle.nullDevice
        try redis.run()
        defer { stopForGood(redis) }
        let (run, json) = try waitForServer(port: port) {
            try H.json(port: port, [
                "--protocol", encoding, "--populate", "--verify", "--keys", "100", "--mix", "get=80,put=10,del=10",
                "--requests", "2000", "--connections", "4", "--pipeline", "4",
            ])
        }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(H.int(json, "totals.responses") == 2000)
        #expect(H.int(json, "errors.total") == 0)
        // Deletes make later GETs miss: every answer is OK or NOT_FOUND, and the OKs held the right values.
        #expect((H.int(json, "responses.OK") ?? 0) + (H.int(json, "responses.NOT_FOUND") ?? 0) == 2000)
        #expect((H.int(json, "responses.OK") ?? 0) > 1000)
        #expect(H.int(json, "errors.verify_failures") == 0)
    }

    @Test(.enabled(if: MovieloadHarness.isInstalled("memcached")))
    func drivesMemcachedWithTheSameKeys() throws {
        let port = ServerProcess.freePort()
        let memcached = Process()
        memcached.executableURL = URL(fileURLWithPath: "/usr/bin/memcached")
        memcached.arguments = ["-p", String(port), "-U", "0", "-l", "127.0.0.1", "-u", "nobody"]
        memcached.standardOutput = FileHandle.nullDevice
        try memcached.run()
        defer { stopForGood(memcached) }
        let (run, json) = try waitForServer(port: port) {
            try H.json(port: port, [
                "--protocol", "memcached", "--populate", "--verify", "--keys", "100", "--mix", "get=80,put=10,del=5,add=5",
                "--requests", "2000", "--connections", "4", "--pipeline", "4",
            ])
        }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(H.int(json, "totals.responses") == 2000)
        #expect(H.int(json, "errors.total") == 0)
    }

    /// SIGKILL: a child started from a test thread inherits its blocked signals, so SIGTERM may never arrive.
    private func stopForGood(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits until a just-started server takes connections, then runs `body`.
    private func waitForServer<T>(port: Int, _ body: () throws -> T) throws -> T {
        for _ in 0..<100 {
            if (try? LineClient(port: port)) != nil { break }
            usleep(50_000)
        }
        return try body()
    }
}
