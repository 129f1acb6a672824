import Benchmark

/// Writing answers into an output buffer, and the whole `GET` path from request
/// line (or HTTP head) to answer bytes, in process.
let benchmarks: @Sendable () -> Void = {
    registerResponseEncodingBenchmarks()
    registerGetPathBenchmarks()
    registerHTTPGetPathBenchmarks()
}
