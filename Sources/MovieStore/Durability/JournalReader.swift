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
/// batch, and the log says so. A clean stop closes that gap: it ends the
/// segment with a mark covering everything before it.
///
/// In a preallocated (version 2) file "after it" means up to the last byte
/// that is not zero, and zeros must follow: no crash shortens such a file, so
/// one that ends without them was cut by something else, and start-up stops.
enum JournalReader {
    struct Replay {
        /// Set and delete records applied.
        var records = 0
        /// Mark records read: a segment a writer ever wrote to has one.
        var marks = 0
        /// Bytes of the file that hold whole, intact records (the header included).
        var validLength = 0
        /// Bytes after `validLength` that a torn tail held; the caller zeroes or cuts them.
        var tornBytes = 0
        /// The file is shorter than its header: a segment whose creation was cut short.
        var needsHeader = false
        var layout = JournalRecord.Layout.preallocated
        var note: String?
    }

    /// Replays the journal at `path` into `loader`.
    ///
    /// - `mayHaveTornTail`: the newest journal holding records; no other may end torn.
    /// - `mayBeUnfinished`: the newest journal, made after the snapshot, so a crash may have cut
    ///   its creation short; the journal a snapshot starts from was whole before the snapshot was.
    static func replay(
        path: String, generation: UInt64, mayHaveTornTail: Bool, mayBeUnfinished: Bool, into loader: CatalogueLoader
    ) throws(StoreError) -> Replay {
        let file = try MappedFile(path: path)
        return try replay(file.bytes, path: path, generation: generation, mayHaveTornTail: mayHaveTornTail,
                          mayBeUnfinished: mayBeUnfinished, into: loader)
    }

    /// Replays the journal `bytes`, read from `path`, into `loader`.
    static func replay(
        _ bytes: UnsafeRawBufferPointer, path: String, generation: UInt64, mayHaveTornTail: Bool, mayBeUnfinished: Bool,
        into loader: CatalogueLoader
    ) throws(StoreError) -> Replay {
        var replay = Replay()
        func corrupt(_ offset: Int, _ reason: String) -> StoreError {
            StoreError(.corruptJournal, path: path, offset: offset,
                       message: "journal \(path) is damaged at offset \(offset): \(reason); refusing to start rather "
                           + "than lose the records after it. Restore the file from a backup; or, to start with the "
                           + "records before the damage only, cut it there: truncate -s \(offset) \(path)")
        }

        guard let layout = JournalRecord.layout(ofHeader: bytes) else {
            let blank = bytes.count < JournalRecord.headerCount || bytes.allSatisfy { $0 == 0 }
            guard mayBeUnfinished, blank else {
                throw corrupt(0, bytes.isEmpty ? "the file is empty, and the snapshot before it counts on its records"
                                               : "not a movied journal (bad header)")
            }
            return unfinished(path, bytes.count)
        }
        replay.layout = layout
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
                replay.marks += 1
            }
            offset += size
        }
        replay.validLength = offset
        // Where what was written ends: the file's end, or in a preallocated file the last byte not zero.
        let writtenEnd = layout == .appended ? bytes.count : max(offset, endOfNonZeroBytes(bytes))
        if layout == .preallocated && bytes.count - writtenEnd < JournalSegment.minimumFreeBytes {
            if mayBeUnfinished && replay.records == 0 && replay.marks == 0 && writtenEnd == JournalRecord.headerCount {
                return unfinished(path, bytes.count)
            }
            throw StoreError(.corruptJournal, path: path, offset: bytes.count,
                             message: "journal \(path) ends at offset \(bytes.count) without the zeros movied always keeps "
                                 + "after its last record: the file was cut short (truncated, or copied in part) and "
                                 + "what followed is lost; refusing to start. Restore the file from a backup; or, to "
                                 + "start with the records it still holds, give it back free space: truncate -s +1M \(path)")
        }
        guard offset < writtenEnd else { return replay }

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
        replay.tornBytes = max(writtenEnd, after.end) - offset
        replay.note = "\(path): cut \(replay.tornBytes) bytes at offset \(offset) that do not form whole records: "
            + "the torn tail of a write a crash cut short before it was flushed (or, had no crash come, damage to that last write)"
            + (after.count > 0 ? "; they held \(after.count) intact records beyond a page the disk never got" : "")
        return replay
    }

    /// Whether the journal at `path` never held a record, not even a writer's mark.
    static func isUnused(path: String) throws(StoreError) -> Bool {
        let file = try MappedFile(path: path)
        let bytes = file.bytes
        let start = JournalRecord.layout(ofHeader: bytes) == nil ? 0 : JournalRecord.headerCount
        return endOfNonZeroBytes(bytes) <= start
    }

    /// A segment whose creation a crash cut short: it never held a record and starts afresh.
    private static func unfinished(_ path: String, _ size: Int) -> Replay {
        var replay = Replay()
        replay.needsHeader = true
        replay.tornBytes = size
        replay.note = "\(path): the journal's creation was cut short by a crash; it held no records and starts afresh"
        return replay
    }

    /// The offset just past the last byte of `bytes` that is not zero (0 if all are).
    private static func endOfNonZeroBytes(_ bytes: UnsafeRawBufferPointer) -> Int {
        var end = bytes.count
        // Eight bytes at a time while aligned: the zeros after the records run to megabytes.
        while end % 8 != 0, end > 0, bytes[end - 1] == 0 { end -= 1 }
        if end % 8 == 0 {
            while end >= 8, bytes.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self) == 0 { end -= 8 }
        }
        while end > 0, bytes[end - 1] == 0 { end -= 1 }
        return end
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
    /// every byte position: how many, where the first starts, where the last
    /// ends, and the largest flushed length their marks give.
    private static func intactRecords(
        in bytes: UnsafeRawBufferPointer, after offset: Int
    ) -> (count: Int, firstOffset: Int?, end: Int, durableLength: Int) {
        var count = 0
        var firstOffset: Int?
        var end = 0
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
            end = position
        }
        return (count, firstOffset, end, durableLength)
    }
}
