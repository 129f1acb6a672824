import MovieRules

/// The journal's byte format.
///
/// A journal file starts with a 16-byte header: the magic `MVDJRNL` and a
/// version byte, then its generation (UInt64). Records follow, back to back:
///
///     UInt32 count    bytes in the payload
///     UInt32 check    CRC-32C of the four count bytes and the payload
///     payload         `count` bytes, starting with a kind byte:
///       1 set:    UInt16 display count, UInt16 key count, UInt16 info count, display, key, info
///                 (the movie as it now is; a key count of 0 means the key is the
///                 display title with A-Z lowercased, the common case)
///       2 delete: UInt16 key count, key
///       3 mark:   UInt64 durable length: how much of this file had been flushed
///                 with fdatasync when the write this mark begins was made
///
/// All integers are little-endian. The writer starts every write with a mark,
/// which is what tells a torn tail from damage in the middle (`JournalReader`),
/// and ends a segment it stops cleanly with one.
///
/// Version 2 files are preallocated: zeros follow the last record to the end of
/// the file, at least `JournalSegment.minimumFreeBytes` of them. Version 1 files
/// (written by movied before 2026-11) end at their last record; they are read,
/// never appended to.
enum JournalRecord {
    static let headerCount = 16
    static let magic: [UInt8] = Array("MVDJRNL".utf8) + [Layout.preallocated.rawValue]

    /// How a file's records end, by its header's version byte.
    enum Layout: UInt8 {
        /// Version 1: the file ends where its records do.
        case appended = 1
        /// Version 2: zeros follow the records to the file's end.
        case preallocated = 2
    }

    /// The layout a file's header names, or nil if it is not a journal header.
    static func layout(ofHeader bytes: UnsafeRawBufferPointer) -> Layout? {
        guard bytes.count >= headerCount, bytes.prefix(7).elementsEqual(magic.prefix(7)) else { return nil }
        return Layout(rawValue: bytes[7])
    }

    /// Bytes before the payload: count and check.
    static let framingCount = 8

    /// The largest payload a valid record has: a set of the longest title, key and info.
    static let maximumPayloadCount = 7 + MovieLimits.maximumTitleBytes + MovieLimits.maximumKeyBytes + MovieLimits.maximumInfoBytes

    /// The bytes of a mark record.
    static let markCount = framingCount + 9

    enum Kind: UInt8 {
        case set = 1
        case delete = 2
        case mark = 3
    }

    /// One decoded record; the buffers point into the bytes it was decoded from.
    enum Entry {
        /// The movie with this display title, key (nil: the display title ASCII-lowercased) and info.
        case set(display: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer?, info: UnsafeRawBufferPointer)
        case delete(key: UnsafeRawBufferPointer)
        case mark(durableLength: Int)
    }

    static func header(generation: UInt64) -> [UInt8] {
        var header = magic
        header.appendLittleEndian(generation)
        return header
    }

    /// Appends a record setting `movie`.
    static func appendSet(_ movie: Movie, to buffer: inout [UInt8]) {
        let display = movie.displayTitle
        let storedKey = movie.storedKey
        let info = movie.info
        appendRecord(to: &buffer) { buffer in
            buffer.append(Kind.set.rawValue)
            buffer.appendLittleEndian(UInt16(display.count))
            buffer.appendLittleEndian(UInt16(storedKey?.count ?? 0))
            buffer.appendLittleEndian(UInt16(info.count))
            buffer.append(contentsOf: display)
            if let storedKey { buffer.append(contentsOf: storedKey) }
            buffer.append(contentsOf: info)
        }
    }

    /// Appends a record deleting the movie whose key is `key`.
    static func appendDelete(key: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        appendRecord(to: &buffer) { buffer in
            buffer.append(Kind.delete.rawValue)
            buffer.appendLittleEndian(UInt16(key.count))
            buffer.append(contentsOf: key)
        }
    }

