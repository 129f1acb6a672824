import ArgumentParser
import Glibc
import LoadGeneration

@main
struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "movieload",
        abstract: "Load generator for movied (and, to compare, Redis and memcached).",
        discussion: """
            Closed loop by default: every connection keeps --pipeline requests in flight and sends \
            the next as soon as an answer comes. With --rate the load is an open loop: requests are \
            sent on a fixed schedule and latency is measured from when each should have been sent, \
            so a stalled server shows in the tail. Keys are titles movie:000000, movie:000001, ... \
            the same for all three protocols.
            """)

    @Option(name: .customLong("server"), help: ArgumentHelp(
        "A server as HOST:PORT; repeat for several (connections are spread over them).",
        discussion: "Default: 127.0.0.1 on the protocol's usual port (7070, 6379, 11211).", valueName: "host:port"))
    var servers: [String] = []

    @Option(name: .customLong("protocol"), help: ArgumentHelp("movie, redis (inline commands), resp (Redis with RESP arrays, as redis-benchmark sends) or memcached (text protocol).", valueName: "name"))
    var wireProtocol: String = "movie"

    @Option(help: "Threads, each with its own event loop.")
    var threads: Int = 1

    @Option(help: "Connections in total, spread over the threads and servers.")
    var connections: Int = 50

    @Option(help: "Requests in flight per connection.")
    var pipeline: Int = 1

    @Flag(help: "Send a connection's next --pipeline requests only once all its previous ones are answered, as redis-benchmark -P does (default: refill as each answer comes, keeping --pipeline in flight).")
    var batch = false

    @Option(help: ArgumentHelp("Requests per second in total: an open loop (default: a closed loop, as fast as answers come).", valueName: "per-second"))
    var rate: Double?

    @Option(help: ArgumentHelp("Seconds to measure (default 10, unless --requests).", valueName: "seconds"))
    var duration: Double?

    @Option(help: ArgumentHelp("Measure this many requests instead of a duration.", valueName: "count"))
    var requests: Int?

    @Option(help: ArgumentHelp("Seconds of load before measuring, left out of the results (default 1; 0 with --requests).", valueName: "seconds"))
    var warmup: Double?

    @Option(help: ArgumentHelp("Operation ratios, e.g. get=90,put=8,del=1,all=1. Operations: get put add edit del all find count ping.", valueName: "ratios"))
    var mix: String = "get=90,put=10"

    @Option(help: "How many distinct titles (keys) requests choose from.")
    var keys: Int = 10_000

    @Option(help: ArgumentHelp("How keys are chosen: uniform or zipf.", valueName: "name"))
    var distribution: String = "uniform"

    @Option(name: .customLong("zipf-exponent"), help: "The exponent of --distribution zipf.")
    var zipfExponent: Double = 0.99

    @Flag(help: "Write every key once (on every server) before the run.")
    var populate = false

    @Option(name: .customLong("info-size"), help: ArgumentHelp("Bytes of info (value) each write carries.", valueName: "bytes"))
    var infoSize: Int = 100

    @Option(help: ArgumentHelp("Seed of the random choices, for repeatable runs (default: random, and reported).", valueName: "number"))
    var seed: UInt64?

    @Flag(help: "Check that every GET answer carries the value movieload writes for that key.")
    var verify = false

    @Option(help: ArgumentHelp("Seconds a request may wait for its answer before it counts as a timeout.", valueName: "seconds"))
    var timeout: Double = 10

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds a connection may take to open.", valueName: "seconds"))
    var connectTimeout: Double = 3

    @Option(name: .customLong("idle-connections"), help: ArgumentHelp("Also hold this many connections open during the run, each idle after one GET.", valueName: "count"))
    var idleConnections: Int = 0

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    @Flag(help: "Print the whole result as one JSON object on stdout instead of the report.")
    var json = false

    func validate() throws {
        _ = try makeConfiguration()
    }

    mutating func run() throws {
        let configuration = try makeConfiguration()
        let result: RunResult
        do {
            result = try LoadRun(configuration: configuration).execute()
        } catch let error as RunError {
            printError("movieload: \(error.description)")
            throw ExitCode(1)
        }
        print(json ? JSONReport(result: result).text : Report(result: result).text)
        if result.totals.responses == 0 && !result.interrupted {
            printError("movieload: no request was answered")
            throw ExitCode(1)
        }
    }

    /// Checks every flag and resolves the servers; each complaint names its flag.
    func makeConfiguration() throws -> LoadConfiguration {
        guard let dialect = WireDialect(rawValue: wireProtocol.lowercased()) else {
            throw ValidationError("--protocol must be movie, redis, resp or memcached, not '\(wireProtocol)'")
        }
        try require((1...1024).contains(threads), "--threads must be from 1 to 1024")
        try require((1...1_000_000).contains(connections), "--connections must be from 1 to 1000000")
        try require(threads <= connections, "--threads (\(threads)) cannot exceed --connections (\(connections))")
        try require((1...65_536).contains(pipeline), "--pipeline must be from 1 to 65536")
        if let rate { try require(rate > 0 && rate.isFinite, "--rate must be a positive number of requests per second") }
        try require(!(batch && rate != nil), "--batch is for closed-loop runs: give --batch or --rate, not both")
        try require(duration == nil || requests == nil, "give --duration or --requests, not both")
        let length: LoadConfiguration.Length
        if let requests {
            try require(requests >= 1, "--requests must be at least 1")
            length = .requests(requests)
        } else {
            let seconds = duration ?? 10
            try require(seconds > 0 && seconds.isFinite, "--duration must be a positive number of seconds")
            length = .duration(seconds: seconds)
        }
        let warmupSeconds = warmup ?? (requests == nil ? 1 : 0)
        try require(warmupSeconds >= 0 && warmupSeconds.isFinite, "--warmup must be 0 or more seconds")
        let operationMix: OperationMix
        do {
            operationMix = try OperationMix(parsing: mix)
        } catch {
            throw ValidationError("--mix: \(error.description)")
        }
        for operation in operationMix.includedOperations where !dialect.supports(operation) {
            throw ValidationError("--mix: '\(operation.name)' has no equivalent in the \(dialect.rawValue) protocol")
        }
        try require((1...1_000_000_000).contains(keys), "--keys must be from 1 to 1000000000")
        let keyDistribution: KeyDistribution
        switch distribution.lowercased() {
        case "uniform": keyDistribution = .uniform
        case "zipf", "zipfian":
            try require(zipfExponent > 0 && zipfExponent <= 10, "--zipf-exponent must be above 0 and at most 10")
            keyDistribution = .zipf(exponent: zipfExponent)
        default: throw ValidationError("--distribution must be uniform or zipf, not '\(distribution)'")
        }
        try require((1...dialect.maximumValueSize).contains(infoSize),
                    "--info-size must be from 1 to \(dialect.maximumValueSize) bytes for the \(dialect.rawValue) protocol")
        try require(timeout > 0 && timeout.isFinite, "--timeout must be a positive number of seconds")
        try require(connectTimeout > 0 && connectTimeout.isFinite, "--connect-timeout must be a positive number of seconds")
        try require((0...1_000_000).contains(idleConnections), "--idle-connections must be from 0 to 1000000")
        if let seed { try require(seed < 1 << 53, "--seed must be below 2^53") }
        let texts = servers.isEmpty ? ["127.0.0.1:\(dialect.defaultPort)"] : servers
        var addresses: [LoadTarget] = []
        for text in texts {
            do {
                addresses.append(try LoadTarget(text, defaultPort: dialect.defaultPort))
            } catch {
                throw ValidationError("--server \(error.description)")
            }
        }
        try require(addresses.count <= connections, "--connections (\(connections)) must be at least the number of servers (\(addresses.count))")
        return LoadConfiguration(
            servers: addresses, dialect: dialect, threads: threads, connections: connections, pipeline: pipeline, batch: batch,
            rate: rate, length: length, warmupSeconds: warmupSeconds, mix: operationMix, keys: keys,
            distribution: keyDistribution, populate: populate, infoSize: infoSize,
            seed: seed ?? Self.randomSeed(), verify: verify, timeoutSeconds: timeout,
            connectTimeoutSeconds: connectTimeout, idleConnections: idleConnections, quiet: quiet, json: json)
    }

    private func require(_ condition: Bool, _ message: String) throws {
        if !condition { throw ValidationError(message) }
    }

    private static func randomSeed() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return generator.next() >> 32
    }
}
