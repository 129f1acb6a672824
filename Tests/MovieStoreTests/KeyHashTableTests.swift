@testable import MovieStore
import Primitives
import Testing

/// The in-flight key table against a dictionary, through growth and deletions
/// that shift entries back.
@Suite struct KeyHashTableTests {
    @Test func randomOperationsMatchADictionary() {
        var table = KeyHashTable()
        var model: [UInt64: UInt64] = [:]
        var random = SplitMix64(seed: 99)
        for step in 0..<50_000 {
            // Few distinct hashes, many sharing low bits, so runs form and get broken up.
            let hash = (random.next() % 300) << 20 | (2 + random.next() % 4)
            if random.next() % 3 == 0 {
                table[hash] = nil
                model[hash] = nil
            } else {
                table[hash] = UInt64(step)
                model[hash] = UInt64(step)
            }
        }
        #expect(table.count == model.count)
        for hash in model.keys { #expect(table[hash] == model[hash]) }
        for probe in 0..<1_000 as Range<UInt64> where model[probe << 20 | 5] == nil {
            #expect(table[probe << 20 | 5] == nil)
        }
    }

    @Test func aHashOfZeroIsKept() {
        var table = KeyHashTable()
        table[0] = 7
        #expect(table[0] == 7)
        table[0] = nil
        #expect(table.isEmpty)
    }
}
