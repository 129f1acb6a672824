/// A hash table from key bytes to movies that never allocates on lookup.
///
/// Open addressing with linear probing over a power-of-two table. Each slot
/// keeps 32 bits of its key's hash (its tag) in a dense array beside the movie
/// references, so a probe walks a cache-friendly run of tags and compares key
/// bytes only when a tag matches. Tag 0 marks an empty slot. The tag also
/// holds the slot's home position, so growing the table rehashes no keys and
/// deletion can shift entries back instead of leaving tombstones.
@usableFromInline final class TitleIndex {
    @usableFromInline let hasher: SipHash13
    // Only this class's own methods touch the table, one at a time, so the
    // runtime's per-access exclusivity checks would cost every probe for nothing.
    @exclusivity(unchecked) @usableFromInline var tags: UnsafeMutablePointer<UInt32>
    @exclusivity(unchecked) @usableFromInline var movies: UnsafeMutablePointer<Movie?>
    @exclusivity(unchecked) @usableFromInline var mask: Int
    @exclusivity(unchecked) private(set) var count = 0

    /// An empty index with a fresh random hash key.
    init() {
        hasher = SipHash13()
        let capacity = 16
        mask = capacity - 1
        tags = .allocate(capacity: capacity)
        tags.initialize(repeating: 0, count: capacity)
        movies = .allocate(capacity: capacity)
        movies.initialize(repeating: nil, count: capacity)
    }

    deinit {
        movies.deinitialize(count: capacity)
        movies.deallocate()
        tags.deallocate()
    }

    /// The number of slots.
    var capacity: Int { mask + 1 }

    /// The movie stored under `key`, if any.
    @inlinable func movie(forKey key: UnsafeRawBufferPointer) -> Movie? {
        guard let slot = slot(forKey: key) else { return nil }
        return movies[slot]
    }

    @inlinable func slot(forKey key: UnsafeRawBufferPointer) -> Int? {
        let tag = Self.tag(forHash: hasher.hash(key))
        var slot = Int(tag) & mask
        while true {
            let slotTag = tags[slot]
            if slotTag == 0 { return nil }
            if slotTag == tag, let movie = movies[slot], ByteComparison.equal(movie.key, key) { return slot }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `movie`, whose key must not be in the index yet.
    func insert(_ movie: Movie) {
        if Self.isOverloaded(count: count + 1, capacity: capacity) { grow() }
        let tag = Self.tag(forHash: hasher.hash(movie.key))
        let slot = emptySlot(forTag: tag)
        tags[slot] = tag
        movies[slot] = movie
        count += 1
    }

    /// Puts `new` where `old` is; both must have the same key.
    func replace(_ old: Movie, with new: Movie) {
        guard let slot = slot(forKey: old.key), movies[slot] === old else {
            preconditionFailure("replaced a movie the index does not hold")
        }
        movies[slot] = new
    }

    /// Removes `movie`, which must be in the index.
    func remove(_ movie: Movie) {
        guard var hole = slot(forKey: movie.key), movies[hole] === movie else {
            preconditionFailure("removed a movie the index does not hold")
        }
        // Backward-shift deletion: pull later entries of the run into the hole
        // unless that would put them before their home slot, so every run stays
        // unbroken and no tombstones are needed.
        var next = (hole + 1) & mask
        while tags[next] != 0 {
            let home = Int(tags[next]) & mask
            if (next - home) & mask >= (next - hole) & mask {
                tags[hole] = tags[next]
                movies[hole] = movies[next].take()
                hole = next
            }
            next = (next + 1) & mask
        }
        tags[hole] = 0
        movies[hole] = nil
        count -= 1
    }

    @inlinable static func tag(forHash hash: UInt64) -> UInt32 {
        max(UInt32(truncatingIfNeeded: hash), 1)
    }

    /// Whether `count` movies would fill more than 4/5 of `capacity` slots.
    ///
    /// Probes stay cheap at this load because they scan the dense tag array,
    /// and it keeps the table at 15 to 30 bytes per movie (12 bytes a slot):
    /// 100,000 movies fit in 2^17 slots, where a 3/4 limit would take 2^18.
    private static func isOverloaded(count: Int, capacity: Int) -> Bool {
        count * 5 > capacity * 4
    }

    private func emptySlot(forTag tag: UInt32) -> Int {
        var slot = Int(tag) & mask
        while tags[slot] != 0 { slot = (slot + 1) & mask }
        return slot
    }

    private func grow() {
        let oldCapacity = capacity
        precondition(oldCapacity < 1 << 32, "tags address at most 2^32 slots")
        let oldTags = tags
        let oldMovies = movies
        let newCapacity = oldCapacity * 2
        mask = newCapacity - 1
        tags = .allocate(capacity: newCapacity)
        tags.initialize(repeating: 0, count: newCapacity)
        movies = .allocate(capacity: newCapacity)
        movies.initialize(repeating: nil, count: newCapacity)
        for oldSlot in 0..<oldCapacity where oldTags[oldSlot] != 0 {
            let slot = emptySlot(forTag: oldTags[oldSlot])
            tags[slot] = oldTags[oldSlot]
            movies[slot] = oldMovies[oldSlot].take()
        }
        oldMovies.deinitialize(count: oldCapacity)
        oldMovies.deallocate()
        oldTags.deallocate()
    }
}
