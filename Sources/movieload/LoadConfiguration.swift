import LoadGeneration
import Primitives

/// Everything a run was asked to do, checked and resolved: what `LoadCommand` hands the workers.
struct LoadConfiguration: Sendable {
    enum Length: Sendable {
        case duration(seconds: Double)
        case requests(Int)
    }

    var servers: [LoadTarget]
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

/// A server to load, resolved once before the run so every worker connects to the same address.
struct LoadTarget: Sendable, CustomStringConvertible {
    let address: ServerAddress
    let socketAddress: SocketAddress

    /// Parses `text` (the port may be left out: `dialect`'s usual one) and resolves it.
    init(_ text: String, defaultPort: Int) throws(LoadTargetError) {
        do {
            address = try ServerAddress(parsing: text, defaultPort: UInt16(defaultPort))
        } catch {
            throw LoadTargetError(description: error.description)
        }
        do {
            socketAddress = try address.socketAddresses()[0]
        } catch {
            throw LoadTargetError(description: "cannot resolve '\(address.host)': \(error)")
        }
    }

    var description: String { address.description }
}

struct LoadTargetError: Error, CustomStringConvertible {
    let description: String
}
