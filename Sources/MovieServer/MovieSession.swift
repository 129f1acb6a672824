import HTTPWire
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
    /// On a connection to the HTTP listener, the request head being read; nil on a line connection.
    var http: HTTPRequestHead?
}

/// A consistent snapshot of titles being written out a slice at a time (or, for
/// HTTP, a page of it at once) once the writes it shows are durable.
///
/// A class, so a session that is not listing pays one pointer for it.
final class ListingCursor {
    private(set) var titles: MovieSnapshot
    var position: MovieSnapshot.Index
    /// The newest write the snapshot shows that was not durable when it was taken:
    /// the listing starts once it is. Nil once it may start.
    var waitsFor: CommitTicket?
    /// `FIND`'s search key, to take the snapshot again if a write it shows is undone.
    let searchKey: [UInt8]?
    /// Whether `OK <count>` has been written.
    var started = false
    /// For `GET /movies`: the page to answer with, and how; nil for `ALL` and `FIND`.
    let httpPage: (page: ListingPage, traits: HTTPAnswerTraits)?

    init(_ titles: MovieSnapshot, searchKey: [UInt8]?, waitsFor: CommitTicket?, httpPage: (page: ListingPage, traits: HTTPAnswerTraits)? = nil) {
        self.titles = titles
        self.searchKey = searchKey
        self.waitsFor = waitsFor
        self.httpPage = httpPage
        position = titles.startIndex
    }

    /// Replaces a snapshot that showed writes since undone; only before the listing starts.
    func retake(_ fresh: MovieSnapshot) {
        titles = fresh
        position = fresh.startIndex
        waitsFor = nil
    }
}
