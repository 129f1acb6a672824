import Primitives
import Foundation
import MovieProtocol

/// What a command prints for people, and what goes to stderr when it did not fully succeed.
public struct HumanReport: Equatable, Sendable {
    /// The report, for standard output.
    public var lines: [String]
    /// One line on why the exit status is not 0, for standard error.
    public var complaint: String?

    public init(lines: [String], complaint: String? = nil) {
        self.lines = lines
        self.complaint = complaint
    }
}

/// Server addresses padded to one width, so the answers line up.
struct Labels {
    let width: Int

    init(_ addresses: [ServerAddress]) {
        width = addresses.map(\.description.count).max() ?? 0
    }

    func line(_ address: ServerAddress, _ text: String) -> String {
        let label = address.description
        return label + String(repeating: " ", count: width - label.count + 2) + text
    }
}

enum Phrases {
    static func servers(_ count: Int) -> String { count == 1 ? "1 server" : "\(count) servers" }

    static func titles(_ count: Int) -> String { count == 1 ? "1 title" : "\(count) titles" }

    /// "both servers" or "all 3 servers".
    static func every(_ count: Int) -> String { count == 2 ? "both servers" : "all \(count) servers" }

    static func list(_ addresses: [ServerAddress]) -> String {
        addresses.map(\.description).joined(separator: ", ")
    }

    /// How a server that gave no usable answer is shown after its label.
    static func problem(_ problem: ServerProblem) -> String {
        switch problem {
        case .failure(let failure) where problem.isDown: "down (\(failure))"
        case .failure(let failure): "failed (\(failure))"
        case .error, .unreadable: problem.description
        }
    }

    static func milliseconds(_ duration: Duration) -> String {
        let value = duration.milliseconds
        return value < 100 ? String(format: "%.1f ms", value) : String(format: "%.0f ms", value)
    }

    /// "2 of 3 servers failed: a, b", for stderr.
    static func failed(_ problems: [ServerItem<ServerProblem>], of total: Int) -> String {
        "\(problems.count) of \(servers(total)) failed: \(list(problems.map(\.address)))"
    }
}

extension Lookup {
    public var human: HumanReport {
        let labels = Labels(servers.map(\.address))
        var lines = servers.map { item in
            switch item.value {
            case .found(let title, let info): labels.line(item.address, info.isEmpty ? "\(title) |" : "\(title) | \(info)")
            case .missing: labels.line(item.address, "not found")
            case .problem(let problem): labels.line(item.address, Phrases.problem(problem))
            }
        }
        let problems = problems
        var complaint: String? = problems.isEmpty ? nil : Phrases.failed(problems, of: servers.count)
        switch verdict {
        case .agree where servers.count - problems.count > 1:
            let answered = servers.count - problems.count
            lines.append(problems.isEmpty ? "\(Phrases.every(answered)) agree" : "the \(Phrases.servers(answered)) that answered agree")
        case .agree, .noAnswer:
            break
        case .missingEverywhere:
            complaint = complaint ?? "\"\(title)\" is on no server"
        case .disagree(let differentInfos, let missingOn):
            var parts: [String] = []
            if differentInfos > 1 { parts.append("\(differentInfos) different infos") }
            if !missingOn.isEmpty { parts.append("missing on \(Phrases.list(missingOn))") }
            lines.append("servers disagree on \"\(title)\": " + parts.joined(separator: ", "))
            complaint = complaint ?? "servers disagree on \"\(title)\""
        }
        return HumanReport(lines: lines, complaint: complaint)
    }
}

extension TitleList {
    /// `search` is the `FIND` text, or `nil` for `ALL`.
    public func human(search: String?) -> HumanReport {
        let entries = entries
        let answered = answered
        // Only marked titles carry a note, so only they set the column the notes start in.
        let width = min(partialEntries.map(\.title.count).max() ?? 0, 48)
        var lines = entries.map { entry -> String in
            guard entry.holders.count < answered.count else { return entry.title }
            let missing = answered.filter { !entry.holders.contains($0) }
            let note = entry.holders.count <= missing.count
                ? "only on \(Phrases.list(entry.holders))" : "not on \(Phrases.list(missing))"
            return entry.title + String(repeating: " ", count: max(width - entry.title.count, 0) + 2) + "[\(note)]"
        }
        let labels = Labels(servers.map(\.address))
        let problems = problems
        for item in problems { lines.append(labels.line(item.address, Phrases.problem(item.value))) }
        if entries.isEmpty, let search, !answered.isEmpty { lines.append("no title contains \"\(search)\"") }
        let partial = partialEntries.count
        if answered.count > 1 && !entries.isEmpty {
            lines.append(partial == 0
                ? "\(Phrases.titles(entries.count)), the same on \(Phrases.every(answered.count))"
                : "\(Phrases.titles(entries.count)) on \(answered.count) servers; \(partial) not on every server")
        }
        let complaint: String? = if !problems.isEmpty {
            Phrases.failed(problems, of: servers.count)
        } else if partial > 0 {
            "servers disagree: \(partial) of \(Phrases.titles(entries.count)) not on every server"
        } else {
            nil
        }
        return HumanReport(lines: lines, complaint: complaint)
    }
}

