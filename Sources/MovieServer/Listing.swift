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
        return list(catalogue.movies(containing: needle), on: connection)
    }

    /// `ALL` and `FIND`: the count, then the titles of a snapshot taken now, written a
    /// slice per turn of the loop so a million titles never hold up other clients.
    func list(_ titles: MovieSnapshot, on connection: Connection<MovieHandler>) -> RequestOutcome {
        connection.output.appendOK(count: titles.count)
        connection.session.listing = ListingCursor(titles)
        return continueListing(on: connection)
    }

    func continueListing(on connection: Connection<MovieHandler>) -> RequestOutcome {
        guard let cursor = connection.session.listing else { return .answered }
        let output = connection.output
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
