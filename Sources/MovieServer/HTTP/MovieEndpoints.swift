import HTTPWire
import MovieProtocol
import MovieStore
import Primitives
import Reactor

/// Which titles of a listing `GET /movies` answers with.
struct ListingPage {
    static let defaultLimit = 100
    static let maximumLimit = 10_000

    var offset = 0
    var limit = ListingPage.defaultLimit
}

/// `/movies` and `/movies/{title}`: the catalogue commands over HTTP, under the
/// same rules (they run the same code) as over the line protocol.
extension MovieHandler {
    /// `GET`, `HEAD`, `PUT`, `PATCH` and `DELETE /movies/{title}`.
    func serveMovie(
        encodedTitle: UnsafeRawBufferPointer, head: HTTPRequestHead, body: UnsafeRawBufferPointer, as answers: HTTPAnswers,
        on connection: Connection<MovieHandler>
    ) {
        decodedTarget.clear()
        guard PercentDecoding.decode(encodedTitle, plusMeansSpace: false, into: decodedTarget) else {
            answers.refuse(.badRequest, "the title in the path has a % not followed by two hex digits")
            return
        }
        let title = decodedTarget.readableBytes
        guard isLineSafe(title, as: answers) else { return }
        switch head.method {
        case .get, .head:
            requestInFlight.command = .get
            get(title, as: answers, on: connection)
        case .put, .patch:
            requestInFlight.command = head.method == .put ? .put : .edit
            guard let info = readMovie(from: body, needsTitle: false, as: answers)?.info else { return }
            write(head.method == .put ? .put : .edit, title: title, info: info, credentials: credentials(of: head), as: answers, on: connection)
        case .delete:
            requestInFlight.command = .del
            let noInfo = UnsafeRawBufferPointer(start: nil, count: 0)
            write(.delete, title: title, info: noInfo, credentials: credentials(of: head), as: answers, on: connection)
        case .post, .options:
            answers.respondWithError(.badRequest, status: .methodNotAllowed, extraHeaders: "Allow: GET, HEAD, PUT, PATCH, DELETE\r\n") { body in
                body.append("a movie takes GET, HEAD, PUT, PATCH and DELETE; add one with POST /movies")
            }
        }
    }

    /// `POST /movies`: `ADD`, from `{"title": …, "info": …}`.
    func addMovie(body: UnsafeRawBufferPointer, head: HTTPRequestHead, as answers: HTTPAnswers, on connection: Connection<MovieHandler>) {
        guard let movie = readMovie(from: body, needsTitle: true, as: answers), let title = movie.title else { return }
        write(.add, title: title, info: movie.info, credentials: credentials(of: head), as: answers, on: connection)
    }

    /// The title and info of a JSON body, checked as the line protocol checks a request
    /// line (UTF-8, no NUL) and for what a line cannot hold (a line break); nil once refused.
    private func readMovie(
        from body: UnsafeRawBufferPointer, needsTitle: Bool, as answers: HTTPAnswers
    ) -> (title: UnsafeRawBufferPointer?, info: UnsafeRawBufferPointer)? {
        let fields: (UnsafeRawBufferPointer?, UnsafeRawBufferPointer?)
        do { fields = try jsonReader.strings("title", "info", in: body) } catch {
            answers.refuse(.badRequest, error.message)
            return nil
        }
        guard let info = fields.1 else {
            answers.refuse(.badRequest, needsTitle ? "the body needs \"title\" and \"info\" strings" : "the body needs an \"info\" string")
            return nil
        }
        if needsTitle && fields.0 == nil {
            answers.refuse(.badRequest, "the body needs \"title\" and \"info\" strings")
            return nil
        }
        if let title = fields.0, !isLineSafe(title, as: answers) { return nil }
        guard isLineSafe(info, as: answers) else { return nil }
        return (fields.0, info)
    }

    /// Whether `text`, decoded from a path or a body, is what a line-protocol request line
    /// can carry: UTF-8 without NUL (the line protocol's own check) and without a line
    /// break, which would split the title or info into lines for every line client and
    /// every file the catalogue is written to. Refuses it if not.
    private func isLineSafe(_ text: UnsafeRawBufferPointer, as answers: HTTPAnswers) -> Bool {
        if let problem = UTF8Validation.firstProblem(in: text) {
            answers.refuse(.badRequest, problem.message)
            return false
        }
        if text.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            answers.refuse(.badRequest, "a title or info cannot hold a line break")
            return false
        }
        return true
    }

    /// `GET /movies?find=TEXT&offset=N&limit=N`: `ALL` or `FIND`, a page at a time, from one snapshot.
    ///
    /// A snapshot showing writes not yet durable is answered once they are, as `ALL` is:
    /// the connection waits (`.awaiting`), so one connection has one page waiting at most.
    func listTitles(_ target: RequestTarget, as answers: HTTPAnswers, on connection: Connection<MovieHandler>) -> RequestOutcome {
        var page = ListingPage()
        var problem: StaticString?
        var searching = false
        decodedTarget.clear()
        target.forEachQueryParameter { name, value in
            if name.matches("find") {
                searching = true
                decodedTarget.clear()
                if !PercentDecoding.decode(value, plusMeansSpace: true, into: decodedTarget) {
                    problem = "find has a % not followed by two hex digits"
                }
            } else if name.matches("offset") {
                guard let offset = HTTPToken.decimal(value) else {
                    problem = "offset must be a whole number"
                    return
                }
                page.offset = offset
            } else if name.matches("limit") {
                guard let limit = HTTPToken.decimal(value), limit >= 1, limit <= ListingPage.maximumLimit else {
                    problem = "limit must be a whole number from 1 to 10000"
                    return
                }
                page.limit = limit
            }
        }
        if let problem {
            answers.refuse(.badRequest, problem)
            return .answered
        }
        var searchKey: UnsafeRawBufferPointer?
        if searching {
            let text = decodedTarget.readableBytes
            if let invalid = UTF8Validation.firstProblem(in: text) {
                answers.refuse(.badRequest, invalid.message)
                return .answered
            }
            // Text that folds to nothing searches for nothing: every title.
            searchKey = try? normalizer.searchKey(for: text)
        }
        if searchKey != nil { requestInFlight.command = .find } else { requestInFlight.command = .all }
        let titles = searchKey.map { catalogue.movies(containing: $0) } ?? catalogue.snapshot()
        if let waitsFor = store.newestPendingTicket {
            connection.session.listing = ListingCursor(
                titles, searchKey: searchKey.map { Array($0) }, waitsFor: waitsFor, httpPage: (page, answers.traits)
            )
            connectionsAwaitingListings[ObjectIdentifier(connection)] = connection
            return .awaiting
        }
        answerTitles(titles, page: page, as: answers)
        return .answered
    }

    /// `{"count": <all matching>, "offset": N, "limit": N, "titles": [...]}`.
    func answerTitles(_ titles: MovieSnapshot, page: ListingPage, as answers: HTTPAnswers) {
        answers.respond(.ok) { body in
            body.append("{\"count\":")
            body.append(decimal: titles.count)
            body.append(",\"offset\":")
            body.append(decimal: page.offset)
            body.append(",\"limit\":")
            body.append(decimal: page.limit)
            body.append(",\"titles\":[")
            var position = titles.index(atOffset: page.offset)
            var written = 0
            while position != titles.endIndex && written < page.limit {
                if written > 0 { body.append(byte: UInt8(ascii: ",")) }
                let movie = titles[position]
                withExtendedLifetime(movie) { body.appendJSONString(movie.displayTitle) }
                titles.formIndex(after: &position)
                written += 1
            }
            body.append("]}")
        }
    }
}
