import HTTPWire
import MovieProtocol
import Primitives
import Reactor

/// HTTP/1.1 on the reactor: a head read a line at a time, a body taken whole, then
/// the request served and answered in order with the requests before it.
extension MovieHandler {
    func handleHTTP(line: UnsafeRawBufferPointer, head: HTTPRequestHead, on connection: Connection<MovieHandler>) -> RequestOutcome {
        // An event stream's response never ends: whatever the client sends after it is ignored.
        if connection.session.watching { return .answered }
        switch head.read(line: line) {
        case .reading:
            // The request timeout runs from the head's first line to its body's last byte.
            if head.isUnderway { connection.requestIsUnderway = true }
            return .answered
        case .refused(let error):
            refuseHTTPHead(error, on: connection)
            return .closeAfterAnswer
        case .complete:
            guard let length = head.contentLength, length > 0 else {
                connection.requestIsUnderway = false
                return serveHTTP(head, body: UnsafeRawBufferPointer(start: nil, count: 0), on: connection)
            }
            guard length <= http.maximumBodyBytes else {
                startHTTPRequest(.unknown)
                answers(for: head, on: connection, closing: true).respondWithError(.tooLong, status: .contentTooLarge) { body in
                    body.append("the body is longer than the server's limit of ")
                    body.append(decimal: http.maximumBodyBytes)
                    body.append(" bytes")
                }
                finishHTTPRequest()
                return .closeAfterAnswer
            }
            if head.expectsContinue { responseWriter.appendContinue(into: connection.output) }
            connection.expectBody(byteCount: length)
            return .answered
        }
    }

    public func handle(body: UnsafeRawBufferPointer, on connection: Connection<MovieHandler>) -> RequestOutcome {
        guard let head = connection.session.http else { return .closeAfterAnswer }
        connection.requestIsUnderway = false
        return serveHTTP(head, body: body, on: connection)
    }

    /// Answers a head that cannot be served with its status, and closes: what follows it cannot be framed.
    func refuseHTTPHead(_ error: HTTPHeadError, on connection: Connection<MovieHandler>) {
        startHTTPRequest(.unknown)
        let traits = HTTPAnswerTraits(omitsBody: false, connection: .close)
        let answers = HTTPAnswers(output: connection.output, traits: traits, body: httpBody, writer: responseWriter, outcome: httpOutcome)
        let code: ErrorCode = error == .headTooLarge ? .tooLong : .badRequest  // 431 and 413 are both TOO_LONG
        answers.respondWithError(code, status: error.status) { body in body.append(error.message) }
        finishHTTPRequest()
    }

    /// Serves a complete request and says whether the connection goes on.
    private func serveHTTP(_ head: HTTPRequestHead, body: UnsafeRawBufferPointer, on connection: Connection<MovieHandler>) -> RequestOutcome {
        startHTTPRequest(.unknown)
        let answers = answers(for: head, on: connection, closing: false)
        let outcome = route(head, body: body, as: answers, on: connection)
        if !requestInFlight.isHeld { finishHTTPRequest() }
        // An event stream's response lasts as long as the connection, whatever the
        // client said about keeping it; a page that waits for the disk ends it itself.
        if outcome != .answered || connection.session.watching { return outcome }
        return head.keepsAlive ? .answered : .closeAfterAnswer
    }

    /// How answers to `head` are written: without a body for `HEAD`, and saying
    /// whether the connection stays (HTTP/1.0 must be told it does).
    func answers(for head: HTTPRequestHead, on connection: Connection<MovieHandler>, closing: Bool) -> HTTPAnswers {
        let header: HTTPConnectionHeader =
            closing || !head.keepsAlive ? .close : head.minorVersion == 0 ? .keepAlive : .none
        let traits = HTTPAnswerTraits(omitsBody: head.method == .head, connection: header)
        return HTTPAnswers(output: connection.output, traits: traits, body: httpBody, writer: responseWriter, outcome: httpOutcome)
    }

    func startHTTPRequest(_ command: MeasuredCommand) {
        requestsTotal += 1
        requestInFlight = RequestInFlight(wire: .http, command: command, startedAt: clock.now())
        httpOutcome.error = nil
    }

    func finishHTTPRequest() {
        let request = requestInFlight
        metrics.record(.http, request.command, MeasuredOutcome(error: httpOutcome.error), nanoseconds: nanoseconds(since: request.startedAt))
    }

    /// Whether an HTTP request may write: it shows the right `Authorization: Bearer` token, or none is needed.
    func credentials(of head: HTTPRequestHead) -> WriteCredentials {
        guard access.writeToken != nil else { return .granted }
        guard head.hasAuthorization else { return .missing }
        return access.accepts(head.bearerToken) ? .granted : .wrong
    }

    /// The `503` sent to an HTTP client refused at the connection limit, built once.
    static func busyResponse(writer: HTTPResponseWriter, body: ByteBuffer) -> [UInt8] {
        let output = ByteBuffer()
        let note = OutcomeNote()
        // The answer format does not own what it writes to: keep both alive while it writes.
        return withExtendedLifetime((output, note)) {
            let answers = HTTPAnswers(
                output: output, traits: HTTPAnswerTraits(omitsBody: false, connection: .close), body: body, writer: writer, outcome: note
            )
            answers.refuse(.busy, "the server is at its connection limit")
            return Array(output.readableBytes)
        }
    }
}
