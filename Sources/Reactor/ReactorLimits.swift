import Primitives

/// The bounds that keep one loop healthy under any client behaviour.
public struct ReactorLimits: Sendable {
    /// Connections served at once; the next one gets the busy response and is closed.
    public var maximumConnections = 10_000
    /// Longest request line, counting its LF.
    public var maximumLineLength = 8_192
    /// Seconds a connection may stay silent before it is closed; 0 means never.
    public var idleTimeoutSeconds = 0
    /// Seconds a request may take to arrive once its first byte has: a client
    /// that trickles a line a byte at a time is closed like an idle one, though
    /// every byte it sends resets the idle timeout. 0 means never.
    public var requestTimeoutSeconds = 10
    /// Unsent output above which the loop stops reading from a connection until it drains.
    public var outputHighWater = 256 * 1_024
    /// Unsent output at which a paused connection is read (or a long answer continued) again.
    public var outputLowWater = 64 * 1_024
    /// Answers one connection may have held (`holdAnswer()`) before the loop stops
    /// reading from it until some are released: a client pipelining writes faster
    /// than the disk takes them is slowed down, not buffered without bound.
    public var maximumHeldAnswers = 4_096
    /// Unsent output pushed to a connection from outside its own requests (events for a
    /// subscriber) beyond which the connection is dropped rather than grow without bound.
    public var maximumPushedOutput = 4 * 1_024 * 1_024
    /// Seconds a stopping loop waits for owed answers to be sent before closing anyway.
    public var shutdownGraceSeconds = 5
    /// Connections accepted per listener event, so a connection storm cannot starve
    /// the clients already connected.
    public var acceptsPerWakeup = 256

    public init() {}
}

/// Counters the loop keeps; every value only grows except `connectionsCurrent`.
public struct ReactorStatistics: Sendable {
    public var connectionsCurrent = 0
    public var connectionsTotal = 0
    public var connectionsRefused = 0
    public var connectionsTimedOut = 0
    public var bytesRead = 0
    public var bytesWritten = 0

    public init() {}
}
