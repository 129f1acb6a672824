// swift-tools-version:6.1
import PackageDescription

/// The benchmarks live in a package of their own, beside the server's, so that
/// neither the main build nor `swift test` resolves, builds or links the
/// benchmark harness. See README.md for how to run them.
let package = Package(
    name: "movied-benchmarks",
    dependencies: [
        .package(name: "movied", path: ".."),
        // Naming the one trait needed for malloc counts turns off the other
        // default trait, an ARC-statistics runtime interposer (a package that
        // our machines do not carry) which these benchmarks do not use.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(
            name: "Fixtures",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Primitives", package: "movied"),
                .product(name: "MovieRules", package: "movied"),
                .product(name: "MovieStore", package: "movied"),
            ],
            path: "Benchmarks/Fixtures"
        ),
        benchmark("ParsingBenchmarks", using: ["MovieProtocol"]),
        benchmark("StoreBenchmarks", using: ["MovieRules", "MovieStore"]),
        benchmark("EncodingBenchmarks", using: ["Primitives", "MovieRules", "MovieProtocol", "MovieStore", "HTTPWire"]),
        benchmark(
            "RoundTripBenchmarks", using: ["Primitives", "MovieServer"],
            extra: [.product(name: "Logging", package: "swift-log")]
        ),
    ]
)

/// A benchmark executable in `Benchmarks/<name>`, where the benchmark plugin finds it.
func benchmark(_ name: String, using modules: [String], extra: [Target.Dependency] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark"), "Fixtures"]
            + modules.map { .product(name: $0, package: "movied") } + extra,
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}
