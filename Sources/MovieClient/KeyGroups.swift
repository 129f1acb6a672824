import Glibc

/// The kept IMDb rows grouped by title key, for the title rule: how many rows
/// share each row's key, and which row, if any, has a given key.
///
/// An open-addressing table of row numbers, each slot tagged with part of its
/// key's hash so that a probe rarely has to compare keys; the keys themselves
/// stay where they lie in `IMDbMovies`. For a million rows this is some 24 MB
/// and one pass, where a dictionary of keys took twice the memory and most of
/// the time spent reading the file.
struct KeyGroups {
    private let movies: IMDbMovies
    /// 0 for an empty slot; else the hash's high half above the first row with the key, plus one.
    private var slots: [UInt64]
    private let mask: Int
    /// For each row, the first row with its key.
    private var firstRows: [Int32]
    /// For each row that is the first with its key, how many rows have that key.
    private var sizes: [Int32]

    /// Groups every row of `movies`, which must not change while the groups are used.
    init(_ movies: IMDbMovies) {
        self.movies = movies
        // At most half full, so probes stay short.
        var capacity = 16
        while capacity < 2 * movies.count { capacity *= 2 }
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        firstRows = []
        firstRows.reserveCapacity(movies.count)
        sizes = [Int32](repeating: 0, count: movies.count)
        for row in 0..<movies.count {
            let first = insert(row)
            firstRows.append(Int32(first))
            sizes[first] += 1
        }
    }

    /// How many rows share this row's key, itself included.
    func size(ofGroupOf row: Int) -> Int {
        Int(sizes[Int(firstRows[row])])
    }

    /// The first row whose key is `key`, if any row's is.
    func firstRow(withKey key: UnsafeRawBufferPointer) -> Int? {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            if let row = row(in: slots[slot], ifKey: key, hash: hash) { return row }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Puts the row in its key's group; returns the group's first row.
    private mutating func insert(_ row: Int) -> Int {
        let key = movies.key(row)
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            if let first = self.row(in: slots[slot], ifKey: key, hash: hash) { return first }
            slot = (slot + 1) & mask
        }
        slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(row + 1)
        return row
    }

    /// The row a slot holds, if its key is `key`.
    private func row(in slot: UInt64, ifKey key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        guard slot & 0xFFFF_FFFF_0000_0000 == hash & 0xFFFF_FFFF_0000_0000 else { return nil }
        let row = Int(slot & 0xFFFF_FFFF) - 1
        let candidate = movies.key(row)
        guard candidate.count == key.count, memcmp(candidate.baseAddress!, key.baseAddress!, key.count) == 0 else {
            return nil
        }
        return row
    }

    /// A 64-bit hash of the bytes: eight at a time through a multiply, then murmur3's finaliser.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = UInt64(bytes.count) &* multiplier
        var index = 0
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                hash = (hash ^ base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* multiplier
                hash ^= hash >> 29
                index += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count {
                tail |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << shift
                shift += 8
                index += 1
            }
            hash = (hash ^ tail) &* multiplier
        }
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash
    }
}
