import Primitives
import MovieProtocol

/// What every server did with a write: `add` (sent as `PUT`), `edit` or `del`.
public struct WriteOutcome: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable {
        case add, edit, del
    }

    public enum Effect: Equatable, Sendable {
        /// `OK added|edited|deleted <title>`.
        case changed(Change, title: String)
        /// `ERR NOT_FOUND`: an `edit` or `del` of a movie this server does not hold.
        case missing
        case problem(ServerProblem)
    }

    public let kind: Kind
    public let title: String
    public let servers: [ServerItem<Effect>]

    public init(kind: Kind, title: String, servers: [ServerItem<Effect>]) {
        self.kind = kind
        self.title = title
        self.servers = servers
    }

    public init(kind: Kind, title: String, replies: [ServerReply]) {
        self.init(kind: kind, title: title, servers: replies.map { reply in
            ServerItem(address: reply.address, value: Self.result(ServerAnswer(reply), kind: kind), elapsed: reply.elapsed)
        })
    }

    static func result(_ answer: ServerAnswer, kind: Kind) -> Effect {
        switch answer {
        case .ok(let text, _):
            let word = text.prefix { $0 != " " }
            let title = String(text.dropFirst(word.count).trimmingWhiteSpace())
            let expected: [Change] = switch kind {
            case .add: [.added, .edited]
            case .edit: [.edited]
            case .del: [.deleted]
            }
            guard let change = expected.first(where: { $0.name == word }), !title.isEmpty else {
                return .problem(.unreadable(text))
            }
            return .changed(change, title: title)
        case .error(.notFound, _) where kind != .add:
            return .missing
        default:
            return .problem(answer.problem)
        }
    }

    public var problems: [ServerItem<ServerProblem>] {
        servers.problems { if case .problem(let problem) = $0 { problem } else { nil } }
    }

    public var missingOn: [ServerAddress] {
        servers.filter { $0.value == .missing }.map(\.address)
    }

    public var changedOn: [ServerAddress] {
        servers.filter { if case .changed = $0.value { true } else { false } }.map(\.address)
    }

    /// Failures first; then a movie found nowhere; then, for `edit`, a movie found on only some servers.
    ///
    /// A `del` that finds the movie on only some servers succeeds: afterwards no
    /// server holds it, which is what was asked.
    public var status: ExitStatus {
        if !problems.isEmpty { return .failure }
        if !missingOn.isEmpty && changedOn.isEmpty { return .failure }
        if kind == .edit && !missingOn.isEmpty { return .disagreement }
        return .success
    }
}
