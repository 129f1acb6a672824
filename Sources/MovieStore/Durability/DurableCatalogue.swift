import MovieRules
import Primitives

/// The catalogue made durable: a data directory with snapshots and a journal,
/// written by background threads so the event loop never waits on the disk.
///
/// Everything here is called on the loop thread, which owns the catalogue.
/// A write changes the catalogue at once (a `GET` right after sees it) and
/// returns a `CommitTicket`; the server holds the write's `OK` until
/// `collectCompletions()` reports that ticket durable. Should the disk fail,
/// the change is undone and reported failed instead.
///
/// Loop wiring: call `handOffPendingWrites()` once per turn of the loop,
/// before it sleeps in `epoll_wait` (as Redis flushes its AOF buffer in
/// `beforeSleep`): writes made during the turn then share one batch and one
/// flush, and no write costs a system call on the loop. Watch
/// `wakeupDescriptor` and call `collectCompletions()` when it is readable (it
/// stays readable while more is to be reported); call `tick()` once a second;
/// call `close()` at shutdown.
public final class DurableCatalogue {
    /// What start-up found and did.
    public let recovery: RecoveryReport
    /// The movies; read straight from here. Write only through this object's methods.
    public let catalogue: Catalogue
    public let policy: SyncPolicy
    /// Whether writes can be made durable right now. False from a failed journal
    /// write until the disk takes writes again; meanwhile answer writes `UNAVAILABLE`.
    public private(set) var acceptsWrites = true
    /// Told of events worth a log line (failures, recoveries, compactions), on the loop thread.
    public var onLog: ((String) -> Void)?

    /// Test hooks: makes journal and snapshot I/O fail on demand.
    let faults: FaultInjection
    private let directory: DataDirectory
    private let lock: DirectoryLock
    private let wakeup: Wakeup
    private let writer: JournalWriter
    private let options: DurabilityOptions
    private let crashHook: CrashPoints.Hook?
    private var nextSequence: UInt64 = 1
    private var undoLog = UndoLog()
    private var reportedDurable: UInt64 = 0
    private var acknowledgedFailures: UInt64 = 0
    /// Records encoded this turn of the loop, not yet handed to the writer: sequences `batchFirst...`.
    private var batch: [UInt8] = []
    private var batchFirst: UInt64 = 0
    private var compactor: Compactor?
    private var nextGeneration: UInt64
    private var journalBytesBeforeCompaction = 0
    private var ticksUntilCompaction = 0
    private var counters = DurabilityStatistics()
    private var closed = false

    /// Opens the data directory at `directory`, creating it if missing.
    ///
    /// Takes the directory's lock (a second server on it gets a `.locked`
    /// error), loads the newest snapshot and replays the journal after it,
    /// cutting off a torn tail (reported in `recovery`) and refusing damage in
    /// the middle (a `.corruptJournal` error naming file and offset). A new,
    /// empty directory is filled from `seed`, the text of a catalogue file
    /// (see `CatalogueFile`), written durably as the first snapshot.
    public convenience init(
        directory: String, policy: SyncPolicy, seed: [UInt8]?, options: DurabilityOptions = DurabilityOptions()
    ) throws(StoreError) {
        try self.init(directory: directory, policy: policy, seed: seed, options: options, crashHook: nil)
    }

    init(
        directory path: String, policy: SyncPolicy, seed: [UInt8]?, options: DurabilityOptions, crashHook: CrashPoints.Hook?
    ) throws(StoreError) {
        let directory = DataDirectory(path: path)
        if !FileSystem.exists(directory.path) {
            try FileSystem.makeDirectories(directory.path)
            try FileSystem.syncDirectory(Self.parent(of: directory.path))
        }
        let lock = try DirectoryLock(directory)
        let recovered = try Recovery.run(directory, seed: seed, options: options)
        let wakeup: Wakeup
        do { wakeup = try Wakeup() } catch {
            throw StoreError(.io, path: "eventfd", message: "cannot create the journal's wake-up event: \(error)")
        }
        let faults = FaultInjection()
        self.directory = directory
        self.lock = lock
        self.wakeup = wakeup
        self.faults = faults
        self.policy = policy
        self.options = options
        self.crashHook = crashHook
        recovery = recovered.report
        catalogue = recovered.catalogue
        nextGeneration = recovered.nextGeneration
        counters.snapshotBytes = recovered.snapshotBytes
        counters.journalBytes = recovered.journalBytes
        counters.generation = recovered.segment.generation
        writer = JournalWriter(segment: recovered.segment, policy: policy, directory: directory,
                               wakeup: wakeup, faults: faults, crashHook: crashHook)
        catalogue.recorder = self
        writer.start()
    }

    deinit {
        close()
    }

