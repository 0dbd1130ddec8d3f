import Foundation
import GRDB
import Testing

@testable import WorkplanKit

/// End-to-end runs of the built `workplan` executable: exit codes, streams, git integration.
@Suite struct CommandLineTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static var executable: URL {
        // The test runner lives in the products folder (or in a bundle inside it), beside the tool.
        var folders: [URL] = []
        if let runner = Bundle.main.executableURL?.deletingLastPathComponent() {
            folders += [runner, runner.deletingLastPathComponent()]
        }
        folders += [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        let candidates = folders.map { $0.appendingPathComponent("workplan") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
            errors: String(decoding: err, as: UTF8.self))
    }

    /// A run under a kernel limit of processor time, with its peak resident memory.
    struct BoundedRun {
        var status: Int32
        var maxResidentBytes: Int
        var errors: String
    }

    /// Runs the tool under `prlimit --cpu`, waiting with `wait4` to read the child's own peak memory.
    static func runBounded(_ arguments: [String], in directory: String, cpuSeconds: Int) throws -> BoundedRun {
        let errorsPath = FileManager.default.temporaryDirectory.appendingPathComponent(
            "workplan-errors-" + UUID().uuidString
        ).path
        defer { unlink(errorsPath) }
        let argv =
            ["/usr/bin/prlimit", "--cpu=\(cpuSeconds)", "--", "/usr/bin/env", "-C", directory, executable.path]
            + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorsPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        let exited = status & 0x7F == 0
        let errors = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
        return BoundedRun(
            status: exited ? (status >> 8) & 0xFF : -(status & 0x7F),
            maxResidentBytes: usage.ru_maxrss * 1024, errors: errors)
    }

    static func git(_ arguments: [String], in directory: String) throws {
        _ = try Git.run(["-c", "user.name=Test", "-c", "user.email=test@example.com"] + arguments, in: directory)
    }

