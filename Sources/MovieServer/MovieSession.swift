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