    /// The descriptor the loop watches: readable when there is progress to collect.
    public var wakeupDescriptor: Int32 { wakeup.descriptor }

    /// How long the journal's flushes (`fdatasync`) have taken, on whichever thread ran them.
    public var journalFlushTimes: LatencyHistogram { writer.flushDurations }

    public var statistics: DurabilityStatistics {
        var statistics = counters
        statistics.journalFlushes = writer.flushCount
        statistics.changesInFlight = undoLog.count
        return statistics
    }

    /// The highest sequence reported durable so far.
    var reportedDurableSequence: UInt64 { reportedDurable }

    /// The writer's state in words, for a test that timed out.
    var writerDescription: String { "\(writer.debugDescription), reported \(reportedDurable), next \(nextSequence)" }

    // MARK: Writes

    /// Adds a movie unless one with the same title exists; a ticket if it was added.
    public func add(_ title: NormalizedTitle, info: MovieInfo) throws(OutOfMemory) -> (AddOutcome, CommitTicket?) {
        let before = nextSequence
        let outcome = try catalogue.add(title, info: info)
        return (outcome, ticket(since: before))
    }

    /// Replaces the info of the movie whose key is `key`; a ticket if there was one.
    public func edit(key: UnsafeRawBufferPointer, info: MovieInfo) -> (EditOutcome, CommitTicket?) {
        let before = nextSequence
        let outcome = catalogue.editMovie(forKey: key, info: info)
        return (outcome, ticket(since: before))
    }

    /// Adds a movie or replaces the info of the one with its title; always a ticket.
    public func put(_ title: NormalizedTitle, info: MovieInfo) throws(OutOfMemory) -> (PutOutcome, CommitTicket?) {
        let before = nextSequence
        let outcome = try catalogue.put(title, info: info)
        return (outcome, ticket(since: before))
    }

    /// Removes the movie whose key is `key`; it and a ticket if there was one.
    public func delete(key: UnsafeRawBufferPointer) -> (Movie?, CommitTicket?) {
        let before = nextSequence
        let movie = catalogue.deleteMovie(forKey: key)
        return (movie, ticket(since: before))
    }

    // MARK: What reads may show

    /// Whether a write to the movie keyed `key` is not yet durable.
    ///
    /// A read that would show that movie waits until it is: no client may see a
    /// write that a crash could still take back. Cheap when nothing is in flight.
    public func hasPendingWrite(forKey key: UnsafeRawBufferPointer) -> Bool {
        guard undoLog.count > 0 else { return false }
        return undoLog.newestSequence(forKeyHash: catalogue.index.hasher.hash(key)) != nil
    }

    /// The newest write not yet durable, if any: what a read of the whole catalogue
    /// (`ALL`, `FIND`, `COUNT`) waits for.
    public var newestPendingTicket: CommitTicket? {
        undoLog.newestSequence.map(CommitTicket.init(sequence:))
    }

    private func ticket(since sequence: UInt64) -> CommitTicket? {
        nextSequence > sequence ? CommitTicket(sequence: nextSequence - 1) : nil
    }

    // MARK: Progress

    /// A batch this big is handed to the writer at once, without waiting for the end of the turn.
    static let handOffBytes = 256 << 10

    /// Hands the writes made since the last call to the journal writer, waking
    /// it if it sleeps. Call once per turn of the event loop, before it sleeps;
    /// `tick()` and `collectCompletions()` call it too.
    public func handOffPendingWrites() {
        guard !batch.isEmpty else { return }
        writer.submit(&batch, first: batchFirst, last: nextSequence - 1)
    }

    /// Reports what the journal writer achieved since the last call; cheap, call any time.
    ///
    /// A failure is reported after the durability of everything before it, one
    /// report per call; the descriptor stays readable while more is waiting.
    /// On `.failed` the catalogue has already been put back as it was before
    /// the failed changes.
    public func collectCompletions() -> CommitProgress {
        handOffPendingWrites()
        wakeup.acknowledge()
        collectCompaction()
        let progress = writer.progress()
        if !acceptsWrites, progress.failure == nil, progress.healthy, !closed {
            acceptsWrites = true
            // A compaction put off by the same trouble need not wait out its retry delay.
            ticksUntilCompaction = 0
            onLog?("the journal takes writes again")
        }
        var through = progress.durableThrough
        if let failure = progress.failure { through = min(through, failure.from - 1) }
        if through > reportedDurable {
            reportedDurable = through
            undoLog.forget(through: through)
            if progress.failure != nil { wakeup.signal() }
            return .durable(through: CommitTicket(sequence: through))
        }
        if let (from, reason) = progress.failure {
            let undone = undoLog.takeBack(from: from, in: catalogue)
            writer.acknowledgeFailure()
            acknowledgedFailures = progress.failures
            acceptsWrites = false
            counters.writeFailures += 1
            onLog?("journal write failed (\(reason)); undid \(undone) change(s) and refusing writes until the disk recovers")
            return .failed(from: CommitTicket(sequence: from), reason: reason)
        }
        return .none
    }

