import Glibc

/// Start-up: turns whatever a data directory holds, after a clean stop or a
/// crash at any point, into a catalogue and a journal segment to append to.
enum Recovery {
    struct Recovered {
        let catalogue: Catalogue
        let segment: JournalSegment
        var report: RecoveryReport
        let snapshotBytes: Int
        let journalBytes: Int
        let nextGeneration: UInt64
    }

    static func run(_ directory: DataDirectory, seed: [UInt8]?, options: DurabilityOptions) throws(StoreError) -> Recovered {
        let started = ContinuousClock.now
        var report = RecoveryReport()
        var listing = try directory.list()
        for temporary in listing.temporaries {
            try FileSystem.remove(temporary)
            report.notes.append("removed \(temporary), a snapshot left unfinished")
        }
        // A new directory's journal comes before its snapshot: without the snapshot, an
        // unused journal 0 is the trace of a first start a crash cut short.
        if listing.snapshots.isEmpty, listing.journals == [0], try JournalReader.isUnused(path: directory.journalPath(0)) {
            try FileSystem.remove(directory.journalPath(0))
            listing.journals = []
        }
        guard let snapshotGeneration = listing.snapshots.last else {
            guard listing.journals.isEmpty else {
                throw StoreError(.inconsistentDirectory, path: directory.path,
                                 message: "data directory \(directory.path) holds journal files but no snapshot; refusing to start. "
                                     + "Restore the snapshot file, or move the directory aside.")
            }
            var recovered = try initialize(directory, seed: seed, growthStep: options.journalGrowthBytes, report: report)
            recovered.report.duration = ContinuousClock.now - started
            return recovered
        }

        // Files the newest snapshot replaces: a crash came between its rename and their removal.
        for old in listing.snapshots where old < snapshotGeneration {
            try FileSystem.remove(directory.snapshotPath(old))
            report.notes.append("removed \(directory.snapshotPath(old)), replaced by snapshot \(snapshotGeneration)")
        }
        for old in listing.journals where old < snapshotGeneration {
            try FileSystem.remove(directory.journalPath(old))
            report.notes.append("removed \(directory.journalPath(old)), covered by snapshot \(snapshotGeneration)")
        }

        let loader = CatalogueLoader()
        let snapshotPath = directory.snapshotPath(snapshotGeneration)
        report.snapshotGeneration = snapshotGeneration
        report.snapshotMovies = try SnapshotReader.load(path: snapshotPath, generation: snapshotGeneration, into: loader)
        let snapshotBytes = try fileSize(snapshotPath)

        var journals = listing.journals.filter { $0 >= snapshotGeneration }
        if options.acceptsJournalLoss, journals.first == snapshotGeneration,
           try JournalReader.isUnused(path: directory.journalPath(snapshotGeneration)) {
            // Emptied (which no crash does) or holding no record (a remaking this flag began and a
            // crash cut short): accepted as missing, so made afresh.
            try FileSystem.remove(directory.journalPath(snapshotGeneration))
            journals.removeFirst()
        }
        if journals.first != snapshotGeneration {
            // The compaction that wrote the snapshot made its journal first: it is gone, not unborn.
            let path = directory.journalPath(snapshotGeneration)
            guard options.acceptsJournalLoss else {
                throw StoreError(.inconsistentDirectory, path: path,
                                 message: "data directory \(directory.path) holds snapshot \(snapshotGeneration) but not its journal "
                                     + "\(path), which holds every change made after that snapshot; refusing to start rather than "
                                     + "lose them unnoticed. Restore the file from a backup; or, to start from the snapshot alone, "
                                     + "start once with --accept-journal-loss.")
            }
            _ = try JournalSegment.create(in: directory, generation: snapshotGeneration, growthStep: options.journalGrowthBytes)
            report.notes.append("started without the changes made after snapshot \(snapshotGeneration): its journal "
                                + "\(path) was missing or empty and is made afresh (--accept-journal-loss)")
            journals.insert(snapshotGeneration, at: 0)
        }
        var used: [Bool] = []
        for generation in journals { used.append(!(try JournalReader.isUnused(path: directory.journalPath(generation)))) }
        // Only the newest journal holding records may end torn; unused ones after it do not count.
        let tearable = journals.indices.last { used[$0] } ?? 0
        var journalBytes = 0
        var newest: JournalReader.Replay?
        for (position, generation) in journals.enumerated() {
            let path = directory.journalPath(generation)
            let isNewest = position == journals.count - 1
            let replay = try JournalReader.replay(path: path, generation: generation, mayHaveTornTail: position >= tearable,
                                                  mayBeUnfinished: isNewest && generation > snapshotGeneration, into: loader)
            report.journalFiles += 1
            report.recordsReplayed += replay.records
            report.bytesTruncated += replay.tornBytes
            if let note = replay.note { report.notes.append(note) }
            journalBytes += replay.validLength
            if isNewest && replay.layout == .preallocated {
                newest = replay
            } else if replay.needsHeader {
                try FileSystem.remove(path)
            } else if replay.tornBytes > 0 {
                // A preallocated journal keeps its zeros (without them it would read as cut short).
                try cut(path, layout: replay.layout, from: replay.validLength, count: replay.tornBytes)
            }
        }
        let catalogue = loader.finish()

        var lastGeneration = journals.last ?? snapshotGeneration
        let segment: JournalSegment
        if let newest {
            segment = try .reopen(in: directory, generation: lastGeneration, growthStep: options.journalGrowthBytes, replay: newest)
        } else {
            // The newest journal is of the older, appended layout (or gone): new records go to a new, preallocated one.
            lastGeneration += 1
            segment = try .create(in: directory, generation: lastGeneration, growthStep: options.journalGrowthBytes)
        }
        report.movies = catalogue.count
        report.duration = ContinuousClock.now - started
        return Recovered(catalogue: catalogue, segment: segment, report: report, snapshotBytes: snapshotBytes,
                         journalBytes: journalBytes, nextGeneration: lastGeneration + 1)
    }

