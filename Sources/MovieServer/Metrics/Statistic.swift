/// One `STATS` counter: its name there (and in `/stats` and, prefixed, `/metrics`).
enum Statistic: CaseIterable {
    case uptimeSeconds, connectionsCurrent, connectionsTotal, connectionsRefused, connectionsTimedOut, requestsTotal
    case movies, watchers, bytesRead, bytesWritten, readOnly, writesAwaitingDisk, journalFlushes, compactions

    /// How many there are, as `STATS` announces them.
    static var count: Int { 14 }

    var name: StaticString {
        switch self {
        case .uptimeSeconds: "uptime_seconds"
        case .connectionsCurrent: "connections_current"
        case .connectionsTotal: "connections_total"
        case .connectionsRefused: "connections_refused"
        case .connectionsTimedOut: "connections_timed_out"
        case .requestsTotal: "requests_total"
        case .movies: "movies"
        case .watchers: "watchers"
        case .bytesRead: "bytes_read"
        case .bytesWritten: "bytes_written"
        case .readOnly: "read_only"
        case .writesAwaitingDisk: "writes_awaiting_disk"
        case .journalFlushes: "journal_flushes"
        case .compactions: "compactions"
        }
    }

    /// Whether it only ever grows (a Prometheus counter) rather than going up and down (a gauge).
    var isCounter: Bool {
        switch self {
        case .connectionsTotal, .connectionsRefused, .connectionsTimedOut, .requestsTotal, .bytesRead, .bytesWritten,
             .journalFlushes, .compactions:
            true
        case .uptimeSeconds, .connectionsCurrent, .movies, .watchers, .readOnly, .writesAwaitingDisk:
            false
        }
    }

    var help: StaticString {
        switch self {
        case .uptimeSeconds: "Seconds since the server started."
        case .connectionsCurrent: "Connections open now, both protocols."
        case .connectionsTotal: "Connections accepted since start."
        case .connectionsRefused: "Connections refused at the connection limit or for want of descriptors."
        case .connectionsTimedOut: "Connections closed by the idle or request timeout."
        case .requestsTotal: "Requests received, both protocols, erroneous ones included."
        case .movies: "Movies in the catalogue."
        case .watchers: "Connections receiving change events (WATCH and /events)."
        case .bytesRead: "Bytes read from clients."
        case .bytesWritten: "Bytes written to clients."
        case .readOnly: "1 when the server refuses writes."
        case .writesAwaitingDisk: "Acknowledgements of writes waiting for the journal to reach the disk."
        case .journalFlushes: "Journal flushes (fdatasync) since start."
        case .compactions: "Journal compactions into a snapshot since start."
        }
    }
}
