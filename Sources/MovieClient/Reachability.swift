import MovieProtocol

/// Which servers answer `PING`, and how fast.
public struct Reachability: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case up
        case down(ServerProblem)
    }

    public let servers: [ServerItem<Value>]

    public init(servers: [ServerItem<Value>]) {
        self.servers = servers
    }

    public init(replies: [ServerReply]) {
        self.init(servers: replies.map { reply in
            let value: Value
            switch ServerAnswer(reply) {
            case .ok(let text, _) where text == "PONG": value = .up
            case let answer: value = .down(answer.problem)
            }
            return ServerItem(address: reply.address, value: value, elapsed: reply.elapsed)
        })
    }

    public var upCount: Int { servers.filter { $0.value == .up }.count }

    public var status: ExitStatus { upCount == servers.count ? .success : .failure }
}
