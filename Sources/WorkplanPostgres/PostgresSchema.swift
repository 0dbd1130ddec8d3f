#if PostgreSQL
    import Foundation
    import PostgresNIO
    import WorkplanKit

    /// The hub's schema: its migrations, frozen once shipped (a change is a new migration), and
    /// the checks run when a store opens: a server recent enough, and a schema no newer than
    /// this tool's. The same tables and views as the SQLite store, each row keyed by repository.
    enum PostgresSchema {
        /// The oldest server the queries run on (`starts_with`, `hashtextextended`).
        static let minimumServerVersion = 120_000

        static let migrations: [(version: String, sql: String)] = [
            ("v1-hub", firstSchema), ("v2-runs", runsSchema), ("v3-registry-and-changes", registrySchema),
        ]

        /// How a store opens: to read (no schema: nothing to read), to write (no schema: created,
        /// the one case a writer runs DDL), or to migrate (`workplan hub init`).
        enum Mode { case read, write, migrate }

        /// Checks the server and the schema: a schema behind this tool's is refused (run `hub
        /// init`), a newer one too (upgrade workplan). A hub without a schema is created for a
        /// writer; `migrate` brings any schema up to date. DDL runs under a hub-wide lock, so that
        /// two first syncs do not both create it, and is the one place `unsafeSQL` is used: the
        /// frozen migrations' text, never a value.
        static func check(_ session: PostgresSession, display: String, mode: Mode) async throws {
            let version = Int(try await session.query("SHOW server_version_num").first?.decode(String.self) ?? "") ?? 0
            if let problem = versionProblem(version, display: display) { throw StoreError.database(problem) }
            let applied = try await session.schemaVersions()
            if let applied {
                try refuseNewer(applied, display: display)
                let missing = migrations.map(\.version).filter { !applied.contains($0) }
                guard !missing.isEmpty, mode == .migrate else {
                    if !missing.isEmpty {
                        throw StoreError.refused(
                            "\(display) has an older schema than this workplan (it lacks \(missing.joined(separator: ", "))): "
                                + "run 'workplan hub init --db URL' once with the hub owner's role")
                    }
                    return
                }
            } else if mode == .read {
                return
            }
            try await migrate(session, display: display)
        }

        /// Creates or migrates the schema.
        private static func migrate(_ session: PostgresSession, display: String) async throws {
            // A session lock, taken before the transaction begins: a transaction that began before
            // another one created the schema would look its tables up in a stale catalog cache
            // (an advisory lock does not refresh it; a new transaction does).
            try await session.execute("SELECT pg_advisory_lock(hashtextextended('workplan:schema', 0))")
            do {
                try await migrateLocked(session, display: display)
            } catch {
                try? await session.execute("SELECT pg_advisory_unlock(hashtextextended('workplan:schema', 0))")
                throw error
            }
            try await session.execute("SELECT pg_advisory_unlock(hashtextextended('workplan:schema', 0))")
        }

        private static func migrateLocked(_ session: PostgresSession, display: String) async throws {
            try await session.execute("BEGIN")
            do {
                if try await session.schemaVersions() == nil {
                    try await session.execute(
                        "CREATE TABLE workplan_schema (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
                    )
                }
                let applied = try await session.schemaVersions() ?? []
                try refuseNewer(applied, display: display)
                for migration in migrations where !applied.contains(migration.version) {
                    // One statement per query: the extended protocol takes no more.
                    for statement in statements(migration.sql) {
                        try await session.execute(PostgresQuery(unsafeSQL: statement))
                    }
                    try await session.execute("INSERT INTO workplan_schema (version) VALUES (\(migration.version))")
                }
                try await session.execute("COMMIT")
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        }

        /// Why a server of `version` (`server_version_num`) cannot be used, nil when it can.
        static func versionProblem(_ version: Int, display: String) -> String? {
            version >= minimumServerVersion
                ? nil : "\(display) runs PostgreSQL \(version / 10_000); workplan needs 12 or newer"
        }

        /// The statements of `sql`: each ends with `;` at the end of a line outside `$$` quotes;
        /// lines that are `--` comments are left out.
        static func statements(_ sql: String) -> [String] {
            var statements: [String] = []
            var current = ""
            var quoted = false
            for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
                if !quoted, line.trimmingCharacters(in: .whitespaces).hasPrefix("--") { continue }
                current += line + "\n"
                if line.components(separatedBy: "$$").count % 2 == 0 { quoted.toggle() }
                if !quoted, line.hasSuffix(";") {
                    statements.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                    current = ""
                }
            }
            let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
            return rest.isEmpty ? statements : statements + [rest]
        }

        private static func refuseNewer(_ applied: [String], display: String) throws {
            let known = Set(migrations.map(\.version))
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw StoreError.database(
                    "\(display) has schema version '\(unknown)', newer than this workplan knows; upgrade workplan"
                )
            }
        }

        /// The domains each repository's registry declares, the active workstreams per domain, and
        /// the counter of changes the read API watches.
        private static let registrySchema = """
            CREATE TABLE domain_registry (
                repository TEXT NOT NULL REFERENCES repositories(name) ON UPDATE CASCADE,
                slug TEXT NOT NULL,
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                description TEXT,
                status TEXT NOT NULL,
                PRIMARY KEY (repository, slug)
            );
            CREATE OR REPLACE VIEW domain_summary AS
                SELECT w.repository, w.domain AS domain, COUNT(DISTINCT w.id) AS workstreams,
                       COUNT(t.id) FILTER (WHERE t.status IN ('todo', 'in_progress', 'blocked')) AS open_tasks,
                       COUNT(t.id) FILTER (WHERE t.status = 'done') AS done_tasks,
                       COUNT(DISTINCT w.id) FILTER (WHERE w.status IN ('draft', 'active', 'blocked'))
                           AS active_workstreams
                FROM workstreams w
                LEFT JOIN tasks t ON t.repository = w.repository AND t.workstream_id = w.id AND t.removed_at IS NULL
                WHERE w.removed_at IS NULL
                GROUP BY w.repository, w.domain;
            -- Advanced by every statement that writes the rows the read API serves: the server's
            -- token that its copy is current (nextval is not rolled back; a spare reload is harmless).
            CREATE SEQUENCE workplan_changes;
            CREATE FUNCTION workplan_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM nextval('workplan_changes');
                RETURN NULL;
            END $$;
            \(changeTriggers)
            """

        /// The statement triggers of `v3-registry-and-changes`, one per table the read API serves
        /// (a fixed list: the migration's text never changes).
        private static let changeTriggers = [
            "workstreams", "tasks", "dependencies", "events", "repositories", "domain_registry",
        ]
        .map {
            "CREATE TRIGGER \($0)_changes AFTER INSERT OR UPDATE OR DELETE ON \($0) "
                + "FOR EACH STATEMENT EXECUTE FUNCTION workplan_count_change();"
        }.joined(separator: "\n")

        /// Who ran each change, from which tree; the hub's own audit of what owners did.
        private static let runsSchema = """
            ALTER TABLE repositories ADD COLUMN identity_source TEXT;
            ALTER TABLE repositories ADD COLUMN branch TEXT;
            CREATE TABLE runs (
                id BIGSERIAL PRIMARY KEY,
                repository TEXT NOT NULL REFERENCES repositories(name) ON UPDATE CASCADE,
                at TEXT NOT NULL,
                command TEXT NOT NULL,
                actor TEXT NOT NULL,
                host TEXT NOT NULL,
                tool TEXT NOT NULL,
                branch TEXT,
                commit_id TEXT,
                dirty BOOLEAN,
                forced BOOLEAN NOT NULL DEFAULT false
            );
            CREATE INDEX runs_repository ON runs(repository, id);
            ALTER TABLE events ADD COLUMN run_id BIGINT REFERENCES runs(id);
            CREATE TABLE hub_audit (
                id BIGSERIAL PRIMARY KEY,
                at TEXT NOT NULL,
                action TEXT NOT NULL,
                repository TEXT NOT NULL,
                actor TEXT NOT NULL,
                detail TEXT NOT NULL
            );
            """

        private static let firstSchema = """
            CREATE TABLE repositories (
                name TEXT PRIMARY KEY,
                remote TEXT,
                last_sync_at TEXT,
                last_commit TEXT
            );
            CREATE TABLE workstreams (
                repository TEXT NOT NULL REFERENCES repositories(name) ON UPDATE CASCADE,
                id TEXT NOT NULL,
                uuid TEXT UNIQUE DEFERRABLE INITIALLY DEFERRED,
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
                fingerprint TEXT,
                PRIMARY KEY (repository, id)
            );
            -- On the path alone: with the repository first, the foreign key checks of tasks (made
            -- before the table has statistics) took this index over the primary key and scanned
            -- every workstream of the repository for each task.
            CREATE INDEX workstreams_path ON workstreams(path);
            CREATE TABLE tasks (
                repository TEXT NOT NULL REFERENCES repositories(name) ON UPDATE CASCADE,
                id TEXT NOT NULL,
                uuid TEXT UNIQUE DEFERRABLE INITIALLY DEFERRED,
                workstream_id TEXT,
                title TEXT NOT NULL DEFAULT '',
                phase TEXT,
                status TEXT NOT NULL,
                priority TEXT,
                position BIGINT,
                line BIGINT,
                carried_to TEXT,
                description TEXT,
                source TEXT NOT NULL DEFAULT 'file',
                removed_at TEXT,
                updated_at TEXT,
                fingerprint TEXT,
                PRIMARY KEY (repository, id),
                FOREIGN KEY (repository, workstream_id) REFERENCES workstreams(repository, id) ON UPDATE CASCADE
            );
            CREATE INDEX tasks_workstream ON tasks(repository, workstream_id);
            CREATE TABLE domains (
                repository TEXT NOT NULL REFERENCES repositories(name) ON UPDATE CASCADE,
                slug TEXT NOT NULL,
                workstream_count INTEGER NOT NULL DEFAULT 0,
                open_workstream_count INTEGER NOT NULL DEFAULT 0,
                task_count INTEGER NOT NULL DEFAULT 0,
                open_task_count INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (repository, slug)
            );
            CREATE TABLE dependencies (
                repository TEXT NOT NULL REFERENCES repositories(name) ON UPDATE CASCADE,
                from_id TEXT NOT NULL,
                to_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                uuid TEXT,
                PRIMARY KEY (repository, from_id, to_id, kind)
            );
            CREATE INDEX dependencies_to ON dependencies(repository, to_id);
            CREATE TABLE events (
                id BIGSERIAL PRIMARY KEY,
                repository TEXT NOT NULL REFERENCES repositories(name) ON UPDATE CASCADE,
                at TEXT NOT NULL,
                kind TEXT NOT NULL,
                subject TEXT NOT NULL,
                detail TEXT NOT NULL
            );
            CREATE INDEX events_subject ON events(repository, subject);
            CREATE TABLE files (
                repository TEXT NOT NULL REFERENCES repositories(name) ON UPDATE CASCADE,
                path TEXT NOT NULL,
                size BIGINT NOT NULL,
                mtime_ns BIGINT NOT NULL,
                content_hash TEXT NOT NULL,
                ctime_ns BIGINT,
                inode BIGINT,
                checked_ns BIGINT,
                PRIMARY KEY (repository, path)
            );
            CREATE TABLE edited_workstreams (
                repository TEXT NOT NULL REFERENCES repositories(name) ON UPDATE CASCADE,
                workstream_id TEXT NOT NULL,
                PRIMARY KEY (repository, workstream_id)
            );
            CREATE TABLE sync_runs (
                repository TEXT PRIMARY KEY REFERENCES repositories(name) ON UPDATE CASCADE,
                at TEXT NOT NULL,
                workplans INTEGER NOT NULL,
                changes INTEGER NOT NULL,
                lint_errors INTEGER NOT NULL,
                skipped_files INTEGER NOT NULL
            );

            -- Writes by anyone but sync mark their workstream until the next sync re-reads its file.
            CREATE FUNCTION workplan_mark_edit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF current_setting('workplan.sync', true) = 'on' THEN RETURN NULL; END IF;
                IF TG_OP <> 'DELETE' THEN
                    INSERT INTO edited_workstreams VALUES (NEW.repository, COALESCE(to_jsonb(NEW) ->> TG_ARGV[0], ''))
                    ON CONFLICT DO NOTHING;
                END IF;
                IF TG_OP <> 'INSERT' THEN
                    INSERT INTO edited_workstreams VALUES (OLD.repository, COALESCE(to_jsonb(OLD) ->> TG_ARGV[0], ''))
                    ON CONFLICT DO NOTHING;
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER workstreams_edits AFTER INSERT OR UPDATE OR DELETE ON workstreams
                FOR EACH ROW EXECUTE FUNCTION workplan_mark_edit('id');
            CREATE TRIGGER tasks_edits AFTER INSERT OR UPDATE OR DELETE ON tasks
                FOR EACH ROW EXECUTE FUNCTION workplan_mark_edit('workstream_id');

            CREATE VIEW open_tasks AS
                SELECT t.repository, t.id, t.title, t.status, t.priority, t.workstream_id,
                       w.title AS workstream_title, w.domain,
                       CASE t.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2
                                       WHEN 'low' THEN 3 ELSE 4 END AS priority_rank
                FROM tasks t LEFT JOIN workstreams w ON w.repository = t.repository AND w.id = t.workstream_id
                WHERE t.status IN ('todo', 'in_progress', 'blocked') AND t.removed_at IS NULL;
            CREATE VIEW workstream_progress AS
                SELECT w.repository, w.id, w.title, w.domain, w.status,
                       COUNT(t.id) AS tasks,
                       COUNT(t.id) FILTER (WHERE t.status = 'done') AS done,
                       COUNT(t.id) FILTER (WHERE t.status = 'cancelled') AS cancelled,
                       COUNT(t.id) FILTER (WHERE t.status = 'carried_forward') AS carried_forward,
                       COUNT(t.id) FILTER (WHERE t.status IN ('todo', 'in_progress', 'blocked')) AS open
                FROM workstreams w
                LEFT JOIN tasks t ON t.repository = w.repository AND t.workstream_id = w.id AND t.removed_at IS NULL
                WHERE w.removed_at IS NULL
                GROUP BY w.repository, w.id;
            CREATE VIEW domain_summary AS
                SELECT w.repository, w.domain AS domain, COUNT(DISTINCT w.id) AS workstreams,
                       COUNT(t.id) FILTER (WHERE t.status IN ('todo', 'in_progress', 'blocked')) AS open_tasks,
                       COUNT(t.id) FILTER (WHERE t.status = 'done') AS done_tasks
                FROM workstreams w
                LEFT JOIN tasks t ON t.repository = w.repository AND t.workstream_id = w.id AND t.removed_at IS NULL
                WHERE w.removed_at IS NULL
                GROUP BY w.repository, w.domain;
            """
    }
#endif