    /// Once a second: the `everysec` flush, a retry after a failure, and compaction when the journal is big.
    public func tick() {
        guard !closed else { return }
        handOffPendingWrites()
        if policy == .everysec { writer.requestFlush() }
        if !acceptsWrites { writer.requestProbe() }
        if ticksUntilCompaction > 0 {
            ticksUntilCompaction -= 1
        } else if counters.journalBytes > options.compactionThreshold(snapshotBytes: counters.snapshotBytes) {
            startCompaction()
        }
    }

    // MARK: Compaction

    /// Starts compacting the journal into a snapshot now, whatever its size;
    /// false if one is under way, writes are failing or the catalogue is closed.
    @discardableResult
    public func startCompaction() -> Bool {
        guard compactor == nil, acceptsWrites, !closed else { return false }
        let generation = nextGeneration
        nextGeneration += 1
        handOffPendingWrites()
        // The snapshot and the switch of segment happen at the same instant, between two sequences.
        writer.requestRotation(generation: generation, lastSequenceBefore: nextSequence - 1, failuresSeen: acknowledgedFailures)
        let compactor = Compactor(generation: generation, snapshot: catalogue.snapshot(), directory: directory,
                                  writer: writer, wakeup: wakeup, faults: faults, crashHook: crashHook)
        compactor.start()
        self.compactor = compactor
        journalBytesBeforeCompaction = counters.journalBytes
        counters.journalBytes = 0
        return true
    }

    /// Whether a compaction is under way.
    public var isCompacting: Bool { compactor != nil }

    private func collectCompaction() {
        guard let compactor, let outcome = compactor.result else { return }
        compactor.join()
        self.compactor = nil
        switch outcome {
        case .completed(let bytes, let movies, let duration):
            counters.compactions += 1
            counters.snapshotBytes = bytes
            counters.generation = compactor.generation
            onLog?("compaction \(compactor.generation): wrote \(movies) movies (\(bytes) bytes) in \(duration)")
        case .abandoned(let reason):
            counters.compactionsFailed += 1
            counters.journalBytes += journalBytesBeforeCompaction
            ticksUntilCompaction = options.compactionRetryTicks
            onLog?("compaction \(compactor.generation) given up: \(reason); retrying in \(options.compactionRetryTicks) s")
        case .failed(let error):
            counters.compactionsFailed += 1
            counters.journalBytes += journalBytesBeforeCompaction
            counters.generation = compactor.generation
            ticksUntilCompaction = options.compactionRetryTicks
            onLog?("compaction \(compactor.generation) failed: \(error); retrying in \(options.compactionRetryTicks) s")
        case .halted(let point):
            onLog?("compaction \(compactor.generation) halted at \(point.rawValue) by a test hook")
        }
    }

    // MARK: Shutdown

    /// Writes and flushes everything queued (blocking), stops the threads and
    /// releases the directory; `collectCompletions()` then reports the last progress.
    public func close() {
        guard !closed else { return }
        closed = true
        if let compactor {
            compactor.cancel()
            compactor.join()
            self.compactor = nil
        }
        handOffPendingWrites()
        writer.stop()
        catalogue.recorder = nil
        lock.release()
    }

    /// Stops at once without writing or flushing anything more, as `kill -9`
    /// would (though the kernel keeps what was written). For tests.
    func simulateCrash() {
        guard !closed else { return }
        closed = true
        compactor?.join()
        compactor = nil
        writer.abandon()
        catalogue.recorder = nil
        lock.release()
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

extension DurableCatalogue: CatalogueRecorder {
    /// Journals a change the catalogue just made: encoded here, written by the writer thread.
    func catalogue(didApply change: Catalogue.Change) {
        precondition(!closed, "a write to a closed DurableCatalogue")
        let sequence = nextSequence
        nextSequence += 1
        if batch.isEmpty { batchFirst = sequence }
        let before = batch.count
        switch change {
        case .insert(let movie), .replace(_, with: let movie):
            JournalRecord.appendSet(movie, to: &batch)
        case .remove(let movie):
            movie.withKey { JournalRecord.appendDelete(key: $0, to: &batch) }
        }
        counters.journalBytes += batch.count - before
        undoLog.append(change, sequence: sequence, keyHash: catalogue.keyHash(of: change))
        if batch.count >= Self.handOffBytes { handOffPendingWrites() }
    }
}
