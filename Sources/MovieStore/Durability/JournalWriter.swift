import Glibc
import Primitives

/// The one thread that writes the journal, so the event loop never waits on the disk.
///
/// The loop hands over the records it encoded, a batch per turn of the loop
/// (a lock, a swap of buffers, an unlock; a wake-up only when the writer
/// sleeps), into `pending`. The writer takes all of
/// `pending` at once, writes it with one `pwrite` and, under `always`, flushes
/// it with one `fdatasync`: records that arrive while a flush runs form the
/// next batch, which is the group commit. It then reports the highest sequence
/// made durable and wakes the loop through the eventfd.
///
/// A failed write or flush is cut back out of the file and reported as
/// `failure`; until the loop has undone those changes and acknowledged it,
/// the writer drops whatever else it is handed (all of it later than the
/// failure, so all of it undone too).
final class JournalWriter: @unchecked Sendable {
    private let policy: SyncPolicy
    private let directory: DataDirectory
    private let wakeup: Wakeup
    private let faults: FaultInjection
    private let crashHook: CrashPoints.Hook?
    private let monitor = Monitor()

    // The writer thread's own, after start.
    private var segment: JournalSegment
    private let output: JournalOutput
    /// The everysec flusher thread; nil under the other policies.
    private let flusher: JournalFlusher?

    // Guarded by `monitor`.
    private var pending: [UInt8] = []
    private var spare: [UInt8] = []
    private var pendingFirst: UInt64 = 0
    private var pendingLast: UInt64 = 0
    /// The last sequence the writer has taken, written or not.
    private var lastTaken: UInt64 = 0
    private var rotation: Rotation?
    private var flushRequested = false
    private var probeRequested = false
    private var stopping = false
    private var abandoning = false
    private var writerWaiting = false
    private var finished = false
    private var durableThrough: UInt64 = 0
    private var failures: UInt64 = 0
    private var acknowledgedFailures: UInt64 = 0
    private var failure: (from: UInt64, reason: String)?
    private var healthy = true
    private var rotationOutcomes: [UInt64: RotationOutcome] = [:]
    private var flushes = 0
    private var flushTimes = LatencyHistogram()
    private var thread: SystemThread?

    init(
        segment: JournalSegment, policy: SyncPolicy, directory: DataDirectory,
        wakeup: Wakeup, faults: FaultInjection, crashHook: CrashPoints.Hook?
    ) {
        self.segment = segment
        self.policy = policy
        self.directory = directory
        self.wakeup = wakeup
        self.faults = faults
        self.crashHook = crashHook
        output = JournalOutput(policy: policy, faults: faults, crashHook: crashHook)
        flusher = policy == .everysec ? JournalFlusher(monitor: monitor, faults: faults) : nil
    }

    func start() {
        flusher?.start()
        thread = SystemThread { [self] in run() }
    }

    // MARK: The loop's side

    /// Queues encoded records, sequences `first...last`, following those queued before.
    ///
    /// Takes the bytes by swapping buffers when nothing else is queued, so
    /// `records` comes back empty, perhaps with another buffer's capacity.
    func submit(_ records: inout [UInt8], first: UInt64, last: UInt64) {
        let wake = monitor.withLock {
            if pending.isEmpty {
                swap(&pending, &records)
                pendingFirst = first
            } else {
                pending.append(contentsOf: records)
                records.removeAll(keepingCapacity: true)
            }
            pendingLast = last
            return takeWriterWaiting()
        }
        // Woken after the lock is released, the writer does not wake only to wait for it.
        if wake { monitor.broadcast() }
    }

    /// Asks for a switch to segment `generation` after everything queued so far.
    func requestRotation(generation: UInt64, lastSequenceBefore: UInt64, failuresSeen: UInt64) {
        monitor.withLock {
            precondition(rotation == nil, "one compaction at a time")
            rotation = Rotation(generation: generation, splitOffset: pending.count,
                                lastSequenceBefore: lastSequenceBefore, failuresSeen: failuresSeen)
            wakeWriterIfWaiting()
        }
    }

    /// Asks for an `fdatasync` of what is written (the `everysec` tick).
    func requestFlush() {
        monitor.withLock {
            flushRequested = true
            wakeWriterIfWaiting()
        }
    }

    /// Asks the writer to try the disk again after a failure.
    func requestProbe() {
        monitor.withLock {
            probeRequested = true
            wakeWriterIfWaiting()
        }
    }

    func progress() -> Progress {
        monitor.withLock {
            Progress(durableThrough: durableThrough, failure: failures == acknowledgedFailures ? nil : failure,
                     failures: failures, healthy: healthy)
        }
    }

    /// The loop has undone every change from the reported failure on; writing may go on.
    ///
    /// Whatever is still queued came after the failure and has been undone as
    /// well, and a switch still queued comes with a snapshot that may hold
    /// undone changes: both are dropped.
    func acknowledgeFailure() {
        monitor.withLock {
            acknowledgedFailures = failures
            failure = nil
            pending.removeAll(keepingCapacity: true)
            if let rotation { rotationOutcomes[rotation.generation] = .abandoned("a journal write failed") }
            rotation = nil
            monitor.broadcast()
        }
    }

