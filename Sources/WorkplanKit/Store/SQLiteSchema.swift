import GRDB

/// The SQLite schema: its migrations, frozen once shipped, and the triggers sync lifts.
enum SQLiteSchema {
    /// The schema's migrations. A migration that has shipped is never edited; changes are new migrations.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createTables)
        migrator.registerMigration("v2-dependency-targets") { db in
            try db.execute(sql: "CREATE INDEX dependencies_to ON dependencies(to_id)")
        }
        migrator.registerMigration("v3-unread-files", migrate: addFileKeysAndEditMarks)
        migrator.registerMigration("v4-sync-runs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sync_runs (
                        at TEXT NOT NULL, workplans INTEGER NOT NULL, changes INTEGER NOT NULL,
                        lint_errors INTEGER NOT NULL, skipped_files INTEGER NOT NULL)
                    """)
        }
        migrator.registerMigration("v5-runs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        id INTEGER PRIMARY KEY, at TEXT NOT NULL, command TEXT NOT NULL, actor TEXT NOT NULL,
                        host TEXT NOT NULL, tool TEXT NOT NULL, branch TEXT, commit_id TEXT, dirty INTEGER,
                        forced INTEGER NOT NULL DEFAULT 0);
                    ALTER TABLE events ADD COLUMN run_id INTEGER REFERENCES runs(id);
                    """)
        }
        migrator.registerMigration("v6-domain-registry") { db in
            try db.execute(
                sql: """
                    CREATE TABLE domain_registry (
                        slug TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
                        description TEXT, status TEXT NOT NULL);
                    DROP VIEW domain_summary;
                    CREATE VIEW domain_summary AS
                        SELECT w.domain AS domain, COUNT(DISTINCT w.id) AS workstreams,
                               SUM(t.status IN ('todo', 'in_progress', 'blocked')) AS open_tasks,
                               SUM(t.status = 'done') AS done_tasks,
                               COUNT(DISTINCT CASE WHEN w.status IN ('draft', 'active', 'blocked') THEN w.id END)
                                   AS active_workstreams
                        FROM workstreams w LEFT JOIN tasks t ON t.workstream_id = w.id AND t.removed_at IS NULL
                        WHERE w.removed_at IS NULL
                        GROUP BY w.domain;
                    """)
        }
        return migrator
    }

    /// The first schema: workstreams, tasks, domains, dependencies, events, files and the views.
    private static func createTables(_ db: Database) throws {
        try db.execute(sql: firstTables)
        try db.execute(sql: firstViews)
    }

    private static let firstTables = """
        CREATE TABLE workstreams (
            id TEXT PRIMARY KEY NOT NULL,
            uuid TEXT UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            domain TEXT,
            status TEXT NOT NULL,
            owner TEXT,
            topic_slug TEXT,
            created TEXT,
            updated TEXT,
            completed TEXT,
            path TEXT,
            content_hash TEXT,
            removed_at TEXT,
            synced_at TEXT,
            source TEXT NOT NULL DEFAULT 'file',
            fingerprint TEXT
        );
        CREATE TABLE tasks (
            id TEXT PRIMARY KEY NOT NULL,
            uuid TEXT UNIQUE,
            workstream_id TEXT REFERENCES workstreams(id) ON UPDATE CASCADE,
            title TEXT NOT NULL DEFAULT '',
            phase TEXT,
            status TEXT NOT NULL,
            priority TEXT,
            position INTEGER,
            line INTEGER,
            carried_to TEXT,
            description TEXT,
            source TEXT NOT NULL DEFAULT 'file',
            removed_at TEXT,
            updated_at TEXT,
            fingerprint TEXT
        );
        CREATE INDEX tasks_workstream ON tasks(workstream_id);
        CREATE TABLE domains (
            slug TEXT PRIMARY KEY NOT NULL,
            workstream_count INTEGER NOT NULL DEFAULT 0,
            open_workstream_count INTEGER NOT NULL DEFAULT 0,
            task_count INTEGER NOT NULL DEFAULT 0,
            open_task_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE dependencies (
            from_id TEXT NOT NULL,
            to_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            uuid TEXT,
            PRIMARY KEY (from_id, to_id, kind)
        );
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        CREATE INDEX events_subject ON events(subject);
        CREATE TABLE files (
            path TEXT PRIMARY KEY NOT NULL,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            content_hash TEXT NOT NULL
        );
        """

    private static let firstViews = """
        CREATE VIEW open_tasks AS
            SELECT t.id, t.title, t.status, t.priority, t.workstream_id, w.title AS workstream_title, w.domain
            FROM tasks t LEFT JOIN workstreams w ON w.id = t.workstream_id
            WHERE t.status IN ('todo', 'in_progress', 'blocked') AND t.removed_at IS NULL
            ORDER BY CASE t.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2
                     WHEN 'low' THEN 3 ELSE 4 END, t.id;
        CREATE VIEW workstream_progress AS
            SELECT w.id, w.title, w.domain, w.status,
                   COUNT(t.id) AS tasks,
                   SUM(t.status = 'done') AS done,
                   SUM(t.status = 'cancelled') AS cancelled,
                   SUM(t.status = 'carried_forward') AS carried_forward,
                   SUM(t.status IN ('todo', 'in_progress', 'blocked')) AS open
            FROM workstreams w LEFT JOIN tasks t ON t.workstream_id = w.id AND t.removed_at IS NULL
            WHERE w.removed_at IS NULL
            GROUP BY w.id;
        CREATE VIEW domain_summary AS
            SELECT w.domain AS domain, COUNT(DISTINCT w.id) AS workstreams,
                   SUM(t.status IN ('todo', 'in_progress', 'blocked')) AS open_tasks,
                   SUM(t.status = 'done') AS done_tasks
            FROM workstreams w LEFT JOIN tasks t ON t.workstream_id = w.id AND t.removed_at IS NULL
            WHERE w.removed_at IS NULL
            GROUP BY w.domain;
        """

    /// Sync skips reading a file whose key matches its `files` row, and parsing one whose rows
    /// nobody wrote since: triggers keep the workstreams whose rows were written, by anyone,
    /// until the next sync has re-read their files.
    private static func addFileKeysAndEditMarks(_ db: Database) throws {
        // Sync skips reading a file whose key matches its `files` row, and parsing one whose
        // rows nobody wrote since: triggers keep the workstreams whose rows were written, by
        // anyone, until the next sync has re-read their files. An existing store starts with
        // every workstream in it, so its first sync re-reads everything. `tasks_live` lets sync
        // count each workstream's live tasks without reading the task rows.
        var sql = """
            ALTER TABLE files ADD COLUMN ctime_ns INTEGER;
            ALTER TABLE files ADD COLUMN inode INTEGER;
            ALTER TABLE files ADD COLUMN checked_ns INTEGER;
            CREATE INDEX tasks_live ON tasks(workstream_id) WHERE source = 'file' AND removed_at IS NULL;
            CREATE TABLE edited_workstreams (workstream_id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
            INSERT INTO edited_workstreams SELECT id FROM workstreams;

            """
        for (table, column) in [("workstreams", "id"), ("tasks", "workstream_id")] {
            for (event, rows) in [("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])] {
                let values = rows.map { "(COALESCE(\($0).\(column), ''))" }.joined(separator: ", ")
                sql += """
                    CREATE TRIGGER \(table)_\(event.lowercased())_edits AFTER \(event) ON \(table) BEGIN
                        INSERT OR IGNORE INTO edited_workstreams (workstream_id) VALUES \(values);
                    END;

                    """
            }
        }
        try db.execute(sql: sql)
    }

    /// Runs `body` with the triggers that fill `edited_workstreams` lifted, inside the caller's
    /// transaction: they are dropped, then recreated from their stored SQL, so no other
    /// connection ever sees them missing, and a failure rolls both back. Sync writes this way:
    /// for a cold sync the marks cost a third of the writing.
    static func withoutEditMarks(_ db: Database, _ body: () throws -> Void) throws {
        let triggers = try Row.fetchAll(
            db,
            sql: """
                SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%INTO edited_workstreams%'
                """
        ).map { (name: $0[0] as String, sql: $0[1] as String) }
        for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger.name.quotedDatabaseIdentifier)") }
        try body()
        for trigger in triggers { try db.execute(sql: trigger.sql) }
    }
}
