import MovieProtocol
import MovieStore
import Reactor

/// Answers that wait for the journal: held in a connection's output, or a listing
/// that waits to start, until the writes they show are durable (no client may
/// see a write that a crash could still take back).
extension MovieHandler {
    /// Holds `answer` in `connection`'s output until every write in flight now is durable.
    func hold(_ answer: HeldAnswer, on connection: Connection<MovieHandler>) {
        guard let ticket = store.newestPendingTicket else {
            preconditionFailure("an answer held with no write in flight")
        }
        heldAnswers.append(answer, on: connection, waitingFor: ticket)
        connection.holdAnswer()
    }

    /// Called when the store's wake-up descriptor is readable: answers what the
    /// journal has made durable, and what depended on writes it failed to make
    /// (which the store has undone). The answers go out on this same loop pass.
    func collectCommits() {
        switch store.collectCompletions() {
        case .none:
            return
        case .durable(through: let ticket):
            release(through: ticket.sequence)
        case .failed(from: let ticket, let reason):
            logger.error("journal write failed: \(reason); \(heldAnswers.writeCount) writes answered UNAVAILABLE until the disk recovers")
            // The journal reports in ticket order, so everything before the failed ticket is durable.
            release(through: ticket.sequence - 1)
            releaseEverything(afterFailure: reason)
        }
    }

    /// Fills in, in the order they were held, every held answer whose ticket is
    /// at most `last`, and starts the listings that waited for them.
    private func release(through last: UInt64) {
        while let (connection, held) = heldAnswers.popFirst(through: last) { fillIn(held, on: connection, failure: nil) }
        for (identity, connection) in connectionsAwaitingListings {
            guard let waitsFor = connection.session.listing?.waitsFor else {
                connectionsAwaitingListings[identity] = nil
                continue
            }
            guard waitsFor.sequence <= last else { continue }
            connection.session.listing?.waitsFor = nil
            connectionsAwaitingListings[identity] = nil
            connection.resumeAnswer()
        }
    }

    /// After a failed journal write the store has undone every write still in
    /// flight: those are answered `ERR UNAVAILABLE`, and reads that waited for
    /// them are answered from the catalogue as it now is, with nothing in flight.
    private func releaseEverything(afterFailure reason: String) {
        while let (connection, held) = heldAnswers.popFirst(through: .max) { fillIn(held, on: connection, failure: reason) }
        for (_, connection) in connectionsAwaitingListings {
            guard let listing = connection.session.listing, listing.waitsFor != nil else { continue }
            listing.retake(snapshot(searchKey: listing.searchKey))
            connection.resumeAnswer()
        }
        connectionsAwaitingListings.removeAll()
    }

    /// Writes one held answer into its place.
    private func fillIn(_ held: HeldAnswer, on connection: Connection<MovieHandler>, failure: String?) {
        switch held {
        case .write(let change, let movie):
            if let failure {
                answerUnavailable("the write could not be made durable and was undone: \(failure)", on: connection)
            } else {
                withExtendedLifetime(movie) {
                    // A writer that watches hears of its own change right after its answer.
                    connection.releaseOldestHeldAnswer { output in
                        output.appendOK(change, title: movie.displayTitle)
                        if connection.session.watching { output.appendEvent(change, title: movie.displayTitle) }
                    }
                    broadcast(change, title: movie.displayTitle, except: connection)
                }
            }
        case .get(let movie, let title):
            // After a failure the movie as the undone write left it is wrong: look again.
            let shown = failure == nil ? movie : title.withUnsafeBytes { lookUp($0) }
            connection.releaseOldestHeldAnswer { output in
                if let shown {
                    withExtendedLifetime(shown) { output.appendOK(movieLine: shown.line) }
                } else {
                    title.withUnsafeBytes { output.appendError(.notFound, $0) }
                }
            }
        case .count(let count):
            let shown = failure == nil ? count : catalogue.count
            connection.releaseOldestHeldAnswer { $0.appendOK(count: shown) }
        case .refusal(let code, let title):
            if let failure {
                // The write it showed was undone; so is any chance to judge this one now.
                answerUnavailable("a write this one depended on could not be made durable: \(failure)", on: connection)
            } else {
                connection.releaseOldestHeldAnswer { output in title.withUnsafeBytes { output.appendError(code, $0) } }
            }
        }
    }

    /// Fills in the oldest held answer with `ERR UNAVAILABLE <message>`.
    private func answerUnavailable(_ message: String, on connection: Connection<MovieHandler>) {
        var message = message
        connection.releaseOldestHeldAnswer { output in
            message.withUTF8 { output.appendError(.unavailable, UnsafeRawBufferPointer($0)) }
        }
    }
}
