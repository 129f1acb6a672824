import MovieProtocol

/// What every server said to `COUNT`.
public struct Counts: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case count(Int)
        case problem(ServerProblem)
    }

    public let servers: [ServerItem<Value>]

    public init(servers: [ServerItem<Value>]) {
        self.servers = servers
    }

    public init(replies: [ServerReply]) {
        self.init(servers: replies.map { reply in
            let answer = ServerAnswer(reply)
            let value: Value
            if case .ok(let text, _) = answer, let count = Int(text) {
                value = .count(count)
            } else {
                value = .problem(answer.problem)
            }
            return ServerItem(address: reply.address, value: value, elapsed: reply.elapsed)
        })
    }

    public var counts: [Int] {
        servers.compactMap { if case .count(let count) = $0.value { count } else { nil } }
    }

    public var agree: Bool { Set(counts).count <= 1 }

    public var status: ExitStatus {
        if counts.count < servers.count { return .failure }
        return agree ? .success : .disagreement
    }
}

/// What every server said to `STATS`.
public struct Stats: Equatable, Sendable {
    public struct Counter: Equatable, Sendable {
        public let name: String
        public let value: String
    }

    public enum Value: Equatable, Sendable {
        case counters([Counter])
        case problem(ServerProblem)
    }

    public let servers: [ServerItem<Value>]

    public init(servers: [ServerItem<Value>]) {
        self.servers = servers
    }

    public init(replies: [ServerReply]) {
        self.init(servers: replies.map { reply in
            let value: Value
            switch ServerAnswer(reply) {
            case .ok(_, let lines):
                value = .counters(lines.map { line in
                    let name = line.prefix { $0 != " " }
                    return Counter(name: String(name), value: String(line.dropFirst(name.count).trimmingWhiteSpace()))
                })
            case let answer:
                value = .problem(answer.problem)
            }
            return ServerItem(address: reply.address, value: value, elapsed: reply.elapsed)
        })
    }

    /// Every counter name, in the order the servers list them.
    public var names: [String] {
        var names: [String] = []
        for item in servers {
            guard case .counters(let counters) = item.value else { continue }
            for counter in counters where !names.contains(counter.name) { names.append(counter.name) }
        }
        return names
    }

    public var status: ExitStatus {
        servers.allSatisfy { if case .counters = $0.value { true } else { false } } ? .success : .failure
    }
}
