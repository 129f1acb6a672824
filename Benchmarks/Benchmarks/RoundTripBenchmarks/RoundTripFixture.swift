import Fixtures

/// A server holding the synthetic catalogue and one connected client, set up
/// before a benchmark's samples and torn down after them.
final class RoundTripFixture {
    /// Requests answered with one line each, written one batch at a time.
    static let pipelineDepth = 50

    /// Lines in the answer to an HTTP `GET` of a movie: the status line, four
    /// headers and the blank line; the JSON body has no line feed.
    static let httpAnswerLines = 6

    private var server: LoopbackServer?
    private(set) var client: LoopbackClient?
    /// A kept-alive connection to the HTTP port.
    private(set) var httpClient: LoopbackClient?
    /// `GET /movies/<title> HTTP/1.1` requests for the same titles as `getRequests`.
    let httpGetRequests = ByteLines(RoundTripFixture.getLines.map { line in
        let title = line.dropFirst(4).dropLast()
        let encoded = title.utf8.map { byte in
            byte == UInt8(ascii: " ") ? "%20" : String(UnicodeScalar(byte))
        }.joined()
        return "GET /movies/\(encoded) HTTP/1.1\r\nHost: bench\r\n\r\n"
    })
    /// `GET <title>\n` for titles the catalogue holds, in shuffled order.
    let getRequests = ByteLines(RoundTripFixture.getLines)
    /// `pipelineDepth` of those requests back to back, per batch.
    let getBatches = ByteLines((0..<64).map { batch in
        RoundTripFixture.getLines[(batch * pipelineDepth)..<((batch + 1) * pipelineDepth)].joined()
    })

    private static let getLines = SyntheticCatalogue.presentNumbers().map { "GET \(SyntheticCatalogue.title($0))\n" }

    func start() throws {
        let server = try LoopbackServer(catalogueText: SyntheticCatalogue.fileText())
        self.server = server
        let client = try LoopbackClient(port: server.port)
        self.client = client
        httpClient = try LoopbackClient(port: server.httpPort)
        checkFirstAnswer(client)
    }

    func stop() {
        client = nil
        httpClient = nil
        server?.stop()
        server = nil
    }

    /// Makes sure the requests are answered with the movie, not an error, so
    /// the benchmarks measure the path they are named for.
    private func checkFirstAnswer(_ client: LoopbackClient) {
        let number = SyntheticCatalogue.presentNumbers()[0]
        let expected = "OK \(SyntheticCatalogue.title(number)) | \(SyntheticCatalogue.info(number))\n"
        let answer = String(decoding: client.exchange(getRequests[wrapping: 0], answerLines: 1), as: UTF8.self)
        guard answer == expected else { fatalError("the server answered '\(answer)' to the first GET") }
        guard let httpClient else { return }
        let httpAnswer = httpClient.exchange(httpGetRequests[wrapping: 0], answerLines: Self.httpAnswerLines)
        guard String(decoding: httpAnswer, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK\r\n") else {
            fatalError("the server answered '\(String(decoding: httpAnswer, as: UTF8.self))' to the first HTTP GET")
        }
    }
}
