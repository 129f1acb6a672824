import Benchmark
import Fixtures
import MovieProtocol
import MovieRules
import MovieStore
import Primitives

/// The `ByteBuffer` response writers: every answer is bytes appended to a
/// connection's output buffer, never a `String`.
///
/// The buffer is emptied, not freed, after each answer, as a connection's is
/// once written out, so only the encoding itself is measured.
func registerResponseEncodingBenchmarks() {
    /// `OK ` and a movie's prebuilt `<title> | <info>` line: what `GET` does.
    Benchmark("Copy prebuilt GET answer", configuration: .allocationFree()) { benchmark, answers in
        let output = answers.output
        for index in benchmark.scaledIterations {
            let movie = answers.movies[index & (answers.movies.count - 1)]
            withExtendedLifetime(movie) { output.appendOK(movieLine: movie.line) }
            output.clear()
        }
    } setup: {
        EncodingFixture()
    }

    /// `OK added <title>`: the answer to every successful write.
    Benchmark("Encode OK added <title>", configuration: .allocationFree()) { benchmark, answers in
        let output = answers.output
        for index in benchmark.scaledIterations {
            let movie = answers.movies[index & (answers.movies.count - 1)]
            withExtendedLifetime(movie) { output.appendOK(.added, title: movie.displayTitle) }
            output.clear()
        }
    } setup: {
        EncodingFixture()
    }

    /// `ERR NOT_FOUND <title>`: the answer to a `GET` that misses.
    Benchmark("Encode ERR NOT_FOUND <title>", configuration: .allocationFree()) { benchmark, answers in
        let output = answers.output
        for index in benchmark.scaledIterations {
            let movie = answers.movies[index & (answers.movies.count - 1)]
            withExtendedLifetime(movie) { output.appendError(.notFound, movie.displayTitle) }
            output.clear()
        }
    } setup: {
        EncodingFixture()
    }

    /// `OK <n>`: a decimal written without going through `String`, as `COUNT`
    /// and every multi-line answer's head do.
    Benchmark("Encode OK <count>", configuration: .allocationFree()) { benchmark, answers in
        let output = answers.output
        for index in benchmark.scaledIterations {
            output.appendOK(count: index &* 7_919)
            output.clear()
        }
    } setup: {
        EncodingFixture()
    }
}

/// Movies to answer about, and an output buffer that already holds a block.
final class EncodingFixture {
    /// `SyntheticCatalogue.probeCount` of them, a power of two, so a mask cycles through them.
    let movies: ContiguousArray<Movie>
    let output = ByteBuffer()

    init() {
        let catalogue = SyntheticCatalogue.make()
        let normalizer = TitleNormalizer()
        movies = ContiguousArray(SyntheticCatalogue.presentNumbers().map { number in
            var title = SyntheticCatalogue.title(number)
            let movie = title.withUTF8 { bytes in
                (try? normalizer.normalize(UnsafeRawBufferPointer(bytes))).flatMap { catalogue.movie(forKey: $0.key) }
            }
            guard let movie else { fatalError("a present title was not found") }
            return movie
        })
        output.append("warm up\n" as StaticString)
        output.clear()
    }
}
