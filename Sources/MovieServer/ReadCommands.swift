import MovieProtocol
import MovieRules
import MovieStore
import Primitives
import Reactor

extension MovieHandler {
    /// `GET`: copies the movie's prebuilt line into the answer; nothing is formatted.
    ///
    /// A title with a write in flight is answered as that write left it, but
    /// only once the write is durable; any other title is answered at once.
    func get(_ title: UnsafeRawBufferPointer, on connection: Connection<MovieHandler>) {
        let output = connection.output
        let normalized: NormalizedTitle
        do { normalized = try normalizer.normalize(title) } catch {
            appendTitleError(error, into: output)
            return
        }
        let movie = catalogue.movie(forKey: normalized.key)
        if store.hasPendingWrite(forKey: normalized.key) {
            hold(.get(movie, title: Array(normalized.display)), on: connection)
            return
        }
        guard let movie else {
            output.appendError(.notFound, normalized.display)
            return
        }
        withExtendedLifetime(movie) { output.appendOK(movieLine: movie.line) }
    }

    /// The movie titled `display` (a title as normalised before), if any.
    func lookUp(_ display: UnsafeRawBufferPointer) -> Movie? {
        guard let normalized = try? normalizer.normalize(display) else { return nil }
        return catalogue.movie(forKey: normalized.key)
    }

    /// `COUNT`: held, like a listing, until every write it counts is durable.
    func count(on connection: Connection<MovieHandler>) {
        if store.newestPendingTicket != nil {
            hold(.count(catalogue.count), on: connection)
        } else {
            connection.output.appendOK(count: catalogue.count)
        }
    }

    /// `STATS`: counters as `name value` lines.
    func appendStatistics(for connection: Connection<MovieHandler>) {
        let reactor = connection.loop.statistics
        let output = connection.output
        let durability = store.statistics
        output.appendOK(count: 14)
        output.appendStat("uptime_seconds", MonotonicClock.seconds() - startedAt)
        output.appendStat("connections_current", reactor.connectionsCurrent)
        output.appendStat("connections_total", reactor.connectionsTotal)
        output.appendStat("connections_refused", reactor.connectionsRefused)
        output.appendStat("connections_timed_out", reactor.connectionsTimedOut)
        output.appendStat("requests_total", requestsTotal)
        output.appendStat("movies", catalogue.count)
        output.appendStat("watchers", watchers.count)
        output.appendStat("bytes_read", reactor.bytesRead)
        output.appendStat("bytes_written", reactor.bytesWritten)
        output.appendStat("read_only", access.readOnly ? 1 : 0)
        output.appendStat("writes_awaiting_disk", heldAnswers.writeCount)
        output.appendStat("journal_flushes", durability.journalFlushes)
        output.appendStat("compactions", durability.compactions)
    }

    /// `AUTH`: a right token unlocks writes on this connection; a wrong one locks them again.
    func authenticate(_ token: UnsafeRawBufferPointer, on connection: Connection<MovieHandler>) {
        if access.accepts(token) {
            connection.session.authenticated = true
            connection.output.appendOK()
        } else {
            connection.session.authenticated = false
            connection.output.appendError(.denied, "wrong token")
        }
    }

    func appendTitleError(_ error: TitleError, into output: ByteBuffer) {
        switch error {
        case .empty: output.appendError(.badRequest, "empty title")
        case .tooLong: output.appendTooLong("title", limit: MovieLimits.maximumTitleBytes)
        case .containsPipe: output.appendError(.badRequest, "a title cannot contain |")
        }
    }
}
