import Fixtures

/// A server holding the synthetic catalogue and one connected client, set up
/// before a benchmark's samples and torn down after them.
final class RoundTripFixture {
    /// Requests answered with one line each, written one batch at a time.
    static let pipelineDepth = 50

    private var server: LoopbackServer?
    private(set) var client: LoopbackClient?
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
        checkFirstAnswer(client)
    }

    func stop() {
        client = nil
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
    }
}
