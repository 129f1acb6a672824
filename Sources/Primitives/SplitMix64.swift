/// SplitMix64: turns one 64-bit seed into a stream of well-mixed words.
///
/// The project's one seeded generator for anything that must repeat from a
/// seed: test data, benchmark fixtures, and seeding the load generator's
/// `Xoshiro256`, as its authors recommend (neighbouring seeds then start
/// generators far apart).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
