/// When each request of an open-loop (`--rate`) run should be sent.
///
/// The total rate is shared evenly by the connections, and their send times are
/// interleaved: request `m` of connection `c` (of `n`) is due at
/// `start + (c + m·n) / rate`. So the whole run sends one request every `1/rate`
/// seconds, and a connection whose answers are late falls behind its own times
/// instead of moving them: latency is then measured from when a request *should*
/// have gone, and a stalled server shows in the tail (coordinated omission).
public struct OpenLoopSchedule: Sendable {
    /// Monotonic nanoseconds of the first send.
    public let start: UInt64
    public let rate: Double
    public let connections: Int
    @usableFromInline let nanosecondsPerRequest: Double

    public init(start: UInt64, rate: Double, connections: Int) {
        precondition(rate > 0 && connections > 0)
        self.start = start
        self.rate = rate
        self.connections = connections
        nanosecondsPerRequest = 1e9 / rate
    }

    /// When request `sequence` (counting from 0) of connection `connection` is due.
    @inlinable public func sendTime(connection: Int, sequence: Int) -> UInt64 {
        let slot = Double(connection) + Double(sequence) * Double(connections)
        return start &+ UInt64(slot * nanosecondsPerRequest)
    }

    /// Nanoseconds between two requests of one connection.
    public var connectionInterval: Double { nanosecondsPerRequest * Double(connections) }
}
