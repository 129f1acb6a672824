import MovieRules

/// The result of `Catalogue.add(_:info:)`.
public enum AddOutcome {
    /// The movie was added.
    case added(Movie)
    /// A movie with the same key exists and was left alone.
    case exists(Movie)
}

/// The result of `Catalogue.editMovie(forKey:info:)`.
public enum EditOutcome {
    /// The movie's info was replaced; this is the new movie, display title unchanged.
    case edited(Movie)
    /// No movie has that key.
    case notFound
}

/// The result of `Catalogue.put(_:info:)`.
public enum PutOutcome {
    /// No movie had the key, so one was added.
    case added(Movie)
    /// A movie had the key; its info was replaced, its display title kept.
    case edited(Movie)
}

/// A new movie could not be added: the kernel refused the memory the title
/// index needed to grow. Nothing was changed.
public struct OutOfMemory: Error, Equatable, Sendable {}

/// The movie catalogue: movies keyed by their lowercased title, with lookups
/// that never allocate and sorted snapshots that cost next to nothing.
///
/// Keys and titles come from a `TitleNormalizer`, info from `MovieInfo`. Every
/// change goes through one method, `apply`, which tells the `recorder` (the journal).
public final class Catalogue {
    @usableFromInline let index: TitleIndex
    private var sorted: SortedMovies

    /// Told of every change made through the public methods: the journal's hook.
    ///
    /// Unowned and unchecked, not weak: the recorder is the `DurableCatalogue` that owns
    /// this catalogue and clears the hook when it closes (its `deinit` closes too), so the
    /// reference never dangles. A weak one would cost an atomic load per change, and its
    /// side table, alive until the exit that skips teardown, reads as a leak to LeakSanitizer.
    unowned(unsafe) var recorder: (any CatalogueRecorder)?

    /// An empty catalogue.
    public init() {
        index = TitleIndex()
        sorted = SortedMovies()
    }

    /// A catalogue of movies already indexed and sorted, as a loader builds them.
    init(index: TitleIndex, sorted: SortedMovies) {
        precondition(index.count == sorted.count, "the index and the sorted list disagree")
        self.index = index
        self.sorted = sorted
    }

    /// How many movies the catalogue holds.
    public var count: Int { index.count }

    /// The movie whose key is `key`, if any; never allocates.
    @inlinable public func movie(forKey key: UnsafeRawBufferPointer) -> Movie? {
        index.movie(forKey: key)
    }

    /// Adds a movie unless one with the same key exists.
    public func add(_ title: NormalizedTitle, info: MovieInfo) throws(OutOfMemory) -> AddOutcome {
        if let existing = index.movie(forKey: title.key) { return .exists(existing) }
        guard index.makeRoomForOneMore() else { throw OutOfMemory() }
        let movie = Movie.make(title: title, info: info)
        apply(.insert(movie))
        return .added(movie)
    }

    /// Replaces the info of the movie whose key is `key`, keeping its display title.
    public func editMovie(forKey key: UnsafeRawBufferPointer, info: MovieInfo) -> EditOutcome {
        guard let old = index.movie(forKey: key) else { return .notFound }
        let edited = Movie.make(editing: old, info: info)
        apply(.replace(old, with: edited))
        return .edited(edited)
    }

    /// Adds a movie, or replaces the info of the one with the same key (keeping its display title).
    public func put(_ title: NormalizedTitle, info: MovieInfo) throws(OutOfMemory) -> PutOutcome {
        if let old = index.movie(forKey: title.key) {
            let edited = Movie.make(editing: old, info: info)
            apply(.replace(old, with: edited))
            return .edited(edited)
        }
        guard index.makeRoomForOneMore() else { throw OutOfMemory() }
        let movie = Movie.make(title: title, info: info)
        apply(.insert(movie))
        return .added(movie)
    }

    /// Removes the movie whose key is `key` and returns it, or returns nil if there is none.
    @discardableResult
    public func deleteMovie(forKey key: UnsafeRawBufferPointer) -> Movie? {
        guard let movie = index.movie(forKey: key) else { return nil }
        apply(.remove(movie))
        return movie
    }

    /// Does one small, bounded step of deferred index work, if any is pending.
    ///
    /// The hash index grows by moving a few slots on every insert and delete;
    /// calling this once per event-loop turn also finishes a growth (and gives
    /// the old table's memory back) while no one is writing. It costs a
    /// branch when there is nothing to do.
    public func stepMaintenance() {
        index.stepMaintenance()
    }

    /// Every movie sorted by key bytes, frozen as of now; cheap to take.
    ///
    /// This is also how to walk the whole catalogue, to save it for instance.
    public func snapshot() -> MovieSnapshot {
        sorted.snapshot
    }

    /// The movies whose key contains `needle`, sorted by key bytes, frozen as of now.
    ///
    /// `needle` is a search key from `TitleNormalizer.searchKey(for:)`. This
    /// scans every key, so it costs time in proportion to the catalogue.
    public func movies(containing needle: UnsafeRawBufferPointer) -> MovieSnapshot {
        sorted.snapshot.movies(withKeyContaining: needle)
    }

    /// One change to the catalogue, holding what it replaced so it can be undone.
    enum Change {
        case insert(Movie)
        case replace(Movie, with: Movie)
        case remove(Movie)
    }

    /// Makes `change` in the index and the sorted list: the one place the
    /// catalogue changes, so that recording changes (a journal) needs one hook.
    /// Undoing a change is not recorded: it takes back one that never reached the journal.
    func apply(_ change: Change, recording: Bool = true) {
        switch change {
        case .insert(let movie):
            index.insert(movie)
            sorted.insert(movie)
        case .replace(let old, let new):
            index.replace(old, with: new)
            sorted.replace(old, with: new)
        case .remove(let movie):
            index.remove(movie)
            sorted.remove(movie)
        }
        if recording { recorder?.catalogue(didApply: change) }
    }
}
