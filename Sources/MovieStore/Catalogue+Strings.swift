import MovieRules

/// String forms of the catalogue's operations, for clients and tests.
///
/// They normalise titles and trim info as the server does, throwing
/// `TitleError` or `InfoError`, and allocate freely.
extension Catalogue {
    /// The movie with this title (matched case-insensitively), if any.
    public func movie(titled title: String) throws -> Movie? {
        try withKey(of: title) { movie(forKey: $0) }
    }

    /// Adds a movie unless one with the same title exists.
    public func add(title: String, info: String) throws -> AddOutcome {
        try withNormalized(title, info) { add($0, info: $1) }
    }

    /// Replaces the info of the movie with this title.
    public func edit(title: String, info: String) throws -> EditOutcome {
        try withNormalized(title, info) { editMovie(forKey: $0.key, info: $1) }
    }

    /// Adds a movie or replaces the info of the one with this title.
    public func put(title: String, info: String) throws -> PutOutcome {
        try withNormalized(title, info) { put($0, info: $1) }
    }

    /// Removes the movie with this title and returns it, if there is one.
    @discardableResult
    public func delete(title: String) throws -> Movie? {
        try withKey(of: title) { deleteMovie(forKey: $0) }
    }

    /// The movies whose title contains `text`, case-insensitively, in key order.
    public func movies(containing text: String) throws -> MovieSnapshot {
        let normalizer = TitleNormalizer()
        return try Array(text.utf8).withUnsafeBytes { bytes in
            movies(containing: try normalizer.searchKey(for: bytes))
        }
    }

    private func withKey<Result>(of title: String, _ body: (UnsafeRawBufferPointer) -> Result) throws -> Result {
        let normalizer = TitleNormalizer()
        return try Array(title.utf8).withUnsafeBytes { bytes in
            body(try normalizer.normalize(bytes).key)
        }
    }

    private func withNormalized<Result>(
        _ title: String, _ info: String, _ body: (NormalizedTitle, MovieInfo) -> Result
    ) throws -> Result {
        let normalizer = TitleNormalizer()
        return try Array(title.utf8).withUnsafeBytes { titleBytes in
            let normalized = try normalizer.normalize(titleBytes)
            return try Array(info.utf8).withUnsafeBytes { infoBytes in
                body(normalized, try MovieInfo(trimming: infoBytes))
            }
        }
    }
}
