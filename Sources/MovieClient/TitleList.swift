import Primitives
import MovieProtocol
import MovieRules

/// The titles of every server merged into one list (`ALL` or `FIND`), each with the servers holding it.
public struct TitleList: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        /// The display title, as the first server holding it spells it.
        public let title: String
        /// The lowercased title that titles are matched and sorted by.
        public let key: String
        /// The servers holding it, in server order.
        public let holders: [ServerAddress]
    }

    public enum Listing: Equatable, Sendable {
        case titles([String])
        case problem(ServerProblem)
    }

    public let servers: [ServerItem<Listing>]

    public init(servers: [ServerItem<Listing>]) {
        self.servers = servers
    }

    public init(replies: [ServerReply]) {
        self.init(servers: replies.map { reply in
            let listing: Listing
            switch ServerAnswer(reply) {
            case .ok(_, let lines): listing = .titles(lines)
            case let answer: listing = .problem(answer.problem)
            }
            return ServerItem(address: reply.address, value: listing, elapsed: reply.elapsed)
        })
    }

    /// The servers that answered with a list.
    public var answered: [ServerAddress] {
        servers.compactMap { item in
            if case .titles = item.value { return item.address }
            return nil
        }
    }

    public var problems: [ServerItem<ServerProblem>] {
        servers.problems { if case .problem(let problem) = $0 { problem } else { nil } }
    }

    /// Every title any server holds, sorted as the servers sort (lowercased, by UTF-8 bytes).
    public var entries: [Entry] {
        var order: [String] = []
        var byKey: [String: (title: String, holders: [ServerAddress])] = [:]
        for item in servers {
            guard case .titles(let titles) = item.value else { continue }
            for title in titles {
                let key = Self.key(for: title)
                if var entry = byKey[key] {
                    if !entry.holders.contains(item.address) { entry.holders.append(item.address) }
                    byKey[key] = entry
                } else {
                    byKey[key] = (title, [item.address])
                    order.append(key)
                }
            }
        }
        return order
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { key in Entry(title: byKey[key]!.title, key: key, holders: byKey[key]!.holders) }
    }

    /// Titles that only some of the answering servers hold.
    public var partialEntries: [Entry] {
        let count = answered.count
        return entries.filter { $0.holders.count < count }
    }

    public var status: ExitStatus {
        if !problems.isEmpty { return .failure }
        return partialEntries.isEmpty ? .success : .disagreement
    }

    static func key(for title: String) -> String {
        (try? Title.normalize(title).key) ?? title.lowercased()
    }
}
