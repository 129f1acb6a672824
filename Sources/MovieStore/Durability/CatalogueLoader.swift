import MovieRules

/// Builds the catalogue at start-up: the snapshot's movies, then the journal's changes.
///
/// Both go into the hash index only; the sorted list is built once at the end,
/// so replaying a million records costs a million hash operations and one sort
/// rather than a million sorted inserts.
final class CatalogueLoader {
    private var index = TitleIndex()
    /// The snapshot's movies in key order, while no journal record has changed them.
    private var snapshotMovies = ContiguousArray<Movie>()
    private var changed = false
    private let keyScratch = UnsafeMutablePointer<UInt8>.allocate(capacity: MovieLimits.maximumTitleBytes)

    deinit { keyScratch.deallocate() }

    var count: Int { index.count }

    /// Sizes the index for `count` movies at once, before the first is added,
    /// so loading never moves an entry to a grown table.
    func expect(_ count: Int) {
        precondition(index.count == 0, "expect(_:) after movies were added")
        index = TitleIndex(expectedCount: count)
        snapshotMovies.reserveCapacity(count)
    }

    /// Adds a movie read from a snapshot, whose keys come strictly ascending (the reader checks).
    func addSnapshotMovie(display: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer?, info: UnsafeRawBufferPointer) -> Movie {
        let movie = makeMovie(display: display, key: key, info: info)
        index.insert(movie)
        snapshotMovies.append(movie)
        return movie
    }

    /// Replays a journal record that sets a movie: added, or replacing the one with its key.
    func set(display: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer?, info: UnsafeRawBufferPointer) {
        noteChange()
        let movie = makeMovie(display: display, key: key, info: info)
        if let old = movie.withKey({ index.movie(forKey: $0) }) {
            index.replace(old, with: movie)
        } else {
            index.insert(movie)
        }
    }

    /// Replays a journal record that deletes a movie; deleting one that is not there changes nothing.
    func delete(key: UnsafeRawBufferPointer) {
        noteChange()
        if let old = index.movie(forKey: key) { index.remove(old) }
    }

    /// The catalogue built so far; call once, at the end.
    func finish() -> Catalogue {
        changed ? Catalogue.bulkLoaded(index: index, movies: index.allMovies(), inKeyOrder: false)
            : Catalogue.bulkLoaded(index: index, movies: snapshotMovies, inKeyOrder: true)
    }

    private func noteChange() {
        guard !changed else { return }
        changed = true
        // From here on the index alone is the truth; let replaced movies go.
        snapshotMovies = []
    }

    /// A movie from stored parts; a nil key is the display title with A-Z lowercased.
    private func makeMovie(display: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer?, info: UnsafeRawBufferPointer) -> Movie {
        if let key { return Movie.make(display: display, key: key, info: info) }
        for offset in 0..<display.count { keyScratch[offset] = ASCIIFolding.lowercased(display[offset]) }
        return Movie.make(display: display, key: UnsafeRawBufferPointer(start: keyScratch, count: display.count), info: info)
    }
}
