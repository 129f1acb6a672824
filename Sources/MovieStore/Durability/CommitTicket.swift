/// Names one logged change; durability is reported in ticket order.
public struct CommitTicket: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Tickets are numbered from 1 in the order the changes were made.
    public let sequence: UInt64

    public init(sequence: UInt64) {
        self.sequence = sequence
    }

    public static func < (lhs: CommitTicket, rhs: CommitTicket) -> Bool {
        lhs.sequence < rhs.sequence
    }

    public var description: String { "#\(sequence)" }
}

/// What `DurableCatalogue.collectCompletions()` has to report.
public enum CommitProgress: Equatable, Sendable {
    /// Nothing new.
    case none
    /// Every ticket up to and including this one is as durable as the sync
    /// policy promises: answer those writes `OK`.
    case durable(through: CommitTicket)
    /// This ticket and every later one issued so far could not be written and
    /// have been undone in the catalogue: answer those writes `ERR UNAVAILABLE`.
    case failed(from: CommitTicket, reason: String)
}
