import MovieRules
import MovieStore
import Testing

@Suite struct SnapshotTests {
    @Test func listsTitlesSortedByKeyBytes() throws {
        let catalogue = try catalogue(["beta", "Alpha", "Émile", "zulu", "ALPHA 2", "apple", "10 Things", "Zebra"])
        // Lowercased keys in byte order: "10 things" < "alpha" < "alpha 2" < "apple" < "beta" < "zebra" < "zulu" < "émile".
        #expect(catalogue.snapshot().titles == ["10 Things", "Alpha", "ALPHA 2", "apple", "beta", "Zebra", "zulu", "Émile"])
    }

    @Test func emptyCatalogueHasAnEmptySnapshot() {
        let snapshot = Catalogue().snapshot()
        #expect(snapshot.isEmpty)
        #expect(snapshot.count == 0)
        #expect(snapshot.startIndex == snapshot.endIndex)
    }

    @Test func isUnaffectedByLaterWrites() throws {
        let catalogue = try catalogue(["A", "B", "C"])
        let before = catalogue.snapshot()
        _ = try catalogue.add(title: "AA", info: "new")
        _ = try catalogue.edit(title: "B", info: "edited")
        try catalogue.delete(title: "C")
        #expect(before.titles == ["A", "B", "C"])
        #expect(before.count == 3)
        #expect(before.map(\.infoString) == ["info of A", "info of B", "info of C"])
        let after = catalogue.snapshot()
        #expect(after.titles == ["A", "AA", "B"])
        #expect(after.map(\.infoString) == ["info of A", "new", "edited"])
    }

    @Test func isUnaffectedByManyWritesAcrossBlocks() throws {
        let catalogue = Catalogue()
        for number in 0..<3000 { _ = try catalogue.add(title: "movie \(number)", info: "\(number)") }
        let before = catalogue.snapshot()
        let expected = before.map(\.lineString)
        for number in stride(from: 0, to: 3000, by: 3) { try catalogue.delete(title: "movie \(number)") }
        for number in stride(from: 1, to: 3000, by: 3) { _ = try catalogue.edit(title: "movie \(number)", info: "x") }
        for number in 3000..<4000 { _ = try catalogue.add(title: "movie \(number)", info: "\(number)") }
        #expect(before.map(\.lineString) == expected)
        #expect(catalogue.count == 3000 - 1000 + 1000)
        #expect(catalogue.snapshot().count == catalogue.count)
    }

    @Test func walksForwardAndBackward() throws {
        let catalogue = Catalogue()
        for number in 0..<2000 { _ = try catalogue.add(title: String(number), info: "") }
        let snapshot = catalogue.snapshot()
        let forward = snapshot.map(\.keyString)
        #expect(forward == forward.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(Array(snapshot.reversed().map(\.keyString)) == forward.reversed())
        #expect(snapshot.count == 2000)
        #expect(snapshot.distance(from: snapshot.startIndex, to: snapshot.endIndex) == 2000)
    }

    @Test func findMatchesSubstringsOfKeysInOrder() throws {
        let catalogue = try catalogue(["The Matrix", "Matrix Reloaded", "Mad Max", "The Animatrix", "Alien"])
        #expect(try catalogue.movies(containing: "   the   MAT").titles == ["The Matrix"])
        #expect(try catalogue.movies(containing: "MATRIX").titles == ["Matrix Reloaded", "The Animatrix", "The Matrix"])
        #expect(try catalogue.movies(containing: "ma").count == 4)
        #expect(try catalogue.movies(containing: "zzz").isEmpty)
        #expect(try catalogue.movies(containing: "a|b").isEmpty)
    }

    @Test func findFoldsNonASCIICase() throws {
        let catalogue = try catalogue(["AMÉLIE", "Emil"])
        #expect(try catalogue.movies(containing: "élie").titles == ["AMÉLIE"])
    }

    @Test func findOfEmptyTextIsRejected() throws {
        let catalogue = try catalogue(["Alien"])
        #expect(throws: TitleError.empty) { try catalogue.movies(containing: " ") }
    }

    @Test func findResultIsUnaffectedByLaterWrites() throws {
        let catalogue = Catalogue()
        for number in 0..<1000 { _ = try catalogue.add(title: "film \(number)", info: "") }
        let found = try catalogue.movies(containing: "film 9")
        #expect(found.count == 111)
        for number in 0..<1000 { try catalogue.delete(title: "film \(number)") }
        #expect(found.count == 111)
        #expect(found.first?.displayTitleString == "film 9")
        #expect(found.last?.displayTitleString == "film 999")
    }
}
