/// What start-up found in the data directory and did about it.
public struct RecoveryReport: Sendable, CustomStringConvertible {
    /// The generation of the snapshot loaded (0 for a new directory).
    public var snapshotGeneration: UInt64 = 0
    /// How many movies the snapshot held.
    public var snapshotMovies = 0
    /// How many journal files were replayed.
    public var journalFiles = 0
    /// How many journal records (changes) were replayed.
    public var recordsReplayed = 0
    /// How many bytes a torn journal tail held that were cut off.
    public var bytesTruncated = 0
    /// Whether the directory held no data yet (it now holds an empty or seeded snapshot 0).
    public var created = false
    /// Whether the directory was new and filled from the seed.
    public var seeded = false
    /// How many movies the catalogue holds after recovery.
    public var movies = 0
    /// How long recovery took.
    public var duration: Duration = .zero
    /// Things worth a line in the server's log: a truncated tail, leftover files removed.
    public var notes: [String] = []

    public var description: String {
        var text = created
            ? (seeded ? "seeded a new data directory with \(movies) movies" : "created a new, empty data directory")
            : "loaded snapshot \(snapshotGeneration) (\(snapshotMovies) movies) and replayed \(recordsReplayed) records from \(journalFiles) journal file(s): \(movies) movies"
        text += " in \(Self.millisecondsText(duration))"
        if bytesTruncated > 0 { text += "; dropped a torn tail of \(bytesTruncated) bytes" }
        return text
    }

    /// `6.547 s`: `Duration`'s own description prints every digit of a Double.
    private static func millisecondsText(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) s"
    }
}
