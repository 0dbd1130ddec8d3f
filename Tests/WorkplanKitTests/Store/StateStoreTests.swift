import Foundation
import GRDB
import StoreConformance
import Testing

@testable import WorkplanKit

@Suite struct StateStoreTests {
    @Test func migrationCreatesTheDocumentedTablesAndViewsAndTheFirstWriteTurnsWALOn() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStateStore(path: directory.path + "/.workplan/state.sqlite")
        let (tables, views, journal, foreignKeys, cache) = try await store.writer.read { db in
            (
                try String.fetchAll(
                    db,
                    sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb_%' ORDER BY name"),
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"),
                try Int.fetchOne(db, sql: "PRAGMA cache_size")
            )
        }
        #expect(
            tables == [
                "dependencies", "domain_registry", "domains", "edited_workstreams", "events", "files", "runs",
                "sync_runs", "tasks", "workstreams",
            ])
        #expect(views == ["domain_summary", "open_tasks", "workstream_progress"])
        // A new file is filled in rollback-journal mode; its first write turns it to WAL.
        #expect(journal == "delete")
        #expect(foreignKeys == true)
        // SQLite's default page cache, until a sync says it fills the store (1 KiB per file).
        #expect(cache == -SQLiteTransaction.defaultCacheKiB)
        try await store.write { try await $0.expectBulkLoad(files: 100) }
        #expect(try await store.writer.read { try Int.fetchOne($0, sql: "PRAGMA cache_size") } == -2000)
        try await store.write { try await $0.expectBulkLoad(files: 10_000) }
        #expect(try await store.writer.read { try Int.fetchOne($0, sql: "PRAGMA cache_size") } == -10_000)
        #expect(try await store.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        let reopened = try SQLiteStateStore(path: directory.path + "/.workplan/state.sqlite")
        #expect(try await reopened.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        #expect(reopened.writer is DatabasePool)
    }

    @Test func theDomainsTableCountsLiveWorkstreamsAndTheirLiveTasks() async throws {
        typealias C = StoreConformance
        let store = try SQLiteStateStore()
        var plan = C.insertingPlan()  // tooling: T-WP-0001 (active) with one open and one done task
        var removedWorkstream = C.workstream("T-WP-0003", path: "c.md", domain: "tooling")
        removedWorkstream.removedAt = C.now
        var removedTask = C.task("T-WP-0002-T03", of: "T-WP-0002", status: "todo")
        removedTask.removedAt = C.now
        plan.workstreams += [
            RowChange(
                kind: .inserted, old: nil, new: C.workstream("T-WP-0002", path: "b.md", domain: "parsing")),
            RowChange(
                kind: .inserted, old: nil,
                new: C.workstream("T-WP-0004", path: "d.md", domain: "parsing", status: "completed")),
            RowChange(kind: .inserted, old: nil, new: removedWorkstream),
        ]
        plan.tasks += [
            RowChange(kind: .inserted, old: nil, new: C.task("T-WP-0002-T01", of: "T-WP-0002", status: "blocked")),
            RowChange(kind: .inserted, old: nil, new: C.task("T-WP-0002-T02", of: "T-WP-0002", status: "cancelled")),
            RowChange(kind: .inserted, old: nil, new: removedTask),
            RowChange(kind: .inserted, old: nil, new: C.task("T-WP-0003-T01", of: "T-WP-0003")),
        ]
        plan.domains = .all
        try await store.write { [plan] in try await $0.apply(plan) }
        let query = "SELECT slug, workstream_count, open_workstream_count, task_count, open_task_count FROM domains"
        func rows() async throws -> [[String]] {
            try await store.writer.read { db in
                try Row.fetchAll(db, sql: query + " ORDER BY slug").map { row in
                    (0..<5).map { String(describing: row[$0] as DatabaseValue) }
                }
            }
        }
        // slug, workstreams, open workstreams, tasks, open tasks: removed rows count nowhere.
        let expected = [["\"parsing\"", "2", "1", "2", "1"], ["\"tooling\"", "1", "1", "2", "1"]]
        #expect(try await rows() == expected)
        // Recounting one domain leaves the other's row as it was.
        var recount = SyncPlan()
        recount.domains = .only(["parsing"])
        try await store.write { [recount] in try await $0.apply(recount) }
        #expect(try await rows() == expected)
    }

    @Test func theFrozenViewsCountTheOpenStatusesTheLibraryDefines() throws {
        // The views' DDL is frozen text; the queries build their lists from `TaskStatus.open`.
        let store = try SQLiteStateStore()
        let views = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'view' ORDER BY name")
        }
        #expect(views.count == 3)
        #expect(views.allSatisfy { $0.contains("IN (\(TaskStatus.openSQL))") })
        #expect(TaskStatus.allCases.filter(\.isOpen) == TaskStatus.open)
    }

    /// Each record's column list is its Codable keys and its bind order: encoding a record and
    /// listing its values give the same columns in the same order.
    @Test func everyRecordListsItsColumnsOnce() throws {
        let task = StoreConformance.task("T-WP-0001-T01", of: "T-WP-0001")
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(task)) as? [String: Any]
        let present = TaskRecord.Columns.allCases.filter { task.value(of: $0) != .null }.map(\.name)
        #expect(Set(encoded?.keys.map { $0 } ?? []) == Set(present))
        #expect(present.count >= 12)
        #expect(TaskRecord.columnNames == TaskRecord.Columns.allCases.map(\.stringValue))
        #expect(task.value(of: .title) == .text(task.title) && task.value(of: .line) == .integer(10))
        #expect(TaskRecord.Columns.allCases.filter(\.isInteger).map(\.name) == ["position", "line"])
        #expect(WorkstreamRecord.columnNames.first == "id" && FileRecord.columnNames.first == "path")
    }

    @Test func reopeningAMigratedStoreKeepsItsRows() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/state.sqlite"
        try SQLiteStateStore(path: path).writer.write { db in
            try db.execute(sql: "INSERT INTO workstreams (id, status) VALUES ('X-WP-0001', 'active')")
            try db.execute(
                sql:
                    "INSERT INTO tasks (id, workstream_id, status, title) VALUES ('X-WP-0001-T01', 'X-WP-0001', 'todo', ?)",
                arguments: ["'); DROP TABLE tasks; --"])
        }
        let (title, open, integrity) = try SQLiteStateStore(path: path).writer.read { db in
            (
                try String.fetchOne(db, sql: "SELECT title FROM tasks"),
                try String.fetchOne(db, sql: "SELECT id FROM open_tasks"),
                try String.fetchOne(db, sql: "PRAGMA integrity_check")
            )
        }
        #expect(title == "'); DROP TABLE tasks; --")
        #expect(open == "X-WP-0001-T01")
        #expect(integrity == "ok")
    }

    @Test func foreignKeysRejectATaskOfAnUnknownWorkstream() throws {
        let store = try SQLiteStateStore()
        #expect(throws: DatabaseError.self) {
            try store.writer.write { db in
                try db.execute(
                    sql: "INSERT INTO tasks (id, workstream_id, status) VALUES ('X-WP-0001-T01', 'X-WP-0404', 'todo')")
            }
        }
    }
}

