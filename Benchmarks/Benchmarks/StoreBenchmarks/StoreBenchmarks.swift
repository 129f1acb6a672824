import Benchmark

/// The catalogue: title normalisation, lookups that hit and miss, inserts and deletes.
let benchmarks: @Sendable () -> Void = {
    registerNormalizerBenchmarks()
    registerLookupBenchmarks()
    registerChangeBenchmarks()
}
