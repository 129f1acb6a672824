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
    func write<Format: AnswerFormat>(
        _ write: CatalogueWrite, title: UnsafeRawBufferPointer, info rawInfo: UnsafeRawBufferPointer,
        credentials: WriteCredentials, as format: Format, on connection: Connection<MovieHandler>
    ) {
        if access.readOnly {
            format.refuse(.readOnly, "this server is read-only")
            return
        }
        switch credentials {
        case .granted: break
        case .missing:
            format.refuseUnauthenticated()
            return
        case .wrong:
            format.refuse(.denied, "wrong token")
            return
        }
        let normalized: NormalizedTitle
        do { normalized = try normalizer.normalize(title) } catch {
            refuse(error, as: format)
            return
        }
        let info: MovieInfo
        do { info = try MovieInfo(trimming: rawInfo) } catch {
            format.refuseTooLong("info", limit: MovieLimits.maximumInfoBytes)
            return
        }
        guard store.acceptsWrites else {
            format.refuse(.unavailable, "the disk cannot take writes right now; reads still work")
            return
        }
        do {
            switch write {
            case .add:
                switch try store.add(normalized, info: info) {
                case (.added(let movie), let ticket): awaitJournal(.added, movie, ticket, as: format.style, on: connection)
                case (.exists(let movie), _):
                    withExtendedLifetime(movie) { refuse(.exists, movie.displayTitle, key: normalized.key, as: format, on: connection) }
                }
            case .edit:
                switch store.edit(key: normalized.key, info: info) {
                case (.edited(let movie), let ticket): awaitJournal(.edited, movie, ticket, as: format.style, on: connection)
                case (.notFound, _): refuse(.notFound, normalized.display, key: normalized.key, as: format, on: connection)
                }
            case .put:
                switch try store.put(normalized, info: info) {
                case (.added(let movie), let ticket): awaitJournal(.added, movie, ticket, as: format.style, on: connection)
                case (.edited(let movie), let ticket): awaitJournal(.edited, movie, ticket, as: format.style, on: connection)
                }
            case .delete:
                switch store.delete(key: normalized.key) {
                case (let movie?, let ticket): awaitJournal(.deleted, movie, ticket, as: format.style, on: connection)
                case (nil, _): refuse(.notFound, normalized.display, key: normalized.key, as: format, on: connection)
                }
            }
        } catch {
            format.refuse(.unavailable, "the server is out of memory for new movies; edits, deletes and reads still work")
        }
    }

    /// Refuses a write: at once, or, if a write to the same title is in flight
    /// (the refusal shows it), once that write is durable.
    private func refuse<Format: AnswerFormat>(
        _ code: ErrorCode, _ title: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, as format: Format,
        on connection: Connection<MovieHandler>
    ) {
        if store.hasPendingWrite(forKey: key) {
            hold(.refusal(code, title: Array(title)), as: format.style, on: connection)
        } else {
            format.refuse(code, title: title)
        }
    }

    /// Holds the answer in the connection's output until the journal reports the
    /// write durable; the connection goes on reading, and answers after this one
    /// wait behind it.
    private func awaitJournal(
        _ change: Change, _ movie: Movie, _ ticket: CommitTicket?, as style: AnswerStyle, on connection: Connection<MovieHandler>
    ) {
        guard ticket != nil else {
            // Every change the store makes is journalled; a change without a ticket is a store bug.
            preconditionFailure("a \(change) without a commit ticket")
        }
        hold(.write(change, movie), as: style, on: connection)
    }
}
