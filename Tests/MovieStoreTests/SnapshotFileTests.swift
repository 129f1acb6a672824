@testable import MovieStore
import Testing

@Suite struct SnapshotFileTests {
    private func write(_ catalogue: Catalogue, to path: String, generation: UInt64 = 7) throws -> Int {
        guard case .written(let bytes) = try SnapshotFile.write(catalogue.snapshot(), generation: generation, to: path) else {
            Issue.record("snapshot not written")
            return 0
        }
        return bytes
    }

    @Test func writesAndLoadsEveryMovieInOrder() throws {
        let scratch = ScratchDirectory()
        let catalogue = Catalogue()
        for number in 0..<3000 { _ = try catalogue.add(title: "Movie \(number)", info: "info \(number) | more") }
        _ = try catalogue.add(title: "AMÉLIE", info: "")
        _ = try catalogue.add(title: "ǅemal", info: "titlecase")
        let path = scratch.path + "/snapshot-000007.mvs"
        let bytes = try write(catalogue, to: path)
        #expect(bytes == fileSize(path))

        let loader = CatalogueLoader()
        #expect(try SnapshotReader.load(path: path, generation: 7, into: loader) == 3002)
        let loaded = loader.finish()
        #expect(loaded.snapshot().map(\.lineString) == catalogue.snapshot().map(\.lineString))
        #expect(loaded.snapshot().map(\.keyString) == catalogue.snapshot().map(\.keyString))
        #expect(try loaded.movie(titled: "amélie")?.displayTitleString == "AMÉLIE")
        #expect(try loaded.movie(titled: "ǆEMAL")?.infoString == "titlecase")

        // Loaded in key order without a sort: later inserts still land in order.
        for number in stride(from: 0, to: 3000, by: 7) { _ = try loaded.add(title: "Movie \(number)a", info: "") }
        let keys = loaded.snapshot().map(\.keyString)
        #expect(keys.count == 3002 + 429)
        #expect(keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    @Test func anEmptyCatalogueMakesAValidSnapshot() throws {
        let scratch = ScratchDirectory()
        let path = scratch.path + "/empty.mvs"
        #expect(try write(Catalogue(), to: path) == SnapshotFile.headerCount + SnapshotFile.trailerCount)
        #expect(try SnapshotReader.load(path: path, generation: 7, into: CatalogueLoader()) == 0)
    }

    @Test func damageAnywhereIsReportedWithItsOffset() throws {
        let scratch = ScratchDirectory()
        let catalogue = Catalogue()
        for number in 0..<2000 { _ = try catalogue.add(title: "Film \(number)", info: String(repeating: "x", count: number % 70)) }
        let path = scratch.path + "/snapshot-000007.mvs"
        let size = try write(catalogue, to: path)
        for offset in [3, 12, 20, 5000, size / 2, size - 40, size - 10] {
            flipByte(path, at: offset)
            let error = #expect(throws: StoreError.self) { try SnapshotReader.load(path: path, generation: 7, into: CatalogueLoader()) }
            #expect(error?.kind == .corruptSnapshot, "offset \(offset)")
            #expect(error?.message.contains(path) == true)
            flipByte(path, at: offset)
        }
        truncateFile(path, to: size - 1)
        let cut = #expect(throws: StoreError.self) { try SnapshotReader.load(path: path, generation: 7, into: CatalogueLoader()) }
        #expect(cut?.message.contains("cut short") == true)
        #expect(throws: StoreError.self) { try SnapshotReader.load(path: path, generation: 8, into: CatalogueLoader()) }
    }

    /// Found by `Tests/Fuzz` (FuzzSnapshot): a trailer whose checksum holds but whose counts
    /// do not fit an Int trapped the conversion instead of being refused.
    @Test(arguments: [(UInt64.max, UInt64(1)), (UInt64(1), UInt64.max), (UInt64(1) << 63, UInt64(0)), (UInt64(2), UInt64(3))])
    func countsNoFileCouldHoldAreRefused(movies: UInt64, blocks: UInt64) throws {
        let scratch = ScratchDirectory()
        let path = scratch.path + "/snapshot-000007.mvs"
        let catalogue = Catalogue()
        for number in 0..<20 { _ = try catalogue.add(title: "Film \(number)", info: "info") }
        let size = try write(catalogue, to: path)
        var bytes = readFile(path)
        bytes.replaceSubrange((size - SnapshotFile.trailerCount)..., with: SnapshotFile.trailer(generation: 7, movieCount: movies, blockCount: blocks))
        let error = #expect(throws: StoreError.self) {
            try bytes.withUnsafeBytes { try SnapshotReader.load($0, path: path, generation: 7, into: CatalogueLoader()) }
        }
        #expect(error?.kind == .corruptSnapshot)
        #expect(error?.offset == size - SnapshotFile.trailerCount)
    }
}
