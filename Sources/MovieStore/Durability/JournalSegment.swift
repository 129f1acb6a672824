import Glibc

/// The journal file the writer appends to: its descriptor, how much of it is
/// good and how much of that is flushed.
///
/// Set up on the loop thread at start-up, then owned by the writer thread.
final class JournalSegment {
    let generation: UInt64
    let path: String
    private(set) var descriptor: Int32
    /// Bytes of the file that hold whole records the writer stands by.
    var length: Int
    /// Bytes of the file known to be on the disk (`fdatasync` returned).
    var durableLength: Int

    private init(generation: UInt64, path: String, descriptor: Int32, length: Int) {
        self.generation = generation
        self.path = path
        self.descriptor = descriptor
        self.length = length
        durableLength = length
    }

    deinit { close() }

    /// A new, empty segment: its header written and flushed, its name flushed into the directory.
    static func create(in directory: DataDirectory, generation: UInt64) throws(StoreError) -> JournalSegment {
        let path = directory.journalPath(generation)
        let descriptor = try FileSystem.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        let segment = JournalSegment(generation: generation, path: path, descriptor: descriptor, length: 0)
        let header = JournalRecord.header(generation: generation)
        if let failure = header.withUnsafeBytes({ FileSystem.write(descriptor, $0, at: 0) }) {
            throw .system("write", path: path, errorNumber: failure)
        }
        if let failure = FileSystem.syncData(descriptor) { throw .system("fdatasync", path: path, errorNumber: failure) }
        try directory.syncDirectory()
        segment.length = header.count
        segment.durableLength = header.count
        return segment
    }

    /// An existing segment that recovery replayed: cut to `validLength` (a torn
    /// tail goes) and flushed, so that everything in it is durable from now on.
    static func reopen(
        in directory: DataDirectory, generation: UInt64, validLength: Int, needsHeader: Bool
    ) throws(StoreError) -> JournalSegment {
        let path = directory.journalPath(generation)
        let descriptor = try FileSystem.open(path, flags: O_WRONLY)
        let segment = JournalSegment(generation: generation, path: path, descriptor: descriptor, length: validLength)
        if needsHeader {
            let header = JournalRecord.header(generation: generation)
            if let failure = FileSystem.truncate(descriptor, to: 0) ?? header.withUnsafeBytes({ FileSystem.write(descriptor, $0, at: 0) }) {
                throw .system("write", path: path, errorNumber: failure)
            }
            segment.length = header.count
        } else if let failure = FileSystem.truncate(descriptor, to: validLength) {
            throw .system("ftruncate", path: path, errorNumber: failure)
        }
        // What a killed process left in the page cache reaches the disk now, before anything builds on it.
        if let failure = FileSystem.syncAll(descriptor) { throw .system("fsync", path: path, errorNumber: failure) }
        segment.durableLength = segment.length
        return segment
    }

    func close() {
        guard descriptor >= 0 else { return }
        FileSystem.close(descriptor)
        descriptor = -1
    }
}
