import Benchmark
import Fixtures
import MovieRules
import MovieStore

/// Adding and deleting movies in a catalogue of `SyntheticCatalogue.size`,
/// normalisation included, as an `ADD` or `DEL` request does it.
///
/// Each sample puts the catalogue back as it found it, outside the measurement,
/// so every sample changes a catalogue of the same size.
func registerChangeBenchmarks() {
    /// One new movie: a normalised title, a new movie object holding its
    /// prebuilt `GET` answer, an index insert and a sorted insert.
    Benchmark("Catalogue add, 100k movies", configuration: .allocating()) { benchmark, store in
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations { store.add(index) }
        benchmark.stopMeasurement()
        for index in benchmark.scaledIterations { store.delete(index) }
    } setup: {
        ChangeFixture()
    }

    /// Removing a movie from the index and the sorted list.
    Benchmark("Catalogue delete, 100k movies", configuration: .allocating()) { benchmark, store in
        for index in benchmark.scaledIterations { store.add(index) }
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations { store.delete(index) }
        benchmark.stopMeasurement()
    } setup: {
        ChangeFixture()
    }
}

/// A full catalogue and titles of movies it does not hold yet, in shuffled order;
/// a sample's 1,000 operations stay below `probeCount`, so every title is new.
final class ChangeFixture {
    let catalogue = SyntheticCatalogue.make()
    let normalizer = TitleNormalizer()
    let newTitles = ByteLines(SyntheticCatalogue.absentNumbers().map(SyntheticCatalogue.title))
    let info = ByteLines(SyntheticCatalogue.absentNumbers().map(SyntheticCatalogue.info))

    func add(_ index: Int) {
        do {
            let title = try normalizer.normalize(newTitles[wrapping: index])
            guard case .added = try catalogue.add(title, info: try MovieInfo(trimming: info[wrapping: index])) else {
                fatalError("a new title was already there")
            }
        } catch {
            fatalError("a synthetic movie was refused: \(error)")
        }
    }

    func delete(_ index: Int) {
        do {
            guard catalogue.deleteMovie(forKey: try normalizer.normalize(newTitles[wrapping: index]).key) != nil else {
                fatalError("an added title was not there to delete")
            }
        } catch {
            fatalError("a synthetic title was refused: \(error)")
        }
    }
}
