import Glibc
import Primitives

/// The import's poll loop: one thread feeds the movie queue from the file, every
/// server's connection from the queue, and reads the answers, until each server
/// has answered every movie or has failed.
///
/// All servers are served at once. Reading runs at most `readAhead` movies
/// ahead of the slowest server still importing, so memory stays bounded
/// however large the file.
struct ImportLoop {
    /// Movies read beyond the slowest server's last answer.
    static let readAhead = 16_384
    /// Movies read between two looks for Ctrl-C once no server is left.
    private static let moviesPerInterruptCheck = 4096

    /// Why the loop ended early, if it did.
    enum Stop: Equatable {
        case interrupted
        /// The file could not be read to its end; the movies read before were imported.
        case unreadable(InputFileError)
    }

    let connections: [ImportConnection]
    let source: MovieSource
    let interruptDescriptor: Int32
    let progress: ProgressLine?

    /// Runs the import to its end; every connection is closed afterwards.
    func run() -> Stop? {
        let queue = MovieQueue()
        var stop: Stop?
        var sourceDone = false
        var descriptors: [pollfd] = []
        var polled: [ImportConnection] = []
        let started = ContinuousClock.now
        while true {
            let active = connections.filter(\.isActive)
            let slowest = active.map(\.answered).min() ?? queue.end
            queue.drop(below: slowest)
            while !sourceDone && queue.end - slowest < Self.readAhead {
                do {
                    sourceDone = try !source.next(into: queue)
                } catch {
                    stop = .unreadable(error)
                    sourceDone = true
                }
            }
            let now = ContinuousClock.now
            for connection in active {
                connection.send(from: queue, now: now)
                if sourceDone && connection.isActive && connection.answered == queue.end && connection.isCaughtUp {
                    connection.finish(now: now)
                }
            }
            polled = active.filter(\.isActive)
            if polled.isEmpty {
                // Every server is done or gone: what is left of the file is only counted.
                return sourceDone ? stop : readRest()
            }
            descriptors.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: interruptDescriptor, events: Int16(POLLIN), revents: 0))
            for connection in polled {
                descriptors.append(pollfd(fd: connection.descriptor, events: connection.pollEvents, revents: 0))
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), pollTimeout(polled))
            if ready < 0 && errno != EINTR {
                let failure = ServerProblem.failure(.socketError(errno))
                for connection in polled { connection.abandon(failure, now: .now) }
                continue
            }
            let afterPoll = ContinuousClock.now
            if ready > 0 && descriptors[0].revents != 0 {
                for connection in polled { connection.abandon(.failure(.interrupted), now: afterPoll) }
                return .interrupted
            }
            for (index, connection) in polled.enumerated() {
                let revents = ready > 0 ? descriptors[index + 1].revents : 0
                if revents != 0 { connection.handle(revents, now: afterPoll) }
                connection.checkDeadline(now: afterPoll)
            }
            showProgress(polled, queue: queue, started: started, now: afterPoll)
        }
    }

    /// Reads the rest of the file once no server is left, so the summary can count every movie in it.
    private func readRest() -> Stop? {
        let spare = MovieQueue()
        var read = 0
        do {
            while try source.next(into: spare) {
                spare.drop(below: spare.end)
                read += 1
                if read % Self.moviesPerInterruptCheck == 0 && Interrupts.arePending(on: interruptDescriptor) {
                    return .interrupted
                }
            }
        } catch {
            return .unreadable(error)
        }
        return nil
    }

    private func showProgress(
        _ connections: [ImportConnection], queue: MovieQueue, started: ContinuousClock.Instant,
        now: ContinuousClock.Instant
    ) {
        guard let progress, let done = connections.filter(\.isActive).map(\.answered).min() else { return }
        let fraction: Double? = if let total = source.knownTotal {
            total > 0 ? Double(done) / Double(total) : nil
        } else {
            // Movies are spread evenly enough through a file for this to tell the time left.
            queue.end > 0 ? source.fractionRead * Double(done) / Double(queue.end) : nil
        }
        progress.importing(done: done, fraction: fraction, started: started, now: now)
    }

    /// Milliseconds until the nearest deadline or the next progress line, rounded up; -1 for none.
    private func pollTimeout(_ connections: [ImportConnection]) -> Int32 {
        var instants = connections.compactMap(\.deadline)
        if let progress { instants.append(progress.nextDraw) }
        guard let nearest = instants.min() else { return -1 }
        let remaining = ContinuousClock.now.duration(to: nearest)
        if remaining <= .zero { return 0 }
        return Int32(min(remaining.milliseconds.rounded(.up), 3_600_000))
    }
}
