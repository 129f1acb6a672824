import MovieStore

extension MovieSnapshot {
    /// The display titles, in snapshot order.
    var titles: [String] { map(\.displayTitleString) }
}

extension AddOutcome {
    var addedMovie: Movie? {
        if case .added(let movie) = self { return movie }
        return nil
    }

    var existingMovie: Movie? {
        if case .exists(let movie) = self { return movie }
        return nil
    }
}

extension EditOutcome {
    var editedMovie: Movie? {
        if case .edited(let movie) = self { return movie }
        return nil
    }
}

extension PutOutcome {
    var addedMovie: Movie? {
        if case .added(let movie) = self { return movie }
        return nil
    }

    var editedMovie: Movie? {
        if case .edited(let movie) = self { return movie }
        return nil
    }
}

/// A catalogue holding `titles`, each with info `info of <title>`.
func catalogue(_ titles: [String]) throws -> Catalogue {
    let catalogue = Catalogue()
    for title in titles { _ = try catalogue.add(title: title, info: "info of \(title)") }
    return catalogue
}
