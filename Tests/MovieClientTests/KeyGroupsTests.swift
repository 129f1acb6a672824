@testable import MovieClient
import MovieRules
import Primitives
import Testing

/// The kept rows grouped by title key, as the title rule asks for them.
@Suite("import: rows grouped by title key")
struct KeyGroupsTests {
    @Test func everyRowFindsTheRowsThatShareItsKey() {
        // Some titles many times over, in every case; some once; enough rows that the table grows.
        let titles = (0..<20_000).map { index in
            index % 4 == 0 ? "Film \(index)" : index % 2 == 0 ? "FILM \(index % 97)" : "film  \(index % 97)"
        }
        let movies = UniqueTitlesTests.movies(titles.enumerated().map { UniqueTitlesTests.row($1, 2000, "tt\($0)") })
        let groups = KeyGroups(movies)
        var expected: [String: Int] = [:]
        for title in titles { expected[try! Title.normalize(title).key, default: 0] += 1 }
        for (row, title) in titles.enumerated() {
            let key = try! Title.normalize(title).key
            #expect(groups.size(ofGroupOf: row) == expected[key])
            let first = Array(key.utf8).withUnsafeBytes { groups.firstRow(withKey: $0) }
            #expect(first == titles.firstIndex { (try? Title.normalize($0).key) == key })
        }
        #expect(Array("film 98".utf8).withUnsafeBytes { groups.firstRow(withKey: $0) } == nil)
    }

    @Test func keysBeyondASCIIAreComparedAsServersCompareThem() {
        let movies = UniqueTitlesTests.movies([
            UniqueTitlesTests.row("ÉTÉ", 1, "tt1"), UniqueTitlesTests.row("été", 2, "tt2"), UniqueTitlesTests.row("Ete", 3, "tt3"),
        ])
        let groups = KeyGroups(movies)
        #expect((0..<3).map(groups.size(ofGroupOf:)) == [2, 2, 1])
    }

    @Test func theHashTellsApartKeysThatDifferInOneByteAnywhere() {
        let base = Array("the generated film number 0000000 part ii".utf8)
        var hashes = Set<UInt64>()
        for index in base.indices {
            var changed = base
            changed[index] ^= 1
            hashes.insert(changed.withUnsafeBytes(KeyGroups.hash))
        }
        hashes.insert(base.withUnsafeBytes(KeyGroups.hash))
        #expect(hashes.count == base.count + 1)
    }
}
