import Glibc
import Primitives
import MovieProtocol

/// `watch`: subscribes on every server and prints each `EVENT` labelled with its server,
/// until Ctrl-C (status 0) or until no server is left to watch (status 1).
///
/// Events go to standard output; news about the servers themselves (watching,
/// down, closed) goes to standard error, or into the JSON stream with `--json`.
struct Watch {
    let servers: [ServerAddress]
    let timeout: Double
    let json: Bool
    let console: Console

    func run() -> ExitStatus {
        let signals = Interrupts.catching([SIGINT, SIGTERM])
        defer { signals.end() }
        let interrupt = signals.descriptor
        let labels = Labels(servers)
        let request = Request(command: .watch, line: Array("WATCH\n".utf8))
        let connections = FanOut.open(servers, [request], timeout: timeout)
        var watched = Set<ServerAddress>()
        let ending = FanOut.drive(connections, interruptDescriptor: interrupt, onChange: { connection in
            let wasWatching = watched.contains(connection.address)
            switch connection.phase {
            case .watching:
                watched.insert(connection.address)
                status(connection.address, "watching", text: "watching")
            case .failed(let failure):
                let problem = ServerProblem.failure(failure)
                status(connection.address, wasWatching ? "lost" : "down", problem: problem,
                       text: wasWatching ? "lost (\(failure))" : Phrases.problem(problem))
            case .finished:
                if wasWatching {
                    status(connection.address, "closed", text: "closed the connection")
                } else {
                    let problem = ServerAnswer(FanOut.reply(for: connection)).problem
                    status(connection.address, "refused", problem: problem, text: Phrases.problem(problem))
                }
            case .connecting, .exchanging:
                break
            }
        }, onEvent: { connection, event in
            if json {
                console.out(JSON.object([
                    "server": .string(connection.address.description),
                    "event": .string(event.change.name),
                    "title": .string(event.title),
                ]).encoded)
            } else {
                console.out(labels.line(connection.address, "\(event.change.name) \(event.title)"))
            }
        })
        let now = ContinuousClock.now
        for connection in connections { connection.stop(now: now) }
        switch ending {
        case .interrupted:
            console.endInterruptedLine()
            return .success
        case .allSettled:
            console.err("movie: no server left to watch")
            return .failure
        }
    }

    /// Tells what happened to one server: on stderr, or as a JSON line on stdout.
    private func status(_ address: ServerAddress, _ state: String, problem: ServerProblem? = nil, text: String) {
        if json {
            console.out(JSON.object([
                "server": .string(address.description),
                "status": .string(state),
                "error": problem.map(JSONOutput.problem),
            ]).encoded)
        } else {
            console.err("movie: \(address): \(text)\(state == "watching" ? " (Ctrl-C stops)" : "")")
        }
    }
}
