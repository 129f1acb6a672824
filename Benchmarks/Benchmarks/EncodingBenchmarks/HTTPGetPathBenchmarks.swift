import Benchmark
import Fixtures
import HTTPWire
import MovieRules
import MovieStore
import Primitives

/// A whole HTTP `GET /movies/{title}` in process, the same steps as
/// `MovieHandler`'s: read the head a line at a time, split the target,
/// percent-decode and normalise the title, look it up among 100k movies, write
/// the movie as JSON and the response head before it.
///
/// Beside the line protocol's `GET request to answer bytes`, it shows what HTTP's
/// framing and JSON cost per request; it must allocate nothing either.
func registerHTTPGetPathBenchmarks() {
    Benchmark("HTTP GET head to response bytes, hit, 100k movies", configuration: .allocationFree()) { benchmark, server in
        for index in benchmark.scaledIterations {
            server.answer(server.requestLines[wrapping: index])
            server.output.clear()
        }
    } setup: {
        HTTPGetPathFixture()
    }
}

/// What the handler holds for answering HTTP: the catalogue, a normaliser, a head
/// reader, the decoding and body buffers, the response writer and an output buffer.
final class HTTPGetPathFixture {
    let catalogue = SyntheticCatalogue.make()
    let normalizer = TitleNormalizer()
    let head = HTTPRequestHead(limit: 8_192)
    let decoded = ByteBuffer()
    let body = ByteBuffer()
    let writer = HTTPResponseWriter(serverName: "movied")
    let output = ByteBuffer()
    /// Request lines as curl sends them, the title percent-encoded, without the LF the reactor strips.
    let requestLines = ByteLines(SyntheticCatalogue.presentNumbers().map { number in
        let title = SyntheticCatalogue.title(number).lowercased().split(separator: " ").joined(separator: "%20")
        return "GET /movies/\(title) HTTP/1.1\r"
    })
    private let hostLine: [UInt8] = Array("Host: 127.0.0.1:7080\r".utf8)
    private let endOfHead: [UInt8] = Array("\r".utf8)

    init() {
        for buffer in [decoded, body, output] {
            buffer.append("warm up\n" as StaticString)
            buffer.clear()
        }
    }

    /// The head's three lines, then the answer, as `MovieHandler` serves a `GET`.
    func answer(_ requestLine: UnsafeRawBufferPointer) {
        _ = head.read(line: requestLine)
        _ = hostLine.withUnsafeBytes { head.read(line: $0) }
        guard endOfHead.withUnsafeBytes({ head.read(line: $0) }) == .complete,
              let encoded = RequestTarget(head.target).path(after: "/movies/") else { fatalError("a synthetic head did not parse") }
        decoded.clear()
        guard PercentDecoding.decode(encoded, plusMeansSpace: false, into: decoded) else { fatalError("a synthetic title did not decode") }
        let normalized: NormalizedTitle
        do { normalized = try normalizer.normalize(decoded.readableBytes) } catch { fatalError("a synthetic title was refused: \(error)") }
        guard let movie = catalogue.movie(forKey: normalized.key) else { fatalError("a synthetic title is missing") }
        body.clear()
        withExtendedLifetime(movie) {
            body.append("{\"title\":")
            body.appendJSONString(movie.displayTitle)
            body.append(",\"info\":")
            body.appendJSONString(movie.info)
            body.append(byte: UInt8(ascii: "}"))
        }
        writer.appendResponse(.ok, contentType: .json, body: body.readableBytes, omittingBody: false, connection: .none, into: output)
    }
}
