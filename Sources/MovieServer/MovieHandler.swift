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
    let normalizer = TitleNormalizer()
    let logger: Logger
    /// Answers held until the writes they show are durable, in the order they were held.
    var heldAnswers = HeldAnswerQueue()
    /// Connections whose `ALL` or `FIND` waits for writes its snapshot shows to be durable.
    var connectionsAwaitingListings: [ObjectIdentifier: Connection<MovieHandler>] = [:]
    /// Connections that sent `WATCH`, by identity.
    var watchers: [ObjectIdentifier: Connection<MovieHandler>] = [:]
    /// Where an event line is built once before it is pushed to every watcher.
    let eventLine = ByteBuffer()
    /// Whether `WATCH` is served: a connection's own thread sits in `read` while its
    /// client is silent, so events pushed to it would wait for the client's next request.
    let acceptsWatchers: Bool
    private(set) var requestsTotal = 0
    let startedAt = MonotonicClock.seconds()

    public init(store: DurableCatalogue, access: AccessPolicy, acceptsWatchers: Bool = true, logger: Logger) {
        self.store = store
        self.access = access
        self.acceptsWatchers = acceptsWatchers
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
            switch command.request(from: arguments) {
            case .failure(let error):
                output.appendError(error)
            case .success(let request):
                return execute(request, on: connection)
            }
        }
        return .answered
    }

    private func execute(_ request: MovieRequest, on connection: Connection<MovieHandler>) -> RequestOutcome {
        let output = connection.output
        switch request {
        case .get(let title): get(title, on: connection)
        case .add(let title, let info): return write(.add, title: title, info: info, on: connection)
        case .edit(let title, let info): return write(.edit, title: title, info: info, on: connection)
        case .put(let title, let info): return write(.put, title: title, info: info, on: connection)
        case .del(let title): return write(.delete, title: title, info: UnsafeRawBufferPointer(start: nil, count: 0), on: connection)
        case .all: return list(catalogue.snapshot(), searchKey: nil, on: connection)
        case .find(let text): return find(text, on: connection)
        case .count: count(on: connection)
        case .ping: output.appendOK("PONG")
        case .stats: appendStatistics(for: connection)
        case .help: output.appendHelp()
        case .watch: watch(on: connection)
        case .auth(let token): authenticate(token, on: connection)
        case .quit:
            output.appendOK("bye")
            return .closeAfterAnswer
        }
        return .answered
    }

    public func continueAnswer(on connection: Connection<MovieHandler>) -> RequestOutcome {
        continueListing(on: connection)
    }

    public func answerOverlongLine(on connection: Connection<MovieHandler>) {
        connection.output.appendError(.tooLong, "request line is longer than the server's limit")
    }

    public let busyResponse = Array("ERR BUSY the server is at its connection limit\n".utf8)

    public func connectionClosed(_ connection: Connection<MovieHandler>) {
        let identity = ObjectIdentifier(connection)
        if connection.session.watching { watchers[identity] = nil }
        if connection.session.listing != nil { connectionsAwaitingListings[identity] = nil }
    }
}
