/// Replays a journal file at start-up and decides what a damaged record means.
///
/// The rule that tells a torn tail from corruption in the middle. Every write
/// the journal writer makes begins with a mark record holding the length of
/// the file that had been flushed (`fdatasync`) when the write was made. Call
/// D the largest such length in any intact record of the file, before or
/// after the damage: bytes below D were flushed, so no crash can have torn
/// them. At the first damaged record (incomplete, impossible lengths or a
/// checksum mismatch), at offset X:
///
/// - X < D: flushed data is damaged. Start-up stops, naming file and offset.
/// - X >= D and no intact record follows: a write cut short, the usual
///   trace of a crash. The file is cut at X and the bytes dropped reported.
/// - X >= D and intact records follow: a power cut can leave whole pages of
///   an unflushed write unwritten (they read as zeros) while later pages
///   made it. If the damage holds such a page (4096 zero bytes at a
///   page-aligned offset) it is that, and the file is cut at X, the intact
///   records after it included; anything else (a flipped bit, garbage) is
///   corruption, and start-up stops.
///
/// Cut-off records were never flushed: under `--sync always` none was
/// acknowledged; under `everysec` and `never` they are what the policy may
/// lose. Only the newest journal may end torn: the writer flushes a segment
/// before starting the next. (A newer journal that holds no records does not
/// count: a switch may fail after creating the file.) Damage inside the last
/// write, with nothing intact after it, cannot be told from a torn write; it
/// is treated as one, which under `always` could drop the last acknowledged
/// batch, and the log says so.
enum JournalReader {
    struct Replay {
        /// Set and delete records applied.
        var records = 0
        /// Bytes of the file that hold whole, intact records (the header included).
        var validLength = 0
        /// Bytes after `validLength` that a torn tail held; the caller cuts them off.
        var tornBytes = 0
        /// The file is shorter than its header: a segment whose creation was cut short.
        var needsHeader = false
        var note: String?
    }

    static func replay(
        path: String, generation: UInt64, mayHaveTornTail: Bool, into loader: CatalogueLoader
    ) throws(StoreError) -> Replay {
        let file = try MappedFile(path: path)
        let bytes = file.bytes
        var replay = Replay()
        func corrupt(_ offset: Int, _ reason: String) -> StoreError {
            StoreError(.corruptJournal, path: path, offset: offset,
                       message: "journal \(path) is damaged at offset \(offset): \(reason); refusing to start rather "
                           + "than lose the records after it. Restore the file from a backup; or, to start with the "
                           + "records before the damage only, cut it there: truncate -s \(offset) \(path)")
        }

        guard bytes.count >= JournalRecord.headerCount, bytes.prefix(8).elementsEqual(JournalRecord.magic) else {
            let blank = bytes.count < JournalRecord.headerCount || bytes.allSatisfy { $0 == 0 }
            guard mayHaveTornTail, blank else { throw corrupt(0, "not a movied journal (bad header)") }
            replay.needsHeader = true
            replay.tornBytes = bytes.count
            replay.note = "\(path): the journal's header was cut short by a crash; it held no records and starts afresh"
            return replay
        }
        guard bytes.littleEndian(at: 8, as: UInt64.self) == generation else {
            throw corrupt(8, "its header names another generation")
        }

        var offset = JournalRecord.headerCount
        var durableLength = JournalRecord.headerCount
        while let (entry, size) = JournalRecord.decode(bytes, at: offset) {
            switch entry {
            case .set(let display, let key, let info):
                loader.set(display: display, key: key, info: info)
                replay.records += 1
            case .delete(let key):
                loader.delete(key: key)
                replay.records += 1
            case .mark(let length):
                durableLength = max(durableLength, length)
            }
            offset += size
        }
        replay.validLength = offset
        guard offset < bytes.count else { return replay }

        // Damage at `offset`: look for intact records after it, and the flushed length they claim.
        let after = intactRecords(in: bytes, after: offset)
        durableLength = max(durableLength, after.durableLength)
        if !mayHaveTornTail {
            throw corrupt(offset, "damaged record in a journal that a newer one follows, so it was fully flushed")
        }
        if offset < durableLength {
            throw corrupt(offset, "damaged record below the \(durableLength) bytes known to have been flushed"
                + (after.count > 0 ? ", with \(after.count) intact records after it" : ""))
        }
        if let firstIntact = after.firstOffset, !holdsUnwrittenPage(bytes, from: offset, to: firstIntact) {
            throw corrupt(offset, "damaged record followed by \(after.count) intact records")
        }
        replay.tornBytes = bytes.count - offset
        replay.note = "\(path): cut a torn tail of \(replay.tornBytes) bytes at offset \(offset) (a write a crash cut short, never flushed)"
            + (after.count > 0 ? "; it held \(after.count) intact records beyond a page the disk never got" : "")
        return replay
    }

    static let pageSize = 4096

    /// Whether `bytes[start..<end]` holds a page-aligned page of zeros: what a
    /// page of an unflushed write that never reached the disk reads as.
    private static func holdsUnwrittenPage(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Bool {
        var page = (start + pageSize - 1) / pageSize * pageSize
        while page + pageSize <= end {
            if UnsafeRawBufferPointer(rebasing: bytes[page..<(page + pageSize)]).allSatisfy({ $0 == 0 }) { return true }
            page += pageSize
        }
        return false
    }

    /// The intact records after the damaged one at `offset`, found by trying
    /// every byte position: how many, where the first starts, and the largest
    /// flushed length their marks give.
    private static func intactRecords(
        in bytes: UnsafeRawBufferPointer, after offset: Int
    ) -> (count: Int, firstOffset: Int?, durableLength: Int) {
        var count = 0
        var firstOffset: Int?
        var durableLength = 0
        var position = offset + 1
        while position < bytes.count {
            guard let (entry, size) = JournalRecord.decode(bytes, at: position) else {
                position += 1
                continue
            }
            count += 1
            if firstOffset == nil { firstOffset = position }
            if case .mark(let length) = entry { durableLength = max(durableLength, length) }
            position += size
        }
        return (count, firstOffset, durableLength)
    }
}
