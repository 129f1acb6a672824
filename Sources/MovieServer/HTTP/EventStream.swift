import Glibc
import HTTPWire
import MovieProtocol
import Primitives
import Reactor

/// `GET /events`: the `WATCH` feed as Server-Sent Events.
extension MovieHandler {
    /// How many ticks (seconds) pass between keep-alive comments to an event stream,
    /// so proxies and browsers do not take a quiet stream for a dead one.
    static var keepAliveTicks: Int { 15 }

    /// Starts an event stream: the head, with no length (the stream ends when the
    /// connection does), then an event per durable change, bounded as a watcher's
    /// output is: one that lets too much pile up unread is dropped.
    func streamEvents(on connection: Connection<MovieHandler>, as answers: HTTPAnswers) -> RequestOutcome {
        // Events go out before answers still held for the disk (that is how a line
        // watcher hears of changes between answers); ahead of this response's own
        // head they would break the stream, so it starts only on a settled connection.
        guard connection.heldAnswerCount == 0 else {
            answers.refuse(.unavailable, "/events cannot follow a write still awaiting the disk on the same connection; open a new one")
            return .answered
        }
        let headers: StaticString = "Cache-Control: no-store\r\n"
        responseWriter.appendHead(
            .ok, contentType: .eventStream, contentLength: nil, connection: answers.traits.connection,
            extraHeaders: UnsafeRawBufferPointer(start: headers.utf8Start, count: headers.utf8CodeUnitCount), into: connection.output
        )
        connection.output.append(": watching\n\n")
        connection.session.watching = true
        connection.exemptFromIdleTimeout = true
        watchers[ObjectIdentifier(connection)] = connection
        return .answered
    }

    /// `event: <change>` and `data: {"change": …, "title": …}`, built into `streamEvent`.
    func buildStreamEvent(_ change: Change, title: UnsafeRawBufferPointer) {
        streamEvent.clear()
        streamEvent.append("event: ")
        streamEvent.append(change.wireName)
        streamEvent.append("\ndata: {\"change\":\"")
        streamEvent.append(change.wireName)
        streamEvent.append("\",\"title\":")
        streamEvent.appendJSONString(title)
        streamEvent.append("}\n\n")
    }

    /// Called once a second: keeps the `Date` header (the busy answer's too) current and
    /// the request clock's rate exact, and now and then tells event streams the server is
    /// still there.
    public func tick() {
        responseWriter.updateDate(epochSeconds: time(nil))
        busyHTTPResponse = Self.busyResponse(writer: responseWriter, body: httpBody)
        clock.calibrate()
        ticksSinceKeepAlive += 1
        guard ticksSinceKeepAlive >= Self.keepAliveTicks else { return }
        ticksSinceKeepAlive = 0
        let comment: StaticString = ": keep-alive\n\n"
        for watcher in watchers.values where watcher.session.http != nil {
            watcher.push(UnsafeRawBufferPointer(start: comment.utf8Start, count: comment.utf8CodeUnitCount))
        }
    }
}
