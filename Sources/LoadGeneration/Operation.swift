/// One kind of request the load generator sends, named as in `--mix`.
///
/// The names are the movie protocol's commands; `WireDialect` says what each
/// becomes for Redis and memcached, and which of them those servers cannot do.
public enum Operation: UInt8, CaseIterable, Sendable {
    case get, put, add, edit, del, all, find, count, ping

    /// The name used in `--mix` and in reports.
    public var name: String {
        switch self {
        case .get: "get"
        case .put: "put"
        case .add: "add"
        case .edit: "edit"
        case .del: "del"
        case .all: "all"
        case .find: "find"
        case .count: "count"
        case .ping: "ping"
        }
    }

    public init?(name: String) {
        guard let match = Operation.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = match
    }

    /// Whether the request names one key.
    @inlinable public var takesKey: Bool {
        switch self {
        case .get, .put, .add, .edit, .del, .find: true
        case .all, .count, .ping: false
        }
    }

    /// Whether the request carries a value.
    @inlinable public var carriesValue: Bool {
        switch self {
        case .put, .add, .edit: true
        default: false
        }
    }

    /// Whether the request changes the catalogue.
    @inlinable public var isWrite: Bool { carriesValue || self == .del }
}
