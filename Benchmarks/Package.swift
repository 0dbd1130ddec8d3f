// swift-tools-version: 6.1
// The benchmark suite: its own package, so that normal builds of workplan never build it.
import PackageDescription

let package = Package(
    name: "WorkplanBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "workplan", path: ".."),
        .package(
            url: "https://github.com/ordo-one/package-benchmark.git", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(name: "CorpusGenerator"),
        .executableTarget(name: "generate-corpus", dependencies: ["CorpusGenerator"]),
        .executableTarget(
            name: "WorkplanBenchmarks",
            dependencies: [
                "CorpusGenerator",
                .product(name: "WorkplanKit", package: "workplan"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/WorkplanBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
