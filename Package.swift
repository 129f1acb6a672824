// swift-tools-version:6.1
import PackageDescription

/// Release builds specialise the generic reactor for its handler across module
/// boundaries; without this every request would pay for witness-table calls.
///
/// They also drop Swift's run-time exclusivity checks: every access to a class's
/// stored property would otherwise call `swift_beginAccess`, which callgrind
/// showed as 44% of movied's instructions per request at pipeline depth 1.
/// Debug builds, which the tests run, keep the checks, so an overlapping access
/// still fails there.
let hotPathSettings: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "movied",
    products: [
        .library(name: "Primitives", targets: ["Primitives"]),
        .library(name: "Reactor", targets: ["Reactor"]),
        .library(name: "MovieRules", targets: ["MovieRules"]),
        .library(name: "MovieStore", targets: ["MovieStore"]),
        .library(name: "MovieProtocol", targets: ["MovieProtocol"]),
        .library(name: "HTTPWire", targets: ["HTTPWire"]),
        .library(name: "MovieServer", targets: ["MovieServer"]),
        .library(name: "LoadGeneration", targets: ["LoadGeneration"]),
        .executable(name: "movied", targets: ["movied"]),
        .executable(name: "movie", targets: ["movie"]),
        .executable(name: "movieload", targets: ["movieload"]),
        .executable(name: "echo-server", targets: ["echo-server"]),
        .executable(name: "echo-client", targets: ["echo-client"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        // Without its default FoundationURL trait: the server never touches Foundation.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0", traits: []),
    ],
    targets: [
        .systemLibrary(name: "CLinuxEvents", path: "Sources/CLinuxEvents"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Primitives", dependencies: ["CLinuxEvents"], swiftSettings: hotPathSettings),
        .target(
            name: "Reactor",
            dependencies: ["Primitives", "CLinuxEvents", .product(name: "Logging", package: "swift-log")],
            swiftSettings: hotPathSettings
        ),
        .target(name: "MovieRules", swiftSettings: hotPathSettings),
        .target(name: "MovieStore", dependencies: ["Primitives", "MovieRules"], swiftSettings: hotPathSettings),
        .target(name: "MovieProtocol", dependencies: ["Primitives", "MovieRules"], swiftSettings: hotPathSettings),
        .target(
            name: "HTTPWire",
            dependencies: ["Primitives", .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: hotPathSettings
        ),
        .target(
            name: "MovieServer",
            dependencies: [
                "Primitives", "Reactor", "MovieRules", "MovieStore", "MovieProtocol", "HTTPWire",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: hotPathSettings
        ),
        .executableTarget(
            name: "movied",
            dependencies: [
                "MovieServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: hotPathSettings
        ),
        .target(name: "MovieClient", dependencies: ["Primitives", "MovieRules", "MovieProtocol", "CZlib"]),
        .executableTarget(
            name: "movie",
            dependencies: [
                "Primitives", "MovieClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "LoadGeneration", dependencies: ["Primitives", "MovieRules", "MovieProtocol"], swiftSettings: hotPathSettings),
        .executableTarget(
            name: "movieload",
            dependencies: [
                "Primitives", "LoadGeneration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: hotPathSettings
        ),
        // The Reactor library used as its README shows: a protocol object plugged into a server model.
        .executableTarget(name: "echo-server", dependencies: ["Reactor", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "echo-client", dependencies: ["Reactor", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(name: "TestSupport", dependencies: ["Primitives"], path: "Tests/TestSupport"),
        .testTarget(name: "PrimitivesTests", dependencies: ["Primitives"]),
        .testTarget(name: "ReactorTests", dependencies: ["Reactor", "Primitives", "TestSupport"]),
        .testTarget(name: "MovieRulesTests", dependencies: ["MovieRules", "Primitives"]),
        .testTarget(name: "MovieStoreTests", dependencies: ["MovieStore", "MovieRules", "Primitives", "TestSupport"]),
        .testTarget(name: "MovieProtocolTests", dependencies: ["MovieProtocol", "MovieRules", "Primitives"]),
        .testTarget(name: "HTTPWireTests", dependencies: ["HTTPWire", "Primitives"]),
        .testTarget(name: "MovieServerTests", dependencies: ["MovieServer", "MovieProtocol"]),
        .testTarget(name: "MovieClientTests", dependencies: ["MovieClient", "MovieProtocol", "Primitives", "TestSupport"]),
        .testTarget(name: "LoadGenerationTests", dependencies: ["LoadGeneration", "MovieProtocol", "Primitives"]),
        // Browser/ holds the script that drives headless Chromium through the web page test.
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"], exclude: ["Browser"]),
    ]
)
