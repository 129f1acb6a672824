import Glibc
@testable import MovieStore
import Testing

@Suite struct DurabilityTests {
    @Test func changesSurviveCloseAndReopen() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data)
        #expect(store.recovery.created && !store.recovery.seeded)
        #expect(store.recovery.description.hasPrefix("created a new, empty data directory"))
        #expect(store.catalogue.count == 0)
        store.add("The Matrix", "1999")
        store.add("AMÉLIE", "2001")
        store.add("Alien", "1979")
        store.edit("the matrix", "1999; Wachowski")
        store.put("Heat", "1995")
        store.put("alien", "1979; Scott")
        let last = store.delete("amélie")
        #expect(store.add("the MATRIX", "again") == nil, "EXISTS changes nothing, so has no ticket")
        #expect(store.delete("Nothing") == nil)
        let reports = store.settle(last)
        #expect(reports.last == .durable(through: try #require(last)))
        let expected = store.lines
        store.close()

        let reopened = try openStore(scratch.data)
        defer { reopened.close() }
        #expect(reopened.lines == expected)
        #expect(expected == ["Alien | 1979; Scott", "Heat | 1995", "The Matrix | 1999; Wachowski"])
        #expect(reopened.recovery.recordsReplayed == 7)
        #expect(!reopened.recovery.created)
        #expect(reopened.recovery.bytesTruncated == 0)
    }

    @Test func aNewDirectoryIsSeededOnceAndDurably() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data, seed: "# films\nThe Matrix | 1999\nAlien | 1979\n")
        #expect(store.recovery.seeded)
        #expect(store.recovery.movies == 2)
        #expect(DataDirectory(path: scratch.data).fileNames == ["LOCK", "journal-000000.log", "snapshot-000000.mvs"])
        store.delete("alien")
        store.close()

        let reopened = try openStore(scratch.data, seed: "Other | seed\n")
        #expect(reopened.recovery.seeded == false, "a directory with data ignores the seed")
        #expect(reopened.lines == ["The Matrix | 1999"])
        reopened.close()

        let bad = ScratchDirectory()
        let error = #expect(throws: StoreError.self) { try openStore(bad.data, seed: "Good | 1\nno bar here\n") }
        #expect(error?.kind == .badSeed)
        #expect(error?.message.contains("line 2") == true)
    }

    @Test func aSecondOpenOfTheSameDirectoryIsRefused() throws {
        let scratch = ScratchDirectory()
        let first = try openStore(scratch.data)
        let error = #expect(throws: StoreError.self) { try openStore(scratch.data) }
        #expect(error?.kind == .locked)
        #expect(error?.message.contains(scratch.data) == true)
        #expect(error?.message.contains("pid \(getpid())") == true)
        first.close()
        let second = try openStore(scratch.data)
        second.close()
    }

    @Test func writesThatArriveDuringAFlushShareTheNextOne() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data)
        defer { store.close() }
        let flushesBefore = store.statistics.journalFlushes
        store.faults.holdSyncs()
        var tickets: [CommitTicket] = [try #require(store.add("Movie 0", "info 0"))]
        store.handOffPendingWrites()
        store.faults.waitUntilASyncIsHeld()
        // 199 turns of the loop while the first write's flush runs, each handing over one write.
        for number in 1..<200 {
            tickets.append(try #require(store.add("Movie \(number)", "info \(number)")))
            store.handOffPendingWrites()
        }
        #expect(store.collectCompletions() == .none, "nothing is durable while the flush hangs")
        store.faults.releaseSyncs()
        #expect(tickets == tickets.sorted() && Set(tickets).count == 200, "tickets rise")
        let reports = store.settle(tickets.last)
        let flushes = store.statistics.journalFlushes - flushesBefore
        #expect(flushes == 2, "the 199 writes queued during the first flush share the next")
        // Progress comes in ticket order and ends exactly at the last ticket.
        var previous: CommitTicket?
        for report in reports {
            guard case .durable(let through) = report else { Issue.record("unexpected \(report)"); continue }
            if let previous { #expect(through > previous) }
            previous = through
        }
        #expect(previous == tickets.last)
        #expect(store.statistics.changesInFlight == 0)
    }

    @Test func aWriteIsVisibleAtOnceButDurableOnlyAfterItsFlush() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data)
        defer { store.close() }
        store.faults.holdSyncs()
        let ticket = try #require(store.add("Slow", "disk"))
        store.handOffPendingWrites()
        store.faults.waitUntilASyncIsHeld()
        #expect(try store.catalogue.movie(titled: "slow")?.infoString == "disk", "reads see the write at once")
        #expect(store.collectCompletions() == .none, "not durable while its flush runs")
        #expect(store.statistics.changesInFlight == 1)
        store.faults.releaseSyncs()
        #expect(store.settle(ticket).last == .durable(through: ticket))
    }

    @Test func aFullDiskFailsTheWritesUndoesThemAndRecovers() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data)
        let kept = try #require(store.add("Kept", "original"))
        store.settle(kept)

        store.faults.failWrites(3)
        let failedAdd = try #require(store.add("Lost", "never durable"))
        let failedEdit = try #require(store.edit("kept", "changed"))
        let failedDelete = try #require(store.delete("kept"))
        #expect(try store.catalogue.movie(titled: "lost") != nil)
        let reports = store.settle(failedDelete)
        guard case .failed(let from, let reason)? = reports.last else {
            Issue.record("expected a failure, got \(reports)")
            return
        }
        #expect(from == failedAdd, "the failure covers every write of the batch")
        #expect(failedEdit > from)
        #expect(reason.contains("No space left on device"))
        #expect(store.acceptsWrites == false)
        #expect(try store.catalogue.movie(titled: "lost") == nil, "the failed add is undone")
        #expect(try store.catalogue.movie(titled: "kept")?.infoString == "original", "the failed edit and delete are undone")
        #expect(store.catalogue.count == 1)
        #expect(store.statistics.changesInFlight == 0)

        // The two remaining injected failures make the first retries fail too; then the disk "recovers".
        store.waitUntilAcceptingWrites()
        #expect(store.acceptsWrites)
        let after = try #require(store.add("After", "recovery"))
        #expect(store.settle(after).last == .durable(through: after))
        let expected = store.lines
        store.close()

        let reopened = try openStore(scratch.data)
        defer { reopened.close() }
        #expect(reopened.lines == expected)
        #expect(expected == ["After | recovery", "Kept | original"])
        #expect(reopened.recovery.bytesTruncated == 0, "the failed batch was cut back out of the journal")
    }

    @Test func aFailedFlushUnderAlwaysIsAFailedWrite() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data)
        store.faults.failSyncs(1)
        let ticket = try #require(store.put("Flaky", "disk"))
        guard case .failed(let from, let reason)? = store.settle(ticket).last else {
            Issue.record("expected a failure")
            return
        }
        #expect(from == ticket)
        #expect(reason.contains("Input/output error"))
        #expect(store.catalogue.count == 0)
        store.waitUntilAcceptingWrites()
        let later = try #require(store.put("Steady", "disk"))
        store.settle(later)
        store.close()
        let reopened = try openStore(scratch.data)
        defer { reopened.close() }
        #expect(reopened.lines == ["Steady | disk"])
    }

    @Test func everysecKeepsAcknowledgedWritesThroughAFailedFlush() throws {
        let scratch = ScratchDirectory()
        let store = try openStore(scratch.data, policy: .everysec)
        let ticket = try #require(store.add("Acked", "before the flush"))
        #expect(store.settle(ticket).last == .durable(through: ticket), "everysec acknowledges once written")
        #expect(store.statistics.journalFlushes == 0)
        store.faults.failSyncs(1)
        store.tick()
        let reports = store.collect { reports in reports.contains { if case .failed = $0 { true } else { false } } }
        guard case .failed(let from, _)? = reports.last else {
            Issue.record("expected a failure, got \(reports)")
            return
        }
        #expect(from > ticket, "nothing acknowledged is failed")
        #expect(try store.catalogue.movie(titled: "acked") != nil)
        #expect(store.acceptsWrites == false)
        store.waitUntilAcceptingWrites()
        #expect(store.statistics.journalFlushes >= 2, "the retry wrote the unflushed bytes again and flushed them")
        store.close()
        let reopened = try openStore(scratch.data, policy: .everysec)
        defer { reopened.close() }
        #expect(reopened.lines == ["Acked | before the flush"])
    }

    @Test func neverAndEverysecAcknowledgeWithoutWaitingForAFlush() throws {
        for policy in [SyncPolicy.never, .everysec] {
            let scratch = ScratchDirectory()
            let store = try openStore(scratch.data, policy: policy)
            store.faults.holdSyncs()
            var last: CommitTicket?
            for number in 0..<50 {
                last = store.add("Movie \(number)", "\(policy)")
                if number % 10 == 9 { store.tick() }
            }
            #expect(store.settle(last).last == .durable(through: try #require(last)), "\(policy): acknowledged though no flush can finish")
            #expect(store.statistics.changesInFlight == 0, "\(policy)")
            store.faults.releaseSyncs()
            store.simulateCrash()
            let reopened = try openStore(scratch.data, policy: policy)
            #expect(reopened.catalogue.count == 50, "\(policy): written to the kernel, so it survives the process")
            reopened.close()
        }
    }
}
