import Logging
import MovieProtocol
import MovieRules
import MovieStore
import Primitives
import Reactor

/// The movie protocol, plugged into the reactor: one request line in, its answer out.
public final class MovieHandler: ConnectionHandler {
    public typealias Session = MovieSession

    let store: DurableCatalogue
    let access: AccessPolicy
    let maximumLineLength: Int
    let normalizer = TitleNormalizer()
    let logger: Logger
    /// Connections whose write waits for the journal, in the order their tickets were issued.
    var awaitingCommit: [Connection<MovieHandler>] = []
    /// Connections that sent `WATCH`, by identity.
    var watchers: [ObjectIdentifier: Connection<MovieHandler>] = [:]
    /// Where an event line is built once before it is pushed to every watcher.
    let eventLine = ByteBuffer()
    private(set) var requestsTotal = 0
    let startedAt = MonotonicClock.seconds()

    public init(store: DurableCatalogue, access: AccessPolicy, maximumLineLength: Int, logger: Logger) {
        self.store = store
        self.access = access
        self.maximumLineLength = maximumLineLength
        self.logger = logger
    }

    /// Reads go straight to the catalogue; writes go through `store`.
    var catalogue: Catalogue { store.catalogue }

    public func makeSession() -> MovieSession { MovieSession() }

    public func handle(line: UnsafeRawBufferPointer, on connection: Connection<MovieHandler>) -> RequestOutcome {
        let output = connection.output
        switch RequestParser.parse(line) {
        case .blank:
            return .answered
        case .badRequest(let reason):
            requestsTotal += 1
            output.appendError(reason)
        case .unknownCommand(let word):
            requestsTotal += 1
            output.appendError(.unknownCommand, word)
        case .request(let command, let arguments):
            requestsTotal += 1
            switch command.splitArguments(arguments) {
            case .failure(let error):
                output.appendError(error)
            case .success(let arguments):
                return execute(command, arguments, on: connection)
            }
        }
        return .answered
    }

    private func execute(_ command: Command, _ arguments: Arguments, on connection: Connection<MovieHandler>) -> RequestOutcome {
        let output = connection.output
        switch (command, arguments) {
        case (.get, .text(let title)): get(title, into: output)
        case (.add, .titleAndInfo(let title, let info)),
             (.edit, .titleAndInfo(let title, let info)),
             (.put, .titleAndInfo(let title, let info)):
            return write(command, title: title, info: info, on: connection)
        case (.del, .text(let title)):
            return write(.del, title: title, info: UnsafeRawBufferPointer(start: nil, count: 0), on: connection)
        case (.all, _): return list(catalogue.snapshot(), on: connection)
        case (.find, .text(let text)): return find(text, on: connection)
        case (.count, _): output.appendOK(count: catalogue.count)
        case (.ping, _): output.appendOK("PONG")
        case (.stats, _): appendStatistics(for: connection)
        case (.help, _): output.appendHelp()
        case (.watch, _): watch(on: connection)
        case (.auth, .text(let token)): authenticate(token, on: connection)
        case (.quit, _):
            output.appendOK("bye")
            return .closeAfterAnswer
        default:
            // splitArguments gives every command the shape matched above.
            preconditionFailure("arguments of the wrong shape for \(command)")
        }
        return .answered
    }

    public func continueAnswer(on connection: Connection<MovieHandler>) -> RequestOutcome {
        if connection.session.pendingWrite != nil { return answerCommittedWrite(on: connection) }
        return continueListing(on: connection)
    }

    public func answerOverlongLine(on connection: Connection<MovieHandler>) {
        connection.output.appendError(.tooLong, "request line is longer than the server's limit")
    }

    public let busyResponse = Array("ERR BUSY the server is at its connection limit\n".utf8)

    public func connectionClosed(_ connection: Connection<MovieHandler>) {
        if connection.session.watching { watchers[ObjectIdentifier(connection)] = nil }
    }
}
