import Glibc
@testable import MovieStore
import Testing

@Suite struct JournalRecoveryTests {
    /// The bytes `JournalRecord` uses for a set of this movie.
    private func recordSize(_ title: String, _ info: String) throws -> Int {
        let movie = try #require(try Catalogue().add(title: title, info: info).addedMovie)
        var bytes: [UInt8] = []
        JournalRecord.appendSet(movie, to: &bytes)
        return bytes.count
    }

    /// A directory whose journal holds three writes, each its own flushed batch, left by a crash
    /// (`cleanly`: by a clean stop, which ends the journal with a mark).
    private func threeBatches(_ scratch: ScratchDirectory, policy: SyncPolicy = .always, cleanly: Bool = false) throws -> String {
        let store = try openStore(scratch.data, policy: policy)
        for (title, info) in [("Alpha", "first"), ("Bravo", "second"), ("Charlie", "third")] {
            store.settle(store.add(title, info))
        }
        if cleanly { store.close() } else { store.simulateCrash() }
        return DataDirectory(path: scratch.data).journalPath(0)
    }

    @Test(arguments: [1, 2, 5, 8, 20, 24, 25, 30, 41])
    func aTornTailIsCutOffAndReported(cut: Int) throws {
        let scratch = ScratchDirectory()
        let journal = try threeBatches(scratch)
        let size = fileSize(journal)
        let end = recordsEnd(journal)
        let lastRecord = try recordSize("Charlie", "third")
        #expect(end == JournalRecord.headerCount + 3 * JournalRecord.markCount + 2 * (8 + 7) + "AlphafirstBravosecond".utf8.count + lastRecord)
        tearJournal(journal, by: cut)

        // Torn inside the last record, its mark stays whole; torn into the mark (past its high zero
        // bytes), the previous record ends the journal.
        let validEnd = recordsEnd(journal)
        #expect(validEnd == (cut <= lastRecord + 3 ? end - lastRecord : end - lastRecord - JournalRecord.markCount))
        let torn = max(0, endOfWrittenBytes(journal) - validEnd)
        let store = try openStore(scratch.data)
        #expect(store.recovery.bytesTruncated == torn)
        #expect(store.recovery.notes.contains { $0.contains("cut \(torn) bytes at offset \(validEnd)") } == (torn > 0))
        #expect(store.lines == ["Alpha | first", "Bravo | second"])
        #expect(fileSize(journal) == size, "a preallocated journal keeps its length")
        #expect(endOfWrittenBytes(journal) <= validEnd, "the torn bytes are zeroed")
        store.settle(store.add("Delta", "after the cut"))
        store.close()

        let again = try openStore(scratch.data)
        defer { again.close() }
        #expect(again.recovery.bytesTruncated == 0)
        #expect(again.lines == ["Alpha | first", "Bravo | second", "Delta | after the cut"])
    }

