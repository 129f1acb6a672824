/// Where a connection's answers that wait for an outside event (a disk flush)
/// go in its output, oldest first.
///
/// The output holds everything written so far in order; an answer being held
/// is a place in it, filled in later. Bytes before the first place may be sent;
/// the rest wait. Positions count from the start of the unsent bytes, and
/// places after the first are kept as gaps from the one before, so making,
/// filling and sending past a place cost the same however many are queued.
struct HeldAnswers {
    /// How many answers are held.
    private(set) var count = 0
    /// Unsent bytes before the first held answer: all that may be sent now.
    private(set) var firstPosition = 0
    /// The last held answer's position.
    private var lastPosition = 0
    /// Bytes between each held answer and the next, oldest first, from `gapsStart` on.
    private var gaps: [Int] = []
    private var gapsStart = 0

    var isEmpty: Bool { count == 0 }

    /// Holds an answer at `position`, the end of the output so far.
    mutating func hold(at position: Int) {
        if count == 0 {
            firstPosition = position
        } else {
            gaps.append(position - lastPosition)
        }
        lastPosition = position
        count += 1
    }

    /// The oldest held answer was filled in with `inserted` bytes; what follows it
    /// up to the next held answer may be sent too.
    mutating func releaseFirst(inserted: Int) {
        count -= 1
        lastPosition += inserted
        if count == 0 {
            firstPosition = 0
            lastPosition = 0
            gaps.removeAll(keepingCapacity: gaps.capacity <= 1_024)
            gapsStart = 0
            return
        }
        firstPosition += inserted + gaps[gapsStart]
        gapsStart += 1
        if gapsStart >= 64 && gapsStart * 2 >= gaps.count {
            gaps.removeFirst(gapsStart)
            gapsStart = 0
        }
    }

    /// `insertedCount` bytes were put in just before the first held answer.
    mutating func insertedBeforeFirst(_ insertedCount: Int) {
        guard count > 0 else { return }
        firstPosition += insertedCount
        lastPosition += insertedCount
    }

    /// `count` unsent bytes, all before the first held answer, were sent.
    mutating func sent(_ sentCount: Int) {
        guard count > 0 else { return }
        firstPosition -= sentCount
        lastPosition -= sentCount
    }

    mutating func removeAll() {
        self = HeldAnswers()
    }
}
