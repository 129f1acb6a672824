import Glibc
import LoadGeneration
import Testing

@Suite struct KeyChooserTests {
    func frequencies(_ chooser: KeyChooser, draws: Int, seed: UInt64 = 9) -> [Int] {
        var random = Xoshiro256(seed: seed)
        var counts = [Int](repeating: 0, count: chooser.count)
        for _ in 0..<draws { counts[chooser.next(using: &random)] += 1 }
        return counts
    }

    @Test func uniformKeysAreEvenlySpread() {
        let counts = frequencies(KeyChooser(count: 10, distribution: .uniform), draws: 100_000)
        for count in counts { #expect(abs(count - 10_000) < 600) }
    }

    @Test(arguments: [0.5, 0.99, 1.0, 1.5])
    func zipfFollowsItsLaw(exponent: Double) {
        let keys = 100
        let counts = frequencies(KeyChooser(count: keys, distribution: .zipf(exponent: exponent)), draws: 200_000)
        let normaliser = (1...keys).reduce(0.0) { $0 + pow(Double($1), -exponent) }
        for rank in [1, 2, 10] {
            let expected = 200_000 * pow(Double(rank), -exponent) / normaliser
            let observed = Double(counts[rank - 1])
            #expect(abs(observed - expected) / expected < 0.05, "rank \(rank): \(observed) vs \(expected)")
        }
        #expect(counts.reduce(0, +) == 200_000)
    }

    @Test func zipfStaysInRangeForOneKeyAndForMany() {
        var random = Xoshiro256(seed: 5)
        let one = KeyChooser(count: 1, distribution: .zipf(exponent: 0.99))
        for _ in 0..<1_000 { #expect(one.next(using: &random) == 0) }
        let many = KeyChooser(count: 100_000_000, distribution: .zipf(exponent: 0.99))
        for _ in 0..<10_000 {
            let key = many.next(using: &random)
            #expect(key >= 0 && key < 100_000_000)
        }
    }

    @Test func theSameSeedChoosesTheSameKeys() {
        let chooser = KeyChooser(count: 1000, distribution: .zipf(exponent: 1.2))
        #expect(frequencies(chooser, draws: 1000, seed: 77) == frequencies(chooser, draws: 1000, seed: 77))
        #expect(frequencies(chooser, draws: 1000, seed: 77) != frequencies(chooser, draws: 1000, seed: 78))
    }
}
