import MovieProtocol
import MovieRules
import MovieStore
import Primitives
import Reactor

/// The four requests that change the catalogue.
enum CatalogueWrite {
    case add, edit, put, delete
}

extension MovieHandler {
    /// `ADD`, `EDIT`, `PUT` and `DEL`: checks who may write and what, applies the change,
    /// and holds the answer until the journal has made the change durable.
    func write(
        _ write: CatalogueWrite, title: UnsafeRawBufferPointer, info rawInfo: UnsafeRawBufferPointer,
        on connection: Connection<MovieHandler>
    ) -> RequestOutcome {
        let output = connection.output
        if access.readOnly {
            output.appendError(.readOnly, "this server is read-only")
            return .answered
        }
        if access.writeToken != nil && !connection.session.authenticated {
            output.appendError(.denied, "writes need AUTH <token> first")
            return .answered
        }
        let normalized: NormalizedTitle
        do { normalized = try normalizer.normalize(title) } catch {
            appendTitleError(error, into: output)
            return .answered
        }
        let info: MovieInfo
        do { info = try MovieInfo(trimming: rawInfo) } catch {
            output.appendTooLong("info", limit: MovieLimits.maximumInfoBytes)
            return .answered
        }
        guard store.acceptsWrites else {
            output.appendError(.unavailable, "the disk cannot take writes right now; reads still work")
            return .answered
        }
        do {
            switch write {
            case .add:
                switch try store.add(normalized, info: info) {
                case (.added(let movie), let ticket): return awaitJournal(.added, movie, ticket, on: connection)
                case (.exists(let movie), _): withExtendedLifetime(movie) { output.appendError(.exists, movie.displayTitle) }
                }
            case .edit:
                switch store.edit(key: normalized.key, info: info) {
                case (.edited(let movie), let ticket): return awaitJournal(.edited, movie, ticket, on: connection)
                case (.notFound, _): output.appendError(.notFound, normalized.display)
                }
            case .put:
                switch try store.put(normalized, info: info) {
                case (.added(let movie), let ticket): return awaitJournal(.added, movie, ticket, on: connection)
                case (.edited(let movie), let ticket): return awaitJournal(.edited, movie, ticket, on: connection)
                }
            case .delete:
                switch store.delete(key: normalized.key) {
                case (let movie?, let ticket): return awaitJournal(.deleted, movie, ticket, on: connection)
                case (nil, _): output.appendError(.notFound, normalized.display)
                }
            }
        } catch {
            output.appendError(.unavailable, "the server is out of memory for new movies; edits, deletes and reads still work")
        }
        return .answered
    }

    /// Parks the connection until the journal reports `ticket`; later requests on it wait
    /// too, so answers stay in order.
    private func awaitJournal(
        _ change: Change, _ movie: Movie, _ ticket: CommitTicket?, on connection: Connection<MovieHandler>
    ) -> RequestOutcome {
        guard let ticket else {
            // Every change the store makes is journalled; a change without a ticket is a store bug.
            preconditionFailure("a \(change) without a commit ticket")
        }
        connection.session.pendingWrite = PendingWrite(change, movie, ticket)
        awaitingCommit.append(connection)
        return .awaiting
    }

    /// The journal has spoken about the connection's write: `OK` and an event for the
    /// watchers once durable, `ERR UNAVAILABLE` if it was undone.
    func answerCommittedWrite(on connection: Connection<MovieHandler>) -> RequestOutcome {
        guard let pending = connection.session.pendingWrite else { return .answered }
        connection.session.pendingWrite = nil
        if let failure = pending.failure {
            var message = "the write could not be made durable and was undone: \(failure)"
            message.withUTF8 { connection.output.appendError(.unavailable, UnsafeRawBufferPointer($0)) }
        } else {
            announce(pending.change, pending.movie, to: connection.output)
        }
        return .answered
    }

    /// Answers the writer, then pushes the event to every watcher (the writer too, if it watches).
    private func announce(_ change: Change, _ movie: Movie, to output: ByteBuffer) {
        withExtendedLifetime(movie) {
            output.appendOK(change, title: movie.displayTitle)
            broadcast(change, title: movie.displayTitle)
        }
    }
}
