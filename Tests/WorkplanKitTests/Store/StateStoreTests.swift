import Foundation
import GRDB
import Testing
@testable import WorkplanKit

@Suite struct StateStoreTests {
    @Test func migrationCreatesTheDocumentedTablesAndViewsInWALMode() throws {
        let directory = try TemporaryDirectory()
        let store = try StateStore(path: directory.path + "/.workplan/state.sqlite")
        let (tables, views, journal, foreignKeys) = try store.writer.read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb_%' ORDER BY name"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name"),
             try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(tables == ["dependencies", "domains", "events", "files", "tasks", "workstreams"])
        #expect(views == ["domain_summary", "open_tasks", "workstream_progress"])
        #expect(journal == "wal")
        #expect(foreignKeys == true)
    }

    @Test func reopeningAMigratedStoreKeepsItsRows() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/state.sqlite"
        try StateStore(path: path).writer.write { db in
            try db.execute(sql: "INSERT INTO workstreams (id, status) VALUES ('X-WP-0001', 'active')")
            try db.execute(sql: "INSERT INTO tasks (id, workstream_id, status, title) VALUES ('X-WP-0001-T01', 'X-WP-0001', 'todo', ?)",
                           arguments: ["'); DROP TABLE tasks; --"])
        }
        let (title, open, integrity) = try StateStore(path: path).writer.read { db in
            (try String.fetchOne(db, sql: "SELECT title FROM tasks"),
             try String.fetchOne(db, sql: "SELECT id FROM open_tasks"),
             try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        #expect(title == "'); DROP TABLE tasks; --")
        #expect(open == "X-WP-0001-T01")
        #expect(integrity == "ok")
    }

    @Test func foreignKeysRejectATaskOfAnUnknownWorkstream() throws {
        let store = try StateStore()
        #expect(throws: DatabaseError.self) {
            try store.writer.write { db in
                try db.execute(sql: "INSERT INTO tasks (id, workstream_id, status) VALUES ('X-WP-0001-T01', 'X-WP-0404', 'todo')")
            }
        }
    }
}
