import MovieProtocol
import MovieRules
import Primitives

/// Movies from IMDb's `title.basics.tsv`: every row is read and checked first,
/// so that the duplicate-title rule (`UniqueTitles`) sees the whole file; then
/// the kept rows are sent in file order.
///
/// Only the kept rows are held (their title, key, info and year, packed in
/// `IMDbMovies`), never the file.
final class IMDbSource: MovieSource {
    /// How many rows are read between two looks at the progress callback.
    private static let rowsPerProgressCall = 65_536

    private let lines: FileLines
    private let skipped: SkippedLines
    private let movies = IMDbMovies()
    /// Holds each row's title until the row is kept: a property, so it outlives every row read.
    private let normalizer = TitleNormalizer()
    private var extensions: [UniqueTitles.Extension] = []
    /// Rows whose extended title turned out too long.
    private var tooLong: Set<Int> = []
    /// An extended title, made where the request is written from.
    private let extendedTitle = ByteBuffer()
    private var cursor = 0
    private var counts = SourceTally()

    /// Reads the whole file. `progress` is given the fraction read now and then,
    /// and may throw (an `Interruption`) to stop.
    init(
        lines: FileLines, types: [String], skipped: SkippedLines, progress: (Double) throws -> Void
    ) throws {
        self.lines = lines
        self.skipped = skipped
        guard let header = try lines.next(), IMDbRow.isHeader(header.bytes) else {
            throw InputFileError("\(lines.file.path):1: not IMDb's title.basics.tsv header ("
                + IMDbRow.columns.joined(separator: " ") + ")")
        }
        let types = types.map { Array($0.utf8) }
        var rows = 0
        while let line = try lines.next() {
            rows += 1
            if rows % Self.rowsPerProgressCall == 0 { try progress(lines.file.fractionRead) }
            if line.isTooLong {
                skipped.skip(line: line.number, "longer than \(FileLines.maximumLineBytes) bytes")
                continue
            }
            switch IMDbRow.parse(line.bytes, keeping: types, normalizer: normalizer) {
            case .kept(let row):
                movies.append(row, line: line.number)
            case .otherType:
                counts.otherTypes += 1
            case .bad(let reason):
                skipped.skip(line: line.number, reason)
            }
        }
        makeTitlesUnique()
    }

    private func makeTitlesUnique() {
        extensions = UniqueTitles.extensions(movies)
        for (index, `extension`) in extensions.enumerated() where `extension` != .none {
            if `extension` == .year { counts.withYear += 1 } else { counts.withID += 1 }
            extendedTitle.clear()
            UniqueTitles.appendTitle(of: index, in: movies, `extension`, to: extendedTitle)
            guard extendedTitle.readableCount > MovieLimits.maximumTitleBytes else { continue }
            // The title was valid and the extension is plain ASCII: only its length can be wrong.
            let title = String(decoding: extendedTitle.readableBytes, as: UTF8.self)
            if case .failure(let error) = Result(catching: { () throws(InputError) in try InputValidation.title(title) }) {
                let id = String(decoding: movies.id(index), as: UTF8.self)
                skipped.skip(line: movies.line(index), "\(id): as \(title): \(error)")
                tooLong.insert(index)
            }
        }
        counts.movies = movies.count - tooLong.count
    }

    func next(into queue: MovieQueue) throws(InputFileError) -> Bool {
        while cursor < movies.count {
            let index = cursor
            cursor += 1
            if !tooLong.isEmpty && tooLong.contains(index) { continue }
            var title = movies.title(index)
            if extensions[index] != .none {
                extendedTitle.clear()
                UniqueTitles.appendTitle(of: index, in: movies, extensions[index], to: extendedTitle)
                title = extendedTitle.readableBytes
            }
            do {
                try queue.appendPut(title: title, info: movies.info(index))
                return true
            } catch {
                // The title was checked; a CR in the genres, say, is not known until the line is made.
                skipped.skip(line: movies.line(index), "cannot be sent: \(error)")
                counts.movies -= 1
            }
        }
        return false
    }

    var fractionRead: Double { 1 }

    var knownTotal: Int? { counts.movies }

    var tally: SourceTally {
        var tally = counts
        tally.skipped = skipped.count
        return tally
    }
}
