import MovieRules

/// Loads a snapshot file into a `CatalogueLoader`, checking every checksum.
enum SnapshotReader {
    /// Adds the movies of the snapshot at `path` to `loader`; returns how many there were.
    static func load(path: String, generation: UInt64, into loader: CatalogueLoader) throws(StoreError) -> Int {
        let file = try MappedFile(path: path)
        return try load(file.bytes, path: path, generation: generation, into: loader)
    }

    /// Adds the movies of the snapshot `bytes`, read from `path`, to `loader`; returns how many there were.
    static func load(_ bytes: UnsafeRawBufferPointer, path: String, generation: UInt64, into loader: CatalogueLoader) throws(StoreError) -> Int {
        func corrupt(_ offset: Int, _ reason: String) -> StoreError {
            StoreError(.corruptSnapshot, path: path, offset: offset,
                       message: "snapshot \(path) is damaged at offset \(offset): \(reason); refusing to start. "
                           + "Restore it from a backup, or move the data directory aside.")
        }
        guard bytes.count >= SnapshotFile.headerCount + SnapshotFile.trailerCount else {
            throw corrupt(0, "only \(bytes.count) bytes, too short for a snapshot")
        }
        guard bytes.prefix(8).elementsEqual(SnapshotFile.magic) else { throw corrupt(0, "not a movied snapshot (bad magic)") }
        guard bytes.littleEndian(at: 8, as: UInt64.self) == generation else {
            throw corrupt(8, "its header names another generation")
        }
        let trailerStart = bytes.count - SnapshotFile.trailerCount
        let trailer = UnsafeRawBufferPointer(rebasing: bytes[trailerStart...])
        guard trailer.prefix(8).elementsEqual(SnapshotFile.trailerMagic) else {
            throw corrupt(trailerStart, "no trailer: the file is cut short")
        }
        let storedMovieCount = trailer.littleEndian(at: 8, as: UInt64.self)
        let storedBlockCount = trailer.littleEndian(at: 16, as: UInt64.self)
        let expectedTrailer = SnapshotFile.trailer(generation: generation, movieCount: storedMovieCount, blockCount: storedBlockCount)
        guard trailer.elementsEqual(expectedTrailer) else { throw corrupt(trailerStart, "trailer checksum mismatch") }
        // The smallest entry is 7 bytes and a block holds at least one: counts past that are damage,
        // not sizes to allocate for (and, read as 64-bit numbers, they may not fit an Int).
        guard storedMovieCount <= UInt64(bytes.count / 7), storedBlockCount <= storedMovieCount else {
            throw corrupt(trailerStart, "trailer counts \(storedMovieCount) movies in \(storedBlockCount) blocks, more than fit")
        }
        let movieCount = Int(storedMovieCount)
        let blockCount = Int(storedBlockCount)
        loader.expect(movieCount)

        var offset = SnapshotFile.headerCount
        var loaded = 0
        var blocks = 0
        var previous: Movie?
        while offset < trailerStart {
            guard trailerStart - offset >= SnapshotFile.blockHeaderCount else { throw corrupt(offset, "block header cut short") }
            let payloadCount = Int(bytes.littleEndian(at: offset, as: UInt32.self))
            let blockMovies = Int(bytes.littleEndian(at: offset + 4, as: UInt32.self))
            let payloadStart = offset + SnapshotFile.blockHeaderCount
            guard payloadCount <= trailerStart - payloadStart else { throw corrupt(offset, "block runs past the trailer") }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[payloadStart..<(payloadStart + payloadCount)])
            let check = CRC32C.extend(CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 8)])), with: payload)
            guard check == bytes.littleEndian(at: offset + 8, as: UInt32.self) else { throw corrupt(offset, "block checksum mismatch") }

            var cursor = 0
            for _ in 0..<blockMovies {
                guard payload.count - cursor >= 6 else { throw corrupt(payloadStart + cursor, "movie entry cut short") }
                let displayCount = Int(payload.littleEndian(at: cursor, as: UInt16.self))
                let keyCount = Int(payload.littleEndian(at: cursor + 2, as: UInt16.self))
                let infoCount = Int(payload.littleEndian(at: cursor + 4, as: UInt16.self))
                guard displayCount >= 1, displayCount <= MovieLimits.maximumTitleBytes,
                      keyCount <= MovieLimits.maximumKeyBytes, infoCount <= MovieLimits.maximumInfoBytes,
                      payload.count - cursor - 6 >= displayCount + keyCount + infoCount else {
                    throw corrupt(payloadStart + cursor, "movie entry with impossible lengths")
                }
                let displayStart = cursor + 6
                let keyStart = displayStart + displayCount
                let infoStart = keyStart + keyCount
                cursor = infoStart + infoCount
                let movie = loader.addSnapshotMovie(
                    display: UnsafeRawBufferPointer(rebasing: payload[displayStart..<keyStart]),
                    key: keyCount == 0 ? nil : UnsafeRawBufferPointer(rebasing: payload[keyStart..<infoStart]),
                    info: UnsafeRawBufferPointer(rebasing: payload[infoStart..<cursor])
                )
                if let previous, previous.withKey({ a in movie.withKey { b in ByteComparison.compare(a, b) } }) >= 0 {
                    throw corrupt(payloadStart + displayStart, "movies out of key order")
                }
                previous = movie
            }
            guard cursor == payload.count else { throw corrupt(payloadStart + cursor, "block holds more than its movies") }
            loaded += blockMovies
            blocks += 1
            offset = payloadStart + payloadCount
        }
        guard loaded == movieCount, blocks == blockCount else {
            throw corrupt(trailerStart, "trailer counts \(movieCount) movies in \(blockCount) blocks, found \(loaded) in \(blocks)")
        }
        return loaded
    }
}
