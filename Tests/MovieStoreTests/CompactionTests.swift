@testable import MovieStore
import Primitives
import Testing

/// Holds a background thread at a step until the test lets it go on.
final class Gate: @unchecked Sendable {
    private let monitor = Monitor()
    private var reached = false
    private var open = false

    /// Called on the held thread.
    func arrive() {
        monitor.withLock {
            reached = true
            monitor.broadcast()
            while !open { monitor.wait() }
        }
    }

    func waitUntilReached() {
        monitor.withLock { while !reached { monitor.wait(seconds: 0.1) } }
    }

    func release() {
        monitor.withLock {
            open = true
            monitor.broadcast()
        }
    }
}

@Suite struct CompactionTests {
    @Test func writesDuringACompactionSurviveAndOldFilesGo() throws {
        let scratch = ScratchDirectory()
        let directory = DataDirectory(path: scratch.data)
        let gate = Gate()
        let store = try openStore(scratch.data, crashHook: { point in
            if point == .compactionAfterRotate { gate.arrive() }
            return false
        })
        var last: CommitTicket?
        for number in 0..<20_000 { last = store.add("Movie \(number)", "info \(number)") }
        store.settle(last)
        let atSnapshot = store.lines

        #expect(store.startCompaction())
        #expect(store.startCompaction() == false, "one at a time")
        gate.waitUntilReached()
        // The writer has switched segments; these go to journal 1 while the snapshot waits.
        for number in 0..<300 { store.edit("Movie \(number)", "edited during compaction") }
        for number in 300..<400 { store.delete("Movie \(number)") }
        last = store.add("Added during compaction", "x")
        store.settle(last)
        gate.release()
        // And these while the snapshot is being written.
        var written = 0
        while store.isCompacting {
            last = store.put("Concurrent \(written)", "while writing the snapshot")
            written += 1
            _ = store.collectCompletions()
        }
        store.settle(last)
        #expect(store.statistics.compactions == 1)
        #expect(directory.fileNames == ["LOCK", "journal-000001.log", "snapshot-000001.mvs"])
        #expect(store.statistics.journalBytes < fileSize(directory.snapshotPath(1)))

        let loader = CatalogueLoader()
        #expect(try SnapshotReader.load(path: directory.snapshotPath(1), generation: 1, into: loader) == 20_000)
        #expect(loader.finish().snapshot().map(\.lineString) == atSnapshot, "the snapshot is the catalogue at the instant it began")

        let expected = store.lines
        #expect(expected.count == 20_000 - 100 + 1 + written)
        store.close()
        let reopened = try openStore(scratch.data)
        defer { reopened.close() }
        #expect(reopened.recovery.snapshotGeneration == 1)
        #expect(reopened.recovery.recordsReplayed == 300 + 100 + 1 + written)
        #expect(reopened.lines == expected)
    }

