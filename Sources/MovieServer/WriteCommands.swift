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
                case (.exists(let movie), _):
                    withExtendedLifetime(movie) { refuse(.exists, movie.displayTitle, key: normalized.key, on: connection) }
                }
            case .edit:
                switch store.edit(key: normalized.key, info: info) {
                case (.edited(let movie), let ticket): return awaitJournal(.edited, movie, ticket, on: connection)
                case (.notFound, _): refuse(.notFound, normalized.display, key: normalized.key, on: connection)
                }
            case .put:
                switch try store.put(normalized, info: info) {
                case (.added(let movie), let ticket): return awaitJournal(.added, movie, ticket, on: connection)
                case (.edited(let movie), let ticket): return awaitJournal(.edited, movie, ticket, on: connection)
                }
            case .delete:
                switch store.delete(key: normalized.key) {
                case (let movie?, let ticket): return awaitJournal(.deleted, movie, ticket, on: connection)
                case (nil, _): refuse(.notFound, normalized.display, key: normalized.key, on: connection)
                }
            }
        } catch {
            output.appendError(.unavailable, "the server is out of memory for new movies; edits, deletes and reads still work")
        }
        return .answered
    }

    /// Refuses a write: at once, or, if a write to the same title is in flight
    /// (the refusal shows it), once that write is durable.
    private func refuse(
        _ code: ErrorCode, _ title: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, on connection: Connection<MovieHandler>
    ) {
        if store.hasPendingWrite(forKey: key) {
            hold(.refusal(code, title: Array(title)), on: connection)
        } else {
            connection.output.appendError(code, title)
        }
    }

    /// Holds the answer in the connection's output until the journal reports the
    /// write durable; the connection goes on reading, and answers after this one
    /// wait behind it.
    private func awaitJournal(
        _ change: Change, _ movie: Movie, _ ticket: CommitTicket?, on connection: Connection<MovieHandler>
    ) -> RequestOutcome {
        guard ticket != nil else {
            // Every change the store makes is journalled; a change without a ticket is a store bug.
            preconditionFailure("a \(change) without a commit ticket")
        }
        hold(.write(change, movie), on: connection)
        return .answered
    }
}
