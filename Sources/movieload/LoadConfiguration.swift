import LoadGeneration

/// Everything a run was asked to do, checked and resolved: what `LoadCommand` hands the workers.
struct LoadConfiguration: Sendable {
    enum Length: Sendable {
        case duration(seconds: Double)
        case requests(Int)
    }

    var servers: [ServerAddress]
    var dialect: WireDialect
    var threads: Int
    var connections: Int
    var pipeline: Int
    /// Send the next `pipeline` requests only when all of the last are answered (redis-benchmark's way).
    var batch: Bool
    /// Requests per second in total; `nil` for a closed loop.
    var rate: Double?
    var length: Length
    var warmupSeconds: Double
    var mix: OperationMix
    var keys: Int
    var distribution: KeyDistribution
    var populate: Bool
    var infoSize: Int
    var seed: UInt64
    var verify: Bool
    var timeoutSeconds: Double
    var connectTimeoutSeconds: Double
    var idleConnections: Int
    var quiet: Bool
    var json: Bool

    /// Requests in flight per connection while populating: at least 16, so loading
    /// many keys does not take one round trip each.
    var populateDepth: Int { max(pipeline, 16) }

    /// How many of `total` items (connections, requests) the `index`-th of `parts` gets.
    static func share(of total: Int, part index: Int, of parts: Int) -> Int {
        total / parts + (index < total % parts ? 1 : 0)
    }
}
