import MovieProtocol

/// The `--json` form of every report: one object per command, with a `servers` array
/// holding one entry per server (`server`, `ok`, `elapsed_ms`, and `error` when `ok` is false).
enum JSONOutput {
    static func problem(_ problem: ServerProblem) -> JSON {
        switch problem {
        case .failure(let failure):
            .object(["kind": .string(failure.kind), "message": .string(failure.description)])
        case .error(let code, let message):
            .object(["kind": .string("error"), "code": .string(code.name), "message": .string(message)])
        case .unreadable(let text):
            .object(["kind": .string("unreadable"), "message": .string(text)])
        }
    }

    /// `{"server": ..., "ok": ..., "elapsed_ms": ..., <fields>}`, plus `error` for a problem.
    static func server<Value>(_ item: ServerItem<Value>, problem: ServerProblem?, _ fields: [JSON.Field] = []) -> JSON {
        var all = [
            JSON.Field("server", .string(item.address.description)),
            JSON.Field("ok", .bool(problem == nil)),
            JSON.Field("elapsed_ms", .number(item.elapsed.milliseconds)),
        ]
        all += fields
        if let problem { all.append(JSON.Field("error", Self.problem(problem))) }
        return .object(all)
    }

    static func envelope(_ command: String, _ fields: [JSON.Field], servers: [JSON], status: ExitStatus) -> JSON {
        .object([JSON.Field("command", .string(command))] + fields + [
            JSON.Field("exit_status", .int(Int(status.rawValue))),
            JSON.Field("servers", .array(servers)),
        ])
    }
}

extension Lookup {
    public var json: JSON {
        let servers = servers.map { item -> JSON in
            switch item.value {
            case .found(let title, let info):
                JSONOutput.server(item, problem: nil, [
                    .init("found", .bool(true)), .init("title", .string(title)), .init("info", .string(info)),
                ])
            case .missing:
                JSONOutput.server(item, problem: nil, [.init("found", .bool(false))])
            case .problem(let problem):
                JSONOutput.server(item, problem: problem)
            }
        }
        let agree: Bool = if case .agree = verdict { true } else { false }
        let found: Bool = switch verdict {
        case .agree, .disagree: true
        case .missingEverywhere, .noAnswer: false
        }
        return JSONOutput.envelope("get", [
            .init("title", .string(title)), .init("found", .bool(found)), .init("agree", .bool(agree)),
        ], servers: servers, status: status)
    }
}

extension TitleList {
    public func json(search: String?) -> JSON {
        let servers = servers.map { item -> JSON in
            switch item.value {
            case .titles(let titles): JSONOutput.server(item, problem: nil, [.init("count", .int(titles.count))])
            case .problem(let problem): JSONOutput.server(item, problem: problem)
            }
        }
        let answered = answered.count
        let titles = entries.map { entry -> JSON in
            .object([
                "title": .string(entry.title),
                "everywhere": .bool(entry.holders.count == answered),
                "servers": .array(entry.holders.map { .string($0.description) }),
            ])
        }
        var fields: [JSON.Field] = []
        if let search { fields.append(.init("text", .string(search))) }
        fields.append(.init("agree", .bool(partialEntries.isEmpty)))
        fields.append(.init("titles", .array(titles)))
        return JSONOutput.envelope(search == nil ? "all" : "find", fields, servers: servers, status: status)
    }
}

extension WriteOutcome {
    public var json: JSON {
        let servers = servers.map { item -> JSON in
            switch item.value {
            case .changed(let change, let title):
                let result = kind == .add && change == .edited ? "replaced" : change.name
                return JSONOutput.server(item, problem: nil, [.init("result", .string(result)), .init("title", .string(title))])
            case .missing:
                return JSONOutput.server(item, problem: nil, [.init("result", .string("not_found"))])
            case .problem(let problem):
                return JSONOutput.server(item, problem: problem)
            }
        }
        return JSONOutput.envelope(kind.rawValue, [.init("title", .string(title))], servers: servers, status: status)
    }
}

extension Counts {
    public var json: JSON {
        let servers = servers.map { item -> JSON in
            switch item.value {
            case .count(let count): JSONOutput.server(item, problem: nil, [.init("count", .int(count))])
            case .problem(let problem): JSONOutput.server(item, problem: problem)
            }
        }
        return JSONOutput.envelope("count", [.init("agree", .bool(agree))], servers: servers, status: status)
    }
}

extension Stats {
    public var json: JSON {
        let servers = servers.map { item -> JSON in
            switch item.value {
            case .counters(let counters):
                let values = counters.map { counter in
                    JSON.Field(counter.name, Int(counter.value).map(JSON.int) ?? .string(counter.value))
                }
                return JSONOutput.server(item, problem: nil, [.init("stats", .object(values))])
            case .problem(let problem):
                return JSONOutput.server(item, problem: problem)
            }
        }
        return JSONOutput.envelope("stats", [], servers: servers, status: status)
    }
}

extension Reachability {
    public func json(source: String) -> JSON {
        let servers = servers.map { item -> JSON in
            switch item.value {
            case .up: JSONOutput.server(item, problem: nil, [.init("up", .bool(true))])
            case .down(let problem): JSONOutput.server(item, problem: problem, [.init("up", .bool(false))])
            }
        }
        return JSONOutput.envelope("serverlist", [.init("source", .string(source))], servers: servers, status: status)
    }
}
