// swift-tools-version: 6.0
// The libFuzzer target: its own package, built only by `make fuzz` with
// `-sanitize=fuzzer,address`, so that normal builds of workplan never build it.
import PackageDescription

let package = Package(
    name: "WorkplanFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "workplan", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "workplan-fuzz",
            dependencies: [.product(name: "WorkplanKit", package: "workplan")]
        )
    ],
    swiftLanguageModes: [.v6]
)
