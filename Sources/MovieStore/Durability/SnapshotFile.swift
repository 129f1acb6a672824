import Glibc

/// The snapshot's byte format, and writing one.
///
///     header   "MVDSNAP" and version byte 1, UInt64 generation            16 bytes
///     blocks   UInt32 payload count, UInt32 movie count,
///              UInt32 CRC-32C of those eight bytes and the payload, payload
///              payload: per movie UInt16 display count, UInt16 key count
///              (0: the display title with A-Z lowercased), UInt16 info count,
///              display, key, info; movies in strictly ascending key order
///     trailer  "MVDSEND" and version byte 1, UInt64 movie count, UInt64 block
///              count, UInt32 CRC-32C of the header and these 24 bytes, UInt32 0   32 bytes
///
/// Integers are little-endian. A snapshot is written under a temporary name,
/// flushed and only then renamed, so a file under its final name is whole; the
/// trailer and checksums catch damage after that.
enum SnapshotFile {
    static let headerCount = 16
    static let trailerCount = 32
    static let blockHeaderCount = 12
    static let magic: [UInt8] = Array("MVDSNAP".utf8) + [1]
    static let trailerMagic: [UInt8] = Array("MVDSEND".utf8) + [1]
    /// A block is closed once its payload reaches this size.
    static let blockPayloadTarget = 64 << 10
    /// Output is handed to the kernel in pieces of about this size.
    static let writeChunk = 1 << 20

    enum WriteOutcome: Equatable {
        /// Written and flushed: this many bytes.
        case written(bytes: Int)
        /// Given up because `isCancelled` said so; the file is incomplete.
        case cancelled
    }

    /// Writes `movies` to a new file at `path` (replacing any) and flushes it with `fsync`.
    static func write(
        _ movies: MovieSnapshot, generation: UInt64, to path: String,
        faults: FaultInjection? = nil, isCancelled: () -> Bool = { false }
    ) throws(StoreError) -> WriteOutcome {
        let descriptor = try FileSystem.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        defer { FileSystem.close(descriptor) }
        var output = magic
        output.reserveCapacity(writeChunk + blockPayloadTarget + 8 << 10)
        output.appendLittleEndian(generation)
        var fileOffset = 0
        var blockCount: UInt64 = 0

        func flushOutput() throws(StoreError) {
            if let failure = faults?.takeWriteFailure() ?? output.withUnsafeBytes({ FileSystem.write(descriptor, $0, at: fileOffset) }) {
                throw .system("write", path: path, errorNumber: failure)
            }
            fileOffset += output.count
            output.removeAll(keepingCapacity: true)
        }

        var position = movies.startIndex
        while position != movies.endIndex {
            if isCancelled() { return .cancelled }
            let blockStart = output.count
            output.append(contentsOf: repeatElement(0, count: blockHeaderCount))
            var movieCount: UInt32 = 0
            while position != movies.endIndex, output.count - blockStart < blockPayloadTarget {
                appendEntry(movies[position], to: &output)
                movieCount += 1
                position = movies.index(after: position)
            }
            output.storeLittleEndian(UInt32(output.count - blockStart - blockHeaderCount), at: blockStart)
            output.storeLittleEndian(movieCount, at: blockStart + 4)
            let check = output.withUnsafeBytes { bytes in
                CRC32C.extend(
                    CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[blockStart..<(blockStart + 8)])),
                    with: UnsafeRawBufferPointer(rebasing: bytes[(blockStart + blockHeaderCount)...])
                )
            }
            output.storeLittleEndian(check, at: blockStart + 8)
            blockCount += 1
            if output.count >= writeChunk { try flushOutput() }
        }
        output.append(contentsOf: trailer(generation: generation, movieCount: UInt64(movies.count), blockCount: blockCount))
        try flushOutput()
        if let failure = faults?.takeSyncFailure() ?? FileSystem.syncAll(descriptor) {
            throw .system("fsync", path: path, errorNumber: failure)
        }
        return .written(bytes: fileOffset)
    }

    static func trailer(generation: UInt64, movieCount: UInt64, blockCount: UInt64) -> [UInt8] {
        var trailer = trailerMagic
        trailer.appendLittleEndian(movieCount)
        trailer.appendLittleEndian(blockCount)
        var header = magic
        header.appendLittleEndian(generation)
        let check = (header + trailer).withUnsafeBytes { CRC32C.checksum($0) }
        trailer.appendLittleEndian(check)
        trailer.appendLittleEndian(UInt32(0))
        return trailer
    }

    private static func appendEntry(_ movie: Movie, to output: inout [UInt8]) {
        let display = movie.displayTitle
        let storedKey = movie.storedKey
        let info = movie.info
        output.appendLittleEndian(UInt16(display.count))
        output.appendLittleEndian(UInt16(storedKey?.count ?? 0))
        output.appendLittleEndian(UInt16(info.count))
        output.append(contentsOf: display)
        if let storedKey { output.append(contentsOf: storedKey) }
        output.append(contentsOf: info)
    }
}
