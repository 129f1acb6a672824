import Primitives
@testable import MovieStore
import Testing

/// The hash index grows a little at a time: lookups, inserts, replaces and
/// deletes must all work while old slots are still being moved.
@Suite struct IncrementalGrowthTests {
    static func movie(_ number: Int, info: String = "") -> Movie {
        var display = Array("Title \(number)".utf8)
        var key = Array("title \(number)".utf8)
        var infoBytes = Array(info.utf8)
        return display.withUnsafeMutableBytes { display in
            key.withUnsafeMutableBytes { key in
                infoBytes.withUnsafeMutableBytes { info in
                    Movie.make(display: UnsafeRawBufferPointer(display), key: UnsafeRawBufferPointer(key), info: UnsafeRawBufferPointer(info))
                }
            }
        }
    }

    static func lookUp(_ index: TitleIndex, _ number: Int) -> Movie? {
        var key = Array("title \(number)".utf8)
        return key.withUnsafeMutableBytes { index.movie(forKey: UnsafeRawBufferPointer($0)) }
    }

    /// An index that has just started growing, and the movies it holds.
    static func growingIndex() -> (TitleIndex, [Int: Movie]) {
        let index = TitleIndex()
        var movies: [Int: Movie] = [:]
        var number = 0
        while !index.isGrowing || index.capacity < 1 << 16 {
            let movie = movie(number)
            index.insert(movie)
            movies[number] = movie
            number += 1
        }
        return (index, movies)
    }

    @Test func anIndexSizedForItsMoviesNeverGrowsWhileTheyAreAdded() {
        let index = TitleIndex(expectedCount: 50_000)
        let capacity = index.capacity
        #expect(capacity == 1 << 16)
        for number in 0..<50_000 {
            index.insert(Self.movie(number))
            if index.isGrowing { break }
        }
        #expect(!index.isGrowing)
        #expect(index.capacity == capacity)
        #expect(index.count == 50_000)
        #expect(Self.lookUp(index, 49_999)?.keyString == "title 49999")
    }

    @Test func everyOperationWorksMidGrowth() throws {
        let (index, movies) = Self.growingIndex()
        #expect(index.isGrowing)
        for (number, movie) in movies { #expect(Self.lookUp(index, number) === movie) }
        #expect(Self.lookUp(index, -1) == nil)

        // Each round steps the move twice; stop well before it can finish, so
        // both movies still in the old table and ones already moved are changed.
        let rounds = index.slotsToMove / TitleIndex.slotsMovedPerStep / 2 - 1
        var expected = movies
        for round in 0..<rounds {
            let edited = Self.movie(3 * round, info: "edited")
            index.replace(try #require(expected[3 * round]), with: edited)
            expected[3 * round] = edited
            let removed = expected.removeValue(forKey: 3 * round + 1)
            index.remove(try #require(removed))
            let added = Self.movie(movies.count + round)
            index.insert(added)
            expected[movies.count + round] = added
        }
        #expect(index.isGrowing)
        #expect(index.count == expected.count)
        for number in -1..<(movies.count + rounds) { #expect(Self.lookUp(index, number) === expected[number]) }
        #expect(Set(index.allMovies().map(ObjectIdentifier.init)) == Set(expected.values.map(ObjectIdentifier.init)))

        while index.isGrowing { index.stepMaintenance() }
        for number in -1..<(movies.count + rounds) { #expect(Self.lookUp(index, number) === expected[number]) }
    }

    @Test func eachStepMovesABoundedNumberOfSlots() {
        let (index, movies) = Self.growingIndex()
        let oldCapacity = index.capacity / 2
        var steps = 0
        while index.isGrowing {
            let before = index.slotsToMove
            index.stepMaintenance()
            #expect(before - index.slotsToMove <= TitleIndex.slotsMovedPerStep)
            steps += 1
        }
        #expect(steps <= oldCapacity / TitleIndex.slotsMovedPerStep + 1)
        for (number, movie) in movies { #expect(Self.lookUp(index, number) === movie) }
        // Further steps give the old table back, then do nothing.
        for _ in 0..<100 { index.stepMaintenance() }
        #expect(index.count == movies.count)
    }

    /// Random inserts and deletes against a dictionary, across several doublings,
    /// checked in full both mid-growth and between growths.
    @Test func randomChangesAcrossSeveralGrowthsMatchADictionary() throws {
        var generator = SplitMix64(seed: 7)
        let index = TitleIndex()
        var model: [Int: Movie] = [:]
        var growths = 0
        var wasGrowing = false
        var checkedMidGrowth = 0
        for step in 0..<60_000 {
            let number = Int.random(in: 0..<40_000, using: &generator)
            if let movie = model[number], Int.random(in: 0..<4, using: &generator) == 0 {
                index.remove(movie)
                model[number] = nil
            } else if model[number] == nil {
                let movie = Self.movie(number)
                index.insert(movie)
                model[number] = movie
            }
            if index.isGrowing, !wasGrowing { growths += 1 }
            wasGrowing = index.isGrowing
            let probe = Int.random(in: 0..<40_000, using: &generator)
            #expect(Self.lookUp(index, probe) === model[probe])
            let midGrowthCheck = index.isGrowing && (checkedMidGrowth < growths || step % 64 == 0)
            if step % 5_000 == 0 || midGrowthCheck {
                if index.isGrowing { checkedMidGrowth = growths }
                #expect(index.count == model.count)
                for (number, movie) in model where Self.lookUp(index, number) !== movie {
                    Issue.record("movie \(number) lost at step \(step)")
                    return
                }
            }
        }
        #expect(growths >= 8)
        #expect(checkedMidGrowth == growths)
    }
}
