/// Tuning for a `DurableCatalogue`; the defaults suit a server.
public struct DurabilityOptions: Sendable {
    /// The journal is compacted once it holds more than this many bytes...
    public var compactionMinimumBytes: Int
    /// ...and more than this many times the size of the last snapshot.
    public var compactionSnapshotRatio: Int
    /// After a compaction fails (disk full, say), the next waits this many ticks.
    public var compactionRetryTicks: Int

    public init(compactionMinimumBytes: Int = 64 << 20, compactionSnapshotRatio: Int = 2, compactionRetryTicks: Int = 30) {
        self.compactionMinimumBytes = compactionMinimumBytes
        self.compactionSnapshotRatio = compactionSnapshotRatio
        self.compactionRetryTicks = compactionRetryTicks
    }

    /// The journal size that starts a compaction after a snapshot of `snapshotBytes`.
    func compactionThreshold(snapshotBytes: Int) -> Int {
        max(compactionMinimumBytes, compactionSnapshotRatio * snapshotBytes)
    }
}