    /// Appends a mark saying the first `durableLength` bytes of the file are flushed.
    static func appendMark(durableLength: Int, to buffer: inout [UInt8]) {
        appendRecord(to: &buffer) { buffer in
            buffer.append(Kind.mark.rawValue)
            buffer.appendLittleEndian(UInt64(durableLength))
        }
    }

    private static func appendRecord(to buffer: inout [UInt8], _ payload: (inout [UInt8]) -> Void) {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: framingCount))
        payload(&buffer)
        let count = buffer.count - start - framingCount
        buffer.storeLittleEndian(UInt32(count), at: start)
        let check = buffer.withUnsafeBytes { bytes in
            let countBytes = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + 4)])
            let payloadBytes = UnsafeRawBufferPointer(rebasing: bytes[(start + framingCount)...])
            return CRC32C.extend(CRC32C.checksum(countBytes), with: payloadBytes)
        }
        buffer.storeLittleEndian(check, at: start + 4)
    }

    /// The record at `offset` of `file` and its size in bytes, or nil if the
    /// bytes there are not a whole, well-formed record with the right checksum.
    @inline(__always)
    static func decode(_ file: UnsafeRawBufferPointer, at offset: Int) -> (entry: Entry, size: Int)? {
        guard file.count - offset >= framingCount + 4 else { return nil }
        let count = Int(file.littleEndian(at: offset, as: UInt32.self))
        guard count >= 4, count <= maximumPayloadCount, file.count - offset - framingCount >= count else { return nil }
        let payload = UnsafeRawBufferPointer(rebasing: file[(offset + framingCount)..<(offset + framingCount + count)])
        guard let entry = parse(payload) else { return nil }
        let countBytes = UnsafeRawBufferPointer(rebasing: file[offset..<(offset + 4)])
        let check = file.littleEndian(at: offset + 4, as: UInt32.self)
        guard CRC32C.extend(CRC32C.checksum(countBytes), with: payload) == check else { return nil }
        return (entry, framingCount + count)
    }

    /// The payload's entry if its fields fit its length exactly and respect the limits.
    @inline(__always)
    private static func parse(_ payload: UnsafeRawBufferPointer) -> Entry? {
        switch Kind(rawValue: payload[0]) {
        case .set:
            guard payload.count >= 7 else { return nil }
            let displayCount = Int(payload.littleEndian(at: 1, as: UInt16.self))
            let keyCount = Int(payload.littleEndian(at: 3, as: UInt16.self))
            let infoCount = Int(payload.littleEndian(at: 5, as: UInt16.self))
            guard displayCount >= 1, displayCount <= MovieLimits.maximumTitleBytes,
                  keyCount <= MovieLimits.maximumKeyBytes, infoCount <= MovieLimits.maximumInfoBytes,
                  7 + displayCount + keyCount + infoCount == payload.count else { return nil }
            let keyStart = 7 + displayCount
            let infoStart = keyStart + keyCount
            return .set(
                display: UnsafeRawBufferPointer(rebasing: payload[7..<keyStart]),
                key: keyCount == 0 ? nil : UnsafeRawBufferPointer(rebasing: payload[keyStart..<infoStart]),
                info: UnsafeRawBufferPointer(rebasing: payload[infoStart...])
            )
        case .delete:
            let keyCount = Int(payload.littleEndian(at: 1, as: UInt16.self))
            guard keyCount >= 1, keyCount <= MovieLimits.maximumKeyBytes, 3 + keyCount == payload.count else { return nil }
            return .delete(key: UnsafeRawBufferPointer(rebasing: payload[3...]))
        case .mark:
            guard payload.count == 9 else { return nil }
            let length = payload.littleEndian(at: 1, as: UInt64.self)
            guard length <= UInt64(Int.max) else { return nil }
            return .mark(durableLength: Int(length))
        case nil:
            return nil
        }
    }
}
