import Primitives
import MovieProtocol

/// What every server said to `GET <title>`, and whether they agree.
public struct Lookup: Equatable, Sendable {
    public enum Finding: Equatable, Sendable {
        case found(title: String, info: String)
        case missing
        case problem(ServerProblem)
    }

    public enum Verdict: Equatable, Sendable {
        /// Every server that answered holds the movie, with the same info.
        case agree(title: String, info: String)
        /// Every server that answered said `NOT_FOUND`.
        case missingEverywhere
        /// Some hold it and some do not, or they hold different info.
        case disagree(differentInfos: Int, missingOn: [ServerAddress])
        /// No server answered.
        case noAnswer
    }

    /// The title as asked for, normalised.
    public let title: String
    public let servers: [ServerItem<Finding>]

    public init(title: String, servers: [ServerItem<Finding>]) {
        self.title = title
        self.servers = servers
    }

    public init(title: String, replies: [ServerReply]) {
        self.init(title: title, servers: replies.map { reply in
            ServerItem(address: reply.address, value: Self.finding(ServerAnswer(reply)), elapsed: reply.elapsed)
        })
    }

    /// Reads `OK <title> | <info>`; the title cannot hold `|`, so the first one splits.
    static func finding(_ answer: ServerAnswer) -> Finding {
        switch answer {
        case .ok(let text, _):
            guard let bar = text.firstIndex(of: "|") else { return .problem(.unreadable(text)) }
            let title = text[..<bar].trimmingWhiteSpace()
            let info = text[text.index(after: bar)...].trimmingWhiteSpace()
            return .found(title: String(title), info: String(info))
        case .error(.notFound, _):
            return .missing
        default:
            return .problem(answer.problem)
        }
    }

    public var problems: [ServerItem<ServerProblem>] {
        servers.problems { if case .problem(let problem) = $0 { problem } else { nil } }
    }

    public var verdict: Verdict {
        var infos: [String] = []
        var missingOn: [ServerAddress] = []
        var first: (title: String, info: String)?
        for item in servers {
            switch item.value {
            case .found(let title, let info):
                if first == nil { first = (title, info) }
                if !infos.contains(info) { infos.append(info) }
            case .missing:
                missingOn.append(item.address)
            case .problem:
                break
            }
        }
        if let first {
            if infos.count == 1 && missingOn.isEmpty { return .agree(title: first.title, info: first.info) }
            return .disagree(differentInfos: infos.count, missingOn: missingOn)
        }
        return missingOn.isEmpty ? .noAnswer : .missingEverywhere
    }

    public var status: ExitStatus {
        if !problems.isEmpty { return .failure }
        switch verdict {
        case .agree: return .success
        case .disagree: return .disagreement
        case .missingEverywhere, .noAnswer: return .failure
        }
    }
}
