import Foundation
import GRDB
import Testing

@testable import WorkplanKit

/// The hostile corpus (`Fixtures/hostile/`, expectations in `Fixtures/hostile.tsv`) plus the cases
/// too large or too odd to commit, made at test time, all in one repository with a good workplan:
/// the built tool reports each file, never crashes, stays within its bounds, still lints and syncs
/// the good file, and writes nothing outside the repository.
@Suite struct HostileCorpusTests {
    static let expectations: [(name: String, rules: Set<String>)] = {
        let text = (try? Fixtures.string("hostile.tsv")) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), parts[1] == "-" ? [] : Set(parts[1].split(separator: ",").map(String.init)))
        }
    }()

    /// Cases made at test time, with the error rules expected on each.
    /// A lint-clean workplan with one open task.
    static func good(_ id: String) -> String {
        Sample.frontMatter(id: id) + "\n### One\n\n```task\nid: \(id)-T01\nstatus: todo\n```\n"
    }

    /// Writes them under `scratch`: the repository is its `repo` folder, `outside` lies beside it.
    static func generate(in scratch: TemporaryDirectory) throws -> [(name: String, rules: Set<String>)] {
        let directory = RepositoryWriter(scratch: scratch)
        let header = Sample.frontMatter(id: "HOST-WP-2001") + "\n# Generated\n"
        // 50 MB: above max_file_bytes, so never read.
        let big = Array(header.utf8) + Array(repeating: UInt8(ascii: "a"), count: 50 * 1024 * 1024)
        try directory.write("workplans/generated-50-mb.md", bytes: big)
        // One line of 1 MB.
        try directory.write(
            "workplans/HOST-WP-2002.md",
            Sample.frontMatter(id: "HOST-WP-2002") + "\n" + String(repeating: "word ", count: 210_000) + "\n")
        // 100,000 task blocks: above max_task_blocks, so not parsed.
        var many = Sample.frontMatter(id: "HOST-WP-2003") + "\n"
        many.reserveCapacity(7_000_000)
        for number in 1...100_000 { many += "### T\n\n```task\nid: HOST-WP-2003-T\(number)\nstatus: todo\n```\n\n" }
        try directory.write("workplans/generated-100000-tasks.md", many)
        // A task block above max_block_bytes.
        try directory.write(
            "workplans/generated-huge-block.md",
            Sample.frontMatter(id: "HOST-WP-2004") + "\n### T\n\n```task\nid: HOST-WP-2004-T01\nstatus: todo\nnote: "
                + String(repeating: "y", count: 100_000) + "\n```\n")
        // Symbolic links: out of the repository, in a loop, and a folder linking to its parent.
        try scratch.write("outside/secret.md", Self.good("HOST-WP-2005"))
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/repo/workplans/link-outside.md",
            withDestinationPath: directory.path + "/outside/secret.md")
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/repo/workplans/loop-a.md", withDestinationPath: "loop-b.md")
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/repo/workplans/loop-b.md", withDestinationPath: "loop-a.md")
        try FileManager.default.createDirectory(
            atPath: directory.path + "/repo/workplans/nested", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/repo/workplans/nested/parent", withDestinationPath: "..")
        // A folder named like a workplan (walked like any folder), and a file nobody may read.
        try directory.write("workplans/x.md/HOST-WP-2007.md", good("HOST-WP-2007"))
        let locked = try directory.write("workplans/locked.md", Self.good("HOST-WP-2006"))
        chmod(locked, 0)
        // Root reads any file: then the locked file is an ordinary one.
        let lockedRules: Set<String> = geteuid() == 0 ? [] : ["unreadable"]
        return [
            ("generated-50-mb.md", ["unreadable"]), ("HOST-WP-2002.md", []),
            ("generated-100000-tasks.md", ["unreadable"]),
            ("generated-huge-block.md", ["yaml-syntax"]), ("locked.md", lockedRules), ("x.md/HOST-WP-2007.md", []),
        ]
    }

    @Test func everyHostileFileIsReportedAndTheRestStillWorks() throws {
        #expect(Self.expectations.count >= 60)
        let scratch = try TemporaryDirectory()
        let repo = scratch.path + "/repo"
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Fixtures.directory.appendingPathComponent("hostile").path, toPath: repo + "/workplans")
        // The scratch folder stands for the repository's parent: the repository is its `repo` folder.
        try scratch.write("repo/workplans/HOST-WP-0001.md", Self.good("HOST-WP-0001"))
        try CommandLineTests.git(["init", "-q"], in: repo)
        let generated = try Self.generate(in: scratch)
        let outsideBefore = try snapshot(scratch.path + "/outside")

        let lint = try CommandLineTests.run(["lint", "--format", "json"], in: repo)
        #expect(lint.status == 1, "\(lint.errors)")
        let report = try JSONDecoder().decode(LintJSON.self, from: Data(lint.output.utf8))
        var errors: [String: Set<String>] = [:]
        for diagnostic in report.diagnostics where diagnostic.severity == "error" {
            errors["workplans/" + (diagnostic.path.components(separatedBy: "workplans/").last ?? ""), default: []]
                .insert(diagnostic.rule)
        }
        for (name, rules) in Self.expectations + generated {
            #expect((errors["workplans/" + name] ?? []) == rules, "\(name)")
        }
        #expect(errors["workplans/HOST-WP-0001.md"] == nil)
        #expect(
            !report.diagnostics.contains {
                $0.path.contains("link-") || $0.path.contains("loop-") || $0.path.contains("secret")
            },
            "symbolic links met while walking are not followed")

        // Named explicitly, a symbolic link is reported, and still not followed.
        let named = try CommandLineTests.run(
            ["lint", "workplans/link-outside.md", "workplans/loop-a.md", "workplans/x.md"], in: repo)
        #expect(named.status == 1)
        #expect(
            named.output.contains("workplans/link-outside.md:1:1: error: symbolic link not followed"), "\(named.output)"
        )
        #expect(named.output.contains("workplans/loop-a.md:1:1: error: symbolic link not followed"))
        #expect(named.output.contains("3 files: 2 errors"), "a folder named x.md is walked, not read: \(named.output)")

        // Sync stores the good workplan and skips what it cannot trust.
        let sync = try CommandLineTests.run(["sync"], in: repo)
        #expect(sync.status == 1, "\(sync.output)\(sync.errors)")
        #expect(!sync.errors.contains("Fatal") && !sync.errors.contains("locked"), "\(sync.errors)")
        let stored = try SyncFixtureReader(repo + "/.workplan/state.sqlite")
            .strings("SELECT id || ' ' || status FROM tasks WHERE workstream_id = 'HOST-WP-0001'")
        #expect(stored == ["HOST-WP-0001-T01 todo"])
        #expect(try snapshot(scratch.path + "/outside") == outsideBefore, "nothing is written outside the repository")
        #expect(
            try String(contentsOfFile: scratch.path + "/outside/secret.md", encoding: .utf8)
                == Self.good("HOST-WP-2005"))
        let again = try CommandLineTests.run(["sync", "--check"], in: repo)
        #expect(again.status == 0 || again.status == 1)
        #expect(!again.errors.contains("Fatal"))
    }

    @Test func eachLargeCaseStaysWithinItsBounds() throws {
        let scratch = try TemporaryDirectory()
        _ = try Self.generate(in: scratch)
        for name in ["generated-50-mb.md", "HOST-WP-2002.md", "generated-100000-tasks.md", "generated-huge-block.md"] {
            // Five seconds of processor time, enforced by the kernel (a kill fails the test).
            let bounded = try CommandLineTests.runBounded(
                ["lint", "workplans/" + name], in: scratch.path + "/repo", cpuSeconds: 5)
            #expect(bounded.status == 0 || bounded.status == 1, "\(name): \(bounded.errors)")
            #expect(bounded.maxResidentBytes < 500 * 1024 * 1024, "\(name): \(bounded.maxResidentBytes) bytes")
        }
    }

    func snapshot(_ folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: folder) {
            result[name] = FileManager.default.contents(atPath: folder + "/" + name) ?? Data()
        }
        return result
    }

    struct LintJSON: Decodable {
        struct Entry: Decodable {
            var path: String
            var rule: String
            var severity: String
        }
        var diagnostics: [Entry]
    }
}

/// Writes `workplans/…` paths into the `repo` folder of a scratch folder.
struct RepositoryWriter {
    let scratch: TemporaryDirectory
    var path: String { scratch.path }

    @discardableResult
    func write(_ path: String, _ text: String) throws -> String { try write(path, bytes: Array(text.utf8)) }

    @discardableResult
    func write(_ path: String, bytes: [UInt8]) throws -> String { try scratch.write("repo/" + path, bytes: bytes) }
}
