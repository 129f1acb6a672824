import Primitives
import Testing

@Suite struct LatencyHistogramTests {
    @Test func countsEachDurationInTheFirstBucketWhoseBoundHoldsIt() {
        var histogram = LatencyHistogram()
        histogram.record(nanoseconds: 0)
        histogram.record(nanoseconds: 1_000)
        histogram.record(nanoseconds: 1_001)
        histogram.record(nanoseconds: 10_000_000_000)
        histogram.record(nanoseconds: 10_000_000_001)
        #expect(histogram.counts[0] == 2, "bounds are inclusive, as Prometheus's le")
        #expect(histogram.counts[1] == 1)
        #expect(histogram.counts[LatencyHistogram.bucketCount - 2] == 1)
        #expect(histogram.counts[LatencyHistogram.bucketCount - 1] == 1, "past every bound")
        #expect(histogram.count == 5)
        #expect(histogram.sumNanoseconds == 20_000_002_002)
    }

    /// The shortcut by power of two must land every duration where a plain search would.
    @Test func everyDurationLandsInTheFirstBucketWhoseBoundHoldsIt() {
        var samples: [UInt64] = [0, 1, 999, 1_000, 1_001, 2_500, 2_501, 9_999_999_999, 10_000_000_000, 10_000_000_001, .max]
        for shift in 0..<64 { samples += [1 << shift, (1 << shift) - 1, (1 << shift) + 1] }
        for bucket in 0..<(LatencyHistogram.bucketCount - 1) {
            let bound = LatencyHistogram.upperBound(ofBucket: bucket)
            samples += [bound - 1, bound, bound + 1]
        }
        for nanoseconds in samples {
            var histogram = LatencyHistogram()
            histogram.record(nanoseconds: nanoseconds)
            let expected = (0..<(LatencyHistogram.bucketCount - 1)).first { nanoseconds <= LatencyHistogram.upperBound(ofBucket: $0) }
                ?? LatencyHistogram.bucketCount - 1
            #expect(histogram.counts[expected] == 1, "\(nanoseconds) ns")
        }
    }

    @Test func boundsRiseAndAddingMergesCounts() {
        for bucket in 1..<(LatencyHistogram.bucketCount - 1) {
            #expect(LatencyHistogram.upperBound(ofBucket: bucket) > LatencyHistogram.upperBound(ofBucket: bucket - 1))
        }
        var first = LatencyHistogram()
        first.record(nanoseconds: 3_000)
        var second = LatencyHistogram()
        second.record(nanoseconds: 3_000)
        second.record(nanoseconds: 7_000_000)
        first.add(second)
        #expect(first.count == 3)
        #expect(first.counts[2] == 2)
        #expect(first.sumNanoseconds == 7_006_000)
    }
}
