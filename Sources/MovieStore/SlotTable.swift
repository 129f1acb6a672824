/// One open-addressing table of `TitleIndex`: a power-of-two run of slots,
/// each a 32-bit tag (0 when empty) and a movie reference.
///
/// The slots live in pages mapped straight from the kernel rather than from
/// malloc. Fresh pages read as zero, which is an empty slot, so a new table
/// needs no clearing pass: a doubled table of millions of slots costs one
/// `mmap` call, and its pages are faulted in a few at a time as entries land.
@usableFromInline struct SlotTable {
    @usableFromInline let movies: UnsafeMutablePointer<Movie?>
    @usableFromInline let tags: UnsafeMutablePointer<UInt32>
    @usableFromInline let mask: Int

    /// An empty table of `capacity` slots, a power of two of at least 2; nil
    /// when the kernel refuses the memory.
    init?(capacity: Int) {
        precondition(capacity >= 2 && capacity & (capacity - 1) == 0, "capacity must be a power of two")
        precondition(capacity <= 1 << 32, "tags address at most 2^32 slots")
        guard let region = PageRegion(byteCount: capacity * Self.bytesPerSlot) else { return nil }
        mask = capacity - 1
        movies = region.start.bindMemory(to: Movie?.self, capacity: capacity)
        // The tags follow the movies; `capacity` movie references are a multiple of 8 bytes.
        tags = (region.start + capacity * MemoryLayout<Movie?>.stride).bindMemory(to: UInt32.self, capacity: capacity)
    }

    /// Bytes of memory per slot: a movie reference and a tag.
    static var bytesPerSlot: Int { MemoryLayout<Movie?>.stride + MemoryLayout<UInt32>.stride }

    /// The number of slots.
    var capacity: Int { mask + 1 }

    /// The memory holding the slots, to give back once the table is empty.
    var region: PageRegion {
        PageRegion(start: UnsafeMutableRawPointer(movies), byteCount: capacity * Self.bytesPerSlot)
    }

    /// The slot holding `key`, whose tag is `tag`, or nil.
    @inlinable func slot(forKey key: UnsafeRawBufferPointer, tag: UInt32) -> Int? {
        var slot = Int(tag) & mask
        while true {
            let slotTag = tags[slot]
            if slotTag == 0 { return nil }
            if slotTag == tag, let movie = movies[slot], movie.hasKey(key) { return slot }
            slot = (slot + 1) & mask
        }
    }

    /// Stores `movie` under `tag` in the first empty slot of its run; the table must have one.
    func place(_ movie: Movie, tag: UInt32) {
        var slot = Int(tag) & mask
        while tags[slot] != 0 { slot = (slot + 1) & mask }
        tags[slot] = tag
        // The slot holds nil, which needs no release: initialising rather than
        // assigning saves reading a cold cache line just to find that out.
        (movies + slot).initialize(to: movie)
    }

    /// Empties `slot`, which must be full.
    ///
    /// Backward-shift deletion: later entries of the run are pulled into the
    /// hole unless that would put them before their home slot, so every run
    /// stays unbroken and no tombstones are needed. Only entries of the hole's
    /// own run move, and none moves past an empty slot.
    func remove(at slot: Int) {
        var hole = slot
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
    }

    /// Releases every movie still in the table and unmaps it.
    func destroy() {
        movies.deinitialize(count: capacity)
        region.unmap()
    }
}
