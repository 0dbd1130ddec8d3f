import Foundation
import GRDB
import Testing

@testable import WorkplanKit

/// Deterministic UUIDs for tests: 00000000-0000-4000-8000-00000000000N.
final class UUIDSequence: @unchecked Sendable {
    private let lock = NSLock()
    private var next: Int

    init(start: Int = 0) { next = start }

    func make() -> String {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        return String(format: "00000000-0000-4000-8000-%012d", next)
    }
}

/// A repository folder with workplans and an engine over it.
struct SyncFixture {
    let directory: TemporaryDirectory
    let uuids: UUIDSequence
    var configuration: WorkplanKit.Configuration
    /// Added to the clock that file times are judged against: ahead, every file is settled and
    /// an unchanged one is not read.
    var clockOffsetNs: Int64 = 0
    /// How many files a run reads, parses and plans at a time.
    var batchSize = 256

    init(uuidStart: Int = 0) throws {
        uuids = UUIDSequence(start: uuidStart)
        directory = try TemporaryDirectory()
        configuration = Configuration(root: directory.url)
        try FileManager.default.createDirectory(
            atPath: directory.path + "/workplans", withIntermediateDirectories: true)
    }

    /// The store on a server (a hub test's), instead of the configured file.
    var hub: StoreAccess?

    var engine: SyncEngine {
        let uuids = uuids
        var engine = SyncEngine(
            configuration: configuration, workingDirectory: directory.path, store: hub,
            now: { "2026-11-29T10:00:00Z" }, newUUID: { uuids.make() })
        let offset = clockOffsetNs
        engine.fileClock = { SyncEngine.clockNanoseconds() + offset }
        engine.batchSize = batchSize
        return engine
    }

    func append(_ name: String, _ text: String) throws {
        try write(name, String(decoding: try bytes(name), as: UTF8.self) + text)
    }

    var databasePath: String { configuration.databaseURL.path }
    var store: StoreAccess { StoreAccess(file: databasePath) }

    /// The workspace of the folder, with the fixture's clock and UUIDs.
    var workspace: Workspace {
        var workspace = Workspace(
            configuration: configuration, workingDirectory: directory.path, databasePath: databasePath)
        let uuids = uuids
        workspace.now = { "2026-11-29T10:00:00Z" }
        workspace.newUUID = { uuids.make() }
        return workspace
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try directory.write("workplans/" + name, text)
    }

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.url.appendingPathComponent("workplans/" + name)))
    }

    func remove(_ name: String) throws {
        try FileManager.default.removeItem(atPath: directory.path + "/workplans/" + name)
    }

    @discardableResult
    func sync(_ configure: (inout SyncOptions) -> Void = { _ in }) async throws -> SyncReport {
        var options = SyncOptions()
        configure(&options)
        return try await engine.run(options)
    }

    func tasks() throws -> [String: TaskRecord] {
        let queue = try DatabaseQueue(path: databasePath)
        return try queue.read { db in Dictionary(uniqueKeysWithValues: try TaskRecord.fetchAll(db).map { ($0.id, $0) })
        }
    }

    func workstreams() throws -> [String: WorkstreamRecord] {
        let queue = try DatabaseQueue(path: databasePath)
        return try queue.read { db in
            Dictionary(uniqueKeysWithValues: try WorkstreamRecord.fetchAll(db).map { ($0.id, $0) })
        }
    }

    func events(_ kind: String) throws -> [EventRecord] {
        let queue = try DatabaseQueue(path: databasePath)
        return try queue.read { db in try EventRecord.filter(Column("kind") == kind).order(Column("id")).fetchAll(db) }
    }

    /// The first column of every row of a query.
    func strings(_ sql: String) throws -> [String] {
        let queue = try DatabaseQueue(path: databasePath)
        return try queue.read { db in try String.fetchAll(db, sql: sql) }
    }

    func execute(_ sql: String) throws {
        let queue = try DatabaseQueue(path: databasePath)
        try queue.write { db in try db.execute(sql: sql) }
    }
}

/// A small workplan with tasks T01…Tn, without UUIDs.
func plan(_ id: String = "TEST-WP-0001", status: String = "active", tasks: [(String, String)]) -> String {
    var text = Sample.frontMatter(id: id, status: status) + "\n# Plan\n\n## Phase 1\n"
    for (number, taskStatus) in tasks {
        text +=
            "\n### Task \(number)\n\n```task\nid: \(id)-T\(number)\nstatus: \(taskStatus)\n```\n\nAbout \(number).\n"
    }
    return text
}

