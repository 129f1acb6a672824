import Benchmark
import Fixtures
import MovieRules
import MovieStore

/// `TitleNormalizer`: every title a request names goes through it before the store sees it.
func registerNormalizerBenchmarks() {
    let normalizer = TitleNormalizer()
    // As a person types them: stray spaces and tabs to fold, any case.
    let asciiTitles = ByteLines(SyntheticCatalogue.presentNumbers().map {
        "  " + SyntheticCatalogue.title($0).uppercased().split(separator: " ").joined(separator: "  \t") + "  "
    })
    let unicodeTitles = ByteLines(SyntheticCatalogue.presentNumbers().map { "Amélie et le \(SyntheticCatalogue.title($0))" })

    /// An ASCII title, the common case: folded and lowercased in the normaliser's
    /// own buffers, without allocating.
    Benchmark("TitleNormalizer ASCII title", configuration: .allocationFree()) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(keyLength(normalizer, asciiTitles[wrapping: index]))
        }
    }

    /// A title with a non-ASCII letter goes through `String.lowercased()`, which
    /// allocates: the known price of Unicode titles, tracked so it does not grow.
    Benchmark("TitleNormalizer non-ASCII title", configuration: .allocating()) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(keyLength(normalizer, unicodeTitles[wrapping: index]))
        }
    }
}

private func keyLength(_ normalizer: TitleNormalizer, _ title: UnsafeRawBufferPointer) -> Int {
    do { return try normalizer.normalize(title).key.count } catch { fatalError("a synthetic title was refused: \(error)") }
}
