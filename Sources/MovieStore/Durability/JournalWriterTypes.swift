/// What the loop and the compactor exchange with the journal writer.
extension JournalWriter {
    /// A switch to a new segment between two sequences, for compaction.
    struct Rotation {
        let generation: UInt64
        /// Bytes of `pending` that belong before the switch.
        let splitOffset: Int
        /// The last sequence before the switch: the snapshot's.
        let lastSequenceBefore: UInt64
        /// Failures the loop had acknowledged when it took the snapshot.
        let failuresSeen: UInt64
    }

    enum RotationOutcome: Equatable {
        case switched
        case abandoned(String)
    }

    /// What the loop reads back.
    struct Progress {
        var durableThrough: UInt64
        var failure: (from: UInt64, reason: String)?
        var failures: UInt64
        var healthy: Bool
    }
}
