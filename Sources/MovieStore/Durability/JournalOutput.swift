import Glibc
import Primitives

/// The journal writer's I/O on its segment: appending a batch, flushing, and
/// putting the file back in order after a failure. Writer thread only.
final class JournalOutput {
    /// What one round of I/O achieved, for the writer to publish.
    struct Result {
        /// The highest sequence now as durable as the policy promises.
        var durableThrough: UInt64?
        /// The first sequence that could not be made durable, and why.
        var failure: (from: UInt64, reason: String)?
        var rotation: (UInt64, JournalWriter.RotationOutcome)?
        var flushes = 0
        /// How long each of those flushes took.
        var flushTimes = LatencyHistogram()
        /// Something reached the file: the disk takes writes again.
        var wrote = false

        /// Records a failure from `sequence` on; of several, the earliest counts.
        mutating func fail(from sequence: UInt64, _ reason: String) {
            if let failure, failure.from <= sequence { return }
            failure = (sequence, reason)
        }
    }

    /// Under `everysec`, unflushed bytes past this force a flush before the second is up.
    static let unflushedLimit = 64 << 20

    private let policy: SyncPolicy
    private let faults: FaultInjection
    private let crashHook: CrashPoints.Hook?
    private var buffer: [UInt8] = []
    /// `everysec`: what was written since the last flush, to write again if a flush fails
    /// (after a failed `fdatasync` the kernel may have dropped those pages).
    private var unflushed: [UInt8] = []
    private var needsRewrite = false
    /// Bytes up to here past `segment.length` may hold a failed batch that could not be
    /// erased yet; `repair` zeroes them before anything else is written.
    private var erasedThrough: Int?

    /// Whether `repair` has work to do.
    var needsRepair: Bool { needsRewrite || erasedThrough != nil }
    private var lastFlush = MonotonicClock.seconds(fromNanoseconds: MonotonicClock.nanoseconds())

    init(policy: SyncPolicy, faults: FaultInjection, crashHook: CrashPoints.Hook?) {
        self.policy = policy
        self.faults = faults
        self.crashHook = crashHook
    }

    /// Writes `records` (sequences `sequences`) after a mark, and under `always` flushes them.
    func append(_ records: ArraySlice<UInt8>, sequences: ClosedRange<UInt64>, to segment: JournalSegment, _ result: inout Result) {
        JournalDelay.wait()
        buffer.removeAll(keepingCapacity: true)
        JournalRecord.appendMark(durableLength: segment.durableLength, to: &buffer)
        buffer.append(contentsOf: records)
        let start = segment.length
        if let failure = segment.reserve(through: start + buffer.count) {
            syncMayHaveFailed(segment)
            result.fail(from: sequences.lowerBound, "making room in \(segment.path): \(Errno(rawValue: failure))")
            return
        }
        if let failure = faults.takeWriteFailure() ?? buffer.withUnsafeBytes({ FileSystem.write(segment.descriptor, $0, at: start) }) {
            cutBack(segment, to: start, written: buffer.count)
            result.fail(from: sequences.lowerBound, "writing \(segment.path): \(Errno(rawValue: failure))")
            return
        }
        segment.length = start + buffer.count
        result.wrote = true
        _ = CrashPoints.reached(.journalAfterWriteBeforeSync, hook: crashHook)
        switch policy {
        case .always:
            if let failure = sync(segment, &result) {
                cutBack(segment, to: start, written: buffer.count)
                result.fail(from: sequences.lowerBound, "flushing \(segment.path): \(Errno(rawValue: failure))")
                return
            }
            result.durableThrough = sequences.upperBound
        case .everysec:
            // Acknowledged now; the flusher thread flushes (`flushIsDue`), so answers never wait for it.
            unflushed.append(contentsOf: buffer)
            result.durableThrough = sequences.upperBound
        case .never:
            result.durableThrough = sequences.upperBound
        }
    }

    /// Whether `everysec` wants a flush now: asked for (the tick), a second has
    /// passed since the last, or much is unflushed; never while repairs are due.
    func flushIsDue(_ segment: JournalSegment, asked: Bool) -> Bool {
        policy == .everysec && segment.length > segment.durableLength && !needsRepair
            && (asked || MonotonicClock.seconds(fromNanoseconds: MonotonicClock.nanoseconds()) - lastFlush >= 1 || unflushed.count >= Self.unflushedLimit)
    }

    /// A flush of the first `segment.length` bytes starts on the flusher thread.
    func flushStarted() {
        lastFlush = MonotonicClock.seconds(fromNanoseconds: MonotonicClock.nanoseconds())
    }

    /// Takes in what the flusher thread's `fdatasync` did. A failure fails the
    /// sequences from `nextSequence` on (those before are acknowledged) and keeps
    /// the unflushed bytes to write again.
    func absorbFlush(_ outcome: JournalFlusher.Outcome, segment: JournalSegment, nextSequence: UInt64, _ result: inout Result) {
        result.flushes += 1
        result.flushTimes.record(nanoseconds: outcome.nanoseconds)
        if let failure = outcome.failure {
            needsRewrite = true
            result.fail(from: nextSequence, "flushing \(segment.path): \(Errno(rawValue: failure))")
            return
        }
        let covered = min(outcome.length - segment.durableLength, unflushed.count)
        guard covered > 0 else { return }
        unflushed.removeFirst(covered)
        segment.durableLength += covered
    }

