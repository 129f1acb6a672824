import MovieProtocol

/// Which protocol a request came in by, as `/metrics` labels it.
enum WireProtocol: Int, CaseIterable {
    case line, http

    var label: StaticString {
        switch self {
        case .line: "line"
        case .http: "http"
        }
    }
}

/// What a request asked for, as `/metrics` labels it: the line protocol's commands,
/// which the HTTP endpoints map onto, and what only one protocol has.
enum MeasuredCommand: Int, CaseIterable {
    case get, add, edit, put, del, all, find, count, ping, stats, help, watch, auth, quit
    /// `GET /metrics`.
    case metrics
    /// `GET /`, the web page, and other static answers.
    case page
    /// A request no command or endpoint matched, or that could not be parsed.
    case unknown

    /// `allCases.count` without building the array, for index arithmetic on the hot path.
    static var caseCount: Int { 17 }

    /// The command's own case: the first fourteen cases are `Command`'s, in its order
    /// (a unit test holds them to it), so this is its raw value and no switch.
    @inline(__always) init(_ command: Command) {
        self = MeasuredCommand(rawValue: Int(command.rawValue)) ?? .unknown
    }

    var label: StaticString {
        switch self {
        case .get: "get"
        case .add: "add"
        case .edit: "edit"
        case .put: "put"
        case .del: "del"
        case .all: "all"
        case .find: "find"
        case .count: "count"
        case .ping: "ping"
        case .stats: "stats"
        case .help: "help"
        case .watch: "watch"
        case .auth: "auth"
        case .quit: "quit"
        case .metrics: "metrics"
        case .page: "page"
        case .unknown: "unknown"
        }
    }
}

/// How a request ended, as `/metrics` labels it: `ok`, or the error code it was refused with.
struct MeasuredOutcome {
    /// Nil for success.
    let error: ErrorCode?

    static let ok = MeasuredOutcome(error: nil)

    /// 0 for `ok`, then one per error code.
    var index: Int { error.map { Int($0.rawValue) + 1 } ?? 0 }

    /// One per error code, and `ok`; a literal, so the hot path builds no `allCases` array.
    static var count: Int { 10 }
}
