/// The changes not yet durable, oldest first, kept so a failed journal write
/// can be taken back out of the catalogue.
///
/// Each `Catalogue.Change` holds what it replaced (the previous movie, or
/// nothing), which is all undoing it takes.
struct UndoLog {
    private var sequences: [UInt64] = []
    private var changes: [Catalogue.Change] = []
    /// Entries before `head` are durable and forgotten; dropped in bulk now and then.
    private var head = 0

    var count: Int { sequences.count - head }

    mutating func append(_ change: Catalogue.Change, sequence: UInt64) {
        sequences.append(sequence)
        changes.append(change)
    }

    /// Forgets the changes up to and including `sequence`: they are durable.
    mutating func forget(through sequence: UInt64) {
        while head < sequences.count, sequences[head] <= sequence { head += 1 }
        if head == sequences.count {
            sequences.removeAll(keepingCapacity: sequences.capacity <= 4096)
            changes.removeAll(keepingCapacity: changes.capacity <= 4096)
            head = 0
        } else if head >= 1024, head * 2 >= sequences.count {
            sequences.removeFirst(head)
            changes.removeFirst(head)
            head = 0
        }
    }

    /// Undoes in `catalogue`, newest first, every change from `sequence` on; returns how many.
    mutating func takeBack(from sequence: UInt64, in catalogue: Catalogue) -> Int {
        var undone = 0
        while sequences.count > head, let last = sequences.last, last >= sequence {
            catalogue.undo(changes.removeLast())
            sequences.removeLast()
            undone += 1
        }
        return undone
    }
}
