/// Receives every change a catalogue makes through its public methods, right
/// after it is made: how `DurableCatalogue` journals them.
protocol CatalogueRecorder: AnyObject {
    func catalogue(didApply change: Catalogue.Change)
}

extension Catalogue {
    /// The index's hash of the key `change` is about.
    func keyHash(of change: Change) -> UInt64 {
        switch change {
        case .insert(let movie), .replace(_, with: let movie), .remove(let movie):
            movie.withKey { index.hasher.hash($0) }
        }
    }

    /// Takes back `change`, the latest change not yet undone, without recording it.
    ///
    /// Changes must be undone newest first, so that each finds the catalogue
    /// exactly as it left it.
    func undo(_ change: Change) {
        switch change {
        case .insert(let movie): apply(.remove(movie), recording: false)
        case .replace(let old, let new): apply(.replace(new, with: old), recording: false)
        case .remove(let movie): apply(.insert(movie), recording: false)
        }
    }

    /// A catalogue of `movies`, indexed by `index`, which holds exactly them.
    ///
    /// Unless `inKeyOrder`, `movies` may come in any order; one sort at the end
    /// is far cheaper than keeping a million movies sorted one insert at a time.
    static func bulkLoaded(index: TitleIndex, movies: ContiguousArray<Movie>, inKeyOrder: Bool) -> Catalogue {
        Catalogue(index: index, sorted: inKeyOrder ? SortedMovies(ordered: movies) : SortedMovies(sorting: movies))
    }
}

extension TitleIndex {
    /// Every movie in the index, in slot order (the old table's last, mid-growth).
    func allMovies() -> ContiguousArray<Movie> {
        var all = ContiguousArray<Movie>()
        all.reserveCapacity(count)
        for slotTable in isGrowing ? [table, retiring] : [table] {
            for slot in 0...slotTable.mask where slotTable.tags[slot] != 0 {
                if let movie = slotTable.movies[slot] { all.append(movie) }
            }
        }
        return all
    }
}