    @Test func damageBeforeLaterFlushedWritesStopsStartUp() throws {
        let scratch = ScratchDirectory()
        let journal = try threeBatches(scratch)
        let before = readFile(journal)
        let firstRecord = JournalRecord.headerCount + JournalRecord.markCount
        for offset in [firstRecord, firstRecord + 3, firstRecord + 9, firstRecord + 15] {
            flipByte(journal, at: offset)
            let error = #expect(throws: StoreError.self) { try openStore(scratch.data) }
            #expect(error?.kind == .corruptJournal)
            #expect(error?.path == journal)
            #expect(error?.offset == firstRecord)
            #expect(error?.message.contains("\(journal) is damaged at offset \(firstRecord)") == true)
            #expect(readFile(journal) == before.enumerated().map { $0.offset == offset ? ~$0.element : $0.element },
                    "a refused journal is left untouched")
            flipByte(journal, at: offset)
        }
        let store = try openStore(scratch.data)
        defer { store.close() }
        #expect(store.catalogue.count == 3)
    }

    @Test func damageInTheLastWriteAfterACrashCannotBeToldFromATornOne() throws {
        let scratch = ScratchDirectory()
        let journal = try threeBatches(scratch)
        let lastRecord = try recordSize("Charlie", "third")
        flipByte(journal, at: recordsEnd(journal) - lastRecord + 10)
        let store = try openStore(scratch.data)
        defer { store.close() }
        #expect(store.recovery.bytesTruncated == lastRecord)
        #expect(store.recovery.notes.contains { $0.contains("or, had no crash come, damage to that last write") })
        #expect(store.lines == ["Alpha | first", "Bravo | second"])
    }

    @Test func damageInTheLastWriteAfterACleanStopIsRefused() throws {
        let scratch = ScratchDirectory()
        let journal = try threeBatches(scratch, cleanly: true)
        let lastRecord = try recordSize("Charlie", "third")
        // The clean stop's mark follows the last record.
        let lastRecordStart = recordsEnd(journal) - JournalRecord.markCount - lastRecord
        flipByte(journal, at: lastRecordStart + 10)
        let error = #expect(throws: StoreError.self) { try openStore(scratch.data) }
        #expect(error?.kind == .corruptJournal)
        #expect(error?.offset == lastRecordStart)
        #expect(error?.message.contains("known to have been flushed") == true)
    }

    @Test func aJournalCutShortIsRefusedUntilItIsGivenRoomAgain() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data)
        var last: CommitTicket?
        for number in 0..<800 { last = store.add("Movie \(number)", "info \(number)") }
        store.settle(last)
        store.close()
        let journal = DataDirectory(path: scratch.data).journalPath(0)
        let half = recordsEnd(journal) / 2
        truncateFile(journal, to: half)

        let error = #expect(throws: StoreError.self) { try openStore(scratch.data) }
        #expect(error?.kind == .corruptJournal)
        #expect(error?.message.contains("was cut short") == true)
        #expect(error?.message.contains("truncate -s +1M \(journal)") == true)
        #expect(fileSize(journal) == half, "a refused journal is left untouched")

        // The fix the message gives: zeros after what is left, which then reads as a torn tail.
        truncateFile(journal, to: half + (1 << 20))
        let reopened = try openStore(scratch.data)
        defer { reopened.close() }
        #expect(reopened.catalogue.count > 300 && reopened.catalogue.count < 500)
    }

    @Test func aMissingJournalIsRefusedUnlessTheLossIsAccepted() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data, seed: "Alpha | first\n")
        store.settle(store.add("Bravo", "second"))
        store.close()
        let journal = DataDirectory(path: scratch.data).journalPath(0)
        try FileSystem.remove(journal)

        let error = #expect(throws: StoreError.self) { try openStore(scratch.data) }
        #expect(error?.kind == .inconsistentDirectory)
        #expect(error?.path == journal)
        #expect(error?.message.contains("--accept-journal-loss") == true)

        let accepted = try openStore(scratch.data, options: DurabilityOptions(acceptsJournalLoss: true))
        #expect(accepted.lines == ["Alpha | first"])
        #expect(accepted.recovery.notes.contains { $0.contains("started without the changes made after snapshot 0") })
        accepted.settle(accepted.add("Charlie", "third"))
        accepted.close()
        let again = try openStore(scratch.data)
        defer { again.close() }
        #expect(again.lines == ["Alpha | first", "Charlie | third"])
    }

    @Test func anEmptiedJournalIsRefusedUnlessTheLossIsAccepted() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data, seed: "Alpha | first\n")
        store.settle(store.add("Bravo", "second"))
        store.close()
        let journal = DataDirectory(path: scratch.data).journalPath(0)
        truncateFile(journal, to: 0)

        let error = #expect(throws: StoreError.self) { try openStore(scratch.data) }
        #expect(error?.kind == .corruptJournal)
        #expect(error?.message.contains("the file is empty") == true)

        let accepted = try openStore(scratch.data, options: DurabilityOptions(acceptsJournalLoss: true))
        defer { accepted.close() }
        #expect(accepted.lines == ["Alpha | first"])
    }

    /// A crashed everysec directory whose journal holds 400 unflushed records in 8 writes.
    private func unflushedJournal(_ scratch: ScratchDirectory) throws -> String {
        let store = try openStore(scratch.data, policy: .everysec)
        for batch in 0..<8 {
            var last: CommitTicket?
            for number in 0..<50 { last = store.add("Movie \(batch * 50 + number)", "some info for movie \(number)") }
            store.settle(last)
        }
        #expect(store.statistics.journalFlushes == 0)
        store.simulateCrash()
        return DataDirectory(path: scratch.data).journalPath(0)
    }

    /// Where the record holding byte `offset` starts, and how many movies the records before it set.
    private func recordStart(holding offset: Int, in journal: String) -> (start: Int, moviesBefore: Int) {
        readFile(journal).withUnsafeBytes { bytes in
            var position = JournalRecord.headerCount
            var movies = 0
            while let (entry, size) = JournalRecord.decode(bytes, at: position), position + size <= offset {
                if case .set = entry { movies += 1 }
                position += size
            }
            return (position, movies)
        }
    }

    @Test func aPageAPowerCutLostIsATornTailEvenWithIntactRecordsAfterIt() throws {
        // Under everysec nothing after the header was flushed yet: a power cut may have
        // written later pages and lost an earlier one, which reads as zeros.
        let scratch = ScratchDirectory()
        let journal = try unflushedJournal(scratch)
        let size = recordsEnd(journal)
        #expect(size > 3 * JournalReader.pageSize)
        let (start, moviesBefore) = recordStart(holding: JournalReader.pageSize, in: journal)
        let descriptor = open(journal, O_WRONLY)
        let zeros = [UInt8](repeating: 0, count: JournalReader.pageSize)
        #expect(pwrite(descriptor, zeros, zeros.count, off_t(JournalReader.pageSize)) == zeros.count)
        close(descriptor)

        let reopened = try openStore(scratch.data, policy: .everysec)
        defer { reopened.close() }
        #expect(reopened.catalogue.count == moviesBefore)
        #expect(moviesBefore > 50 && moviesBefore < 400)
        #expect(reopened.recovery.bytesTruncated == size - start)
        #expect(reopened.recovery.notes.contains { $0.contains("intact records beyond a page the disk never got") })
    }

    @Test func otherDamageWithIntactRecordsAfterItIsCorruptionEvenIfUnflushed() throws {
        let scratch = ScratchDirectory()
        let journal = try unflushedJournal(scratch)
        let (start, _) = recordStart(holding: JournalReader.pageSize, in: journal)
        flipByte(journal, at: JournalReader.pageSize)
        let error = #expect(throws: StoreError.self) { try openStore(scratch.data, policy: .everysec) }
        #expect(error?.kind == .corruptJournal)
        #expect(error?.offset == start)
        #expect(error?.message.contains("intact records") == true)
    }

    @Test func aSegmentWhoseCreationWasCutShortStartsAfresh() throws {
        // A compaction switched to journal 1 and crashed before its snapshot; journal 1's creation was cut short.
        let scratch = ScratchDirectory()
        let directory = DataDirectory(path: scratch.data)
        let store = try openStore(scratch.data, seed: "Alpha | first\n", crashHook: { $0 == .compactionAfterRotate })
        store.settle(store.add("Bravo", "second"))
        #expect(store.startCompaction())
        store.waitForCompaction()
        store.simulateCrash()
        #expect(directory.fileNames.contains("journal-000001.log"))
        #expect(!directory.fileNames.contains("snapshot-000001.mvs"))
        truncateFile(directory.journalPath(1), to: 5)

        let reopened = try openStore(scratch.data)
        #expect(reopened.recovery.bytesTruncated == 5)
        #expect(reopened.recovery.notes.contains { $0.contains("creation was cut short") })
        #expect(reopened.lines == ["Alpha | first", "Bravo | second"])
        reopened.settle(reopened.add("Charlie", "third"))
        reopened.close()
        let again = try openStore(scratch.data)
        defer { again.close() }
        #expect(again.catalogue.count == 3)
    }

    @Test func theJournalASnapshotCountsOnIsNeverTakenForAnUnfinishedOne() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data, seed: "Alpha | first\n")
        store.close()
        let journal = DataDirectory(path: scratch.data).journalPath(0)
        truncateFile(journal, to: 5)
        let error = #expect(throws: StoreError.self) { try openStore(scratch.data) }
        #expect(error?.kind == .corruptJournal)
        #expect(error?.offset == 0)
    }

    @Test func aFirstStartACrashCutShortStartsAgain() throws {
        // Journal 0 comes before snapshot 0: a crash between them leaves an unused journal alone.
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data, seed: "Alpha | first\n")
        store.simulateCrash()
        try FileSystem.remove(DataDirectory(path: scratch.data).snapshotPath(0))
        let reopened = try openStore(scratch.data, seed: "Alpha | first\n")
        defer { reopened.close() }
        #expect(reopened.recovery.created)
        #expect(reopened.lines == ["Alpha | first"])
    }

    @Test func theJournalGrowsInStepsOfZerosAheadOfItsRecords() throws {
        let scratch = ScratchDirectory()
        let options = DurabilityOptions(journalGrowthBytes: 8192)
        let store = try openStore(scratch.data, options: options)
        let journal = DataDirectory(path: scratch.data).journalPath(0)
        #expect(fileSize(journal) == 8192)
        var last: CommitTicket?
        for number in 0..<2_000 { last = store.add("Movie \(number)", "info \(number)") }
        store.settle(last)
        let end = recordsEnd(journal)
        #expect(end > 40_000)
        #expect(fileSize(journal) % 8192 == 0)
        #expect(fileSize(journal) >= end + JournalSegment.minimumFreeBytes)
        store.close()
        let reopened = try openStore(scratch.data, options: options)
        defer { reopened.close() }
        #expect(reopened.catalogue.count == 2_000)
        #expect(reopened.recovery.bytesTruncated == 0)
    }

    @Test func aJournalOfTheAppendedLayoutIsReadAndWritesGoToANewOne() throws {
        let scratch = ScratchDirectory()
        let directory = DataDirectory(path: scratch.data)
        try openStore(scratch.data).close()
        // What movied wrote before journals were preallocated: version 1, ending at its last record.
        var bytes = Array("MVDJRNL".utf8) + [1]
        bytes.appendLittleEndian(UInt64(0))
        JournalRecord.appendMark(durableLength: JournalRecord.headerCount, to: &bytes)
        let movie = try #require(try Catalogue().add(title: "Old Layout", info: "kept").addedMovie)
        JournalRecord.appendSet(movie, to: &bytes)
        let descriptor = open(directory.journalPath(0), O_WRONLY | O_TRUNC)
        #expect(write(descriptor, bytes, bytes.count) == bytes.count)
        close(descriptor)

        let reopened = try openStore(scratch.data)
        #expect(reopened.lines == ["Old Layout | kept"])
        #expect(directory.fileNames.contains("journal-000001.log"))
        #expect(readFile(directory.journalPath(0)) == bytes, "the old journal is read, never appended to")
        reopened.settle(reopened.add("New Layout", "too"))
        reopened.close()
        let again = try openStore(scratch.data)
        defer { again.close() }
        #expect(again.lines == ["New Layout | too", "Old Layout | kept"])
    }

    @Test func aJournalWithoutItsSnapshotIsRefused() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data)
        store.close()
        try FileSystem.remove(DataDirectory(path: scratch.data).snapshotPath(0))
        let error = #expect(throws: StoreError.self) { try openStore(scratch.data) }
        #expect(error?.kind == .inconsistentDirectory)
    }
}
