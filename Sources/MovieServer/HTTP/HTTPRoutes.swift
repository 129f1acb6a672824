import HTTPWire
import MovieProtocol
import Primitives
import Reactor

/// Which endpoint serves a request, by path and method.
extension MovieHandler {
    func route(
        _ head: HTTPRequestHead, body: UnsafeRawBufferPointer, as answers: HTTPAnswers, on connection: Connection<MovieHandler>
    ) -> RequestOutcome {
        let target = RequestTarget(head.target)
        let method = head.method
        let reads = method == .get || method == .head
        if let title = target.path(after: "/movies/") {
            serveMovie(encodedTitle: title, head: head, body: body, as: answers, on: connection)
        } else if target.pathIs("/movies") {
            if reads {
                requestInFlight.command = .find
                return listTitles(target, as: answers, on: connection)
            } else if method == .post {
                requestInFlight.command = .add
                addMovie(body: body, head: head, as: answers, on: connection)
            } else {
                refuseMethod(allowing: "Allow: GET, HEAD, POST\r\n", as: answers)
            }
        } else if target.pathIs("/stats") {
            guard reads else { return refuseMethod(allowing: "Allow: GET, HEAD\r\n", as: answers) }
            requestInFlight.command = .stats
            answerStatistics(for: connection, as: answers)
        } else if target.pathIs("/metrics") {
            guard reads else { return refuseMethod(allowing: "Allow: GET, HEAD\r\n", as: answers) }
            requestInFlight.command = .metrics
            answerMetrics(for: connection, as: answers)
        } else if target.pathIs("/events") {
            guard method == .get else { return refuseMethod(allowing: "Allow: GET\r\n", as: answers) }
            requestInFlight.command = .watch
            return streamEvents(on: connection, as: answers)
        } else if target.pathIs("/") {
            guard reads else { return refuseMethod(allowing: "Allow: GET, HEAD\r\n", as: answers) }
            requestInFlight.command = .page
            webPage.withUnsafeBytes { page in
                responseWriter.appendResponse(
                    .ok, contentType: .html, body: page, omittingBody: answers.traits.omitsBody,
                    connection: answers.traits.connection, into: connection.output
                )
            }
        } else if target.pathIs("/favicon.ico") {
            // A browser asks for it on every page load; "nothing" keeps its console clean.
            requestInFlight.command = .page
            answers.respond(.noContent) { _ in }
        } else {
            answers.refuse(.notFound, "no such endpoint; see GET / for the web page, /movies, /stats, /metrics and /events")
        }
        return .answered
    }

    /// `405` with the methods the path does take.
    @discardableResult
    private func refuseMethod(allowing allow: StaticString, as answers: HTTPAnswers) -> RequestOutcome {
        answers.respondWithError(.badRequest, status: .methodNotAllowed, extraHeaders: allow) { body in
            body.append("this path does not take that method; ")
            body.append(UnsafeRawBufferPointer(start: allow.utf8Start, count: allow.utf8CodeUnitCount - 2))
        }
        return .answered
    }
}
