import MovieProtocol
import Primitives
import Reactor

extension MovieHandler {
    /// `WATCH`: the connection hears of every change from now on.
    ///
    /// A watcher may stay silent for as long as it likes, so the idle timeout spares it.
    func watch(on connection: Connection<MovieHandler>) {
        guard acceptsWatchers else {
            connection.output.appendError(.unavailable, "WATCH needs the reactor model (movied --model reactor)")
            return
        }
        connection.session.watching = true
        connection.exemptFromIdleTimeout = true
        watchers[ObjectIdentifier(connection)] = connection
        connection.output.appendOK("watching")
    }

    /// Builds the event line (and its Server-Sent Event) once and pushes it to every watcher but `writer`; the
    /// reactor places it between answers and drops a watcher that lets too much
    /// pile up unread.
    func broadcast(_ change: Change, title: UnsafeRawBufferPointer, except writer: Connection<MovieHandler>) {
        guard !watchers.isEmpty else { return }
        eventLine.clear()
        eventLine.appendEvent(change, title: title)
        buildStreamEvent(change, title: title)
        let line = eventLine.readableBytes
        let event = streamEvent.readableBytes
        for watcher in watchers.values where watcher !== writer { watcher.push(watcher.session.http == nil ? line : event) }
    }
}
