import MovieProtocol
import MovieRules
import MovieStore
import Primitives
import Reactor

extension MovieHandler {
    /// `GET`: copies the movie's prebuilt line into the answer; nothing is formatted.
    func get(_ title: UnsafeRawBufferPointer, into output: ByteBuffer) {
        let normalized: NormalizedTitle
        do { normalized = try normalizer.normalize(title) } catch {
            appendTitleError(error, into: output)
            return
        }
        guard let movie = catalogue.movie(forKey: normalized.key) else {
            output.appendError(.notFound, normalized.display)
            return
        }
        withExtendedLifetime(movie) { output.appendOK(movieLine: movie.line) }
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
        output.appendStat("writes_awaiting_disk", awaitingCommit.count)
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
