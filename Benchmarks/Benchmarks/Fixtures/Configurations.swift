import Benchmark

extension Benchmark.Configuration {
    /// For code that must not allocate: one malloc more per thousand operations
    /// fails `swift package benchmark baseline check`.
    public static func allocationFree(
        scalingFactor: BenchmarkScalingFactor = .kilo, maxDuration: Duration = .seconds(2)
    ) -> Self {
        measuring(scalingFactor, maxDuration, mallocs: .init(absolute: [.p50: 0, .p90: 0]))
    }

    /// For code that allocates by design (a new movie is a new object): the
    /// count is tracked, and growing it by more than 5% fails the check.
    public static func allocating(
        scalingFactor: BenchmarkScalingFactor = .kilo, maxDuration: Duration = .seconds(2)
    ) -> Self {
        measuring(scalingFactor, maxDuration, mallocs: .init(relative: [.p50: 5, .p90: 5]))
    }

    /// Malloc counts are exact, so they are what `baseline check` judges, with
    /// the caller's tolerance. Time is measured and compared but never fails
    /// the check: on a shared two-core machine the median of an unchanged
    /// benchmark was seen to move by more than half between two runs.
    private static func measuring(
        _ scalingFactor: BenchmarkScalingFactor, _ maxDuration: Duration, mallocs: BenchmarkThresholds
    ) -> Self {
        .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal],
            warmupIterations: 10,
            scalingFactor: scalingFactor,
            maxDuration: maxDuration,
            maxIterations: 10_000,
            thresholds: [
                .mallocCountTotal: mallocs,
                .wallClock: .none,
                .throughput: .none,
            ]
        )
    }
}