extension WriteOutcome {
    public var human: HumanReport {
        let labels = Labels(servers.map(\.address))
        var lines = servers.map { item in
            let text = switch item.value {
            case .changed(.edited, let title) where kind == .add: "replaced the info of \(title)"
            case .changed(let change, let title): "\(change.name) \(title)"
            case .missing: kind == .del ? "not found (nothing to delete)" : "not found"
            case .problem(let problem): Phrases.problem(problem)
            }
            return labels.line(item.address, text)
        }
        let problems = problems
        let missingOn = missingOn
        let changed = changedOn.count
        var complaint: String? = problems.isEmpty ? nil : Phrases.failed(problems, of: servers.count)
        if !missingOn.isEmpty && changed == 0 {
            complaint = complaint ?? "\"\(title)\" is on no server"
        } else if kind == .edit && !missingOn.isEmpty {
            lines.append("edited on \(Phrases.servers(changed)); \(Phrases.list(missingOn)) "
                + "\(missingOn.count == 1 ? "does" : "do") not have \"\(title)\" (add puts it everywhere)")
            complaint = complaint ?? "\"\(title)\" is missing on \(Phrases.list(missingOn))"
        } else if kind == .add && problems.isEmpty && servers.count > 1 {
            let stored = servers.lazy.compactMap { item -> String? in
                if case .changed(_, let title) = item.value { return title }
                return nil
            }.first ?? title
            lines.append("\"\(stored)\" now has the same info on \(Phrases.every(servers.count))")
        }
        return HumanReport(lines: lines, complaint: complaint)
    }
}

extension Counts {
    public var human: HumanReport {
        let labels = Labels(servers.map(\.address))
        var lines = servers.map { item in
            switch item.value {
            case .count(let count): labels.line(item.address, String(count))
            case .problem(let problem): labels.line(item.address, Phrases.problem(problem))
            }
        }
        let problems = servers.compactMap { item -> ServerItem<ServerProblem>? in
            guard case .problem(let problem) = item.value else { return nil }
            return ServerItem(address: item.address, value: problem)
        }
        if !agree { lines.append("servers disagree: " + counts.map(String.init).joined(separator: " vs ")) }
        let complaint: String? = if !problems.isEmpty {
            Phrases.failed(problems, of: servers.count)
        } else {
            agree ? nil : "servers disagree on the number of movies"
        }
        return HumanReport(lines: lines, complaint: complaint)
    }
}

extension Stats {
    /// A table: one row per counter, one column per server.
    public var human: HumanReport {
        let names = names
        var columns: [[String]] = [[""] + names]
        var problems: [ServerItem<ServerProblem>] = []
        for item in servers {
            var column = [item.address.description]
            switch item.value {
            case .counters(let counters):
                column += names.map { name in counters.first { $0.name == name }?.value ?? "-" }
            case .problem(let problem):
                column += names.map { _ in "-" }
                problems.append(ServerItem(address: item.address, value: problem))
            }
            columns.append(column)
        }
        let widths = columns.map { $0.map(\.count).max() ?? 0 }
        var lines = (0..<(names.count + 1)).map { row in
            columns.enumerated().map { index, column in
                let cell = column[row]
                if index == columns.count - 1 { return cell }
                return cell + String(repeating: " ", count: widths[index] - cell.count + 2)
            }.joined()
        }
        let labels = Labels(servers.map(\.address))
        for item in problems { lines.append(labels.line(item.address, Phrases.problem(item.value))) }
        let complaint = problems.isEmpty ? nil : Phrases.failed(problems, of: servers.count)
        return HumanReport(lines: lines, complaint: complaint)
    }
}

extension Reachability {
    /// `source` says where the list came from: the servers file's path, or `--server`.
    public func human(source: String) -> HumanReport {
        let labels = Labels(servers.map(\.address))
        var lines = servers.map { item in
            switch item.value {
            case .up: labels.line(item.address, "up (\(Phrases.milliseconds(item.elapsed)))")
            case .down(let problem): labels.line(item.address, Phrases.problem(problem))
            }
        }
        lines.append("\(Phrases.servers(servers.count)) from \(source), \(upCount) up")
        let down = servers.count - upCount
        let complaint: String? = down == 0 ? nil : "\(down) of \(Phrases.servers(servers.count)) not answering"
        return HumanReport(lines: lines, complaint: complaint)
    }
}
