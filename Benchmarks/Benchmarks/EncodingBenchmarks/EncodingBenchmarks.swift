import Benchmark

/// Writing answers into an output buffer, and the whole `GET` path from request
/// line to answer bytes, in process.
let benchmarks: @Sendable () -> Void = {
    registerResponseEncodingBenchmarks()
    registerGetPathBenchmarks()
}
