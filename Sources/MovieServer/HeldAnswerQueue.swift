import MovieProtocol
import MovieStore
import Reactor

/// An answer held in a connection's output until the writes it shows are durable.
enum HeldAnswer {
    /// `ADD`, `EDIT`, `PUT` or `DEL`: `OK added|edited|deleted <title>` once durable.
    case write(Change, Movie)
    /// `GET` of a title with a write in flight: the movie as that write left it
    /// (nil: deleted, or never there), and the title as asked, for `NOT_FOUND`.
    case get(Movie?, title: [UInt8])
    /// `COUNT` taken while writes were in flight.
    case count(Int)
    /// A write refused because of a write in flight to the same title
    /// (`ERR EXISTS` after an `ADD`, `ERR NOT_FOUND` after a `DEL`): the refusal
    /// shows that write, so it waits for it too.
    case refusal(ErrorCode, title: [UInt8])
}

/// A request being answered, for `/metrics`: what it was, by which protocol, since when.
struct RequestInFlight {
    var wire = WireProtocol.line
    var command = MeasuredCommand.unknown
    /// When it began, in the handler's `clock` ticks.
    var startedAt: UInt64 = 0
    /// Set when its answer is held: it is counted when the answer is filled in, not before.
    var isHeld = false
}

/// Every held answer of every connection, in the order they were held.
///
/// Each waits for the newest write in flight when it was held, so tickets never
/// decrease along the queue: releasing through a ticket pops from the front,
/// which keeps each connection's answers in order and tells watchers of
/// changes in the order they were made.
struct HeldAnswerQueue {
    struct Entry {
        let ticket: CommitTicket
        let connection: Connection<MovieHandler>
        let answer: HeldAnswer
        let style: AnswerStyle
        let request: RequestInFlight
    }

    private var entries: [Entry] = []
    private var head = 0

    /// Held answers that are writes, for `STATS` and logs.
    private(set) var writeCount = 0

    var isEmpty: Bool { head == entries.count }

    mutating func append(_ entry: Entry) {
        entries.append(entry)
        if case .write = entry.answer { writeCount += 1 }
    }

    /// The oldest held answer, if its ticket is at most `last`.
    mutating func popFirst(through last: UInt64) -> Entry? {
        guard !isEmpty, entries[head].ticket.sequence <= last else { return nil }
        let entry = entries[head]
        head += 1
        if case .write = entry.answer { writeCount -= 1 }
        if isEmpty {
            entries.removeAll(keepingCapacity: entries.capacity <= 4_096)
            head = 0
        } else if head >= 1_024 && head * 2 >= entries.count {
            entries.removeFirst(head)
            head = 0
        }
        return entry
    }
}
