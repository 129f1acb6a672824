/// The changes not yet durable, oldest first, kept so a failed journal write
/// can be taken back out of the catalogue.
///
/// Each `Catalogue.Change` holds what it replaced (the previous movie, or
/// nothing), which is all undoing it takes. The log also answers which titles
/// have a change in flight, so reads of them can wait until it is durable.
struct UndoLog {
    private var sequences: [UInt64] = []
    private var changes: [Catalogue.Change] = []
    /// The hash of each change's key, beside it.
    private var keyHashes: [UInt64] = []
    /// The newest change in flight for each key hash. Two titles whose hashes
    /// collide share an entry, which only makes a read wait a little longer.
    private var newestByKeyHash = KeyHashTable()
    /// Entries before `head` are durable and forgotten; dropped in bulk now and then.
    private var head = 0

    var count: Int { sequences.count - head }

    /// The newest change's sequence, if any is in flight.
    var newestSequence: UInt64? { count > 0 ? sequences.last : nil }

    mutating func append(_ change: Catalogue.Change, sequence: UInt64, keyHash: UInt64) {
        sequences.append(sequence)
        changes.append(change)
        keyHashes.append(keyHash)
        newestByKeyHash[keyHash] = sequence
    }

    /// The newest change in flight whose key has this hash.
    func newestSequence(forKeyHash keyHash: UInt64) -> UInt64? {
        newestByKeyHash[keyHash]
    }

    /// Forgets the changes up to and including `sequence`: they are durable.
    mutating func forget(through sequence: UInt64) {
        while head < sequences.count, sequences[head] <= sequence {
            if newestByKeyHash[keyHashes[head]] == sequences[head] { newestByKeyHash[keyHashes[head]] = nil }
            head += 1
        }
        if head == sequences.count {
            sequences.removeAll(keepingCapacity: sequences.capacity <= 4096)
            changes.removeAll(keepingCapacity: changes.capacity <= 4096)
            keyHashes.removeAll(keepingCapacity: keyHashes.capacity <= 4096)
            head = 0
        } else if head >= 1024, head * 2 >= sequences.count {
            sequences.removeFirst(head)
            changes.removeFirst(head)
            keyHashes.removeFirst(head)
            head = 0
        }
    }

    /// Undoes in `catalogue`, newest first, every change from `sequence` on; returns how many.
    mutating func takeBack(from sequence: UInt64, in catalogue: Catalogue) -> Int {
        var undone = 0
        while sequences.count > head, let last = sequences.last, last >= sequence {
            catalogue.undo(changes.removeLast())
            sequences.removeLast()
            let keyHash = keyHashes.removeLast()
            if newestByKeyHash[keyHash] == last { newestByKeyHash[keyHash] = nil }
            undone += 1
        }
        // An older change to a key undone here is still in flight: point the key back at it.
        for index in head..<sequences.count where newestByKeyHash[keyHashes[index]] == nil {
            newestByKeyHash[keyHashes[index]] = sequences[index]
        }
        return undone
    }
}