    /// The shared state in words, for a test that timed out.
    var debugDescription: String {
        monitor.withLock {
            "pending \(pending.count) bytes (\(pendingFirst)...\(pendingLast)), lastTaken \(lastTaken), durable \(durableThrough), "
                + "failures \(failures)/\(acknowledgedFailures), waiting \(writerWaiting), rotation \(rotation.map { "\($0.generation)" } ?? "-"), "
                + "outcomes \(rotationOutcomes), flushes \(flushes), stopping \(stopping), finished \(finished)"
        }
    }

    /// How many times the journal has been flushed; for tests of group commit.
    var flushCount: Int { monitor.withLock { flushes } }

    /// How long the journal's flushes have taken.
    var flushDurations: LatencyHistogram { monitor.withLock { flushTimes } }

    /// Blocks until the writer has switched to segment `generation` or given the switch up.
    func waitForRotation(generation: UInt64, isCancelled: () -> Bool) -> RotationOutcome {
        monitor.withLock {
            while true {
                if let outcome = rotationOutcomes.removeValue(forKey: generation) { return outcome }
                if finished { return .abandoned("the journal writer stopped") }
                if isCancelled() { return .abandoned("cancelled") }
                monitor.wait()
            }
        }
    }

    /// Wakes every thread waiting on the writer, so they look at their own flags again.
    func wakeWaiters() {
        monitor.withLock { monitor.broadcast() }
    }

    /// Writes and flushes everything queued, whatever the policy, then stops the thread.
    func stop() {
        monitor.withLock {
            stopping = true
            monitor.broadcast()
        }
        join()
    }

    /// Stops the thread at once, writing nothing more: what a crash would leave. For tests.
    func abandon() {
        monitor.withLock {
            abandoning = true
            monitor.broadcast()
        }
        join()
    }

    private func join() {
        thread?.join()
        thread = nil
        flusher?.stop()
    }

    /// Call with the lock held. At most one wake-up per batch: the flag drops once the writer is told.
    private func wakeWriterIfWaiting() {
        if takeWriterWaiting() { monitor.broadcast() }
    }

    /// Call with the lock held: whether the writer sleeps waiting for work, which
    /// the caller then wakes; it counts as woken from here on.
    private func takeWriterWaiting() -> Bool {
        guard writerWaiting else { return false }
        writerWaiting = false
        return true
    }

    // MARK: The writer thread

    /// What one round of the writer takes from the loop.
    private struct Work {
        var bytes: [UInt8]
        var first: UInt64
        var last: UInt64
        var rotation: Rotation?
        var flush: Bool
        var probe: Bool
        var failuresAtTake: UInt64
    }

    private func run() {
        monitor.lock()
        while true {
            while !(stopping || abandoning || !pending.isEmpty || rotation != nil || flushRequested || probeRequested
                    || flusher?.hasOutcome == true) {
                writerWaiting = true
                monitor.wait()
            }
            writerWaiting = false
            if abandoning { break }
            if let outcome = flusher?.takeOutcome() {
                var result = JournalOutput.Result()
                output.absorbFlush(outcome, segment: segment, nextSequence: lastTaken + 1, &result)
                finishRound(result)
            }
            if stopping && pending.isEmpty && rotation == nil { break }
            var work = take()
            if failures != acknowledgedFailures {
                // The loop has yet to undo a failure; everything queued since is later, so undone too.
                if let rotation = work.rotation { rotationOutcomes[rotation.generation] = .abandoned("a journal write failed") }
                recycle(&work.bytes)
                monitor.broadcast()
                continue
            }
            monitor.unlock()
            let result = perform(work)
            monitor.lock()
            recycle(&work.bytes)
            finishRound(result)
            if let flusher, !flusher.isBusy, output.flushIsDue(segment, asked: work.flush) {
                output.flushStarted()
                flusher.begin(descriptor: segment.descriptor, length: segment.length)
            }
        }
        if !abandoning { finishSegment() }
        segment.close()
        finished = true
        monitor.broadcast()
        monitor.unlock()
        wakeup.signal()
    }

    /// Call with the lock held: publishes a round's result and wakes the loop (without the lock).
    private func finishRound(_ result: JournalOutput.Result) {
        publish(result)
        monitor.unlock()
        wakeup.signal()
        monitor.lock()
    }

    /// Call with the lock held: moves the queued work out, leaving `pending` empty.
    private func take() -> Work {
        var bytes = spare
        swap(&bytes, &pending)
        spare = []
        // With no records, `first` is the sequence that comes next: what a failed flush fails from.
        if !bytes.isEmpty { lastTaken = pendingLast }
        let work = Work(bytes: bytes, first: bytes.isEmpty ? lastTaken + 1 : pendingFirst, last: lastTaken, rotation: rotation,
                        flush: flushRequested || stopping, probe: probeRequested, failuresAtTake: failures)
        pendingFirst = 0
        pendingLast = 0
        rotation = nil
        flushRequested = false
        probeRequested = false
        return work
    }