    func project() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("workplans/TEST-WP-0001.md", Sample.workplan())
        return directory
    }

    @Test func executableIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build the package before testing")
    }

    @Test func versionIsTheReleaseAndTheCommitWhenTheBuildNamedOne() throws {
        let directory = try TemporaryDirectory()
        let result = try Self.run(["--version"], in: directory.path)
        #expect(result.status == 0)
        // `0.1.0`, or `0.1.0 (5cc314d)` / `0.1.0 (5cc314d-dirty)` when built through make.
        let pattern = try Regex(#"^[0-9]+\.[0-9]+\.[0-9]+( \([0-9a-f]{7,}(-dirty)?\))?\n$"#)
        #expect(result.output.wholeMatch(of: pattern) != nil, "\(result.output)")
    }

    @Test func cleanWorkplansExitZero() throws {
        let directory = try project()
        let result = try Self.run(["lint"], in: directory.path)
        #expect(result.status == 0)
        #expect(result.output == "1 file: 0 errors, 0 warnings, 0 notes\n")
        #expect(result.errors.isEmpty)
    }

    @Test func errorsExitOneAndWarningsOnlyWithStrict() throws {
        let directory = try project()
        try directory.write(
            "workplans/TEST-WP-0002.md", Sample.frontMatter(id: "TEST-WP-0002", "owner: x", "stauts: y"))
        #expect(try Self.run(["lint"], in: directory.path).status == 0)
        #expect(try Self.run(["lint", "--strict"], in: directory.path).status == 1)
        try directory.write("workplans/TEST-WP-0003.md", Sample.frontMatter(id: "TEST-WP-0003", "status: nope"))
        let result = try Self.run(["lint", "workplans/TEST-WP-0003.md"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("workplans/TEST-WP-0003.md:6:9: error: invalid status 'nope'"))
    }

    @Test func jsonOutputIsTheOnlyThingOnStandardOutput() throws {
        let directory = try project()
        let result = try Self.run(["lint", "--format", "json"], in: directory.path)
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect(object?["version"] as? Int == 1)
        #expect(object?["files"] as? Int == 1)
    }

    @Test func runsThatCannotDoTheirJobExitTwo() throws {
        let directory = try project()
        let missing = try Self.run(["lint", "nope.md"], in: directory.path)
        #expect(missing.status == 2)
        #expect(missing.errors.contains("no such file or folder: nope.md"))
        #expect(missing.output.isEmpty)
        #expect(try Self.run(["lint", "--no-such-flag"], in: directory.path).status == 2)
        try directory.write(".workplan.yml", "folders: [workplans]\nrules:\n  nope: off\n")
        let config = try Self.run(["lint"], in: directory.path)
        #expect(config.status == 2)
        #expect(config.errors.contains(".workplan.yml:3:3: error: unknown rule 'nope'"))
    }

    @Test func showPrintsTheModelByID() throws {
        let directory = try project()
        let result = try Self.run(["show", "TEST-WP-0001", "--format", "json"], in: directory.path)
        #expect(result.status == 0)
        let summary = try JSONDecoder().decode(WorkplanSummary.self, from: Data(result.output.utf8))
        #expect(summary.tasks.map(\.title) == ["Task 01"])
        #expect(summary.path == "workplans/TEST-WP-0001.md")
        #expect(try Self.run(["show", "TEST-WP-0404"], in: directory.path).status == 2)
    }

    @Test func stagedLintReadsTheIndexNotTheWorkingTree() throws {
        let directory = try project()
        try Self.git(["init", "-q"], in: directory.path)
        try directory.write("workplans/TEST-WP-0002.md", Sample.frontMatter(id: "TEST-WP-0002", "status: nope"))
        try Self.git(["add", "workplans/TEST-WP-0002.md"], in: directory.path)
        try directory.write("workplans/TEST-WP-0002.md", Sample.frontMatter(id: "TEST-WP-0002"))
        let staged = try Self.run(["lint", "--staged"], in: directory.path)
        #expect(staged.status == 1)
        #expect(staged.output.contains("workplans/TEST-WP-0002.md:6:9: error: invalid status 'nope'"))
        #expect(try Self.run(["lint"], in: directory.path).status == 0)
    }

    @Test func hookInstallRefusesAForeignHookUnlessForced() throws {
        let directory = try project()
        try Self.git(["init", "-q"], in: directory.path)
        let installed = try Self.run(["hook", "install"], in: directory.path)
        #expect(installed.status == 0)
        let hook = directory.path + "/.git/hooks/pre-commit"
        #expect(try String(contentsOfFile: hook, encoding: .utf8).contains(HookInstaller.marker))
        #expect(try Self.run(["hook", "install"], in: directory.path).status == 0)
        try "#!/bin/sh\necho mine\n".write(toFile: hook, atomically: true, encoding: .utf8)
        let refused = try Self.run(["hook", "install"], in: directory.path)
        #expect(refused.status == 1)
        #expect(refused.errors.contains("was not written by workplan"))
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == "#!/bin/sh\necho mine\n")
        #expect(try Self.run(["hook", "install", "--force"], in: directory.path).status == 0)
        #expect(try String(contentsOfFile: hook, encoding: .utf8).contains(HookInstaller.marker))
    }

    @Test func installedHookBlocksACommitOfABrokenWorkplan() throws {
        let directory = try project()
        try Self.git(["init", "-q"], in: directory.path)
        #expect(try Self.run(["hook", "install"], in: directory.path).status == 0)
        try directory.write("workplans/TEST-WP-0002.md", Sample.frontMatter(id: "TEST-WP-0002", "status: nope"))
        try Self.git(["add", "-A"], in: directory.path)
        #expect(throws: WorkplanRunError.self) {
            try Self.git(["commit", "-q", "-m", "broken"], in: directory.path)
        }
        try directory.write("workplans/TEST-WP-0002.md", Sample.frontMatter(id: "TEST-WP-0002"))
        try Self.git(["add", "-A"], in: directory.path)
        try Self.git(["commit", "-q", "-m", "fixed"], in: directory.path)
    }

    @Test func syncExitCodesAndCheckMode() throws {
        let directory = try project()
        let check = try Self.run(["sync", "--check"], in: directory.path)
        #expect(check.status == 1)
        #expect(check.output.contains("would insert task TEST-WP-0001-T01\n"))
        #expect(check.output.contains("would write ids into workplans/TEST-WP-0001.md"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/.workplan"))
        let first = try Self.run(["sync"], in: directory.path)
        #expect(first.status == 0)
        #expect(
            first.output == "1 workplan (1 changed), 1 task: 1 new, 0 updated, 0 removed; ids written into 1 file\n")
        #expect(try String(contentsOfFile: directory.path + "/.workplan/.gitignore", encoding: .utf8) == "*\n")
        #expect(try Self.run(["sync", "--check"], in: directory.path).status == 0)
        let json = try Self.run(["sync", "--format", "json"], in: directory.path)
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect(object?["tasks"] as? Int == 1)
        try directory.write("workplans/TEST-WP-0002.md", "---\nid: [\n---\n")
        let broken = try Self.run(["sync"], in: directory.path)
        #expect(broken.status == 1)
        #expect(broken.output.contains("workplans/TEST-WP-0002.md:2:"))
        #expect(broken.output.contains("skipped 1 file"))
        let status = try Self.run(["status", "--format", "json"], in: directory.path)
        #expect(status.status == 0)
        #expect(try Self.run(["cleanup-stale"], in: directory.path).output == "cancelled 0 stale tasks\n")
    }

    @Test func concurrentSyncAndLintProcessesAllSucceedAndAgreeWithASingleRun() throws {
        let directory = try TemporaryDirectory()
        for number in 1...20 {
            let id = String(format: "TEST-WP-%04d", number)
            try directory.write(
                "workplans/\(id).md",
                Sample.frontMatter(id: id) + "\n### One\n\n```task\nid: \(id)-T01\nstatus: todo\n```\n")
        }
        let single = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: directory.path + "/workplans", toPath: single.path + "/workplans")
        let expectedLint = try Self.run(["lint"], in: single.path).output

        var processes: [(Process, Pipe, Pipe)] = []
        for _ in 0..<8 {
            for command in [["sync"], ["lint"]] {
                let process = Process()
                process.executableURL = Self.executable
                process.arguments = command
                process.currentDirectoryURL = directory.url
                let output = Pipe()
                let errors = Pipe()
                process.standardOutput = output
                process.standardError = errors
                try process.run()
                processes.append((process, output, errors))
            }
        }
        for (process, output, errors) in processes {
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(process.arguments ?? []): \(message)")
            #expect(!message.contains("locked"), "\(message)")
            if process.arguments == ["lint"] { #expect(printed == expectedLint) }
        }
        let check = try Self.run(["sync", "--check", "--full"], in: directory.path)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.hasPrefix("20 workplans (0 changed), 20 tasks"))
        // The store equals one a single sync makes of the same files.
        try FileManager.default.removeItem(atPath: single.path + "/workplans")
        try FileManager.default.copyItem(atPath: directory.path + "/workplans", toPath: single.path + "/workplans")
        #expect(try Self.run(["sync"], in: single.path).status == 0)
        let concurrent = try StoreDump(directory.path + "/.workplan/state.sqlite").rows()
        #expect(concurrent.count == 20 + 20 + 1)
        #expect(concurrent == (try StoreDump(single.path + "/.workplan/state.sqlite").rows()))
    }

    @Test func closeWritesTheReviewRecordsAClosureEventAndRefusesOpenTasks() throws {
        let directory = try TemporaryDirectory()
        try directory.write("workplans/TEST-WP-0001.md", plan(tasks: [("01", "done"), ("02", "todo")]))
        try directory.write("workplans/TEST-WP-0002.md", plan("TEST-WP-0002", tasks: [("01", "todo")]))
        #expect(try Self.run(["sync"], in: directory.path).status == 0)
        let before = try String(contentsOfFile: directory.path + "/workplans/TEST-WP-0001.md", encoding: .utf8)
        let refused = try Self.run(["close", "TEST-WP-0001"], in: directory.path)
        #expect(refused.status == 1)
        #expect(refused.errors.contains("--cancel-open"))
        #expect(try String(contentsOfFile: directory.path + "/workplans/TEST-WP-0001.md", encoding: .utf8) == before)
        let dryRun = try Self.run(
            ["close", "TEST-WP-0001", "--cancel-open", "--dry-run", "--date", "2026-03-02"], in: directory.path)
        #expect(dryRun.status == 0)
        #expect(dryRun.output.contains("+## Closure Review — 2026-03-02"))
        #expect(try String(contentsOfFile: directory.path + "/workplans/TEST-WP-0001.md", encoding: .utf8) == before)
        let closed = try Self.run(
            ["close", "TEST-WP-0001", "--carry-forward-to", "TEST-WP-0002", "--date", "2026-03-02"], in: directory.path)
        #expect(closed.status == 0, "\(closed.errors)")
        #expect(
            closed.output.hasPrefix(
                "closed TEST-WP-0001 on 2026-03-02: 1 of 2 tasks completed, 0 cancelled, 1 carried forward to TEST-WP-0002."
            ))
        #expect(try Self.run(["lint", "--strict"], in: directory.path).status == 0)
        #expect(try Self.run(["sync", "--check"], in: directory.path).status == 0)
        let events = try SyncFixtureReader(directory.path + "/.workplan/state.sqlite").strings(
            "SELECT kind || ' ' || subject FROM events WHERE kind = 'closure'")
        #expect(events == ["closure TEST-WP-0001"])
        let setStatus = try Self.run(["task", "set-status", "TEST-WP-0002-T02", "done"], in: directory.path)
        #expect(setStatus.status == 0)
        let invalid = try Self.run(["task", "set-priority", "TEST-WP-0002-T02", "urgent"], in: directory.path)
        #expect(invalid.status == 1)
        #expect(invalid.errors.contains("valid values: critical, high, medium, low"))
    }
}

/// Reads a store file in tests that have no engine.
struct SyncFixtureReader {
    var path: String

    init(_ path: String) {
        self.path = path
    }

    func strings(_ sql: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: sql) }
    }
}

/// A store's content without the times rows were written at: what two runs over the same files
/// must agree on.
struct StoreDump {
    var path: String

    init(_ path: String) {
        self.path = path
    }

    func rows() throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT id || '|' || uuid || '|' || title || '|' || ifnull(domain, '') || '|' || ifnull(status, '') || '|' ||
                           ifnull(path, '') || '|' || ifnull(content_hash, '') || '|' || (removed_at IS NULL) || '|' || fingerprint
                    FROM workstreams
                    UNION ALL
                    SELECT id || '|' || uuid || '|' || ifnull(workstream_id, '') || '|' || title || '|' || ifnull(phase, '') || '|' ||
                           ifnull(status, '') || '|' || ifnull(priority, '') || '|' || position || '|' || line || '|' ||
                           (removed_at IS NULL) || '|' || fingerprint
                    FROM tasks
                    UNION ALL
                    SELECT slug || '|' || workstream_count || '|' || task_count FROM domains
                    ORDER BY 1
                    """)
        }
    }
}
