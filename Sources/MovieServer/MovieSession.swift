import MovieProtocol
import MovieStore

/// What the server remembers about one connection.
///
/// Kept small on purpose: ten thousand idle connections each hold one of these.
public struct MovieSession {
    /// Whether the connection sent the right `AUTH` token.
    var authenticated = false
    /// Whether the connection asked to receive change events.
    var watching = false
    /// The `ALL` or `FIND` answer still being written, if any.
    var listing: ListingCursor?
    /// The write whose answer waits for the journal, if any.
    var pendingWrite: PendingWrite?
}

/// A write already applied in memory whose answer waits until the journal has made
/// it durable (or failed to, and it was undone).
final class PendingWrite {
    let change: Change
    let movie: Movie
    let ticket: CommitTicket
    /// Why the journal could not take the write; nil while waiting or once durable.
    var failure: String?

    init(_ change: Change, _ movie: Movie, _ ticket: CommitTicket) {
        self.change = change
        self.movie = movie
        self.ticket = ticket
    }
}

/// A consistent snapshot of titles being written out a slice at a time.
///
/// A class, so a session that is not listing pays one pointer for it.
final class ListingCursor {
    let titles: MovieSnapshot
    var position: MovieSnapshot.Index

    init(_ titles: MovieSnapshot) {
        self.titles = titles
        position = titles.startIndex
    }
}
