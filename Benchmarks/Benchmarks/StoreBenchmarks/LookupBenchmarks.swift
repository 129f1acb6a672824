import Benchmark
import Fixtures
import MovieStore

/// Lookups by key in a catalogue of `SyntheticCatalogue.size` movies: the store's
/// half of every `GET`, which must never allocate.
func registerLookupBenchmarks() {
    /// A key that is there, probed in shuffled order across the whole index.
    Benchmark("Catalogue lookup hit, 100k movies", configuration: .allocationFree()) { benchmark, store in
        for index in benchmark.scaledIterations {
            guard let movie = store.catalogue.movie(forKey: store.presentKeys[wrapping: index]) else {
                fatalError("a present key was not found")
            }
            blackHole(movie)
        }
    } setup: {
        LookupFixture()
    }

    /// A key that is not there: the probe ends at an empty slot or a tag mismatch.
    Benchmark("Catalogue lookup miss, 100k movies", configuration: .allocationFree()) { benchmark, store in
        for index in benchmark.scaledIterations {
            if store.catalogue.movie(forKey: store.absentKeys[wrapping: index]) != nil {
                fatalError("an absent key was found")
            }
        }
    } setup: {
        LookupFixture()
    }
}

/// The catalogue and keys, normalised beforehand, that are present and absent.
final class LookupFixture {
    let catalogue = SyntheticCatalogue.make()
    let presentKeys = ByteLines(SyntheticCatalogue.presentNumbers().map { SyntheticCatalogue.title($0).lowercased() })
    let absentKeys = ByteLines(SyntheticCatalogue.absentNumbers().map { SyntheticCatalogue.title($0).lowercased() })
}
