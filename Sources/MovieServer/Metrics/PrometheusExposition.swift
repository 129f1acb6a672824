import Primitives

/// Writes metrics in Prometheus's text exposition format (version 0.0.4), every
/// name prefixed `movied_`.
///
/// Written here rather than with swift-prometheus: its metrics take a lock per
/// observation and are kept apart from the loop's own counters, where ours are
/// plain integers on the loop's thread, copied out at a scrape.
struct PrometheusExposition {
    let output: ByteBuffer

    /// `# HELP` and `# TYPE` for the family `name`.
    func family(_ name: StaticString, help: StaticString, isCounter: Bool = false, isHistogram: Bool = false) {
        output.append("# HELP movied_")
        output.append(name)
        output.append(byte: UInt8(ascii: " "))
        output.append(help)
        output.append("\n# TYPE movied_")
        output.append(name)
        output.append(isHistogram ? " histogram\n" : isCounter ? " counter\n" : " gauge\n")
    }

    /// A histogram bucket's `le` label: a bound in nanoseconds (written in seconds), or `+Inf`.
    private enum BucketBound {
        case nanoseconds(UInt64)
        case infinity
    }

    /// `movied_<name>{labels} value`
    func sample(_ name: StaticString, suffix: StaticString = "", labels: [(StaticString, StaticString)] = [], value: Int) {
        startSample(name, suffix: suffix, labels: labels, bucket: nil)
        output.append(decimal: value)
        output.append(byte: UInt8(ascii: "\n"))
    }

    /// The `_bucket` series (cumulative, `le` in seconds), `_sum` and `_count` of one histogram.
    func histogram(_ name: StaticString, labels: [(StaticString, StaticString)], _ histogram: LatencyHistogram) {
        var cumulative = 0
        for bucket in 0..<LatencyHistogram.bucketCount {
            cumulative += histogram.counts[bucket]
            let isLast = bucket == LatencyHistogram.bucketCount - 1
            let bound = isLast ? BucketBound.infinity : .nanoseconds(LatencyHistogram.upperBound(ofBucket: bucket))
            startSample(name, suffix: "_bucket", labels: labels, bucket: bound)
            output.append(decimal: cumulative)
            output.append(byte: UInt8(ascii: "\n"))
        }
        startSample(name, suffix: "_sum", labels: labels, bucket: nil)
        appendSeconds(nanoseconds: histogram.sumNanoseconds)
        output.append(byte: UInt8(ascii: "\n"))
        sample(name, suffix: "_count", labels: labels, value: histogram.count)
    }

    /// The name and labels of a sample, up to its value; a `_bucket` sample's `bucket` gives its `le`.
    private func startSample(
        _ name: StaticString, suffix: StaticString, labels: [(StaticString, StaticString)], bucket: BucketBound?
    ) {
        output.append("movied_")
        output.append(name)
        output.append(suffix)
        if !labels.isEmpty || bucket != nil {
            output.append(byte: UInt8(ascii: "{"))
            for (index, label) in labels.enumerated() {
                if index > 0 { output.append(byte: UInt8(ascii: ",")) }
                output.append(label.0)
                output.append("=\"")
                output.append(label.1)
                output.append(byte: UInt8(ascii: "\""))
            }
            if let bucket {
                if !labels.isEmpty { output.append(byte: UInt8(ascii: ",")) }
                output.append("le=\"")
                switch bucket {
                case .nanoseconds(let bound): appendSeconds(nanoseconds: bound)
                case .infinity: output.append("+Inf")
                }
                output.append(byte: UInt8(ascii: "\""))
            }
            output.append(byte: UInt8(ascii: "}"))
        }
        output.append(byte: UInt8(ascii: " "))
    }

    /// `nanoseconds` as decimal seconds, exactly, without trailing zeros: `0.000025`, `2.5`, `10`.
    private func appendSeconds(nanoseconds: UInt64) {
        output.append(decimal: Int(nanoseconds / 1_000_000_000))
        var fraction = nanoseconds % 1_000_000_000
        guard fraction > 0 else { return }
        output.append(byte: UInt8(ascii: "."))
        var divisor: UInt64 = 100_000_000
        while fraction > 0 {
            output.append(byte: UInt8(ascii: "0") + UInt8(fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }
}
