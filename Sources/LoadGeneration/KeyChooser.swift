/// How requests pick among the `--keys` titles.
public enum KeyDistribution: Equatable, Sendable {
    case uniform
    /// Key 0 is the most popular, key 1 the next, and so on.
    case zipf(exponent: Double)

    public var name: String {
        switch self {
        case .uniform: "uniform"
        case .zipf: "zipf"
        }
    }
}

/// Picks the key of each request: a number in `0..<count`.
public struct KeyChooser: Sendable {
    public let count: Int
    public let distribution: KeyDistribution
    @usableFromInline let zipf: ZipfSampler?

    public init(count: Int, distribution: KeyDistribution) {
        precondition(count >= 1, "at least one key")
        self.count = count
        self.distribution = distribution
        if case .zipf(let exponent) = distribution {
            zipf = ZipfSampler(count: count, exponent: exponent)
        } else {
            zipf = nil
        }
    }

    @inlinable public func next(using random: inout Xoshiro256) -> Int {
        if let zipf { return zipf.rank(using: &random) - 1 }
        return Int(truncatingIfNeeded: random.below(UInt64(count)))
    }
}
