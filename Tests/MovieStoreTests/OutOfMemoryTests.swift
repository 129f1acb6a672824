@testable import MovieStore
import Testing

/// When the kernel refuses the memory for a bigger title index, adding a movie
/// fails with `OutOfMemory` and changes nothing; everything else goes on.
@Suite struct OutOfMemoryTests {
    @Test func addsFailCleanlyWhenTheIndexCannotGrowAndWorkAgainOnceItCan() throws {
        let catalogue = Catalogue()
        catalogue.index.refusesToGrow = true
        var added = 0
        var refused: Error?
        while refused == nil && added < 100 {
            do {
                _ = try catalogue.add(title: "Movie \(added)", info: "info")
                added += 1
            } catch {
                refused = error
            }
        }
        // 16 slots, one always left empty.
        #expect(added == 15)
        #expect(refused as? OutOfMemory != nil)
        #expect(catalogue.count == 15)
        #expect(catalogue.snapshot().count == 15)
        #expect(throws: OutOfMemory.self) { try catalogue.put(title: "Another", info: "x") }

        // Edits, deletes and lookups need no new slot.
        #expect(try catalogue.put(title: "Movie 3", info: "edited").editedMovie?.infoString == "edited")
        #expect(try catalogue.movie(titled: "movie 14")?.infoString == "info")
        #expect(try catalogue.delete(title: "Movie 0") != nil)
        #expect(try catalogue.add(title: "Fits again", info: "").addedMovie != nil)

        catalogue.index.refusesToGrow = false
        for number in 100..<200 { _ = try catalogue.add(title: "Movie \(number)", info: "") }
        #expect(catalogue.count == 115)
    }
}
