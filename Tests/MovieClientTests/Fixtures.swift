import Primitives
import MovieClient

/// Addresses for tests that need no real server.
enum Fixtures {
    static let a = ServerAddress(host: "10.0.0.1", port: 7070)
    static let b = ServerAddress(host: "10.0.0.2", port: 7070)
    static let c = ServerAddress(host: "10.0.0.3", port: 7070)

    static func item<Value>(_ address: ServerAddress, _ value: Value) -> ServerItem<Value> {
        ServerItem(address: address, value: value, elapsed: .milliseconds(2))
    }
}
