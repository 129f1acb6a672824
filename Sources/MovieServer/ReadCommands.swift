import MovieProtocol
import MovieRules
import MovieStore
import Primitives
import Reactor

extension MovieHandler {
    /// `GET`: copies the movie's prebuilt line (or JSON of it) into the answer.
    ///
    /// A title with a write in flight is answered as that write left it, but
    /// only once the write is durable; any other title is answered at once.
    func get<Format: AnswerFormat>(_ title: UnsafeRawBufferPointer, as format: Format, on connection: Connection<MovieHandler>) {
        let normalized: NormalizedTitle
        do { normalized = try normalizer.normalize(title) } catch {
            refuse(error, as: format)
            return
        }
        let movie = catalogue.movie(forKey: normalized.key)
        if store.hasPendingWrite(forKey: normalized.key) {
            hold(.get(movie, title: Array(normalized.display)), as: format.style, on: connection)
            return
        }
        guard let movie else {
            format.refuse(.notFound, title: normalized.display)
            return
        }
        format.answer(movie: movie)
    }

    /// The movie titled `display` (a title as normalised before), if any.
    func lookUp(_ display: UnsafeRawBufferPointer) -> Movie? {
        guard let normalized = try? normalizer.normalize(display) else { return nil }
        return catalogue.movie(forKey: normalized.key)
    }

    /// `COUNT`: held, like a listing, until every write it counts is durable.
    func count(on connection: Connection<MovieHandler>) {
        if store.newestPendingTicket != nil {
            hold(.count(catalogue.count), as: .line, on: connection)
        } else {
            connection.output.appendOK(count: catalogue.count)
        }
    }

    /// `STATS`: counters as `name value` lines.
    func appendStatistics(for connection: Connection<MovieHandler>) {
        let output = connection.output
        output.appendOK(count: Statistic.count)
        forEachStatistic(of: connection.loop) { statistic, value in output.appendStat(statistic.name, value) }
    }

    /// Every `STATS` counter with its value now, in `STATS` order.
    func forEachStatistic(of loop: EventLoop<MovieHandler>, _ visit: (Statistic, Int) -> Void) {
        let reactor = loop.statistics
        let durability = store.statistics
        visit(.uptimeSeconds, MonotonicClock.seconds() - startedAt)
        visit(.connectionsCurrent, reactor.connectionsCurrent)
        visit(.connectionsTotal, reactor.connectionsTotal)
        visit(.connectionsRefused, reactor.connectionsRefused)
        visit(.connectionsTimedOut, reactor.connectionsTimedOut)
        visit(.requestsTotal, requestsTotal)
        visit(.movies, catalogue.count)
        visit(.watchers, watchers.count)
        visit(.bytesRead, reactor.bytesRead)
        visit(.bytesWritten, reactor.bytesWritten)
        visit(.readOnly, access.readOnly ? 1 : 0)
        visit(.writesAwaitingDisk, heldAnswers.writeCount)
        visit(.journalFlushes, durability.journalFlushes)
        visit(.compactions, durability.compactions)
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

    func refuse<Format: AnswerFormat>(_ error: TitleError, as format: Format) {
        switch error {
        case .empty: format.refuse(.badRequest, "empty title")
        case .tooLong: format.refuseTooLong("title", limit: MovieLimits.maximumTitleBytes)
        case .containsPipe: format.refuse(.badRequest, "a title cannot contain |")
        }
    }
}
