import HTTPWire
import MovieProtocol
import MovieStore
import Primitives

/// Answers as HTTP responses with JSON bodies: a movie is `{"title": …, "info": …}`,
/// an error `{"error": "<CODE>", "message": …}` with the status the code stands for.
struct HTTPAnswers: AnswerFormat {
    // Unowned, as in `LineAnswers`: the connection and the handler own these and
    // outlive the call an answer format is made for.
    unowned(unsafe) let output: ByteBuffer
    let traits: HTTPAnswerTraits
    /// Where a body is built before its head, which gives its length, is written.
    unowned(unsafe) let body: ByteBuffer
    unowned(unsafe) let writer: HTTPResponseWriter
    /// Told the error code of a refusal, for `/metrics`.
    unowned(unsafe) let outcome: OutcomeNote

    var style: AnswerStyle { .http(traits) }

    func answer(movie: Movie) {
        respond(.ok) { body in appendMovie(movie, to: body) }
    }

    func answer(_ change: Change, movie: Movie) {
        switch change {
        case .added: respond(.created) { body in appendMovie(movie, to: body) }
        case .edited: respond(.ok) { body in appendMovie(movie, to: body) }
        case .deleted: respond(.noContent) { _ in }
        }
    }

    func answer(count: Int) {
        respond(.ok) { body in
            body.append("{\"count\":")
            body.append(decimal: count)
            body.append(byte: UInt8(ascii: "}"))
        }
    }

    func refuse(_ code: ErrorCode, _ message: StaticString) {
        refuse(code, message: UnsafeRawBufferPointer(start: message.utf8Start, count: message.utf8CodeUnitCount))
    }

    func refuse(_ code: ErrorCode, message: UnsafeRawBufferPointer) {
        respondWithError(code, status: Self.status(for: code)) { body in body.appendJSONStringContent(message) }
    }

    func refuse(_ code: ErrorCode, title: UnsafeRawBufferPointer) {
        respondWithError(code, status: Self.status(for: code), title: title) { body in
            body.append(code == .exists ? "a movie with this title exists: " : "no movie titled ")
            body.appendJSONStringContent(title)
        }
    }

    func refuseTooLong(_ what: StaticString, limit: Int) {
        respondWithError(.tooLong, status: .contentTooLarge) { body in
            body.append(what)
            body.append(" is longer than ")
            body.append(decimal: limit)
            body.append(" bytes")
        }
    }

    func refuseUnauthenticated() {
        respondWithError(.denied, status: .unauthorized, extraHeaders: "WWW-Authenticate: Bearer\r\n") { body in
            body.append("writes need an Authorization: Bearer <token> header")
        }
    }

    /// The status an error code stands for. `DENIED` is `403` here: a token was
    /// shown and is wrong (no token at all is `refuseUnauthenticated`'s `401`).
    static func status(for code: ErrorCode) -> HTTPStatus {
        switch code {
        case .badRequest: .badRequest
        case .notFound, .unknownCommand: .notFound
        case .exists: .conflict
        case .tooLong: .contentTooLarge
        case .denied, .readOnly: .forbidden
        case .busy, .unavailable: .serviceUnavailable
        }
    }

    /// A whole response with a JSON body built by `build`.
    func respond(_ status: HTTPStatus, extraHeaders: StaticString? = nil, _ build: (ByteBuffer) -> Void) {
        body.clear()
        build(body)
        let extra = extraHeaders.map { UnsafeRawBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount) }
        writer.appendResponse(
            status, contentType: .json, body: body.readableBytes, omittingBody: traits.omitsBody,
            connection: traits.connection, extraHeaders: extra, into: output
        )
        // A page of ten thousand titles grows the body to megabytes: give that back.
        if body.readableCount > Self.retainedBodyBytes {
            body.clear()
            body.releaseMemory()
        }
    }

    /// The most a body buffer keeps between responses.
    static var retainedBodyBytes: Int { 1 << 20 }

    /// `{"error":"<CODE>","message":"…"}`, the message's characters written by `message`
    /// (inside the quotes, already escaped), and the title it names if any.
    func respondWithError(
        _ code: ErrorCode, status: HTTPStatus, title: UnsafeRawBufferPointer? = nil, extraHeaders: StaticString? = nil,
        _ message: (ByteBuffer) -> Void
    ) {
        outcome.error = code
        respond(status, extraHeaders: extraHeaders) { body in
            body.append("{\"error\":\"")
            body.append(code.wireName)
            body.append("\",\"message\":\"")
            message(body)
            body.append(byte: UInt8(ascii: "\""))
            if let title {
                body.append(",\"title\":")
                body.appendJSONString(title)
            }
            body.append(byte: UInt8(ascii: "}"))
        }
    }

    /// `movie` is kept alive by the caller for the call, as in `LineAnswers`.
    private func appendMovie(_ movie: Movie, to body: ByteBuffer) {
        body.append("{\"title\":")
        body.appendJSONString(movie.displayTitle)
        body.append(",\"info\":")
        body.appendJSONString(movie.info)
        body.append(byte: UInt8(ascii: "}"))
    }
}

/// How an HTTP request ended, noted by its answer for `/metrics`: the error code
/// it was refused with, or nil.
final class OutcomeNote {
    var error: ErrorCode?
}
