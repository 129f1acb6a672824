@testable import MovieStore
import MovieRules

import MovieRules

/// String forms of the catalogue's operations, for tests.
///
/// They normalise titles and trim info as the server does, throwing
/// `TitleError`, `InfoError` or `OutOfMemory`, and allocate freely.
extension Catalogue {
    /// The movie with this title (matched case-insensitively), if any.
    public func movie(titled title: String) throws -> Movie? {
        try withKey(of: title) { movie(forKey: $0) }
    }

    /// Adds a movie unless one with the same title exists.
    public func add(title: String, info: String) throws -> AddOutcome {
        try withNormalized(title, info) { try add($0, info: $1) }
    }

    /// Replaces the info of the movie with this title.
    public func edit(title: String, info: String) throws -> EditOutcome {
        try withNormalized(title, info) { editMovie(forKey: $0.key, info: $1) }
    }

    /// Adds a movie or replaces the info of the one with this title.
    public func put(title: String, info: String) throws -> PutOutcome {
        try withNormalized(title, info) { try put($0, info: $1) }
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
        _ title: String, _ info: String, _ body: (NormalizedTitle, MovieInfo) throws -> Result
    ) throws -> Result {
        let normalizer = TitleNormalizer()
        return try Array(title.utf8).withUnsafeBytes { titleBytes in
            let normalized = try normalizer.normalize(titleBytes)
            return try Array(info.utf8).withUnsafeBytes { infoBytes in
                try body(normalized, try MovieInfo(trimming: infoBytes))
            }
        }
    }
}

/// String forms of a movie's parts, for tests.
extension Movie {
    /// The movie line as a string.
    var lineString: String { String(decoding: line, as: UTF8.self) }

    /// `info` as a string.
    var infoString: String { String(decoding: info, as: UTF8.self) }

    /// The key as a string.
    var keyString: String { withKey { String(decoding: $0, as: UTF8.self) } }
}
