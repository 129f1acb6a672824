import Benchmark
import Fixtures
import MovieProtocol

/// The request parser and argument splitting: the first steps of every request,
/// which must not allocate whatever the line holds.
let benchmarks: @Sendable () -> Void = {
    let getLines = ByteLines(SyntheticCatalogue.presentNumbers().map { "GET \(SyntheticCatalogue.title($0))" })
    let addLines = ByteLines(SyntheticCatalogue.presentNumbers().map {
        "ADD \(SyntheticCatalogue.title($0)) | \(SyntheticCatalogue.info($0))"
    })

    /// `GET <title>`: UTF-8 and NUL check of the line, command word, trimmed argument.
    Benchmark("RequestParser.parse GET line", configuration: .allocationFree()) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(argumentCount(RequestParser.parse(getLines[wrapping: index])))
        }
    }

    /// `ADD <title> | <info>`: the same on a line about four times as long,
    /// since the UTF-8 check reads every byte.
    Benchmark("RequestParser.parse ADD line", configuration: .allocationFree()) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(argumentCount(RequestParser.parse(addLines[wrapping: index])))
        }
    }

    /// Parsing an `ADD` line and splitting its arguments at the first `|` into
    /// trimmed title and info, as the handler does before touching the store.
    Benchmark("RequestParser.parse + request(from:) ADD line", configuration: .allocationFree()) { benchmark in
        for index in benchmark.scaledIterations {
            guard case .request(let command, let arguments) = RequestParser.parse(addLines[wrapping: index]),
                case .success(.add(let title, let info)) = command.request(from: arguments)
            else { fatalError("a synthetic ADD line did not split into title and info") }
            blackHole(title.count &+ info.count)
        }
    }
}

/// Something of the parse result for `blackHole`, so the parse cannot be optimised away.
private func argumentCount(_ parsed: ParsedRequest) -> Int {
    guard case .request(_, let arguments) = parsed else { fatalError("a synthetic request did not parse") }
    return arguments.count
}
