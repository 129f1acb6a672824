import Benchmark
import Fixtures
import MovieProtocol
import MovieRules
import MovieStore
import Primitives

/// A whole `GET` in process, the same steps as `MovieHandler`'s: parse the
/// line, split the argument, normalise the title, look it up among 100k movies
/// and copy the prebuilt answer into the output buffer.
///
/// This is the path that must cost no allocation per request. The handler
/// itself runs in `RoundTripBenchmarks`, behind real sockets; this one shows
/// the same steps without the system calls.
func registerGetPathBenchmarks() {
    /// A title the catalogue holds: the answer is the movie's prebuilt line.
    Benchmark("GET request to answer bytes, hit, 100k movies", configuration: .allocationFree()) { benchmark, server in
        for index in benchmark.scaledIterations {
            server.answerGet(server.hitLines[wrapping: index])
            server.output.clear()
        }
    } setup: {
        GetPathFixture()
    }

    /// A title it does not hold: the answer is `ERR NOT_FOUND <title>`.
    Benchmark("GET request to answer bytes, miss, 100k movies", configuration: .allocationFree()) { benchmark, server in
        for index in benchmark.scaledIterations {
            server.answerGet(server.missLines[wrapping: index])
            server.output.clear()
        }
    } setup: {
        GetPathFixture()
    }
}

/// What the handler holds for answering: the catalogue, one normaliser, an output buffer.
final class GetPathFixture {
    let catalogue = SyntheticCatalogue.make()
    let normalizer = TitleNormalizer()
    let output = ByteBuffer()
    /// Requests as a client sends them, lower case, without the LF the reactor strips.
    let hitLines = ByteLines(SyntheticCatalogue.presentNumbers().map { "GET \(SyntheticCatalogue.title($0).lowercased())" })
    let missLines = ByteLines(SyntheticCatalogue.absentNumbers().map { "GET \(SyntheticCatalogue.title($0).lowercased())" })

    init() {
        output.append("warm up\n" as StaticString)
        output.clear()
    }

    /// `MovieHandler.handle(line:on:)` for a `GET`, step for step.
    func answerGet(_ line: UnsafeRawBufferPointer) {
        guard case .request(let command, let arguments) = RequestParser.parse(line),
            case .success(.get(let title)) = command.request(from: arguments)
        else { fatalError("a synthetic GET line did not parse") }
        let normalized: NormalizedTitle
        do { normalized = try normalizer.normalize(title) } catch { fatalError("a synthetic title was refused: \(error)") }
        guard let movie = catalogue.movie(forKey: normalized.key) else {
            output.appendError(.notFound, normalized.display)
            return
        }
        withExtendedLifetime(movie) { output.appendOK(movieLine: movie.line) }
    }
}
