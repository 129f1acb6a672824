/// What the handler says after answering a request.
public enum RequestOutcome {
    /// The answer is complete; go on with the next request.
    case answered
    /// Part of a long answer was written; call `continueAnswer(on:)` once the
    /// client has read enough of it. Later requests wait, so answers stay in order.
    case answering
    /// The answer waits on something outside the connection (a disk flush, say).
    /// Later requests wait too; the handler calls `resumeAnswer()` on the connection
    /// when it can go on, and the reactor then calls `continueAnswer(on:)`.
    case awaiting
    /// Close the connection once everything written has been sent.
    case closeAfterAnswer
}

/// A line protocol plugged into the reactor: a request line in, answer bytes out.
///
/// The reactor frames lines, owns the sockets and buffers, and calls these hooks
/// on its one thread; the handler never blocks and never touches a descriptor.
/// The loop is generic over its handler, so the calls are direct, not dynamic.
public protocol ConnectionHandler: AnyObject {
    /// Per-connection state the protocol keeps (authentication, subscriptions ...).
    associatedtype Session

    /// The state of a connection just accepted.
    func makeSession() -> Session

    /// The state of a connection accepted by the loop's listener `listener` (0 for the
    /// one the loop was made with, then 1, 2 … in the order `addListener` added them),
    /// for a handler that serves a different protocol on each.
    func makeSession(acceptedBy listener: Int) -> Session

    /// Called once when a connection has been accepted, before any of its requests.
    func connectionOpened(_ connection: Connection<Self>)

    /// Answers one request line, given without its LF (a CR before it is kept:
    /// dropping it is the protocol's business), by appending to `connection.output`.
    func handle(line: UnsafeRawBufferPointer, on connection: Connection<Self>) -> RequestOutcome

    /// Answers a request body: the bytes that `Connection.expectBody(byteCount:)` said
    /// follow the line just handled, given whole however they arrived.
    func handle(body: UnsafeRawBufferPointer, on connection: Connection<Self>) -> RequestOutcome

    /// Writes the next part of an answer started with `.answering` or `.awaiting`.
    func continueAnswer(on connection: Connection<Self>) -> RequestOutcome

    /// Writes the error for a line over the length limit; the reactor then closes
    /// the connection once it is sent.
    func answerOverlongLine(on connection: Connection<Self>)

    /// The one line sent to a connection refused at the connection limit.
    var busyResponse: [UInt8] { get }

    /// What a connection refused at the connection limit is sent, by which listener accepted it.
    func busyResponse(acceptedBy listener: Int) -> [UInt8]

    /// Called once when a connection is gone, whatever closed it.
    func connectionClosed(_ connection: Connection<Self>)
}

extension ConnectionHandler {
    public func makeSession(acceptedBy listener: Int) -> Session { makeSession() }
    public func handle(body: UnsafeRawBufferPointer, on connection: Connection<Self>) -> RequestOutcome { .answered }
    public func busyResponse(acceptedBy listener: Int) -> [UInt8] { busyResponse }
    public func connectionOpened(_ connection: Connection<Self>) {}
    public func continueAnswer(on connection: Connection<Self>) -> RequestOutcome { .answered }
    public func connectionClosed(_ connection: Connection<Self>) {}
}
