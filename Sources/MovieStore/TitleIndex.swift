/// A hash table from key bytes to movies that never allocates on lookup and
/// never stalls to grow.
///
/// Open addressing with linear probing over power-of-two `SlotTable`s. Each
/// slot keeps 32 bits of its key's hash (its tag) in a dense array beside the
/// movie references, so a probe walks a cache-friendly run of tags and
/// compares key bytes only when a tag matches. The tag also holds the slot's
/// home position, so growing rehashes no keys and deletion can shift entries
/// back instead of leaving tombstones.
///
/// Growing is incremental, as in Redis's dict: a table twice the size takes
/// new entries while every insert or delete (and `stepMaintenance()`) moves a
/// bounded number of old slots across, so no single operation pays for
/// rehashing a million movies. While a move is in progress a key lives in
/// exactly one of the two tables, and lookups try both.
@usableFromInline final class TitleIndex {
    @usableFromInline let hasher: SipHash13
    /// The table inserts go to.
    @usableFromInline var table: SlotTable
    /// The table being emptied into `table`; meaningful only while `isGrowing`.
    @usableFromInline var retiring: SlotTable
    /// Old slots not yet moved; zero when no move is in progress.
    @usableFromInline var slotsToMove = 0
    /// The next old slot to move; moves run downwards, see `beginGrowing()`.
    private var moveCursor = 0
    /// The emptied old table's pages not yet given back to the kernel.
    private var pagesToRelease: PageRegion?
    private(set) var count = 0
    /// For tests: behave as if the kernel refused every bigger table.
    var refusesToGrow = false

    /// Old slots moved per insert, delete or maintenance step.
    ///
    /// Each move is a few loads and stores, so a step costs microseconds; and
    /// since a table grows when 4/5 full, the doubled table has room for far
    /// more than the inserts it takes to move every old slot at this rate.
    static let slotsMovedPerStep = 128

    /// Bytes of an emptied table unmapped per step: 64 pages, tens of microseconds.
    static let bytesReleasedPerStep = 256 * 1024

    /// An empty index with a fresh random hash key, with room for
    /// `expectedCount` movies before it first grows.
    ///
    /// When the kernel refuses that much memory at once, it starts small and
    /// grows as movies arrive, so a catalogue too big for this machine fails
    /// on the insert that finds no memory, not here.
    init(expectedCount: Int = 0) {
        hasher = SipHash13()
        var capacity = Self.smallestCapacity
        while Self.isOverloaded(count: expectedCount, capacity: capacity) { capacity *= 2 }
        guard let table = SlotTable(capacity: capacity) ?? SlotTable(capacity: Self.smallestCapacity) else {
            // A few hundred bytes: no input decides this size, and a process
            // that cannot map them cannot serve anyone.
            preconditionFailure("cannot map the \(Self.smallestCapacity) slots of an empty index")
        }
        self.table = table
        retiring = table
    }

    private static let smallestCapacity = 16

    deinit {
        if isGrowing { retiring.destroy() }
        table.destroy()
        pagesToRelease?.unmap()
    }

    /// The number of slots in the table that takes inserts.
    var capacity: Int { table.capacity }

    /// Whether old slots are still being moved into a doubled table.
    @inlinable var isGrowing: Bool { slotsToMove > 0 }

    /// The movie stored under `key`, if any.
    @inlinable func movie(forKey key: UnsafeRawBufferPointer) -> Movie? {
        let tag = Self.tag(forHash: hasher.hash(key))
        if let slot = table.slot(forKey: key, tag: tag) { return table.movies[slot] }
        if isGrowing, let slot = retiring.slot(forKey: key, tag: tag) { return retiring.movies[slot] }
        return nil
    }

