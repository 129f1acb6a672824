import MovieProtocol
import MovieStore
import Reactor

extension MovieHandler {
    /// How many titles one slice of a listing writes before letting other clients in.
    static var titlesPerSlice: Int { 2_048 }

    /// `FIND`: every title containing the text, case-insensitively, in listing order.
    func find(_ text: UnsafeRawBufferPointer, on connection: Connection<MovieHandler>) -> RequestOutcome {
        let needle: UnsafeRawBufferPointer
        do { needle = try normalizer.searchKey(for: text) } catch {
            connection.output.appendError(.badRequest, "empty search text")
            return .answered
        }
        return list(catalogue.movies(containing: needle), searchKey: needle, on: connection)
    }

    /// `ALL` and `FIND`: the count, then the titles of a snapshot taken now, written a
    /// slice per turn of the loop so a million titles never hold up other clients.
    ///
    /// A snapshot that shows writes not yet durable is listed once they are; the
    /// connection waits (`.awaiting`) meanwhile, and other clients are served.
    func list(
        _ titles: MovieSnapshot, searchKey: UnsafeRawBufferPointer?, on connection: Connection<MovieHandler>
    ) -> RequestOutcome {
        let waitsFor = store.newestPendingTicket
        // FIND's key is kept only if the snapshot may have to be taken again.
        let kept = waitsFor == nil ? nil : searchKey.map { Array($0) }
        connection.session.listing = ListingCursor(titles, searchKey: kept, waitsFor: waitsFor)
        guard waitsFor == nil else {
            connectionsAwaitingListings[ObjectIdentifier(connection)] = connection
            return .awaiting
        }
        return continueListing(on: connection)
    }

    /// All movies, or those whose key holds `searchKey`, as of now.
    func snapshot(searchKey: [UInt8]?) -> MovieSnapshot {
        guard let searchKey else { return catalogue.snapshot() }
        return searchKey.withUnsafeBytes { catalogue.movies(containing: $0) }
    }

    func continueListing(on connection: Connection<MovieHandler>) -> RequestOutcome {
        guard let cursor = connection.session.listing else { return .answered }
        if let http = cursor.httpPage {
            connection.session.listing = nil
            let answers = HTTPAnswers(output: connection.output, traits: http.traits, body: httpBody, writer: responseWriter, outcome: httpOutcome)
            answerTitles(cursor.titles, page: http.page, as: answers)
            return http.traits.connection == .close ? .closeAfterAnswer : .answered
        }
        let output = connection.output
        if !cursor.started {
            output.appendOK(count: cursor.titles.count)
            cursor.started = true
        }
        var written = 0
        while cursor.position != cursor.titles.endIndex && written < Self.titlesPerSlice {
            let movie = cursor.titles[cursor.position]
            withExtendedLifetime(movie) { output.appendLine(movie.displayTitle) }
            cursor.titles.formIndex(after: &cursor.position)
            written += 1
        }
        if cursor.position == cursor.titles.endIndex {
            connection.session.listing = nil
            return .answered
        }
        return .answering
    }
}
