import Primitives
@testable import MovieStore
import Testing
import TestSupport

@Suite struct ScaleTests {
    static let movieCount = 100_000

    /// A 16-byte title: "Movie #" and nine digits.
    static func title(_ number: Int) -> String {
        let digits = String(number)
        return "Movie #" + String(repeating: "0", count: 9 - digits.count) + digits
    }

    /// Sixty bytes of info.
    static func info(_ number: Int) -> String {
        let text = "info for movie \(number); "
        return text + String(repeating: "x", count: 60 - text.utf8.count)
    }

    static func filledCatalogue() throws -> Catalogue {
        var generator = SplitMix64(seed: 42)
        let catalogue = Catalogue()
        for number in (0..<movieCount).shuffled(using: &generator) {
            _ = try #require(try catalogue.add(title: title(number), info: info(number)).addedMovie)
        }
        return catalogue
    }

    @Test func hundredThousandMoviesStayConsistent() throws {
        let catalogue = try Self.filledCatalogue()
        #expect(catalogue.count == Self.movieCount)

        for number in 0..<Self.movieCount {
            let movie = try catalogue.movie(titled: Self.title(number).uppercased())
            if movie?.infoString != Self.info(number) {
                Issue.record("movie \(number) not found or wrong")
                return
            }
        }
        let expectedKeys = (0..<Self.movieCount).map { Self.title($0).lowercased() }
        #expect(catalogue.snapshot().map(\.keyString) == expectedKeys)

        var generator = SplitMix64(seed: 7)
        let deleted = Set((0..<Self.movieCount).shuffled(using: &generator).prefix(Self.movieCount / 3))
        let wronglyDeleted = try deleted.filter { try catalogue.delete(title: Self.title($0))?.infoString != Self.info($0) }
        #expect(wronglyDeleted.isEmpty)
        #expect(catalogue.count == Self.movieCount - deleted.count)
        for number in 0..<Self.movieCount {
            let found = try catalogue.movie(titled: Self.title(number)) != nil
            if found == deleted.contains(number) {
                Issue.record("movie \(number) found: \(found), deleted: \(deleted.contains(number))")
                return
            }
        }
        let remaining = catalogue.snapshot()
        #expect(remaining.count == catalogue.count)
        #expect(remaining.map(\.keyString) == expectedKeys.enumerated().filter { !deleted.contains($0.offset) }.map(\.element))

        for number in deleted { _ = try catalogue.add(title: Self.title(number).uppercased(), info: "back") }
        #expect(catalogue.count == Self.movieCount)
        #expect(try catalogue.movie(titled: Self.title(deleted.first!))?.displayTitleString == Self.title(deleted.first!).uppercased())
        #expect(catalogue.snapshot().map(\.keyString) == expectedKeys)
    }

    /// Adds up the heap the catalogue uses. `ManagedBuffer.capacity` is derived
    /// from the allocation's usable size, which with the 16-byte object header,
    /// the buffer header and glibc's 8-byte chunk header gives each object's share.
    @Test(.disabled(if: Sanitizers.areActive, "a sanitizer changes what an allocation costs"))
    func memoryPerMovieStaysUnder150Bytes() throws {
        let catalogue = try Self.filledCatalogue()
        let snapshot = catalogue.snapshot()
        let movies = snapshot.reduce(0) { $0 + 16 + MemoryLayout<MovieLayout>.size + $1.capacity + 8 }
        let index = catalogue.index.capacity * (MemoryLayout<UInt32>.size + MemoryLayout<Movie?>.size)
        let sorted = snapshot.blocks.reduce(snapshot.blocks.capacity * 8) {
            $0 + 16 + MemoryLayout<MovieBlockHeader>.size + $1.capacity * 8 + 8
        }
        let perMovie = Double(movies + index + sorted) / Double(catalogue.count)
        // A 16-byte ASCII title's key is derived, not stored: 111 bytes, the 112-byte class.
        #expect(movies / catalogue.count == 112)
        #expect(perMovie < 150, "movie \(movies), index \(index), sorted \(sorted) bytes")
    }
}
