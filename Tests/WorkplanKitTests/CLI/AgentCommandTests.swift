import Foundation
import Testing

@testable import WorkplanKit

/// `task add`, `ready` and compare-and-set, through the built executable.
@Suite struct AgentCommandTests {
    func project() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        for name in ["TEST-WP-0020.md", "TEST-WP-0021.md", "TEST-WP-0022.md"] {
            try directory.write("workplans/" + name, try Fixtures.string("agents/" + name))
        }
        return directory
    }

    func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// Starts `arguments` in `directory` without waiting.
    func start(_ arguments: [String], in directory: TemporaryDirectory) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory.url
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        return (process, errors)
    }

    @Test func addThenReadyThenSetStatusWithJSONResults() throws {
        let directory = try project()
        let added = try CommandLineTests.run(
            ["task", "add", "TEST-WP-0020", "--title", "Fit the lock", "--priority", "critical", "--format", "json"],
            in: directory.path)
        #expect(added.status == 0, "\(added.errors)")
        // The write and, beside it, the store's outcome: this folder has no store.
        struct Outcome: Decodable {
            struct Store: Decodable, Equatable {
                var updated: Bool
                var reason: String?
            }
            var write: WriteResult
            var store: Store
        }
        let outcome = try JSONDecoder().decode(Outcome.self, from: Data(added.output.utf8))
        #expect(outcome.store == Outcome.Store(updated: false, reason: "no state store"))
        let result = outcome.write
        let bytes = try read(directory.path + "/workplans/TEST-WP-0020.md")
        #expect(
            result
                == WriteResult(
                    FileChange(
                        absolutePath: "", displayPath: "workplans/TEST-WP-0020.md", original: [], updated: bytes),
                    workplan: "TEST-WP-0020", task: "TEST-WP-0020-T06"))
        let ready = try CommandLineTests.run(["ready", "--format", "json"], in: directory.path)
        let tasks = try JSONDecoder().decode(ReadyReport.self, from: Data(ready.output.utf8)).tasks
        #expect(tasks.map(\.id) == ["TEST-WP-0020-T06", "TEST-WP-0020-T05", "TEST-WP-0020-T02"])
        // A stale hash is exit 3, and the file is left alone; the fresh one writes.
        let stale = try CommandLineTests.run(
            ["task", "set-status", "TEST-WP-0020-T06", "done", "--if-hash", SHA256.hex(Array("old".utf8))],
            in: directory.path)
        #expect(stale.status == 3)
        #expect(stale.errors.contains("not \(SHA256.hex(Array("old".utf8))) as expected: not written"))
        #expect(try read(directory.path + "/workplans/TEST-WP-0020.md") == bytes)
        let fresh = try CommandLineTests.run(
            ["task", "set-status", "TEST-WP-0020-T06", "done", "--if-hash", result.sha256, "--if-status", "todo"],
            in: directory.path)
        #expect(fresh.status == 0, "\(fresh.errors)")
        #expect(fresh.output == "TEST-WP-0020-T06: wrote workplans/TEST-WP-0020.md\n")
        let wrongStatus = try CommandLineTests.run(
            ["close", "TEST-WP-0020", "--cancel-open", "--if-status", "draft"], in: directory.path)
        #expect(wrongStatus.status == 3)
        #expect(try CommandLineTests.run(["lint"], in: directory.path).status == 0)
    }

    /// Eight processes change eight tasks of one file at once: each write lands or exits 3, and
    /// every one that landed is in the file.
    @Test func concurrentWritersNeverLoseAWrite() throws {
        let directory = try TemporaryDirectory()
        let blocks = (1...8).map { "### Task \($0)\n\n```task\nid: TEST-WP-0001-T0\($0)\nstatus: todo\n```\n" }
        let path = try directory.write(
            "workplans/TEST-WP-0001.md", Sample.frontMatter() + "\n" + blocks.joined(separator: "\n"))
        let original = try read(path)
        let runs = try (1...8).map { try start(["task", "set-status", "TEST-WP-0001-T0\($0)", "done"], in: directory) }
        var landed: [Int] = []
        for (index, (process, errors)) in runs.enumerated() {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect([0, 3].contains(process.terminationStatus), "\(message)")
            if process.terminationStatus == 0 { landed.append(index + 1) }
        }
        let final = WorkplanParser.parse(bytes: try read(path), path: "x.md")
        #expect(final.isReliable && final.tasks.count == 8)
        #expect(!landed.isEmpty)
        for number in 1...8 {
            let status = final.task("TEST-WP-0001-T0\(number)")?.statusText
            #expect(status == (landed.contains(number) ? "done" : "todo"), "task \(number)")
        }

        // With the hash they all read, exactly one of eight writers lands.
        try Data(original).write(to: URL(fileURLWithPath: path))
        let hash = SHA256.hex(original)
        let guarded = try (1...8).map {
            try start(["task", "set-priority", "TEST-WP-0001-T0\($0)", "high", "--if-hash", hash], in: directory)
        }
        var statuses: [Int32] = []
        for (process, errors) in guarded {
            _ = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            statuses.append(process.terminationStatus)
        }
        #expect(statuses.filter { $0 == 0 }.count == 1, "\(statuses)")
        #expect(statuses.filter { $0 == 3 }.count == 7, "\(statuses)")
        let after = WorkplanParser.parse(bytes: try read(path), path: "x.md")
        #expect(after.tasks.filter { $0.fields?.string("priority") == "high" }.count == 1)
    }
}
