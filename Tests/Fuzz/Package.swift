// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets for every parser that takes bytes from outside: a package of
/// its own, beside the server's, so that neither `swift build` nor `swift test`
/// builds them. `run.sh` builds them with `-sanitize=fuzzer,address` (and
/// `-enable-testing`, for the store's internal readers) and runs them.
let package = Package(
    name: "movied-fuzz",
    dependencies: [
        .package(name: "movied", path: "../.."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(name: "CLibFuzzer"),
        .target(name: "FuzzDriver", dependencies: ["CLibFuzzer"]),
        // The real server on a thread, shared by the two targets that send it requests.
        .target(
            name: "FuzzServer",
            dependencies: [
                .product(name: "MovieServer", package: "movied"), .product(name: "MovieStore", package: "movied"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        fuzzer("FuzzRequests", using: [], extra: ["FuzzServer"]),
        fuzzer("FuzzHTTPRequests", using: [], extra: ["FuzzServer"]),
        fuzzer("FuzzJournal", using: ["MovieStore"]),
        fuzzer("FuzzSnapshot", using: ["MovieStore"]),
        fuzzer("FuzzConfiguration", using: ["MovieServer"]),
        fuzzer("FuzzResponses", using: ["MovieProtocol"]),
        fuzzer("FuzzRedisReplies", using: ["LoadGeneration"]),
        fuzzer("FuzzMemcachedReplies", using: ["LoadGeneration"]),
    ]
)

/// A fuzz target in `Sources/<name>`: its `main.swift` hands a function over the input's bytes to `runFuzzer`.
func fuzzer(_ name: String, using modules: [String], extra: [Target.Dependency] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzDriver"] + modules.map { .product(name: $0, package: "movied") } + extra
    )
}
