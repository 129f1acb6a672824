import HTTPWire
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
    var requestsTotal = 0
    let startedAt = MonotonicClock.seconds()
    /// Requests by protocol, command and outcome, with their service times.
    let metrics = RequestMetrics()
    /// The request being answered now, for `metrics`.
    var requestInFlight = RequestInFlight()
    /// What requests are timed with.
    let clock = RequestClock()
    /// Which of the loop's listeners takes HTTP, if any; set before the loop runs.
    public var httpListener: Int?
    let http: HTTPSettings
    /// Writes HTTP response heads; its `Date` is refreshed on the tick.
    let responseWriter = HTTPResponseWriter(serverName: "movied")
    /// Where an HTTP response body is built before its head.
    let httpBody = ByteBuffer()
    /// Where a title or search text from a request target is percent-decoded.
    let decodedTarget = ByteBuffer()
    let jsonReader = JSONObjectReader()
    /// How the last HTTP request ended, as its answer told.
    let httpOutcome = OutcomeNote()
    /// Where a Server-Sent Event is built once before it is pushed to every HTTP watcher.
    let streamEvent = ByteBuffer()
    /// Ticks since the last keep-alive comment to HTTP watchers.
    var ticksSinceKeepAlive = 0
    let webPage: [UInt8]
    /// The `503` for a connection refused at the limit, rebuilt each second for its `Date`.
    var busyHTTPResponse: [UInt8]

    public init(
        store: DurableCatalogue, access: AccessPolicy, acceptsWatchers: Bool = true,
        http: HTTPSettings = HTTPSettings(), logger: Logger
    ) {
        self.store = store
        self.access = access
        self.acceptsWatchers = acceptsWatchers
        self.http = http
        self.logger = logger
        webPage = WebPage.html(writesNeedToken: access.writeToken != nil, readOnly: access.readOnly)
        busyHTTPResponse = Self.busyResponse(writer: responseWriter, body: httpBody)
    }

    /// Reads go straight to the catalogue; writes go through `store`.
    var catalogue: Catalogue { store.catalogue }

    public func makeSession() -> MovieSession { MovieSession() }

    public func makeSession(acceptedBy listener: Int) -> MovieSession {
        var session = MovieSession()
        if listener == httpListener { session.http = HTTPRequestHead(limit: http.maximumHeadBytes) }
        return session
    }

    // Inlined into the reactor's specialised read loop, as it was before it grew the
    // HTTP branch and the measuring: callgrind counts about 25 instructions per request less.
    @inline(__always)
    public func handle(line: UnsafeRawBufferPointer, on connection: Connection<MovieHandler>) -> RequestOutcome {
        if let head = connection.session.http { return handleHTTP(line: line, head: head, on: connection) }
        let output = connection.output
        let written = output.readableCount
        requestInFlight = RequestInFlight(wire: .line, command: .unknown, startedAt: clock.now())
        var outcome = RequestOutcome.answered
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
            requestInFlight.command = MeasuredCommand(command)
            switch command.request(from: arguments) {
            case .failure(let error):
                output.appendError(error)
            case .success(let request):
                outcome = execute(request, on: connection)
            }
        }
        if !requestInFlight.isHeld { recordLineRequest(answeredFrom: written, in: output) }
        return outcome
    }

    /// Nanoseconds since `start`, a `clock.now()`.
    @inline(__always) func nanoseconds(since start: UInt64) -> UInt64 {
        clock.nanoseconds(clock.now() &- start)
    }

    /// Counts the request just answered, reading its outcome off the answer: `ERR <CODE>` or not.
    @inline(__always)
    private func recordLineRequest(answeredFrom offset: Int, in output: ByteBuffer) {
        let answer = output.readableBytes
        let outcome = answer.count > offset + 4 && answer[offset] == UInt8(ascii: "E")
            ? Self.refusal(in: UnsafeRawBufferPointer(rebasing: answer[(offset + 4)...])) : .ok
        metrics.record(.line, requestInFlight.command, outcome, nanoseconds: nanoseconds(since: requestInFlight.startedAt))
    }

    /// The error code that `code` (what follows `ERR `) begins with.
    private static func refusal(in code: UnsafeRawBufferPointer) -> MeasuredOutcome {
        let end = code.firstIndex(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") }) ?? code.count
        return MeasuredOutcome(error: ErrorCode(wireName: UnsafeRawBufferPointer(rebasing: code[..<end])))
    }

    /// Whether a line connection may write: it sent the right `AUTH`, or no token is needed.
    func credentials(of connection: Connection<MovieHandler>) -> WriteCredentials {
        access.writeToken == nil || connection.session.authenticated ? .granted : .missing
    }

    @inline(__always)
    private func execute(_ request: MovieRequest, on connection: Connection<MovieHandler>) -> RequestOutcome {
        let output = connection.output
        let answers = LineAnswers(output: output)
        switch request {
        case .get(let title): get(title, as: answers, on: connection)
        case .add(let title, let info): write(.add, title: title, info: info, credentials: credentials(of: connection), as: answers, on: connection)
        case .edit(let title, let info): write(.edit, title: title, info: info, credentials: credentials(of: connection), as: answers, on: connection)
        case .put(let title, let info): write(.put, title: title, info: info, credentials: credentials(of: connection), as: answers, on: connection)
        case .del(let title):
            let noInfo = UnsafeRawBufferPointer(start: nil, count: 0)
            write(.delete, title: title, info: noInfo, credentials: credentials(of: connection), as: answers, on: connection)
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
        // An event stream's client has nothing to send; what it sends anyway is not
        // answered inside the stream. The reactor closes the connection.
        if connection.session.http != nil && connection.session.watching { return }
        if connection.session.http != nil {
            refuseHTTPHead(.headTooLarge, on: connection)
        } else {
            connection.output.appendError(.tooLong, "request line is longer than the server's limit")
        }
    }

    public let busyResponse = Array("ERR BUSY the server is at its connection limit\n".utf8)

    public func busyResponse(acceptedBy listener: Int) -> [UInt8] {
        listener == httpListener ? busyHTTPResponse : busyResponse
    }

    public func connectionOpened(_ connection: Connection<MovieHandler>) {
        metrics.connectionOpened(connection.session.http == nil ? .line : .http)
    }

    public func connectionClosed(_ connection: Connection<MovieHandler>) {
        metrics.connectionClosed(connection.session.http == nil ? .line : .http)
        let identity = ObjectIdentifier(connection)
        if connection.session.watching { watchers[identity] = nil }
        if connection.session.listing != nil { connectionsAwaitingListings[identity] = nil }
    }
}
