/// Counters for `STATS` and for tests.
public struct DurabilityStatistics: Sendable {
    /// `fdatasync` calls on the journal so far.
    public var journalFlushes = 0
    /// Compactions completed since start-up.
    public var compactions = 0
    /// Compactions that failed or were given up.
    public var compactionsFailed = 0
    /// Batches of writes that could not be made durable and were undone.
    public var writeFailures = 0
    /// Journal bytes written since the last completed snapshot (approximate).
    public var journalBytes = 0
    /// The size of the last snapshot written or loaded.
    public var snapshotBytes = 0
    /// Changes made but not yet reported durable.
    public var changesInFlight = 0
    /// The generation of the journal segment being written.
    public var generation: UInt64 = 0
}
