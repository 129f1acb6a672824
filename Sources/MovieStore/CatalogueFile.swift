import MovieRules

/// Loads the catalogue file: UTF-8 text, one movie a line as `Title | info`.
///
/// Blank lines and lines starting with `#` are skipped; a CR before a line's
/// LF is dropped. Titles and info follow the protocol's rules, so the file
/// loads exactly what `ADD` would have stored.
public enum CatalogueFile {
    /// A catalogue holding the movies in `contents`, or the first bad line's error.
    public static func load(_ contents: UnsafeRawBufferPointer) throws(CatalogueFileError) -> Catalogue {
        let index = TitleIndex()
        var movies = ContiguousArray<Movie>()
        let normalizer = TitleNormalizer()
        var lineNumber = 0
        var lineStart = 0
        while lineStart < contents.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < contents.count, contents[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let line = UnsafeRawBufferPointer(rebasing: contents[lineStart..<lineEnd])
            lineStart = lineEnd + 1
            if let movie = try parseLine(line, number: lineNumber, normalizer: normalizer) {
                if let earlier = movie.withKey({ index.movie(forKey: $0) }) {
                    throw CatalogueFileError(line: lineNumber, problem: .duplicateTitle(earlier.displayTitleString))
                }
                index.insert(movie)
                movies.append(movie)
            }
        }
        // One sort at the end is far cheaper than keeping the list sorted per line.
        return Catalogue(index: index, sorted: SortedMovies(sorting: movies))
    }

    /// A catalogue holding the movies in `contents`, or the first bad line's error.
    public static func load(_ contents: [UInt8]) throws(CatalogueFileError) -> Catalogue {
        // `withUnsafeBytes` rethrows untyped errors, so the typed one travels in a `Result`.
        try contents.withUnsafeBytes { bytes in Result { () throws(CatalogueFileError) in try load(bytes) } }.get()
    }

    /// A catalogue holding the movies in `contents`, or the first bad line's error.
    public static func load(_ contents: String) throws(CatalogueFileError) -> Catalogue {
        try load(Array(contents.utf8))
    }

    /// The movie on `line`, or nil for a blank or comment line.
    private static func parseLine(
        _ line: UnsafeRawBufferPointer, number: Int, normalizer: TitleNormalizer
    ) throws(CatalogueFileError) -> Movie? {
        var line = line
        if line.last == UInt8(ascii: "\r") { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        if line.first == UInt8(ascii: "#") { return nil }
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return nil }
        func failure(_ problem: CatalogueFileError.Problem) -> CatalogueFileError {
            CatalogueFileError(line: number, problem: problem)
        }
        if line.contains(0) { throw failure(.containsNUL) }
        guard UTF8Validity.isValid(line) else { throw failure(.invalidUTF8) }
        guard let bar = line.firstIndex(of: UInt8(ascii: "|")) else { throw failure(.missingSeparator) }
        let title: NormalizedTitle
        do {
            title = try normalizer.normalize(UnsafeRawBufferPointer(rebasing: line[..<bar]))
        } catch {
            switch error {
            case .empty: throw failure(.emptyTitle)
            case .tooLong: throw failure(.titleTooLong)
            case .containsPipe: preconditionFailure("the title ends at the line's first '|'")
            }
        }
        guard let info = try? MovieInfo(trimming: UnsafeRawBufferPointer(rebasing: line[(bar + 1)...])) else {
            throw failure(.infoTooLong)
        }
        return Movie.make(title: title, info: info)
    }
}
