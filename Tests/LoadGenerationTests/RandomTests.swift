import LoadGeneration
import Testing

@Suite struct RandomTests {
    @Test func theSameSeedAndStreamGiveTheSameSequence() {
        var first = Xoshiro256(seed: 42, stream: 7)
        var second = Xoshiro256(seed: 42, stream: 7)
        let a = (0..<100).map { _ in first.next() }
        let b = (0..<100).map { _ in second.next() }
        #expect(a == b)
    }

    @Test func neighbouringStreamsDiffer() {
        var first = Xoshiro256(seed: 42, stream: 0)
        var second = Xoshiro256(seed: 42, stream: 1)
        let a = (0..<10).map { _ in first.next() }
        let b = (0..<10).map { _ in second.next() }
        #expect(a != b)
        #expect(Set(a).isDisjoint(with: b))
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var random = Xoshiro256(seed: 1)
        var seen = Set<UInt64>()
        for _ in 0..<10_000 {
            let value = random.below(10)
            #expect(value < 10)
            seen.insert(value)
        }
        #expect(seen.count == 10)
    }

    @Test func unitIntervalIsHalfOpen() {
        var random = Xoshiro256(seed: 3)
        var sum = 0.0
        for _ in 0..<100_000 {
            let value = random.unitInterval()
            #expect(value >= 0 && value < 1)
            sum += value
        }
        #expect(abs(sum / 100_000 - 0.5) < 0.01)
    }
}
