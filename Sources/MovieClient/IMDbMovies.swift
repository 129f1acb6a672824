import Primitives

/// The rows an IMDb import keeps while it reads the file to its end: what the
/// title rule needs (key, year, id) and what is sent (title, info), packed.
///
/// Each row's title, key and info lie back to back in one buffer, beside a
/// small fixed-size entry; a million rows take one allocation's worth of
/// bytes, not a million strings. The bytes handed out stay valid until the
/// next `append`.
final class IMDbMovies {
    private struct Entry {
        /// Where the title starts in `bytes`; the key and then the info follow it.
        let start: Int
        let line: Int
        let titleCount: UInt16
        let keyCount: UInt16
        let infoCount: UInt32
        /// The id's length: the info ends with it.
        let idCount: UInt32
        /// -1 when the row has none.
        let year: Int32
    }

    private let bytes = ByteBuffer()
    private var entries: [Entry] = []

    var count: Int { entries.count }

    /// Keeps `row`, read from line `line`.
    func append(_ row: IMDbRow, line: Int) {
        let start = bytes.readableCount
        bytes.append(row.title.display)
        bytes.append(row.title.key)
        row.appendInfo(to: bytes)
        let infoCount = bytes.readableCount - start - row.title.display.count - row.title.key.count
        // A title is at most 256 bytes and its key 1,023; a line, and so its info, at most about a megabyte.
        entries.append(Entry(
            start: start, line: line,
            titleCount: UInt16(row.title.display.count), keyCount: UInt16(row.title.key.count),
            infoCount: UInt32(infoCount), idCount: UInt32(row.id.count), year: row.startYear.map(Int32.init) ?? -1
        ))
    }

    /// The line of the file the row was read from.
    func line(_ index: Int) -> Int { entries[index].line }

    /// The title in display form.
    func title(_ index: Int) -> UnsafeRawBufferPointer {
        let entry = entries[index]
        return slice(entry.start, Int(entry.titleCount))
    }

    /// The title's key: what servers match it by.
    func key(_ index: Int) -> UnsafeRawBufferPointer {
        let entry = entries[index]
        return slice(entry.start + Int(entry.titleCount), Int(entry.keyCount))
    }

    /// The info: `1994; 142 min; Drama,Crime; tt0111161`.
    func info(_ index: Int) -> UnsafeRawBufferPointer {
        let entry = entries[index]
        return slice(entry.start + Int(entry.titleCount) + Int(entry.keyCount), Int(entry.infoCount))
    }

    /// IMDb's id, the end of the info.
    func id(_ index: Int) -> UnsafeRawBufferPointer {
        let entry = entries[index]
        return slice(entry.start + Int(entry.titleCount) + Int(entry.keyCount) + Int(entry.infoCount - entry.idCount),
                     Int(entry.idCount))
    }

    func year(_ index: Int) -> Int? {
        let year = entries[index].year
        return year < 0 ? nil : Int(year)
    }

    private func slice(_ start: Int, _ count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes.readableBytes[start..<(start + count)])
    }
}
