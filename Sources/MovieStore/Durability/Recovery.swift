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

    static func run(_ directory: DataDirectory, seed: [UInt8]?) throws(StoreError) -> Recovered {
        let started = ContinuousClock.now
        var report = RecoveryReport()
        let listing = try directory.list()
        for temporary in listing.temporaries {
            try FileSystem.remove(temporary)
            report.notes.append("removed \(temporary), a snapshot left unfinished")
        }
        guard let snapshotGeneration = listing.snapshots.last else {
            guard listing.journals.isEmpty else {
                throw StoreError(.inconsistentDirectory, path: directory.path,
                                 message: "data directory \(directory.path) holds journal files but no snapshot; refusing to start. "
                                     + "Restore the snapshot file, or move the directory aside.")
            }
            var recovered = try initialize(directory, seed: seed, report: report)
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

        let journals = listing.journals.filter { $0 >= snapshotGeneration }
        var sizes: [Int] = []
        for generation in journals { sizes.append(try fileSize(directory.journalPath(generation))) }
        // Only the newest journal holding records may end torn; empty ones after it do not count.
        let tearable = journals.indices.last { sizes[$0] > JournalRecord.headerCount } ?? 0
        var journalBytes = 0
        var newest: JournalReader.Replay?
        for (position, generation) in journals.enumerated() {
            let path = directory.journalPath(generation)
            let replay = try JournalReader.replay(path: path, generation: generation, mayHaveTornTail: position >= tearable, into: loader)
            report.journalFiles += 1
            report.recordsReplayed += replay.records
            report.bytesTruncated += replay.tornBytes
            if let note = replay.note { report.notes.append(note) }
            journalBytes += replay.validLength
            if position == journals.count - 1 {
                newest = replay
            } else if replay.needsHeader {
                try FileSystem.remove(path)
            } else if replay.tornBytes > 0 {
                try truncate(path, to: replay.validLength)
            }
        }
        let catalogue = loader.finish()

        let segment: JournalSegment
        if let generation = journals.last, let newest {
            segment = try .reopen(in: directory, generation: generation, validLength: newest.validLength, needsHeader: newest.needsHeader)
        } else {
            segment = try .create(in: directory, generation: snapshotGeneration)
        }
        report.movies = catalogue.count
        report.duration = ContinuousClock.now - started
        return Recovered(catalogue: catalogue, segment: segment, report: report, snapshotBytes: snapshotBytes,
                         journalBytes: journalBytes, nextGeneration: max(snapshotGeneration, journals.last ?? 0) + 1)
    }

    /// A new directory: the seed (or nothing) becomes snapshot 0, durably, then journal 0 is created.
    private static func initialize(_ directory: DataDirectory, seed: [UInt8]?, report: RecoveryReport) throws(StoreError) -> Recovered {
        var report = report
        let catalogue: Catalogue
        do {
            catalogue = try CatalogueFile.load(seed ?? [])
        } catch {
            throw StoreError(.badSeed, path: directory.path, message: "the seed catalogue has a bad line, \(error)")
        }
        let temporary = directory.temporarySnapshotPath(0)
        guard case .written(let snapshotBytes) = try SnapshotFile.write(catalogue.snapshot(), generation: 0, to: temporary) else {
            preconditionFailure("nothing cancels the first snapshot")
        }
        try FileSystem.rename(temporary, to: directory.snapshotPath(0))
        try directory.syncDirectory()
        let segment = try JournalSegment.create(in: directory, generation: 0)
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

    private static func truncate(_ path: String, to length: Int) throws(StoreError) {
        let descriptor = try FileSystem.open(path, flags: O_WRONLY)
        defer { FileSystem.close(descriptor) }
        if let failure = FileSystem.truncate(descriptor, to: length) ?? FileSystem.syncAll(descriptor) {
            throw .system("ftruncate", path: path, errorNumber: failure)
        }
    }
}