/// Fingerprints keep the encoding stores already hold: computed here again, independently, from
/// the schema's column names and the first fingerprint definition (sorted keys of the present
/// values, FNV-1a over `key NUL value NUL`).
@Suite struct FingerprintTests {
    static func reference(_ values: [String: String?]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for key in values.keys.sorted() {
            guard let value = values[key] ?? nil else { continue }
            for byte in Array(key.utf8) + [0] + Array(value.utf8) + [0] {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func reference(_ task: TaskRecord) -> String {
        reference([
            "id": task.id, "uuid": task.uuid, "workstream_id": task.workstreamID, "title": task.title,
            "phase": task.phase,
            "status": task.status, "priority": task.priority, "position": task.position.map(String.init),
            "line": task.line.map(String.init), "carried_to": task.carriedTo, "description": task.description,
            "source": task.source, "removed_at": task.removedAt,
        ])
    }

    static func reference(_ workstream: WorkstreamRecord) -> String {
        reference([
            "id": workstream.id, "uuid": workstream.uuid, "title": workstream.title, "domain": workstream.domain,
            "status": workstream.status, "owner": workstream.owner, "topic_slug": workstream.topicSlug,
            "created": workstream.created, "updated": workstream.updated, "completed": workstream.completed,
            "path": workstream.path, "content_hash": workstream.contentHash, "removed_at": workstream.removedAt,
            "source": workstream.source,
        ])
    }

    @Test func fileFingerprintsKeepTheStoredEncoding() {
        var task = TaskRecord(
            id: "X-WP-0001-T01", uuid: "u", workstreamID: "X-WP-0001", title: "Title ünï", phase: nil,
            status: "todo", priority: "high", position: 3, line: 42, carriedTo: nil,
            description: "two\nlines", source: "file", removedAt: nil, updatedAt: "t", fingerprint: "")
        #expect(task.fileFingerprint == Self.reference(task))
        task.phase = "Phase 1"
        task.carriedTo = "Y-WP-0002-T01"
        task.removedAt = "2026-01-01T00:00:00Z"
        task.updatedAt = "not covered"
        #expect(task.fileFingerprint == Self.reference(task))
        var workstream = WorkstreamRecord(
            id: "X-WP-0001", uuid: nil, title: "T", domain: "d", status: "active", owner: nil,
            topicSlug: "s", created: "2026-01-01", updated: nil, completed: nil, path: "p.md",
            contentHash: "h", removedAt: nil, syncedAt: "t", source: "file", fingerprint: "")
        #expect(workstream.fileFingerprint == Self.reference(workstream))
        workstream.uuid = "u"
        workstream.owner = "o"
        workstream.updated = "2026-01-02"
        workstream.completed = "2026-01-03"
        workstream.syncedAt = "not covered"
        #expect(workstream.fileFingerprint == Self.reference(workstream))
        #expect(workstream.fileFingerprint != task.fileFingerprint)
    }

    @Test func everyColumnIsWrittenAndReadBack() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStateStore(path: directory.path + "/state.sqlite")
        let workstream = WorkstreamRecord(
            id: "X-WP-0001", uuid: "wu", title: "T", domain: "d", status: "active", owner: "o",
            topicSlug: "s", created: "c", updated: "u", completed: "k", path: "p.md",
            contentHash: "h", removedAt: "r", syncedAt: "t", source: "file", fingerprint: "f")
        let task = TaskRecord(
            id: "X-WP-0001-T01", uuid: "tu", workstreamID: "X-WP-0001", title: "Title", phase: "P",
            status: "todo", priority: "high", position: 3, line: 42, carriedTo: "Y",
            description: "D", source: "file", removedAt: "r", updatedAt: "t", fingerprint: "f")
        let file = FileRecord(path: "p.md", size: 12, mtimeNs: 34, contentHash: "h")
        let event = EventRecord(id: nil, at: "a", kind: "k", subject: "s", detail: "{}")
        let read = try await store.writer.write { db in
            try workstream.insert(db)
            try task.insert(db)
            try file.insert(db)
            try event.insert(db)
            return (
                try WorkstreamRecord.fetchOne(db), try TaskRecord.fetchOne(db), try FileRecord.fetchOne(db),
                try EventRecord.fetchOne(db)
            )
        }
        #expect(read.0 == workstream)
        #expect(read.1 == task)
        #expect(read.2 == file)
        #expect(read.3?.detail == "{}" && read.3?.kind == "k" && read.3?.subject == "s" && read.3?.at == "a")
        // The cached-statement insert sync uses writes the same row.
        var copy = task
        copy.id = "X-WP-0001-T02"
        copy.uuid = "tu2"
        let second = copy
        let fast = try await store.writer.write { db in
            try second.insertRow(db)
            return try TaskRecord.fetchOne(db, key: "X-WP-0001-T02")
        }
        #expect(fast == second)
    }
}
