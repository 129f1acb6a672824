/// Durations counted into fixed buckets, as a Prometheus histogram exposes them:
/// cheap enough to record every request on the loop's thread (a few compares and
/// two adds, no allocation), and merged or copied whole for a scrape.
public struct LatencyHistogram: Sendable {
    /// Buckets, the last of them past every bound (Prometheus's `+Inf`).
    public static var bucketCount: Int { 23 }

    /// Per bucket, not cumulative; the last is past every bound.
    public private(set) var counts = InlineArray<23, Int>(repeating: 0)
    public private(set) var sumNanoseconds: UInt64 = 0
    public private(set) var count = 0

    public init() {}

    /// Counts one duration, in the same few instructions whatever it is: its power of
    /// two picks the first bucket that can hold it, and at most two steps find the one.
    public mutating func record(nanoseconds: UInt64) {
        var bucket = Self.firstBucket(forPowerOfTwo: UInt64.bitWidth - nanoseconds.leadingZeroBitCount)
        while bucket < Self.bucketCount - 1 && nanoseconds > Self.upperBound(ofBucket: bucket) { bucket += 1 }
        counts[bucket] += 1
        sumNanoseconds &+= nanoseconds
        count += 1
    }

    /// The upper bound of `bucket` (every bucket but the last) in nanoseconds, from 1 µs
    /// to 10 s (a GET takes a few microseconds, an fsync milliseconds). A switch of constants, not a static array, whose lazy initialisation
    /// would be checked on every record.
    @inlinable public static func upperBound(ofBucket bucket: Int) -> UInt64 {
        switch bucket {
        case 0: 1_000
        case 1: 2_500
        case 2: 5_000
        case 3: 10_000
        case 4: 25_000
        case 5: 50_000
        case 6: 100_000
        case 7: 250_000
        case 8: 500_000
        case 9: 1_000_000
        case 10: 2_500_000
        case 11: 5_000_000
        case 12: 10_000_000
        case 13: 25_000_000
        case 14: 50_000_000
        case 15: 100_000_000
        case 16: 250_000_000
        case 17: 500_000_000
        case 18: 1_000_000_000
        case 19: 2_500_000_000
        case 20: 5_000_000_000
        default: 10_000_000_000
        }
    }

    /// The first bucket whose bound reaches 2^(`bits` - 1), the least a duration of
    /// `bits` significant bits can be: with bounds at 1, 2.5 and 5 of each decade, the
    /// bucket a duration belongs in is this one or one of the next two.
    @inline(__always) static func firstBucket(forPowerOfTwo bits: Int) -> Int {
        switch bits {
        case ...10: 0  // up to 1,023 ns
        case 11: 1  // 1,024
        case 12: 1  // 2,048
        case 13: 2  // 4,096
        case 14: 3  // 8,192
        case 15: 4  // 16,384
        case 16: 5  // 32,768
        case 17: 6  // 65,536
        case 18: 7  // 131,072
        case 19: 8  // 262,144
        case 20: 9  // 524,288
        case 21: 10  // 1,048,576
        case 22: 10  // 2,097,152
        case 23: 11  // 4,194,304
        case 24: 12  // 8,388,608
        case 25: 13  // 16,777,216
        case 26: 14  // 33,554,432
        case 27: 15  // 67,108,864
        case 28: 16  // 134,217,728
        case 29: 17  // 268,435,456
        case 30: 18  // 536,870,912
        case 31: 19  // 1,073,741,824
        case 32: 19  // 2,147,483,648
        case 33: 20  // 4,294,967,296
        case 34: 21  // 8,589,934,592
        default: 22  // 17,179,869,184 and more: past every bound
        }
    }

    /// Adds every duration `other` counted.
    public mutating func add(_ other: LatencyHistogram) {
        for bucket in 0..<Self.bucketCount { counts[bucket] += other.counts[bucket] }
        sumNanoseconds &+= other.sumNanoseconds
        count += other.count
    }
}