    @Test func theTickCompactsAGrowingJournal() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data, options: DurabilityOptions(compactionMinimumBytes: 8 << 10, compactionSnapshotRatio: 2))
        defer { store.close() }
        var last: CommitTicket?
        for number in 0..<100 { last = store.put("Movie \(number)", "short") }
        store.settle(last)
        store.tick()
        #expect(store.isCompacting == false, "about 4 KiB of journal is under the threshold")
        for number in 0..<200 { last = store.put("Movie \(number)", "a little longer now") }
        store.settle(last)
        store.tick()
        #expect(store.isCompacting)
        store.waitForCompaction()
        #expect(store.statistics.compactions == 1)
        #expect(store.statistics.journalBytes == 0)
        #expect(DataDirectory(path: scratch.data).fileNames == ["LOCK", "journal-000001.log", "snapshot-000001.mvs"])
    }

    @Test(arguments: [CrashPoint.compactionAfterRotate, .compactionAfterTempWrite, .compactionAfterRename, .compactionBeforeDeleteOld])
    func aCrashAtAnyStepOfCompactionLosesNothing(step: CrashPoint) throws {
        let scratch = ScratchDirectory()
        let directory = DataDirectory(path: scratch.data)
        let store = try openStore(scratch.data, seed: "Seeded | movie\n", crashHook: { $0 == step })
        var last: CommitTicket?
        for number in 0..<100 { last = store.add("Before \(number)", "\(number)") }
        store.settle(last)
        #expect(store.startCompaction())
        store.waitForCompaction()
        #expect(store.statistics.compactions == 0, "halted at \(step.rawValue)")
        for number in 0..<50 { last = store.add("After \(number)", "\(number)") }
        store.delete("Before 7")
        last = store.edit("Before 8", "edited after the snapshot")
        store.settle(last)
        let expected = store.lines
        store.simulateCrash()

        let left: [String] = switch step {
        case .compactionAfterRotate:
            ["LOCK", "journal-000000.log", "journal-000001.log", "snapshot-000000.mvs"]
        case .compactionAfterTempWrite:
            ["LOCK", "journal-000000.log", "journal-000001.log", "snapshot-000000.mvs", "snapshot-000001.mvs.tmp"]
        default:
            ["LOCK", "journal-000000.log", "journal-000001.log", "snapshot-000000.mvs", "snapshot-000001.mvs"]
        }
        #expect(directory.fileNames == left)

        let reopened = try openStore(scratch.data)
        #expect(reopened.lines == expected)
        let snapshotDone = step == .compactionAfterRename || step == .compactionBeforeDeleteOld
        #expect(reopened.recovery.snapshotGeneration == (snapshotDone ? 1 : 0))
        #expect(reopened.recovery.recordsReplayed == (snapshotDone ? 52 : 152))
        #expect(directory.fileNames == (snapshotDone
            ? ["LOCK", "journal-000001.log", "snapshot-000001.mvs"]
            : ["LOCK", "journal-000000.log", "journal-000001.log", "snapshot-000000.mvs"]))

        // The next compaction tidies up whatever is left.
        #expect(reopened.startCompaction())
        reopened.waitForCompaction()
        #expect(reopened.statistics.compactions == 1)
        #expect(directory.fileNames == ["LOCK", "journal-000002.log", "snapshot-000002.mvs"])
        reopened.close()
        let last2 = try openStore(scratch.data)
        defer { last2.close() }
        #expect(last2.lines == expected)
        #expect(last2.recovery.recordsReplayed == 0)
    }

    @Test func aFailedCompactionKeepsEverythingAndALaterOneSucceeds() throws {
        let scratch = ScratchDirectory()
        let directory = DataDirectory(path: scratch.data)
        let store = try openStore(scratch.data)
        var last: CommitTicket?
        for number in 0..<100 { last = store.add("Movie \(number)", "\(number)") }
        store.settle(last)
        store.faults.failWrites(1)
        #expect(store.startCompaction())
        store.waitForCompaction()
        #expect(store.statistics.compactionsFailed == 1)
        #expect(store.acceptsWrites, "a failed snapshot does not stop writes")
        #expect(directory.fileNames == ["LOCK", "journal-000000.log", "journal-000001.log", "snapshot-000000.mvs"])
        last = store.add("After the failure", "kept")
        store.settle(last)
        #expect(store.startCompaction())
        store.waitForCompaction()
        #expect(store.statistics.compactions == 1)
        #expect(directory.fileNames == ["LOCK", "journal-000002.log", "snapshot-000002.mvs"])
        let expected = store.lines
        store.close()
        let reopened = try openStore(scratch.data)
        defer { reopened.close() }
        #expect(reopened.lines == expected)
        #expect(expected.count == 101)
    }

    @Test func onlyTheNewestJournalMayEndTorn() throws {
        let scratch = ScratchDirectory()
        let directory = DataDirectory(path: scratch.data)
        let store = try openStore(scratch.data, crashHook: { $0 == .compactionAfterRotate })
        store.settle(store.add("Old", "segment"))
        #expect(store.startCompaction())
        store.waitForCompaction()
        store.settle(store.add("New", "segment"))
        store.simulateCrash()
        tearJournal(directory.journalPath(0), by: 3)
        let error = #expect(throws: StoreError.self) { try openStore(scratch.data) }
        #expect(error?.kind == .corruptJournal)
        #expect(error?.path == directory.journalPath(0))
    }
}

@Suite struct TornJournalBeforeAnUnusedOneTests {
    @Test func aTornJournalBeforeAnUnusedOneKeepsItsZerosWhenCut() throws {
        // A switch made journal 1 and the crash came before anything went there: journal 0
        // is the newest that holds records, so it may end torn, and cutting it must leave it
        // preallocated, or the next start would find it cut short.
        let scratch = ScratchDirectory()
        let directory = DataDirectory(path: scratch.data)
        let store = try openStore(scratch.data, crashHook: { $0 == .compactionAfterRotate })
        store.settle(store.add("Alpha", "first"))
        store.settle(store.add("Bravo", "second"))
        #expect(store.startCompaction())
        store.waitForCompaction()
        store.simulateCrash()
        let size = fileSize(directory.journalPath(0))
        tearJournal(directory.journalPath(0), by: 5)

        let first = try openStore(scratch.data)
        #expect(first.lines == ["Alpha | first"])
        #expect(fileSize(directory.journalPath(0)) == size)
        first.close()
        let second = try openStore(scratch.data)
        defer { second.close() }
        #expect(second.lines == ["Alpha | first"])
    }
}

@Suite struct CompactionFailureTests {
    @Test func aCompactionWhoseSnapshotHoldsAFailedWriteIsGivenUp() throws {
        let scratch = ScratchDirectory()
        let directory = DataDirectory(path: scratch.data)
        let store = try openStore(scratch.data)
        store.settle(store.add("Kept", "durable"))
        store.faults.delaySyncs(seconds: 0.05)
        store.faults.failWrites(1)
        let doomed = try #require(store.add("Doomed", "its write fails"))
        // The snapshot is taken before the loop hears of the failure, so it holds the doomed add.
        #expect(store.startCompaction())
        let reports = store.settle(doomed)
        guard case .failed(let from, _)? = reports.last else {
            Issue.record("expected a failure, got \(reports)")
            return
        }
        #expect(from == doomed)
        store.waitForCompaction()
        #expect(store.statistics.compactions == 0)
        #expect(store.statistics.compactionsFailed == 1)
        #expect(!directory.fileNames.contains("snapshot-000001.mvs"), "a snapshot with an undone change must never be used")
        store.faults.delaySyncs(seconds: 0)
        store.waitUntilAcceptingWrites()
        store.settle(store.add("Later", "durable"))
        store.close()
        let reopened = try openStore(scratch.data)
        defer { reopened.close() }
        #expect(reopened.lines == ["Kept | durable", "Later | durable"])
    }
}
