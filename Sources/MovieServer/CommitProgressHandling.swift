import MovieStore
import Reactor

extension MovieHandler {
    /// Called when the store's wake-up descriptor is readable: answers the writes the
    /// journal has made durable, and those it failed to (which the store has undone).
    func collectCommits() {
        switch store.collectCompletions() {
        case .none:
            return
        case .durable(through: let ticket):
            release(through: ticket.sequence, failure: nil)
        case .failed(from: let ticket, let reason):
            logger.error("journal write failed: \(reason); \(awaitingCommit.count) writes answered UNAVAILABLE until the disk recovers")
            // The journal reports in ticket order, so everything before the failed ticket is durable.
            release(through: ticket.sequence - 1, failure: nil)
            release(through: .max, failure: reason)
        }
    }

    /// Resumes, in ticket order, every parked connection whose ticket is at most `last`.
    private func release(through last: UInt64, failure: String?) {
        var released = 0
        for connection in awaitingCommit {
            guard let pending = connection.session.pendingWrite else {
                released += 1  // closed, or already answered: nothing to resume
                continue
            }
            guard pending.ticket.sequence <= last else { break }
            pending.failure = failure
            connection.resumeAnswer()
            released += 1
        }
        awaitingCommit.removeFirst(released)
    }
}
