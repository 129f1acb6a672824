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

    /// A directory whose journal holds three writes, each its own flushed batch.
    private func threeBatches(_ scratch: ScratchDirectory, policy: SyncPolicy = .always) throws -> String {
        let store = try openStore(scratch.data, policy: policy)
        for (title, info) in [("Alpha", "first"), ("Bravo", "second"), ("Charlie", "third")] {
            store.settle(store.add(title, info))
        }
        store.close()
        return DataDirectory(path: scratch.data).journalPath(0)
    }

    @Test(arguments: [1, 2, 5, 8, 20, 24, 25, 30, 41])
    func aTornTailIsCutOffAndReported(cut: Int) throws {
        let scratch = ScratchDirectory()
        let journal = try threeBatches(scratch)
        let size = fileSize(journal)
        let lastRecord = try recordSize("Charlie", "third")
        #expect(size == JournalRecord.headerCount + 3 * JournalRecord.markCount + 2 * (8 + 7) + "AlphafirstBravosecond".utf8.count + lastRecord)
        truncateFile(journal, to: size - cut)

        // Cut inside the last record, its mark stays valid; cut into the mark, the previous record ends the journal.
        let validEnd = cut < lastRecord ? size - lastRecord : size - lastRecord - JournalRecord.markCount
        let store = try openStore(scratch.data)
        #expect(store.recovery.bytesTruncated == size - cut - validEnd)
        #expect(store.recovery.notes.contains { $0.contains("torn tail of \(size - cut - validEnd) bytes") })
        #expect(store.lines == ["Alpha | first", "Bravo | second"])
        #expect(fileSize(journal) == validEnd)
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
            #expect(readFile(journal).count == before.count, "a refused journal is left untouched")
            flipByte(journal, at: offset)
        }
        let store = try openStore(scratch.data)
        defer { store.close() }
        #expect(store.catalogue.count == 3)
    }

    @Test func damageInTheLastWriteCannotBeToldFromATornOne() throws {
        let scratch = ScratchDirectory()
        let journal = try threeBatches(scratch)
        let lastRecord = try recordSize("Charlie", "third")
        flipByte(journal, at: fileSize(journal) - lastRecord + 10)
        let store = try openStore(scratch.data)
        defer { store.close() }
        #expect(store.recovery.bytesTruncated == lastRecord)
        #expect(store.lines == ["Alpha | first", "Bravo | second"])
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
        let size = fileSize(journal)
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

    @Test func aSegmentWhoseHeaderWasCutShortStartsAfresh() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data, seed: "Alpha | first\n")
        store.close()
        let journal = DataDirectory(path: scratch.data).journalPath(0)
        truncateFile(journal, to: 5)
        let reopened = try openStore(scratch.data)
        #expect(reopened.recovery.bytesTruncated == 5)
        #expect(reopened.lines == ["Alpha | first"])
        reopened.settle(reopened.add("Bravo", "second"))
        reopened.close()
        let again = try openStore(scratch.data)
        defer { again.close() }
        #expect(again.catalogue.count == 2)
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