    /// A new directory: the seed (or nothing) becomes snapshot 0, durably, then journal 0 is created.
    private static func initialize(
        _ directory: DataDirectory, seed: [UInt8]?, growthStep: Int, report: RecoveryReport
    ) throws(StoreError) -> Recovered {
        var report = report
        let catalogue: Catalogue
        do {
            catalogue = try CatalogueFile.load(seed ?? [])
        } catch {
            throw StoreError(.badSeed, path: directory.path, message: "the seed catalogue has a bad line, \(error)")
        }
        // The journal first: a snapshot never stands without its journal, so a missing one is damage.
        let segment = try JournalSegment.create(in: directory, generation: 0, growthStep: growthStep)
        let temporary = directory.temporarySnapshotPath(0)
        guard case .written(let snapshotBytes) = try SnapshotFile.write(catalogue.snapshot(), generation: 0, to: temporary) else {
            preconditionFailure("nothing cancels the first snapshot")
        }
        try FileSystem.rename(temporary, to: directory.snapshotPath(0))
        try directory.syncDirectory()
        report.created = true
        report.seeded = seed != nil
        report.movies = catalogue.count
        report.snapshotMovies = catalogue.count
        if seed != nil { report.notes.append("seeded the new data directory \(directory.path) with \(catalogue.count) movies") }
        return Recovered(catalogue: catalogue, segment: segment, report: report, snapshotBytes: snapshotBytes,
                         journalBytes: segment.length, nextGeneration: 1)
    }

    private static func fileSize(_ path: String) throws(StoreError) -> Int {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .system("stat", path: path) }
        return Int(status.st_size)
    }

    /// Takes a torn tail of `count` bytes at `offset` out of a journal: zeroed in a preallocated
    /// one, cut off an appended one; flushed either way.
    private static func cut(_ path: String, layout: JournalRecord.Layout, from offset: Int, count: Int) throws(StoreError) {
        let descriptor = try FileSystem.open(path, flags: O_WRONLY)
        defer { FileSystem.close(descriptor) }
        let failure = switch layout {
        case .preallocated: FileSystem.writeZeros(descriptor, from: offset, count: count)
        case .appended: FileSystem.truncate(descriptor, to: offset)
        }
        if let failure = failure ?? FileSystem.syncAll(descriptor) {
            throw .system("cutting a torn tail from", path: path, errorNumber: failure)
        }
    }
}