    /// Flushes what is written but not yet flushed. A failure fails the sequences from `nextSequence`
    /// on (those before it are acknowledged already) and, under `everysec`, keeps the bytes to write again.
    func flush(_ segment: JournalSegment, nextSequence: UInt64, _ result: inout Result) {
        guard segment.length > segment.durableLength else { return }
        if let failure = sync(segment, &result) {
            if policy == .everysec { needsRewrite = true }
            result.fail(from: nextSequence, "flushing \(segment.path): \(Errno(rawValue: failure))")
        }
    }

    /// Proves the disk takes writes again, with nothing queued to prove it: room for a growth
    /// step of records (a short mark alone could still fit in a journal the disk cannot grow),
    /// then a mark, written and flushed.
    func probe(_ segment: JournalSegment, _ result: inout Result) {
        guard segment.reserve(through: segment.length + segment.growthStep) == nil else { return }
        if writeMark(segment, &result) { result.wrote = true }
    }

    /// Ends the segment of a clean stop, once everything before is flushed: a mark whose
    /// flushed length is its own offset, so that damage to any record before it reads as
    /// damage, never as a write a crash cut short.
    func close(_ segment: JournalSegment, _ result: inout Result) {
        guard segment.length == segment.durableLength, !needsRepair else { return }
        _ = writeMark(segment, &result)
    }

    /// A mark, written and flushed; whether that worked (if not, it is taken back out).
    private func writeMark(_ segment: JournalSegment, _ result: inout Result) -> Bool {
        buffer.removeAll(keepingCapacity: true)
        JournalRecord.appendMark(durableLength: segment.durableLength, to: &buffer)
        let start = segment.length
        guard segment.reserve(through: start + buffer.count) == nil else {
            syncMayHaveFailed(segment)
            return false
        }
        if faults.takeWriteFailure() ?? buffer.withUnsafeBytes({ FileSystem.write(segment.descriptor, $0, at: start) }) != nil {
            cutBack(segment, to: start, written: buffer.count)
            return false
        }
        segment.length = start + buffer.count
        if sync(segment, &result) != nil {
            cutBack(segment, to: start, written: buffer.count)
            syncMayHaveFailed(segment)
            return false
        }
        return true
    }

    /// After a failed `fdatasync` (or a failure that may have been one), `everysec` writes its
    /// unflushed bytes again before anything else: the kernel reports a writeback error once,
    /// so a later flush could succeed over pages that never reached the disk.
    private func syncMayHaveFailed(_ segment: JournalSegment) {
        if policy == .everysec && segment.length > segment.durableLength { needsRewrite = true }
    }

    /// Puts the file back in order after a failure, before anything else is written;
    /// nil when it is (or already was) in order, else why not.
    func repair(_ segment: JournalSegment, _ result: inout Result) -> String? {
        if needsRewrite {
            let descriptor = segment.descriptor
            let failure = faults.takeWriteFailure()
                ?? unflushed.withUnsafeBytes { FileSystem.write(descriptor, $0, at: segment.durableLength) }
            if let failure { return "rewriting \(segment.path): \(Errno(rawValue: failure))" }
            segment.length = segment.durableLength + unflushed.count
            if let failure = sync(segment, &result) { return "flushing \(segment.path): \(Errno(rawValue: failure))" }
            needsRewrite = false
        }
        if let end = erasedThrough {
            if end > segment.length, let failure = segment.erase(from: segment.length, count: end - segment.length)
                ?? FileSystem.syncData(segment.descriptor) {
                return "erasing a failed write from \(segment.path): \(Errno(rawValue: failure))"
            }
            erasedThrough = nil
        }
        return nil
    }

    /// The writer moved to a new segment; the old one was flushed.
    func segmentChanged() {
        unflushed = []
        lastFlush = MonotonicClock.seconds(fromNanoseconds: MonotonicClock.nanoseconds())
    }

    /// `fdatasync`, counted; on success everything written is durable.
    private func sync(_ segment: JournalSegment, _ result: inout Result) -> Int32? {
        result.flushes += 1
        let started = MonotonicClock.nanoseconds()
        let failure = faults.takeSyncFailure() ?? FileSystem.syncData(segment.descriptor)
        result.flushTimes.record(nanoseconds: MonotonicClock.nanoseconds() &- started)
        if let failure { return failure }
        segment.durableLength = segment.length
        if unflushed.capacity > 1 << 20 { unflushed = [] } else { unflushed.removeAll(keepingCapacity: true) }
        lastFlush = MonotonicClock.seconds(fromNanoseconds: MonotonicClock.nanoseconds())
        return nil
    }

    /// Takes a failed batch of `written` bytes at `length` back out of the file, so that it is
    /// not replayed after a restart; if that fails too, `repair` tries again before the next write.
    private func cutBack(_ segment: JournalSegment, to length: Int, written: Int) {
        segment.length = length
        if segment.erase(from: length, count: written) ?? FileSystem.syncData(segment.descriptor) != nil {
            erasedThrough = max(erasedThrough ?? 0, length + written)
            syncMayHaveFailed(segment)
        }
    }
}
