import Glibc
import Primitives

/// Writes a snapshot on a background thread and then retires the files it replaces.
///
/// The steps, each safe to crash after:
/// 1. wait until the journal writer has switched to segment G (records after
///    the snapshot go there; the old segment is flushed and whole);
/// 2. write `snapshot-G.mvs.tmp` and `fsync` it;
/// 3. rename it to `snapshot-G.mvs`, then `fsync` the directory;
/// 4. only then remove the snapshots and journals older than G.
///
/// Until step 3 is durable, recovery uses the old snapshot and replays the old
/// journal then journal G; after it, snapshot G and journal G.
final class Compactor: @unchecked Sendable {
    enum Outcome {
        case completed(snapshotBytes: Int, movies: Int, duration: Duration)
        /// Not attempted or given up, leaving every file as it was (apart from a new, valid journal segment).
        case abandoned(String)
        case failed(StoreError)
        /// A test's crash hook stopped the thread at this step.
        case halted(CrashPoint)
    }

    let generation: UInt64
    // Read on the compactor thread only; immutable, and its blocks are never
    // changed while it shares them. Released by the loop thread (after `join`),
    // so the catalogue sees its blocks shared until the loop knows it is done.
    private let snapshot: MovieSnapshot
    private let directory: DataDirectory
    private let writer: JournalWriter
    private let wakeup: Wakeup
    private let faults: FaultInjection
    private let crashHook: CrashPoints.Hook?
    private let monitor = Monitor()
    // Guarded by `monitor`.
    private var outcome: Outcome?
    private var cancelled = false
    private var thread: SystemThread?

    init(
        generation: UInt64, snapshot: MovieSnapshot, directory: DataDirectory, writer: JournalWriter,
        wakeup: Wakeup, faults: FaultInjection, crashHook: CrashPoints.Hook?
    ) {
        self.generation = generation
        self.snapshot = snapshot
        self.directory = directory
        self.writer = writer
        self.wakeup = wakeup
        self.faults = faults
        self.crashHook = crashHook
    }

    func start() {
        thread = SystemThread { [self] in
            let outcome = run()
            monitor.withLock { self.outcome = outcome }
            wakeup.signal()
        }
    }

    /// The outcome, once the thread is done; then `join` returns at once.
    var result: Outcome? { monitor.withLock { outcome } }

    /// Asks the thread to give up as soon as it can; `join` waits for it.
    func cancel() {
        monitor.withLock { cancelled = true }
        writer.wakeWaiters()
    }

    func join() {
        thread?.join()
        thread = nil
    }

    private var isCancelled: Bool { monitor.withLock { cancelled } }

    private func run() -> Outcome {
        let started = ContinuousClock.now
        if case .abandoned(let reason) = writer.waitForRotation(generation: generation, isCancelled: { isCancelled }) {
            return .abandoned("the journal did not switch to segment \(generation): \(reason)")
        }
        if CrashPoints.reached(.compactionAfterRotate, hook: crashHook) { return .halted(.compactionAfterRotate) }
        let temporary = directory.temporarySnapshotPath(generation)
        do {
            let bytes: Int
            switch try SnapshotFile.write(snapshot, generation: generation, to: temporary, faults: faults, isCancelled: { isCancelled }) {
            case .cancelled:
                try? FileSystem.remove(temporary)
                return .abandoned("cancelled")
            case .written(let written):
                bytes = written
            }
            if CrashPoints.reached(.compactionAfterTempWrite, hook: crashHook) { return .halted(.compactionAfterTempWrite) }
            try FileSystem.rename(temporary, to: directory.snapshotPath(generation))
            if CrashPoints.reached(.compactionAfterRename, hook: crashHook) { return .halted(.compactionAfterRename) }
            try directory.syncDirectory()
            if CrashPoints.reached(.compactionBeforeDeleteOld, hook: crashHook) { return .halted(.compactionBeforeDeleteOld) }
            try removeFiles(before: generation)
            return .completed(snapshotBytes: bytes, movies: snapshot.count, duration: ContinuousClock.now - started)
        } catch {
            try? FileSystem.remove(temporary)
            return .failed(error)
        }
    }

    /// Removes the snapshots and journals that snapshot `generation` makes redundant.
    private func removeFiles(before generation: UInt64) throws(StoreError) {
        let listing = try directory.list()
        for old in listing.snapshots where old < generation { try FileSystem.remove(directory.snapshotPath(old)) }
        for old in listing.journals where old < generation { try FileSystem.remove(directory.journalPath(old)) }
        try directory.syncDirectory()
    }
}
