import Primitives
@testable import MovieStore
import Testing

/// Random writes checked against a plain dictionary, with snapshots taken along
/// the way, so block splits, merges, shrinks and copy-on-write all get exercised.
@Suite struct CatalogueModelTests {
    struct Entry: Equatable {
        var display: String
        var info: String
    }

    /// The catalogue's contents as (key, display, info), in snapshot order.
    static func contents(_ snapshot: MovieSnapshot) -> [[String]] {
        snapshot.map { [$0.keyString, $0.displayTitleString, $0.infoString] }
    }

    static func expected(_ model: [String: Entry]) -> [[String]] {
        model.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { [$0.key, $0.value.display, $0.value.info] }
    }

    /// Blocks are non-empty and bounded, keys strictly increase, and the counts agree.
    static func checkStructure(of catalogue: Catalogue) {
        let snapshot = catalogue.snapshot()
        #expect(snapshot.blocks.allSatisfy { (1...SortedMovies.maximumBlockCount).contains($0.count) })
        #expect(snapshot.blocks.reduce(0) { $0 + $1.count } == catalogue.count)
        #expect(snapshot.count == catalogue.count)
        let keys = snapshot.map { Array($0.keyString.utf8) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
    }

    @Test func randomWritesMatchADictionary() throws {
        var generator = SplitMix64(seed: 2024)
        let catalogue = Catalogue()
        var model: [String: Entry] = [:]
        var snapshots: [(MovieSnapshot, [[String]])] = []
        let spellings = ["Film", "FILM", "film", "fIlM"]

        for step in 0..<40_000 {
            let number = Int.random(in: 0..<4000, using: &generator)
            let display = spellings.randomElement(using: &generator)! + " \(number)"
            let key = display.lowercased()
            let info = "step \(step)"
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<4:
                let outcome = try catalogue.add(title: display, info: info)
                #expect((outcome.addedMovie != nil) == (model[key] == nil))
                if model[key] == nil { model[key] = Entry(display: display, info: info) }
            case 4..<6:
                let outcome = try catalogue.edit(title: display, info: info)
                #expect((outcome.editedMovie != nil) == (model[key] != nil))
                model[key]?.info = info
            case 6:
                let outcome = try catalogue.put(title: display, info: info)
                #expect((outcome.editedMovie != nil) == (model[key] != nil))
                model[key, default: Entry(display: display, info: info)].info = info
            default:
                let deleted = try catalogue.delete(title: display)
                #expect(deleted?.displayTitleString == model[key]?.display)
                model[key] = nil
            }
            if step % 4000 == 0 {
                let snapshot = catalogue.snapshot()
                snapshots.append((snapshot, Self.contents(snapshot)))
                Self.checkStructure(of: catalogue)
            }
        }

        #expect(catalogue.count == model.count)
        #expect(Self.contents(catalogue.snapshot()) == Self.expected(model))
        Self.checkStructure(of: catalogue)
        for (snapshot, contents) in snapshots { #expect(Self.contents(snapshot) == contents) }
    }

    @Test func deletingEverythingLeavesNoBlocks() throws {
        let catalogue = Catalogue()
        for number in 0..<5000 { _ = try catalogue.add(title: "\(number)", info: "") }
        let full = catalogue.snapshot()
        for number in (0..<5000).reversed() where number % 2 == 0 { try catalogue.delete(title: "\(number)") }
        Self.checkStructure(of: catalogue)
        for number in 0..<5000 where number % 2 == 1 { try catalogue.delete(title: "\(number)") }
        #expect(catalogue.count == 0)
        #expect(catalogue.snapshot().blocks.isEmpty)
        #expect(full.count == 5000)
        #expect(full.map(\.displayTitleString).sorted() == (0..<5000).map(String.init).sorted())
    }

    @Test func blocksStayWithinBoundsUnderSequentialInserts() throws {
        let catalogue = Catalogue()
        for number in 0..<10_000 { _ = try catalogue.add(title: String(format(number)), info: "") }
        Self.checkStructure(of: catalogue)
        let blocks = catalogue.snapshot().blocks
        #expect(blocks.count >= 10_000 / SortedMovies.maximumBlockCount)
        // Sorted-order inserts always land in the last block; splits leave the others half full or more.
        #expect(blocks.dropLast().allSatisfy { $0.count >= SortedMovies.maximumBlockCount / 2 })
    }

    private func format(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }
}