@Suite struct SyncTests {
    @Test func seedSyncsWithItsUUIDsAndASecondSyncChangesNothing() async throws {
        let fixture = try SyncFixture()
        let seed = try Fixtures.bytes("CUST-WP-0005.md")
        try fixture.directory.write("workplans/CUST-WP-0005.md", bytes: seed)
        let first = try await fixture.sync()
        #expect(first.workplans == 1)
        #expect(first.newTasks == 11)
        let workstream = try #require(try fixture.workstreams()["CUST-WP-0005"])
        #expect(workstream.uuid == "2271eb55-62ca-4bcc-8d9f-f9aacd6922d6")
        #expect(workstream.status == "completed")
        let tasks = try fixture.tasks()
        #expect(tasks.count == 11)
        #expect(tasks["CUST-WP-0005-T01"]?.uuid == "456a0252-9a34-43a6-8244-c3a2caf95d51")
        #expect(tasks["CUST-WP-0005-T01"]?.title == "Create `domains` table + Alembic migration")
        #expect(tasks["CUST-WP-0005-T05"]?.phase == "Phase 2 — Multi-Repo Support")
        #expect(tasks.values.allSatisfy { $0.status == "done" && $0.source == "file" })
        let second = try await fixture.sync()
        #expect(!second.hasChanges)
        #expect(try fixture.bytes("CUST-WP-0005.md") == seed)
        let dependencies = try fixture.strings(
            "SELECT from_id || ' ' || to_id || ' ' || kind || ' ' || uuid FROM dependencies")
        #expect(dependencies == ["CUST-WP-0003 CUST-WP-0005 blocks 2033172d-2462-4253-acb7-cb64c7432480"])
    }

