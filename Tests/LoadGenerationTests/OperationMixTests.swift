import LoadGeneration
import Testing

@Suite struct OperationMixTests {
    @Test func parsesRatiosInOrder() throws {
        let mix = try OperationMix(parsing: "get=90,put=8,del=1,all=1")
        #expect(mix.includedOperations == [.get, .put, .del, .all])
        #expect(mix.description == "get=90,put=8,del=1,all=1")
    }

    @Test func aBareNameWeighsOneAndZeroWeightsAreDropped() throws {
        let mix = try OperationMix(parsing: "GET, ping=0 ,count")
        #expect(mix.includedOperations == [.get, .count])
        #expect(mix.description == "get=1,count=1")
    }

    @Test(arguments: ["", "get=90,frobnicate=1", "get=x", "get=-1", "get=1,get=2", "get=0,put=0"])
    func refusesBadMixes(text: String) {
        #expect(throws: MixError.self) { try OperationMix(parsing: text) }
    }

    @Test func drawsFollowTheRatios() throws {
        let mix = try OperationMix(parsing: "get=90,put=8,del=2")
        var random = Xoshiro256(seed: 11)
        var counts: [Operation: Int] = [:]
        for _ in 0..<100_000 { counts[mix.next(using: &random), default: 0] += 1 }
        #expect(abs(counts[.get, default: 0] - 90_000) < 700)
        #expect(abs(counts[.put, default: 0] - 8_000) < 500)
        #expect(abs(counts[.del, default: 0] - 2_000) < 300)
        #expect(counts.count == 3)
    }
}
