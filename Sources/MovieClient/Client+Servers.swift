import Primitives
import MovieProtocol

/// `serverlist`, `addserver` and `deleteserver`: showing and editing the list of servers.
extension Client {
    static let ping = Request(command: .ping, line: Array("PING\n".utf8))

    func serverList() throws(ClientError) -> ExitStatus {
        let (servers, source) = try listedServers()
        let reachability = Reachability(replies: try exchange(servers, [Self.ping]))
        if servers.isEmpty && !settings.json {
            console.out("no servers in \(source); add one with `movie addserver HOST:PORT`")
            return .success
        }
        return report((reachability.human(source: source), reachability.json(source: source), reachability.status))
    }

    /// Adds or removes one server in the servers file, written atomically.
    ///
    /// Adding a server that is already listed, like removing one that is not,
    /// leaves the file alone; the first succeeds (the server is listed), the
    /// second fails with status 1 (there was nothing to remove).
    func editServersFile(adding: Bool, _ text: String) throws(ClientError) -> ExitStatus {
        let address: ServerAddress
        do {
            address = try ServerAddress(parsing: text)
        } catch {
            throw ClientError(.usage, error.description)
        }
        let store = settings.store
        var file: ServersFile
        do {
            file = try store.load().file
        } catch {
            throw ClientError(.usage, error.description)
        }
        let changed = adding ? file.add(address) : file.remove(address)
        if changed {
            do {
                try store.save(file)
            } catch {
                throw ClientError(.failure, error.description)
            }
        }
        if !settings.serverOverride.isEmpty {
            console.err("movie: note: --server is given, so this run does not use the servers file")
        }
        let message: String
        var status = ExitStatus.success
        switch (adding, changed) {
        case (true, true): message = "added \(address) to \(store.path)"
        case (true, false): message = "\(address) is already in \(store.path)"
        case (false, true): message = "removed \(address) from \(store.path)"
        case (false, false):
            message = "\(address) is not in \(store.path)"
            status = .failure
        }
        // A newly added server is pinged, so a typo in the port shows at once.
        let reachability: Reachability? = adding && changed
            ? Reachability(replies: try exchange([address], [Self.ping])) : nil
        if settings.json {
            var fields: [JSON.Field] = [
                .init("command", .string(adding ? "addserver" : "deleteserver")),
                .init("server", .string(address.description)),
                .init("file", .string(store.path)),
                .init("changed", .bool(changed)),
                .init("exit_status", .int(Int(status.rawValue))),
            ]
            if let reachability { fields.append(.init("up", .bool(reachability.upCount == 1))) }
            console.out(JSON.object(fields).encoded)
        } else if status == .success {
            console.out(message)
            if let item = reachability?.servers.first {
                switch item.value {
                case .up: console.out("\(address) is up (\(Phrases.milliseconds(item.elapsed)))")
                case .down(let problem): console.out("\(address) is \(Phrases.problem(problem)), listed anyway")
                }
            }
        }
        if status != .success { console.err("movie: \(message)") }
        return status
    }
}
