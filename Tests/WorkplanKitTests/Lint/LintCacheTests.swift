import Foundation
import Testing
@testable import WorkplanKit

/// The lint cache: what unchanged files declare is read back exactly, and any change to a file,
/// to the limits or to the cache file itself is a miss.
@Suite struct LintCacheTests {
    func project() throws -> (TemporaryDirectory, Configuration) {
        let directory = try TemporaryDirectory()
        try directory.write("workplans/TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
        try directory.write("workplans/TEST-WP-0002.md", plan("TEST-WP-0002", tasks: [("01", "todo")]))
        return (directory, Configuration(root: directory.url))
    }

    func lintFirst(_ directory: TemporaryDirectory, _ configuration: Configuration, useCache: Bool = true) async throws -> [String] {
        let report = try await LintRunner.run(paths: ["workplans/TEST-WP-0001.md"], staged: false, configuration: configuration,
                                              workingDirectory: directory.path, useCache: useCache)
        return report.diagnostics.map { "\($0.rule) \($0.location.line):\($0.location.column) \($0.notes.map(\.message))" }
    }

    @Test func entriesRoundTripAndMismatchesAreMisses() throws {
        let (directory, configuration) = try project()
        let path = directory.path + "/workplans/TEST-WP-0002.md"
        let workplan = WorkplanParser.parse(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), path: "workplans/TEST-WP-0002.md")
        let key = try #require(LintCache.FileKey(path: path))
        var cache = LintCache()
        cache.entries[path] = (key, IndexEntry(workplan))
        let cachePath = directory.path + "/.workplan/lint-cache"
        usleep(20_000) // the file must have changed strictly before the cache was written
        cache.write(cachePath, limits: configuration.limits)
        let loaded = LintCache.load(cachePath, limits: configuration.limits)
        #expect(loaded.entry(for: path, key: key) == IndexEntry(workplan))
        #expect(IndexEntry(workplan).taskIDs.map(\.text) == ["TEST-WP-0002-T01"])
        #expect(LintCache.load(cachePath, limits: ReadLimits(taskBlocks: 5)).entries.isEmpty)
        // A damaged cache is no cache.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: cachePath))
        try bytes.dropLast(3).write(to: URL(fileURLWithPath: cachePath))
        #expect(LintCache.load(cachePath, limits: configuration.limits).entries.isEmpty)
    }

    @Test func lintingOneFileAgreesWithAndWithoutTheCacheAndSeesChanges() async throws {
        let (directory, configuration) = try project()
        try directory.write("workplans/TEST-WP-0001.md", plan(tasks: [("01", "todo")])
            .replacingOccurrences(of: "status: todo", with: "status: todo\ndepends_on: [TEST-WP-0002-T05]"))
        let cold = try await lintFirst(directory, configuration)
        #expect(cold.contains { $0.hasPrefix("unknown-dependency") }, "\(cold)")
        #expect(FileManager.default.fileExists(atPath: directory.path + "/.workplan/lint-cache"))
        #expect(FileManager.default.fileExists(atPath: directory.path + "/.workplan/.gitignore"))
        usleep(20_000)
        #expect(try await lintFirst(directory, configuration) == cold)
        #expect(try await lintFirst(directory, configuration) == cold)

        // The other file now declares the task depended on: its cached entry no longer counts.
        try directory.write("workplans/TEST-WP-0002.md", plan("TEST-WP-0002", tasks: [("01", "todo"), ("05", "todo")]))
        let changed = try await lintFirst(directory, configuration)
        #expect(changed == (try await lintFirst(directory, configuration, useCache: false)))
        #expect(!changed.contains { $0.hasPrefix("unknown-dependency") }, "\(changed)")

        // A duplicate in the other file is found through the named file's cached entry.
        usleep(20_000)
        try directory.write("workplans/TEST-WP-0002.md", plan("TEST-WP-0002", tasks: [("01", "todo")])
            .replacingOccurrences(of: "TEST-WP-0002-T01", with: "TEST-WP-0001-T01"))
        let report = try await LintRunner.run(paths: ["workplans/TEST-WP-0002.md"], staged: false, configuration: configuration,
                                              workingDirectory: directory.path)
        #expect(report.diagnostics.contains { $0.rule == "duplicate-id" && $0.message == "duplicate id 'TEST-WP-0001-T01'" },
                "\(report.diagnostics.map { "\($0.rule) \($0.message) \($0.notes.map(\.message))" })")
    }
}
