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

    func workspace(_ directory: TemporaryDirectory, _ configuration: Configuration) throws -> Workspace {
        Workspace(configuration: configuration, workingDirectory: directory.path, environment: [:])
    }

    func lintFirst(
        _ directory: TemporaryDirectory, _ configuration: Configuration, useCache: Bool = true
    ) async throws -> [String] {
        let report = try await workspace(directory, configuration).lint(
            paths: ["workplans/TEST-WP-0001.md"], useCache: useCache)
        return report.diagnostics.map {
            "\($0.rule) \($0.location.line):\($0.location.column) \($0.notes.map(\.message))"
        }
    }

    @Test func entriesRoundTripAndMismatchesAreMisses() throws {
        let (directory, configuration) = try project()
        let path = directory.path + "/workplans/TEST-WP-0002.md"
        let workplan = WorkplanParser.parse(
            bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), path: "workplans/TEST-WP-0002.md")
        let key = try #require(FileKey(path: path))
        var cache = LintCache()
        cache.entries[path] = (key, IndexEntry(workplan))
        let cachePath = directory.path + "/.workplan/lint-cache"
        usleep(20_000)  // the file must have changed strictly before the cache was written
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
        try directory.write(
            "workplans/TEST-WP-0001.md",
            plan(tasks: [("01", "todo")])
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
        try directory.write(
            "workplans/TEST-WP-0002.md",
            plan("TEST-WP-0002", tasks: [("01", "todo")])
                .replacingOccurrences(of: "TEST-WP-0002-T01", with: "TEST-WP-0001-T01"))
        let report = try await workspace(directory, configuration).lint(paths: ["workplans/TEST-WP-0002.md"])
        #expect(
            report.diagnostics.contains {
                $0.rule == "duplicate-id" && $0.message == "duplicate id 'TEST-WP-0001-T01'"
            },
            "\(report.diagnostics.map { "\($0.rule) \($0.message) \($0.notes.map(\.message))" })")
    }
}

/// An index focused on a few files finds for them exactly what the full index finds.
@Suite struct FocusedIndexTests {
    static func corpus() throws -> [Workplan] {
        var files: [(String, [UInt8])] = [
            // A cycle across two files, a duplicate task id across files, and a carried_to into another file.
            (
                "workplans/TEST-WP-0001.md",
                Array(
                    Sample.workplan(
                        Sample.task("01", "depends_on: [TEST-WP-0002-T01]")
                            + Sample.task(
                                "02", status: "carried_forward", heading: "Two", "carried_to: TEST-WP-0002-T01")
                    ).utf8)
            ),
            (
                "workplans/TEST-WP-0002.md",
                Array(
                    (Sample.frontMatter(id: "TEST-WP-0002", "depends_on: [TEST-WP-0001]")
                        + "\n### One\n\n```task\nid: TEST-WP-0002-T01\nstatus: todo\ndepends_on: [TEST-WP-0001-T01]\n```\n\n### Dup\n\n```task\nid: TEST-WP-0001-T02\nstatus: todo\n```\n")
                        .utf8)
            ),
        ]
        let enumerator = FileManager.default.enumerator(at: Fixtures.directory, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "md" else { continue }
            files.append(
                (String(url.path.dropFirst(Fixtures.directory.path.count + 1)), [UInt8](try Data(contentsOf: url))))
        }
        return files.map { WorkplanParser.parse(bytes: $1, path: $0) }
    }

    @Test func aFocusedIndexFindsWhatTheFullIndexFinds() throws {
        let workplans = try Self.corpus()
        #expect(workplans.count > 80)
        let linter = Linter(configuration: Configuration(root: URL(fileURLWithPath: "/repo")))
        let entries = workplans.map(IndexEntry.init)
        var compared = 0
        for workplan in workplans {
            let full = linter.diagnostics(for: workplans, reportingOn: [workplan.path])
            let focused = linter.diagnostics(
                for: [workplan], index: WorkplanIndex(entries: entries, focus: [IndexEntry(workplan)]))
            #expect(focused == full, "\(workplan.path)")
            compared += full.count
        }
        #expect(compared > 100)
    }
}

/// Linting every file, a few named files, with or without the cache, finds the same for each file.
@Suite struct WholeLintTests {
    @Test func namedFilesAndTheCacheChangeNothingFound() async throws {
        let directory = try TemporaryDirectory()
        for workplan in try FocusedIndexTests.corpus() {
            let name = workplan.path.replacingOccurrences(of: "/", with: "-")
            try directory.write("workplans/" + name, bytes: workplan.bytes)
        }
        let configuration = Configuration(root: directory.url)
        func lint(_ paths: [String] = [], useCache: Bool) async throws -> [Diagnostic] {
            try await Workspace(configuration: configuration, workingDirectory: directory.path, environment: [:])
                .lint(paths: paths, useCache: useCache).diagnostics
        }
        let whole = try await lint(useCache: false)
        #expect(whole.count > 100)
        let paths = Set(whole.map(\.path)).sorted()
        #expect(paths.count > 40)
        // The first run with the cache writes it; the next takes every other file's entry from it.
        #expect(try await lint(useCache: true) == whole)
        usleep(20_000)
        #expect(try await lint(useCache: true) == whole)
        for path in paths.prefix(12) {
            #expect(try await lint([path], useCache: true) == whole.filter { $0.path == path }, "\(path)")
            #expect(try await lint([path], useCache: false) == whole.filter { $0.path == path }, "\(path)")
        }
    }
}
