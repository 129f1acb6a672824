import MovieProtocol

/// Movies from a catalogue file, checked a line at a time as the file streams in.
///
/// A title met again (as servers compare titles) is skipped: the first line
/// with it wins, as the server's own catalogue file allows no duplicates.
final class CatalogueSource: MovieSource {
    private let lines: FileLines
    private let skipped: SkippedLines
    /// Every title's key, with the line it first appeared on.
    private var firstLines: [String: Int] = [:]
    private var movies = 0

    init(lines: FileLines, skipped: SkippedLines) {
        self.lines = lines
        self.skipped = skipped
    }

    func next(into queue: MovieQueue) throws(InputFileError) -> Bool {
        while let line = try lines.next() {
            if line.isTooLong {
                skipped.skip(line: line.number, "longer than \(FileLines.maximumLineBytes) bytes")
                continue
            }
            switch CatalogueLine.parse(line.bytes) {
            case .none:
                continue
            case .bad(let reason):
                skipped.skip(line: line.number, reason)
            case .movie(let title, let key, let info):
                if let earlier = firstLines[key] {
                    skipped.skip(line: line.number, "\"\(title)\" repeats the title of line \(earlier)")
                    continue
                }
                firstLines[key] = line.number
                do {
                    try queue.appendPut(title: title, info: info)
                    movies += 1
                    return true
                } catch {
                    skipped.skip(line: line.number, "cannot be sent: \(error)")
                }
            }
        }
        return false
    }

    var fractionRead: Double { lines.file.fractionRead }

    var knownTotal: Int? { nil }

    var tally: SourceTally { SourceTally(movies: movies, skipped: skipped.count) }
}