    /// Whether one more movie fits: starts growing the table if that is due.
    ///
    /// False only when the kernel refused the memory for a bigger table and
    /// the current one is full (one slot always stays empty, so every probe ends).
    func makeRoomForOneMore() -> Bool {
        guard !isGrowing, Self.isOverloaded(count: count + 1, capacity: capacity) else { return true }
        return beginGrowing() || count + 2 <= capacity
    }

    /// Adds `movie`, whose key must not be in the index yet; there must be room
    /// (`makeRoomForOneMore()`, or a movie removed since).
    func insert(_ movie: Movie) {
        precondition(makeRoomForOneMore(), "insert into a full index")
        stepMaintenance()
        table.place(movie, tag: Self.tag(forHash: movie.withKey { hasher.hash($0) }))
        count += 1
    }

    /// Puts `new` where `old` is; both must have the same key.
    func replace(_ old: Movie, with new: Movie) {
        guard let (slotTable, slot) = location(of: old) else {
            preconditionFailure("replaced a movie the index does not hold")
        }
        slotTable.movies[slot] = new
    }

    /// Removes `movie`, which must be in the index.
    func remove(_ movie: Movie) {
        guard let (slotTable, slot) = location(of: movie) else {
            preconditionFailure("removed a movie the index does not hold")
        }
        // Removing from the old table is safe mid-move: its moved slots are all
        // empty and lie past the end of every run still in it (see `beginGrowing()`).
        slotTable.remove(at: slot)
        count -= 1
        stepMaintenance()
    }

    /// Does one bounded step of pending growth work, if any: moving old slots,
    /// then giving the emptied table's memory back.
    func stepMaintenance() {
        if isGrowing {
            moveSlots()
        } else if let pages = pagesToRelease {
            let released = min(Self.bytesReleasedPerStep, PageRegion.pageRounded(pages.byteCount))
            let rest = pages.unmapping(prefix: released)
            pagesToRelease = rest.isEmpty ? nil : rest
        }
    }

    /// The table and slot holding `movie` itself, or nil if it is not in the index.
    private func location(of movie: Movie) -> (SlotTable, Int)? {
        movie.withKey { key in
            let tag = Self.tag(forHash: hasher.hash(key))
            if let slot = table.slot(forKey: key, tag: tag), table.movies[slot] === movie { return (table, slot) }
            if isGrowing, let slot = retiring.slot(forKey: key, tag: tag), retiring.movies[slot] === movie {
                return (retiring, slot)
            }
            return nil
        }
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

    /// Starts moving every entry into a table twice the size; false when the
    /// kernel refuses the memory for it.
    ///
    /// Old slots are moved downwards, starting just below an empty slot. An
    /// entry whose next slot is empty ends its run, and nothing probing for
    /// another key needs to pass it, so taking it out leaves every lookup in
    /// the old table correct without shifting anything; once it is taken, the
    /// slot below it ends its run in turn.
    private func beginGrowing() -> Bool {
        guard !refusesToGrow, let doubled = SlotTable(capacity: table.capacity * 2) else { return false }
        // Releasing takes far fewer steps than refilling the table, so this
        // only finishes a release that the steps have all but done.
        pagesToRelease?.unmap()
        pagesToRelease = nil
        retiring = table
        table = doubled
        var empty = 0
        while retiring.tags[empty] != 0 { empty += 1 }
        moveCursor = (empty - 1) & retiring.mask
        slotsToMove = retiring.capacity - 1
        return true
    }

    /// Moves up to `slotsMovedPerStep` old slots; retires the old table once it is empty.
    private func moveSlots() {
        let old = retiring
        var budget = min(Self.slotsMovedPerStep, slotsToMove)
        slotsToMove -= budget
        while budget > 0 {
            let tag = old.tags[moveCursor]
            if tag != 0, let movie = old.movies[moveCursor].take() {
                old.tags[moveCursor] = 0
                table.place(movie, tag: tag)
            }
            moveCursor = (moveCursor - 1) & old.mask
            budget -= 1
        }
        if slotsToMove == 0 { pagesToRelease = old.region }
    }
}
