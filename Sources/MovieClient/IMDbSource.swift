import MovieProtocol

/// Movies from IMDb's `title.basics.tsv`: every row is read and checked first,
/// so that the duplicate-title rule (`UniqueTitles`) sees the whole file; then
/// the kept rows are sent in file order.
///
/// Only the kept rows are held (their title, key, id and info), never the file.
final class IMDbSource: MovieSource {
    private struct Kept {
        let line: Int
        let row: UniqueTitles.Row
        let info: String
    }

    /// How many rows are read between two looks at the progress callback.
    private static let rowsPerProgressCall = 65_536

    private let lines: FileLines
    private let skipped: SkippedLines
    private var kept: [Kept] = []
    private var extensions: [UniqueTitles.Extension] = []
    /// Rows whose extended title turned out too long.
    private var tooLong: Set<Int> = []
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
            switch IMDbRow.parse(line.bytes, keeping: types) {
            case .kept(let row):
                let unique = UniqueTitles.Row(title: row.title, key: row.key, year: row.startYear, id: row.id)
                kept.append(Kept(line: line.number, row: unique, info: row.info))
            case .otherType:
                counts.otherTypes += 1
            case .bad(let reason):
                skipped.skip(line: line.number, reason)
            }
        }
        makeTitlesUnique()
    }

    private func makeTitlesUnique() {
        extensions = UniqueTitles.extensions(kept.map(\.row))
        for (index, entry) in kept.enumerated() where extensions[index] != .none {
            if extensions[index] == .year { counts.withYear += 1 } else { counts.withID += 1 }
            let title = UniqueTitles.title(of: entry.row, extensions[index])
            if case .failure(let error) = Result(catching: { () throws(InputError) in try InputValidation.title(title) }) {
                skipped.skip(line: entry.line, "\(entry.row.id): as \(title): \(error)")
                tooLong.insert(index)
            }
        }
        counts.movies = kept.count - tooLong.count
    }

    func next() throws(InputFileError) -> [UInt8]? {
        while cursor < kept.count {
            let index = cursor
            cursor += 1
            if tooLong.contains(index) { continue }
            let entry = kept[index]
            let title = UniqueTitles.title(of: entry.row, extensions[index])
            do {
                return try RequestBuilder.line(.put, title: title, info: entry.info)
            } catch {
                // Titles and info were checked, so this cannot happen; the row is skipped all the same.
                skipped.skip(line: entry.line, "cannot be sent: \(error)")
                counts.movies -= 1
            }
        }
        return nil
    }

    var fractionRead: Double { 1 }

    var knownTotal: Int? { counts.movies }

    var tally: SourceTally {
        var tally = counts
        tally.skipped = skipped.count
        return tally
    }
}
