import Glibc

/// The journal file the writer appends to: its descriptor, how much of it is
/// good, how much of that is flushed, and how far it is preallocated.
///
/// The file is made long before records need the room: zeros are written ahead
/// of the records in steps of `growthStep` and flushed, as PostgreSQL prepares its
/// WAL segments. Records then overwrite blocks the file already has, so a flush
/// carries data only (`fdatasync` need not log a new size each time), no crash
/// changes the file's length, and a file found shorter than the writer leaves it
/// was cut by something else (`JournalReader`).
///
/// Set up on the loop thread at start-up, then owned by the writer thread.
final class JournalSegment {
    let generation: UInt64
    let path: String
    /// Bytes of zeros the file is made longer by at a time.
    let growthStep: Int
    private(set) var descriptor: Int32
    /// Bytes of the file that hold whole records the writer stands by.
    var length: Int
    /// Bytes of the file known to be on the disk (`fdatasync` returned).
    var durableLength: Int
    /// The file's size, zeros included, as flushed.
    private(set) var allocatedLength: Int

    /// Zeros always left after the last byte written: a file without them was cut short.
    static let minimumFreeBytes = 4096

    private init(generation: UInt64, path: String, growthStep: Int, descriptor: Int32, length: Int, allocatedLength: Int) {
        self.generation = generation
        self.path = path
        self.growthStep = max(growthStep, Self.minimumFreeBytes)
        self.descriptor = descriptor
        self.length = length
        durableLength = length
        self.allocatedLength = allocatedLength
    }

    deinit { close() }

    /// A new, empty segment: its header and first zeros written and flushed, its name flushed into the directory.
    static func create(in directory: DataDirectory, generation: UInt64, growthStep: Int) throws(StoreError) -> JournalSegment {
        let path = directory.journalPath(generation)
        let descriptor = try FileSystem.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        let segment = JournalSegment(generation: generation, path: path, growthStep: growthStep,
                                     descriptor: descriptor, length: 0, allocatedLength: 0)
        try segment.writeHeader()
        try directory.syncDirectory()
        return segment
    }

    /// An existing segment that recovery replayed, to append to after its `validLength` bytes of
    /// records: the `tornBytes` after them (a torn write) are zeroed, and everything is flushed,
    /// so that all of it is durable from now on.
    static func reopen(
        in directory: DataDirectory, generation: UInt64, growthStep: Int, replay: JournalReader.Replay
    ) throws(StoreError) -> JournalSegment {
        let path = directory.journalPath(generation)
        let descriptor = try FileSystem.open(path, flags: O_WRONLY)
        let size = try FileSystem.size(of: descriptor, path: path)
        let segment = JournalSegment(generation: generation, path: path, growthStep: growthStep,
                                     descriptor: descriptor, length: replay.validLength, allocatedLength: size)
        if replay.needsHeader {
            if let failure = FileSystem.truncate(descriptor, to: 0) { throw .system("ftruncate", path: path, errorNumber: failure) }
            segment.allocatedLength = 0
            try segment.writeHeader()
            return segment
        }
        if let failure = segment.erase(from: replay.validLength, count: replay.tornBytes) {
            throw .system("write", path: path, errorNumber: failure)
        }
        if let failure = segment.reserve(through: replay.validLength) {
            throw .system("write", path: path, errorNumber: failure)
        }
        // What a killed process left in the page cache reaches the disk now, before anything builds on it.
        if let failure = FileSystem.syncAll(descriptor) { throw .system("fsync", path: path, errorNumber: failure) }
        segment.durableLength = segment.length
        return segment
    }

    /// Makes sure the file, zeros included, reaches `end` plus the free bytes it always keeps,
    /// growing it and flushing the growth first; nil on success, else the `errno`.
    func reserve(through end: Int) -> Int32? {
        guard end + Self.minimumFreeBytes > allocatedLength else { return nil }
        let wanted = (end + Self.minimumFreeBytes + growthStep - 1) / growthStep * growthStep
        if let failure = FileSystem.writeZeros(descriptor, from: allocatedLength, count: wanted - allocatedLength)
            ?? FileSystem.syncData(descriptor) {
            // Zeros that made it are harmless; the size the writer counts on stays the flushed one.
            _ = FileSystem.truncate(descriptor, to: allocatedLength)
            return failure
        }
        allocatedLength = wanted
        return nil
    }

    /// Overwrites `count` bytes at `offset` with zeros, taking records back out of
    /// the file without changing its length; nil on success, else the `errno`.
    func erase(from offset: Int, count: Int) -> Int32? {
        guard count > 0 else { return nil }
        return FileSystem.writeZeros(descriptor, from: offset, count: count)
    }

    func close() {
        guard descriptor >= 0 else { return }
        FileSystem.close(descriptor)
        descriptor = -1
    }

    /// The header, then zeros to the first growth step, all flushed.
    private func writeHeader() throws(StoreError) {
        let header = JournalRecord.header(generation: generation)
        if let failure = header.withUnsafeBytes({ FileSystem.write(descriptor, $0, at: 0) }) {
            throw .system("write", path: path, errorNumber: failure)
        }
        length = header.count
        allocatedLength = header.count
        if let failure = reserve(through: header.count) { throw .system("write", path: path, errorNumber: failure) }
        durableLength = length
    }
}
