import FuzzDriver
@testable import MovieStore

runFuzzer { fuzzSnapshot($0, $1) }

/// Snapshot bytes as recovery reads them: refused or loaded, never a trap, and a
/// loaded snapshot holds as many movies as it says.
func fuzzSnapshot(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let loader = CatalogueLoader()
    if let movies = try? SnapshotReader.load(bytes, path: "fuzz.mvs", generation: 0, into: loader) {
        precondition(loader.finish().count == movies, "a snapshot loaded other than it counted")
    }
    return 0
}