    @Test(arguments: ["\n", "\r\n"])
    func idsAreWrittenBackAddingOnlyLines(_ ending: String) async throws {
        let fixture = try SyncFixture()
        let original = plan(tasks: [("01", "todo"), ("02", "done")]).replacingOccurrences(of: "\n", with: ending)
        try fixture.write("TEST-WP-0001.md", original)
        let report = try await fixture.sync()
        #expect(report.idFiles == ["workplans/TEST-WP-0001.md"])
        let written = String(decoding: try fixture.bytes("TEST-WP-0001.md"), as: UTF8.self)
        let added = written.components(separatedBy: ending).filter { $0.hasPrefix("state_hub_") }
        #expect(
            added == [
                "state_hub_workstream_id: 00000000-0000-4000-8000-000000000001",
                "state_hub_task_id: 00000000-0000-4000-8000-000000000002",
                "state_hub_task_id: 00000000-0000-4000-8000-000000000003",
            ])
        let withoutAdded = written.components(separatedBy: ending).filter { !$0.hasPrefix("state_hub_") }.joined(
            separator: ending)
        #expect(withoutAdded == original)
        #expect(written.components(separatedBy: "state_hub_workstream_id")[0].hasSuffix("id: TEST-WP-0001" + ending))
        // The stored rows carry the written ids and the lines of the written file.
        let tasks = try fixture.tasks()
        #expect(tasks["TEST-WP-0001-T01"]?.uuid == "00000000-0000-4000-8000-000000000002")
        let lines = written.components(separatedBy: ending)
        #expect(lines[(tasks["TEST-WP-0001-T02"]?.line ?? 0) - 1] == "```task")
        #expect(!(try await fixture.sync()).hasChanges)
        #expect(WorkplanParser.parse(bytes: try fixture.bytes("TEST-WP-0001.md"), path: "x").problems.isEmpty)
    }

    @Test func noWriteIDsLeavesFilesAloneAndKeepsTheStoredUUIDs() async throws {
        let fixture = try SyncFixture()
        let original = plan(tasks: [("01", "todo")])
        try fixture.write("TEST-WP-0001.md", original)
        try await fixture.sync { $0.writeIDs = false }
        #expect(try fixture.bytes("TEST-WP-0001.md") == Array(original.utf8))
        let uuid = try fixture.tasks()["TEST-WP-0001-T01"]?.uuid
        #expect(uuid != nil)
        #expect(
            !(try await fixture.sync {
                $0.writeIDs = false
                $0.full = true
            }).hasChanges)
        try await fixture.sync()
        #expect(
            String(decoding: try fixture.bytes("TEST-WP-0001.md"), as: UTF8.self).contains(
                "state_hub_task_id: \(uuid ?? "")"))
    }

    @Test func aTaskRemovedFromItsFileIsCancelledAndRestoredWhenItComesBack() async throws {
        let fixture = try SyncFixture()
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo"), ("02", "in_progress")]))
        try await fixture.sync { $0.writeIDs = false }
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
        let removal = try await fixture.sync { $0.writeIDs = false }
        #expect(removal.removedTasks == 1)
        let removed = try #require(try fixture.tasks()["TEST-WP-0001-T02"])
        #expect(removed.status == "cancelled")
        #expect(removed.removedAt == "2026-11-29T10:00:00Z")
        #expect(
            try fixture.events("task.removed").first?.detail.contains(
                "\"old\":{\"removed_at\":null,\"status\":\"in_progress\"}") == true)
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo"), ("02", "in_progress")]))
        let restore = try await fixture.sync { $0.writeIDs = false }
        #expect(restore.restoredTasks == 1)
        let restored = try #require(try fixture.tasks()["TEST-WP-0001-T02"])
        #expect(restored.status == "in_progress")
        #expect(restored.removedAt == nil)
        #expect(restored.uuid == removed.uuid)
    }

    @Test func aTaskMovedToAnotherWorkplanKeepsItsRow() async throws {
        let fixture = try SyncFixture()
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo"), ("02", "todo")]))
        try fixture.write("TEST-WP-0002.md", plan("TEST-WP-0002", tasks: [("01", "todo")]))
        try await fixture.sync()
        let uuid = try #require(try fixture.tasks()["TEST-WP-0001-T02"]?.uuid)
        // Move the block (with its state_hub_task_id) into the other file, under a new id.
        let first = String(decoding: try fixture.bytes("TEST-WP-0001.md"), as: UTF8.self)
        let block =
            "\n### Task 02\n\n```task\nid: TEST-WP-0001-T02\nstate_hub_task_id: \(uuid)\nstatus: todo\n```\n\nAbout 02.\n"
        #expect(first.contains(block))
        try fixture.write("TEST-WP-0001.md", first.replacingOccurrences(of: block, with: ""))
        let second = String(decoding: try fixture.bytes("TEST-WP-0002.md"), as: UTF8.self)
        try fixture.write(
            "TEST-WP-0002.md", second + block.replacingOccurrences(of: "TEST-WP-0001-T02", with: "TEST-WP-0002-T02"))
        let report = try await fixture.sync()
        #expect(report.removedTasks == 0)
        #expect(report.newTasks == 0)
        let tasks = try fixture.tasks()
        #expect(tasks["TEST-WP-0001-T02"] == nil)
        #expect(tasks["TEST-WP-0002-T02"]?.uuid == uuid)
        #expect(tasks["TEST-WP-0002-T02"]?.workstreamID == "TEST-WP-0002")
        #expect(try fixture.events("task.renamed").map(\.subject) == ["TEST-WP-0002-T02"])
    }

    @Test func aWorkplanWhoseIDChangesKeepsItsRowThroughItsUUID() async throws {
        let fixture = try SyncFixture()
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
        try await fixture.sync()
        let text = String(decoding: try fixture.bytes("TEST-WP-0001.md"), as: UTF8.self)
        try fixture.remove("TEST-WP-0001.md")
        try fixture.write("TEST-WP-0009.md", text.replacingOccurrences(of: "TEST-WP-0001", with: "TEST-WP-0009"))
        let report = try await fixture.sync()
        #expect(report.removedTasks == 0)
        let workstreams = try fixture.workstreams()
        #expect(workstreams.keys.sorted() == ["TEST-WP-0009"])
        #expect(workstreams["TEST-WP-0009"]?.uuid == "00000000-0000-4000-8000-000000000001")
        #expect(try fixture.tasks()["TEST-WP-0009-T01"]?.workstreamID == "TEST-WP-0009")
        #expect(try fixture.events("workstream.renamed").map(\.subject) == ["TEST-WP-0009"])
    }

    @Test func aTaskMovedWithItsIDBetweenFilesIsAMove() async throws {
        let fixture = try SyncFixture()
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
        try fixture.write("TEST-WP-0002.md", plan("TEST-WP-0002", tasks: []))
        try await fixture.sync { $0.writeIDs = false }
        try fixture.write("TEST-WP-0001.md", plan(tasks: []))
        try fixture.write(
            "TEST-WP-0002.md",
            plan("TEST-WP-0002", tasks: []) + "\n### Moved\n\n```task\nid: TEST-WP-0001-T01\nstatus: todo\n```\n")
        let report = try await fixture.sync { $0.writeIDs = false }
        #expect(report.removedTasks == 0)
        #expect(try fixture.tasks()["TEST-WP-0001-T01"]?.workstreamID == "TEST-WP-0002")
        #expect(try fixture.events("task.moved").count == 1)
    }

    @Test func aDeletedFileArchivesItsWorkstreamAndCancelsItsOpenTasks() async throws {
        let fixture = try SyncFixture()
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo"), ("02", "done")]))
        try fixture.write("TEST-WP-0002.md", plan("TEST-WP-0002", tasks: [("01", "todo")]))
        try await fixture.sync()
        try fixture.remove("TEST-WP-0001.md")
        // Naming a path limits the run: the missing file is not treated as removed.
        try await fixture.sync { $0.paths = ["workplans/TEST-WP-0002.md"] }
        #expect(try fixture.workstreams()["TEST-WP-0001"]?.removedAt == nil)
        let report = try await fixture.sync()
        #expect(report.removedTasks == 2)
        let workstream = try #require(try fixture.workstreams()["TEST-WP-0001"])
        #expect(workstream.status == "archived")
        #expect(workstream.removedAt != nil)
        let tasks = try fixture.tasks()
        #expect(tasks["TEST-WP-0001-T01"]?.status == "cancelled")
        #expect(tasks["TEST-WP-0001-T02"]?.status == "done")
        #expect(tasks["TEST-WP-0001-T02"]?.removedAt != nil)
        #expect(tasks["TEST-WP-0002-T01"]?.status == "todo")
    }

    @Test(arguments: [false, true])
    func aRowChangedBehindSyncsBackIsOverwrittenWithAnEvent(_ full: Bool) async throws {
        let fixture = try SyncFixture()
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
        try await fixture.sync()
        try fixture.execute(
            "UPDATE tasks SET status = 'done', title = 'x''); DROP TABLE tasks; --' WHERE id = 'TEST-WP-0001-T01'")
        let report = try await fixture.sync { $0.full = full }
        #expect(report.driftOverwritten == 1)
        let task = try #require(try fixture.tasks()["TEST-WP-0001-T01"])
        #expect(task.status == "todo")
        #expect(task.title == "Task 01")
        let event = try #require(try fixture.events("task.drift").first)
        #expect(event.detail.contains("\"old\":{\"status\":\"done\",\"title\":\"x'); DROP TABLE tasks; --\"}"))
        #expect(event.detail.contains("\"new\":{\"status\":\"todo\",\"title\":\"Task 01\"}"))
        #expect(!(try await fixture.sync()).hasChanges)
    }

    @Test func titlesThatLookLikeSQLAreStoredAsText() async throws {
        let fixture = try SyncFixture()
        let title = "Robert'); DROP TABLE tasks; -- \"quoted\" \u{1F680} ünïcode % _"
        try fixture.write(
            "TEST-WP-0001.md",
            plan(tasks: [("01", "todo")]).replacingOccurrences(of: "### Task 01", with: "### P1.1 — " + title)
                .replacingOccurrences(of: "About 01.", with: "SELECT * FROM workstreams; -- 'x'"))
        try await fixture.sync()
        let task = try #require(try fixture.tasks()["TEST-WP-0001-T01"])
        #expect(task.title == title)
        #expect(task.description == "SELECT * FROM workstreams; -- 'x'")
        #expect(try fixture.workstreams().count == 1)
    }

    @Test func quotesSQLControlCharactersAndLongUnicodeAreStoredAndReadBackExactly() async throws {
        let fixture = try SyncFixture()
        let long = String(repeating: "日本語 🚀 ünïcödé ", count: 1_500)
        let title = "It's \"quoted\"; DROP TABLE workstreams; --\u{07}\t"
        let phase = "Phase '); DELETE FROM tasks WHERE '1'='1"
        let taskID = "TEST-WP-0001-T01'); --"
        let description = "Control \u{01}\u{1B}[31m \u{7F} characters; \(long)"
        try fixture.write(
            "TEST-WP-0001.md",
            Sample.frontMatter("title: \"It's \\\"quoted\\\"; DROP TABLE workstreams; --\\a\\t\"")
                + "\n## \(phase)\n\n### \(long)\n\n```task\nid: \"\(taskID)\"\nstatus: todo\npriority: \"high' OR 1=1\"\n```\n\n\(description)\n"
        )
        try await fixture.sync()
        let workstream = try #require(try fixture.workstreams()["TEST-WP-0001"])
        #expect(workstream.title == title)
        let task = try #require(try fixture.tasks()[taskID])
        #expect(task.title == long.trimmingCharacters(in: .whitespaces))
        #expect(task.phase == phase)
        #expect(task.priority == "high' OR 1=1")
        #expect(task.description == description)
        #expect(try fixture.tasks().count == 1)
    }

    @Test func aMissingWorkplanFolderIsAnErrorNotARemoval() async throws {
        let fixture = try SyncFixture()
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
        try await fixture.sync()
        try FileManager.default.removeItem(atPath: fixture.directory.path + "/workplans")
        await #expect(throws: SyncError.self) { try await fixture.sync() }
        #expect(try fixture.workstreams()["TEST-WP-0001"]?.removedAt == nil)
    }

    @Test func aBrokenFileLeavesItsRowsUntouched() async throws {
        let fixture = try SyncFixture()
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo"), ("02", "todo")]))
        try await fixture.sync()
        let before = try fixture.tasks()
        try fixture.write("TEST-WP-0001.md", "---\nid: TEST-WP-0001\ntitle: \"unclosed\n---\n")
        let report = try await fixture.sync()
        #expect(report.skippedFiles == ["workplans/TEST-WP-0001.md"])
        #expect(report.diagnostics.first?.rule == "yaml-syntax")
        #expect(report.removedTasks == 0)
        #expect(try fixture.tasks() == before)
        #expect(try fixture.workstreams()["TEST-WP-0001"]?.removedAt == nil)
    }

    @Test func lintErrorsThatKeepTheModelDoNotStopASync() async throws {
        let fixture = try SyncFixture()
        try fixture.write(
            "TEST-WP-0001.md",
            plan(tasks: [("01", "todo")]).replacingOccurrences(
                of: "created: \"2026-01-05\"", with: "created: \"2026-01-05\"\nupdated: 2025-01-01"))
        let report = try await fixture.sync()
        #expect(report.skippedFiles.isEmpty)
        #expect(report.lintErrors == 1)
        #expect(try fixture.tasks().count == 1)
    }

    @Test func theSafetyBrakeStopsAMassRemovalBeforeWritingAnything() async throws {
        let fixture = try SyncFixture()
        let many = (1...25).map { (String(format: "%02d", $0), "todo") }
        try fixture.write("TEST-WP-0001.md", plan(tasks: many))
        try await fixture.sync()
        let before = try fixture.tasks()
        try fixture.write("TEST-WP-0001.md", plan(tasks: [many[0]]))
        let stopped = try await fixture.sync()
        #expect(stopped.brake != nil)
        #expect(stopped.removedTasks == 24)
        #expect(try fixture.tasks() == before)
        #expect(try fixture.events("task.removed").isEmpty)
        let allowed = try await fixture.sync { $0.allowMassRemoval = true }
        #expect(allowed.brake == nil)
        #expect(try fixture.tasks().values.filter { $0.removedAt != nil }.count == 24)
    }

    @Test func dryRunAndCheckWriteNothing() async throws {
        let fixture = try SyncFixture()
        let original = plan(tasks: [("01", "todo")])
        try fixture.write("TEST-WP-0001.md", original)
        for check in [false, true] {
            let report = try await fixture.sync {
                $0.dryRun = !check
                $0.check = check
            }
            #expect(report.dryRun)
            #expect(report.hasChanges)
            #expect(report.idFiles == ["workplans/TEST-WP-0001.md"])
            #expect(!FileManager.default.fileExists(atPath: fixture.databasePath))
            #expect(!FileManager.default.fileExists(atPath: fixture.directory.path + "/.workplan"))
            #expect(try fixture.bytes("TEST-WP-0001.md") == Array(original.utf8))
        }
        try await fixture.sync()
        let synced = try fixture.bytes("TEST-WP-0001.md")
        try fixture.write(
            "TEST-WP-0001.md",
            String(decoding: synced, as: UTF8.self).replacingOccurrences(of: "status: todo", with: "status: done"))
        let before = try fixture.tasks()
        let check = try await fixture.sync { $0.check = true }
        #expect(check.hasChanges)
        #expect(try fixture.tasks() == before)
    }

    /// Full runs, incremental runs, and runs that plan one file at a time (a task moving from a
    /// file of one batch to a file of another) must leave the same store after the same edits.
    @Test func incrementalWholeAndFullRunsGiveTheSameStore() async throws {
        var stores: [[String]] = []
        for (full, batchSize) in [(true, 256), (false, 256), (false, 1), (true, 1)] {
            var fixture = try SyncFixture()
            fixture.batchSize = batchSize
            fixture.clockOffsetNs = 3_600_000_000_000
            try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo"), ("02", "todo")]))
            try fixture.write("TEST-WP-0002.md", plan("TEST-WP-0002", tasks: [("01", "todo")]))
            try fixture.write("TEST-WP-0003.md", plan("TEST-WP-0003", tasks: [("01", "in_progress")]))
            try fixture.write("TEST-WP-0004.md", plan("TEST-WP-0004", tasks: [("01", "todo")]))
            try await fixture.sync { $0.full = full }
            try fixture.write(
                "TEST-WP-0001.md",
                String(decoding: try fixture.bytes("TEST-WP-0001.md"), as: UTF8.self)
                    .replacingOccurrences(of: "status: todo", with: "status: done"))
            try await fixture.sync { $0.full = full }
            // T01 of the third workplan moves to the fourth, with its id and UUID.
            let third = String(decoding: try fixture.bytes("TEST-WP-0003.md"), as: UTF8.self)
            let block = try #require(third.range(of: "### Task 01"))
            try fixture.write("TEST-WP-0003.md", String(third[..<block.lowerBound]))
            try fixture.append("TEST-WP-0004.md", "\n" + third[block.lowerBound...])
            try fixture.remove("TEST-WP-0002.md")
            try await fixture.sync { $0.full = full }
            try fixture.execute("UPDATE tasks SET status = 'blocked' WHERE id = 'TEST-WP-0004-T01'")
            try await fixture.sync { $0.full = full }
            stores.append(
                try fixture.strings(
                    """
                    SELECT 'task ' || id || ' ' || workstream_id || ' ' || status || ' ' || position || ' ' || COALESCE(removed_at, '-')
                        || ' ' || uuid FROM tasks
                    UNION ALL SELECT 'workstream ' || id || ' ' || status || ' ' || COALESCE(removed_at, '-') || ' ' || content_hash
                        FROM workstreams
                    UNION ALL SELECT 'domain ' || slug || ' ' || workstream_count || ' ' || open_workstream_count || ' ' || task_count
                        || ' ' || open_task_count FROM domains
                    UNION ALL SELECT 'event ' || kind || ' ' || subject FROM events
                    UNION ALL SELECT 'edited ' || workstream_id FROM edited_workstreams
                    ORDER BY 1
                    """))
        }
        #expect(stores[0] == stores[1])
        #expect(stores[0] == stores[2])
        #expect(stores[0].contains { $0.hasPrefix("task TEST-WP-0001-T02 TEST-WP-0001 done 2 - ") })
        #expect(
            stores[0].contains { $0.hasPrefix("task TEST-WP-0002-T01 TEST-WP-0002 cancelled 1 2026-11-29T10:00:00Z ") })
        #expect(stores[0].contains { $0.hasPrefix("task TEST-WP-0003-T01 TEST-WP-0004 in_progress 2 - ") })
        #expect(stores[0].contains("event task.moved TEST-WP-0003-T01"))
        #expect(stores[0].contains("event task.drift TEST-WP-0004-T01"))
        #expect(!stores[0].contains { $0.hasPrefix("edited ") })
    }

    @Test func unchangedFilesAreNeitherReadNorParsed() async throws {
        var fixture = try SyncFixture()
        fixture.clockOffsetNs = 3_600_000_000_000
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo"), ("02", "todo")]))
        try fixture.write("TEST-WP-0002.md", plan("TEST-WP-0002", tasks: [("01", "todo")]))
        try fixture.write("TEST-WP-0003.md", plan("TEST-WP-0003", tasks: [("01", "todo")]))
        let first = try await fixture.sync()
        #expect((first.readFiles, first.parsedFiles, first.newTasks) == (3, 3, 4))
        let second = try await fixture.sync()
        #expect((second.readFiles, second.parsedFiles, second.workplans, second.tasks) == (0, 0, 3, 4))
        #expect(!second.hasChanges)
        try fixture.append("TEST-WP-0002.md", "\nMore about it.\n")
        let third = try await fixture.sync()
        #expect((third.readFiles, third.parsedFiles, third.changedWorkplans, third.tasks) == (1, 1, 1, 4))
        // The same bytes written again: a new key, so the file is read, but it is not parsed.
        try fixture.directory.write("workplans/TEST-WP-0003.md", bytes: try fixture.bytes("TEST-WP-0003.md"))
        let fourth = try await fixture.sync()
        #expect((fourth.readFiles, fourth.parsedFiles, fourth.hasChanges) == (1, 0, false))
        #expect(try await fixture.sync().readFiles == 0)
        // `--full` reads and parses everything.
        let full = try await fixture.sync { $0.full = true }
        #expect((full.readFiles, full.parsedFiles, full.hasChanges) == (3, 3, false))
    }

    @Test func aFileChangedWithinTheClockMarginIsReadAgain() async throws {
        let fixture = try SyncFixture()
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
        try await fixture.sync()
        let second = try await fixture.sync()
        #expect((second.readFiles, second.parsedFiles) == (1, 0))
    }

    @Test func rowsWrittenOutsideSyncAreRestoredThoughTheirFilesAreUnchanged() async throws {
        var fixture = try SyncFixture()
        fixture.clockOffsetNs = 3_600_000_000_000
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
        try fixture.write("TEST-WP-0002.md", plan("TEST-WP-0002", tasks: [("01", "todo"), ("02", "todo")]))
        try fixture.write("TEST-WP-0003.md", plan("TEST-WP-0003", tasks: [("01", "todo")]))
        try await fixture.sync()
        try fixture.execute("UPDATE tasks SET title = 'edited' WHERE id = 'TEST-WP-0001-T01'")
        let edited = try await fixture.sync()
        #expect((edited.readFiles, edited.parsedFiles, edited.driftOverwritten) == (1, 1, 1))
        #expect(try fixture.tasks()["TEST-WP-0001-T01"]?.title == "Task 01")

        try fixture.execute("DELETE FROM tasks WHERE id = 'TEST-WP-0002-T02'")
        let deleted = try await fixture.sync()
        #expect((deleted.parsedFiles, deleted.newTasks) == (1, 1))
        #expect(try fixture.tasks()["TEST-WP-0002-T02"]?.status == "todo")

        try fixture.execute("UPDATE workstreams SET title = 'edited' WHERE id = 'TEST-WP-0003'")
        try fixture.execute(
            "INSERT INTO tasks (id, workstream_id, status, title) VALUES ('TEST-WP-0001-T09', 'TEST-WP-0001', 'todo', 'stray')"
        )
        // A run over named files leaves the other workstreams' edits for a later run.
        let named = try await fixture.sync { $0.paths = ["workplans/TEST-WP-0001.md"] }
        #expect((named.parsedFiles, named.removedTasks) == (1, 1))
        #expect(try fixture.workstreams()["TEST-WP-0003"]?.title == "edited")
        #expect(try fixture.strings("SELECT workstream_id FROM edited_workstreams") == ["TEST-WP-0003"])
        let rest = try await fixture.sync()
        #expect((rest.parsedFiles, rest.driftOverwritten) == (1, 1))
        #expect(try fixture.workstreams()["TEST-WP-0003"]?.title == "Example plan")
        #expect(try fixture.strings("SELECT workstream_id FROM edited_workstreams").isEmpty)
        let quiet = try await fixture.sync()
        #expect((quiet.readFiles, quiet.hasChanges) == (0, false))
    }

    /// `--check` and `--dry-run` open the store read-only and do not migrate it: a store made by
    /// an earlier version must still be read, every file counting as changed.
    @Test func aCheckReadsAStoreFromBeforeTheFileKeysWithoutMigratingIt() async throws {
        let fixture = try SyncFixture()
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
        try await fixture.sync()
        let pool = try DatabaseQueue(path: fixture.databasePath)
        try await pool.write { db in
            try db.execute(
                sql: """
                    DROP TRIGGER workstreams_insert_edits; DROP TRIGGER workstreams_update_edits; DROP TRIGGER workstreams_delete_edits;
                    DROP TRIGGER tasks_insert_edits; DROP TRIGGER tasks_update_edits; DROP TRIGGER tasks_delete_edits;
                    DROP INDEX tasks_live;
                    DROP TABLE edited_workstreams;
                    CREATE TABLE old_files AS SELECT path, size, mtime_ns, content_hash FROM files;
                    DROP TABLE files;
                    ALTER TABLE old_files RENAME TO files;
                    DELETE FROM grdb_migrations WHERE identifier = 'v3-unread-files';
                    DROP TABLE sync_runs;
                    DELETE FROM grdb_migrations WHERE identifier = 'v4-sync-runs';
                    CREATE TABLE old_events AS SELECT id, at, kind, subject, detail FROM events;
                    DROP TABLE events;
                    ALTER TABLE old_events RENAME TO events;
                    DROP TABLE runs;
                    DELETE FROM grdb_migrations WHERE identifier = 'v5-runs';
                    DROP TABLE domain_registry;
                    DELETE FROM grdb_migrations WHERE identifier = 'v6-domain-registry';
                    """)
        }
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "done")]))
        let check = try await fixture.sync { $0.check = true }
        #expect((check.readFiles, check.parsedFiles, check.updatedTasks) == (1, 1, 1))
        #expect(
            try fixture.strings("SELECT identifier FROM grdb_migrations ORDER BY 1") == ["v1", "v2-dependency-targets"])
        // A run that writes migrates the store, and its first run re-reads everything.
        let run = try await fixture.sync()
        #expect((run.readFiles, run.updatedTasks) == (1, 1))
        #expect(try fixture.strings("SELECT identifier FROM grdb_migrations ORDER BY 1").count == 6)
    }

    @Test func aFileRowVouchesOnlyForTheSameKeyTakenAfterTheMargin() {
        let key = FileKey(size: 10, modifiedNs: 1_000_000_000, changedNs: 1_000_000_000, inode: 7)
        let settled = 1_000_000_000 + FileRecord.racyMarginNs + 1
        let row = FileRecord(path: "a.md", key: key, contentHash: "h", checkedNs: settled)
        #expect(row.vouchesFor(key))
        #expect(!FileRecord(path: "a.md", key: key, contentHash: "h", checkedNs: settled - 1).vouchesFor(key))
        for other in [
            FileKey(size: 11, modifiedNs: key.modifiedNs, changedNs: key.changedNs, inode: 7),
            FileKey(size: 10, modifiedNs: key.modifiedNs + 1, changedNs: key.changedNs, inode: 7),
            FileKey(size: 10, modifiedNs: key.modifiedNs, changedNs: key.changedNs + 1, inode: 7),
            FileKey(size: 10, modifiedNs: key.modifiedNs, changedNs: key.changedNs, inode: 8),
        ] {
            #expect(!row.vouchesFor(other))
        }
        // A row written before change times and inodes were kept vouches for nothing.
        #expect(!FileRecord(path: "a.md", size: 10, mtimeNs: key.modifiedNs, contentHash: "h").vouchesFor(key))
    }

    @Test func concurrentSyncsBothFinishAndLeaveAConsistentStore() async throws {
        let fixture = try SyncFixture()
        for number in 1...5 {
            try fixture.write(
                String(format: "TEST-WP-%04d.md", number),
                plan(String(format: "TEST-WP-%04d", number), tasks: [("01", "todo"), ("02", "done")]))
        }
        let engine = fixture.engine
        let reports = try await withThrowingTaskGroup(of: SyncReport.self) { group in
            for _ in 0..<4 { group.addTask { try await engine.run(SyncOptions()) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(reports.count == 4)
        #expect(reports.reduce(0) { $0 + $1.newTasks } == 10)
        #expect(try fixture.tasks().count == 10)
        #expect(try fixture.strings("PRAGMA integrity_check") == ["ok"])
    }
}

@Suite struct EditTests {
    @Test func editsApplyBackToFrontAndRejectOverlaps() {
        let bytes = Array("abcdef".utf8)
        let edited = ByteEdit.apply(
            [.insert("X", at: 1), ByteEdit(range: 3..<5, replacement: Array("YZ!".utf8))], to: bytes)
        #expect(edited.map { String(decoding: $0, as: UTF8.self) } == "aXbcYZ!f")
        #expect(
            ByteEdit.apply(
                [ByteEdit(range: 1..<3, replacement: []), ByteEdit(range: 2..<4, replacement: [])], to: bytes) == nil)
    }

    @Test func insertedLineTakesTheIndentationAndEndingOfItsLine() {
        let source = SourceText("- item\r\n  id: X\r\n  status: todo")
        let edit = source.insertLine(after: 1, key: "state_hub_task_id", value: "u")
        #expect(String(decoding: edit.replacement, as: UTF8.self) == "  state_hub_task_id: u\r\n")
        let last = SourceText("a\nid: X").insertLine(after: 1, key: "k", value: "v")
        #expect(String(decoding: last.replacement, as: UTF8.self) == "\nk: v")
    }

    @Test func atomicWriteRefusesAFileThatChangedAndKeepsPermissions() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("a.md", "one\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        #expect(throws: WriteError.changedOnDisk(path)) {
            try AtomicWriter.replace(path, with: Array("two\n".utf8), expected: Array("other\n".utf8))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one\n")
        try AtomicWriter.replace(path, with: Array("two\n".utf8), expected: Array("one\n".utf8))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two\n")
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["a.md"])
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/link.md", withDestinationPath: path)
        #expect(throws: WriteError.symbolicLink(directory.path + "/link.md")) {
            try AtomicWriter.replace(directory.path + "/link.md", with: [], expected: Array("two\n".utf8))
        }
    }
}