    /// Call with the lock held: keeps a taken buffer's capacity for the next batch.
    private func recycle(_ bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        if spare.capacity < bytes.capacity { swap(&spare, &bytes) }
    }

    private func perform(_ work: Work) -> JournalOutput.Result {
        var result = JournalOutput.Result()
        guard !work.bytes.isEmpty || work.rotation != nil || work.flush || work.probe else { return result }
        // Rewriting, truncating or switching the file waits for a flush under way on it.
        if output.needsRepair || work.rotation != nil { settleFlusher(&result) }
        if let repairFailure = output.repair(segment, &result) {
            // The file could not be put back in order, so nothing can go after it. A probe
            // or a flush alone fails quietly: the loop already knows writes are unavailable.
            if !work.bytes.isEmpty { result.fail(from: work.first, repairFailure) }
            if let rotation = work.rotation { result.rotation = (rotation.generation, .abandoned(repairFailure)) }
            return result
        }
        var bytes = work.bytes[...]
        var first = work.first
        if let rotation = work.rotation {
            let head = bytes.prefix(rotation.splitOffset)
            if !head.isEmpty {
                output.append(head, sequences: first...rotation.lastSequenceBefore, to: segment, &result)
                if result.failure != nil {
                    result.rotation = (rotation.generation, .abandoned("a journal write failed"))
                    return result
                }
            }
            bytes = bytes.dropFirst(rotation.splitOffset)
            first = rotation.lastSequenceBefore + 1
            result.rotation = (rotation.generation, rotate(rotation, failuresAtTake: work.failuresAtTake, &result))
            if result.failure != nil { return result }
        }
        if !bytes.isEmpty { output.append(bytes, sequences: first...work.last, to: segment, &result) }
        // Under everysec the flusher thread flushes, after this round is answered.
        if result.failure == nil, work.flush, flusher == nil { output.flush(segment, nextSequence: work.last + 1, &result) }
        if result.failure == nil, work.probe, bytes.isEmpty { output.probe(segment, &result) }
        return result
    }

    /// Switches to a new segment, after flushing the old one: a segment that a
    /// newer one follows is whole, which is what lets recovery call damage in it corruption.
    private func rotate(_ rotation: Rotation, failuresAtTake: UInt64, _ result: inout JournalOutput.Result) -> RotationOutcome {
        // A failure the loop undid after taking its snapshot means the snapshot holds undone changes.
        guard rotation.failuresSeen == failuresAtTake else { return .abandoned("a journal write failed before the switch") }
        output.flush(segment, nextSequence: rotation.lastSequenceBefore + 1, &result)
        if result.failure != nil { return .abandoned("flushing the journal failed") }
        do {
            let next = try JournalSegment.create(in: directory, generation: rotation.generation, growthStep: segment.growthStep)
            segment.close()
            segment = next
            output.segmentChanged()
            return .switched
        } catch {
            // The writer stays on the old segment; a header-only file left behind replays as empty.
            try? FileSystem.remove(directory.journalPath(rotation.generation))
            try? directory.syncDirectory()
            return .abandoned(error.message)
        }
    }

    /// Waits for the flusher thread to finish any flush under way and takes in its outcome.
    private func settleFlusher(_ result: inout JournalOutput.Result) {
        guard let flusher else { return }
        let outcome = monitor.withLock {
            flusher.waitUntilIdle()
            return flusher.takeOutcome()
        }
        if let outcome { output.absorbFlush(outcome, segment: segment, nextSequence: lastTakenNow + 1, &result) }
    }

    private var lastTakenNow: UInt64 { monitor.withLock { lastTaken } }

    /// Call with the lock held.
    private func publish(_ result: JournalOutput.Result) {
        if let through = result.durableThrough { durableThrough = max(durableThrough, through) }
        flushes += result.flushes
        flushTimes.add(result.flushTimes)
        if let (generation, outcome) = result.rotation { rotationOutcomes[generation] = outcome }
        if let (from, reason) = result.failure {
            failures += 1
            failure = (from, reason)
            healthy = false
            // All later than the failure: the loop undoes them with it.
            pending.removeAll(keepingCapacity: true)
            if let rotation { rotationOutcomes[rotation.generation] = .abandoned("a journal write failed") }
            rotation = nil
        } else if result.wrote {
            healthy = true
        }
        monitor.broadcast()
    }

    /// Call with the lock held, at shutdown: flush what is written, whatever the policy,
    /// and end the segment with the mark of a clean stop.
    private func finishSegment() {
        var result = JournalOutput.Result()
        // The last everysec flush's outcome first: had it failed, its pages must be written again
        // before the closing mark may say that everything is on the disk.
        if let flusher {
            flusher.waitUntilIdle()
            if let outcome = flusher.takeOutcome() {
                output.absorbFlush(outcome, segment: segment, nextSequence: lastTaken + 1, &result)
            }
        }
        if output.repair(segment, &result) == nil { output.flush(segment, nextSequence: durableThrough + 1, &result) }
        if result.failure == nil { output.close(segment, &result) }
        flushes += result.flushes
    }
}
