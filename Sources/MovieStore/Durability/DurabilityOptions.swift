/// Tuning for a `DurableCatalogue`; the defaults suit a server.
public struct DurabilityOptions: Sendable {
    /// The journal is compacted once it holds more than this many bytes...
    public var compactionMinimumBytes: Int
    /// ...and more than this many times the size of the last snapshot.
    public var compactionSnapshotRatio: Int
    /// After a compaction fails (disk full, say), the next waits this many ticks.
    public var compactionRetryTicks: Int
    /// Journal files are preallocated in steps of this many bytes of zeros.
    public var journalGrowthBytes: Int
    /// Start from the newest snapshot alone when the journal it counts on is missing or
    /// empty, losing the changes that journal held, instead of refusing to start.
    public var acceptsJournalLoss: Bool

    public init(
        compactionMinimumBytes: Int = 64 << 20, compactionSnapshotRatio: Int = 2, compactionRetryTicks: Int = 30,
        journalGrowthBytes: Int = 4 << 20, acceptsJournalLoss: Bool = false
    ) {
        self.compactionMinimumBytes = compactionMinimumBytes
        self.compactionSnapshotRatio = compactionSnapshotRatio
        self.compactionRetryTicks = compactionRetryTicks
        self.journalGrowthBytes = journalGrowthBytes
        self.acceptsJournalLoss = acceptsJournalLoss
    }

    /// The journal size that starts a compaction after a snapshot of `snapshotBytes`.
    func compactionThreshold(snapshotBytes: Int) -> Int {
        max(compactionMinimumBytes, compactionSnapshotRatio * snapshotBytes)
    }
}
