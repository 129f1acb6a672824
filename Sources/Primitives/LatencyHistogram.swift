/// Durations counted into fixed buckets, as a Prometheus histogram exposes them:
/// cheap enough to record every request on the loop's thread (a few compares and
/// two adds, no allocation), and merged or copied whole for a scrape.
public struct LatencyHistogram: Sendable {
    /// Buckets, the last of them past every bound (Prometheus's `+Inf`).
    public static var bucketCount: Int { 20 }

    /// Per bucket, not cumulative; the last is past every bound.
    public private(set) var counts = InlineArray<20, Int>(repeating: 0)
    public private(set) var sumNanoseconds: UInt64 = 0
    public private(set) var count = 0

    public init() {}

    /// Counts one duration. Bounds are searched from the smallest, where almost every request falls.
    public mutating func record(nanoseconds: UInt64) {
        var bucket = 0
        while bucket < 19 && nanoseconds > Self.upperBound(ofBucket: bucket) { bucket += 1 }
        counts[bucket] += 1
        sumNanoseconds &+= nanoseconds
        count += 1
    }

    /// The upper bound of `bucket` (every bucket but the last) in nanoseconds, from 10 µs
    /// to 10 s. A switch of constants, not a static array, whose lazy initialisation
    /// would be checked on every record.
    @inlinable public static func upperBound(ofBucket bucket: Int) -> UInt64 {
        switch bucket {
        case 0: 10_000
        case 1: 25_000
        case 2: 50_000
        case 3: 100_000
        case 4: 250_000
        case 5: 500_000
        case 6: 1_000_000
        case 7: 2_500_000
        case 8: 5_000_000
        case 9: 10_000_000
        case 10: 25_000_000
        case 11: 50_000_000
        case 12: 100_000_000
        case 13: 250_000_000
        case 14: 500_000_000
        case 15: 1_000_000_000
        case 16: 2_500_000_000
        case 17: 5_000_000_000
        default: 10_000_000_000
        }
    }

    /// Adds every duration `other` counted.
    public mutating func add(_ other: LatencyHistogram) {
        for bucket in 0..<20 { counts[bucket] += other.counts[bucket] }
        sumNanoseconds &+= other.sumNanoseconds
        count += other.count
    }
}
