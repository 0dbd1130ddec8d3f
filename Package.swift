// swift-tools-version: 6.1
import PackageDescription

/// `-DWORKPLAN_COMMIT="abc1234"` when the environment names a commit (`abc1234` or
/// `abc1234-dirty`: digits, lowercase letters and hyphens only).
let buildCommitSettings: [CSetting] = {
    guard let commit = Context.environment["WORKPLAN_COMMIT"], !commit.isEmpty,
        commit.allSatisfy({ $0.isNumber || $0.isLowercase || $0 == "-" }), commit.allSatisfy(\.isASCII)
    else { return [] }
    return [.define("WORKPLAN_COMMIT", to: "\"\(commit)\"")]
}()

let package = Package(
    name: "workplan",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "workplan", targets: ["workplan"]),
        .library(name: "WorkplanKit", targets: ["WorkplanKit"]),
    ],
    // The MCP server (`workplan mcp`) is on by default. `make dist` leaves it out: the MCP SDK
    // links Foundation's networking, which would make the portable binary need libcurl.
    traits: [
        .trait(name: "MCP", description: "The `workplan mcp` server (modelcontextprotocol/swift-sdk)."),
        .trait(
            name: "PostgreSQL",
            description: "PostgreSQL state stores: a team hub that many repositories sync into (vapor/postgres-nio)."),
        .trait(
            name: "HTTP",
            description: "The `workplan serve` read API and live dashboard (hummingbird-project/hummingbird)."),
        .default(enabledTraits: ["MCP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.25.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.5.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
    ],
    targets: [
        .target(
            name: "WorkplanKit",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The PostgreSQL hub (`postgres://` stores): a backend of the store protocol, built into
        // the executable with the PostgreSQL trait (`make install`, `make test`). Without the
        // trait its sources are empty and postgres-nio is not built (`swift build` builds every
        // target, not only the executable's).
        .target(
            name: "WorkplanPostgres",
            dependencies: [
                "WorkplanKit",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "NIOPosix", package: "swift-nio", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["PostgreSQL"])),
            ]
        ),
        // The MCP server (`workplan mcp`): tools that call WorkplanKit, nothing else.
        .target(
            name: "WorkplanMCP",
            dependencies: [
                "WorkplanKit", .product(name: "MCP", package: "swift-sdk", condition: .when(traits: ["MCP"])),
            ]
        ),
        // The read API and live dashboard (`workplan serve`): routes that call WorkplanKit's read
        // model and render its values, nothing else. Empty without the HTTP trait, like the hub.
        .target(
            name: "WorkplanHTTP",
            dependencies: [
                "WorkplanKit",
                .product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["HTTP"])),
                .product(name: "HummingbirdCore", package: "hummingbird", condition: .when(traits: ["HTTP"])),
                .product(name: "HTTPTypes", package: "swift-http-types", condition: .when(traits: ["HTTP"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["HTTP"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["HTTP"])),
            ]
        ),
        // The language server (`workplan lsp`): the protocol's messages and positions over
        // WorkplanKit's `EditorProject`, nothing else. No dependency beyond Foundation.
        .target(name: "WorkplanLSP", dependencies: ["WorkplanKit"]),
        // The commit the binary is built from, when the build says (`WORKPLAN_COMMIT`, set by the
        // Makefile): a define of this one C file, so that a new commit recompiles nothing else.
        .target(name: "WorkplanBuildInfo", cSettings: buildCommitSettings),
        .executableTarget(
            name: "workplan",
            dependencies: [
                "WorkplanKit",
                .target(name: "WorkplanMCP", condition: .when(traits: ["MCP"])),
                .target(name: "WorkplanPostgres", condition: .when(traits: ["PostgreSQL"])),
                .target(name: "WorkplanHTTP", condition: .when(traits: ["HTTP"])),
                "WorkplanLSP",
                "WorkplanBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // jemalloc is the allocator on Linux (Debian's libjemalloc-dev; `make` installs it):
            // parsing and planning allocate a great deal, and glibc's malloc cost lint and sync a
            // tenth of their time (docs/performance.md).
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        // What every store backend must do, written against the store protocol only: the
        // SQLite tests and the PostgreSQL tests both run it (FluentBenchmark's shape).
        .target(name: "StoreConformance", dependencies: ["WorkplanKit"], path: "Tests/StoreConformance"),
        // The PostgreSQL tests (Store/Postgres*Tests.swift) run with the PostgreSQL trait, as
        // `make test` builds them, against a throwaway cluster.
        .testTarget(
            name: "WorkplanKitTests",
            dependencies: [
                "WorkplanKit", "StoreConformance", .product(name: "GRDB", package: "GRDB.swift"),
                .target(name: "WorkplanPostgres", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
            ],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
