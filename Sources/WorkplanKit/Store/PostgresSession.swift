#if PostgreSQL
    import Foundation
    import PostgresNIO

    /// One transaction on the PostgreSQL hub, scoped to one repository: every query the hub
    /// backend runs. Rows go in and out as JSON (`jsonb_to_recordset`, `json_agg`), one
    /// statement per kind of change, whatever the number of rows.
    struct PostgresSession: StoreTransaction {
        let store: PostgresStateStore
        var repository: String { store.repository.name }

        // MARK: - Statements

        /// Runs `sql` with `values` as `$1…`; its rows.
        @discardableResult
        func query(_ sql: String, _ values: [(any PostgresDynamicTypeEncodable)?] = []) throws -> [PostgresRow] {
            var bindings = PostgresBindings()
            for value in values {
                if let value { bindings.append(value) } else { bindings.appendNull() }
            }
            let result = try store.connection.query(
                PostgresQuery(unsafeSQL: sql, binds: bindings), logger: PostgresStateStore.logger
            ).wait()
            return Array(result.rows)
        }

        func execute(_ sql: String, _ values: [(any PostgresDynamicTypeEncodable)?] = []) throws {
            try query(sql, values)
        }

        /// The rows of `select` (a query whose columns are a record's keys), decoded as `Record`s.
        func records<Record: Decodable>(
            _ type: Record.Type, _ select: String, _ values: [(any PostgresDynamicTypeEncodable)?] = []
        ) throws -> [Record] {
            let rows = try query("SELECT COALESCE(json_agg(r), '[]')::text FROM (\(select)) r", values)
            let json = try rows.first?.decode(String.self) ?? "[]"
            return try JSONDecoder().decode([Record].self, from: Data(json.utf8))
        }

        static func json(_ value: some Encodable) throws -> String {
            String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        }

        /// Takes this repository's lock for the transaction and records the repository (renamed
        /// first from `renamedFrom` when that names a repository the hub has).
        func lockRepository() throws {
            let identity = store.repository
            for name in [identity.name, identity.renamedFrom].compactMap({ $0 }) {
                try execute("SELECT pg_advisory_xact_lock(hashtextextended('workplan:' || $1, 0))", [name])
            }
            if let old = identity.renamedFrom, old != identity.name {
                // Moving rows to a new name is no edit of them.
                try execute("SET LOCAL workplan.sync = 'on'")
                defer { try? execute("SET LOCAL workplan.sync = 'off'") }
                try execute(
                    """
                    UPDATE repositories SET name = $2 WHERE name = $1
                      AND NOT EXISTS (SELECT 1 FROM repositories WHERE name = $2)
                    """, [old, identity.name])
            }
            try execute(
                """
                INSERT INTO repositories (name, remote) VALUES ($1, $2)
                ON CONFLICT (name) DO UPDATE SET remote = COALESCE(EXCLUDED.remote, repositories.remote)
                """, [identity.name, identity.remote])
        }

        func schemaVersions() throws -> [String]? {
            guard try query("SELECT to_regclass('workplan_schema') IS NOT NULL").first?.decode(Bool.self) == true
            else { return nil }
            return try query("SELECT version FROM workplan_schema ORDER BY version COLLATE \"C\"").map {
                try $0.decode(String.self)
            }
        }

        // MARK: - Reads

        func syncState() throws -> StoredState {
            var state = StoredState()
            for file in try records(
                FileRecord.self, "SELECT \(Self.fileColumns) FROM files WHERE repository = $1", [repository])
            {
                state.files[file.path] = file
            }
            for row in try query(
                """
                SELECT path, id FROM workstreams
                WHERE repository = $1 AND source = 'file' AND removed_at IS NULL AND path IS NOT NULL
                ORDER BY id COLLATE "C"
                """, [repository])
            {
                let (path, id) = try row.decode((String, String).self)
                state.liveWorkstreams[path, default: []].append(id)
            }
            state.edited = Set(
                try query("SELECT workstream_id FROM edited_workstreams WHERE repository = $1", [repository]).map {
                    try $0.decode(String.self)
                })
            state.liveTaskCount = Int(
                try query(
                    "SELECT COUNT(*) FROM tasks WHERE repository = $1 AND source = 'file' AND removed_at IS NULL",
                    [repository]
                ).first?.decode(Int64.self) ?? 0)
            state.holdsRows =
                try query(
                    """
                    SELECT EXISTS (SELECT 1 FROM workstreams WHERE repository = $1)
                        OR EXISTS (SELECT 1 FROM tasks WHERE repository = $1)
                    """, [repository]
                ).first?.decode(Bool.self) ?? true
            return state
        }

        func snapshot(_ scope: SnapshotScope) throws -> StoreSnapshot {
            guard case .touching(let workplans, let paths, let gone) = scope else {
                return StoreSnapshot(
                    workstreams: try records(
                        WorkstreamRecord.self,
                        "SELECT \(Self.workstreamColumns) FROM workstreams WHERE repository = $1",
                        [repository]),
                    tasks: try records(
                        TaskRecord.self, "SELECT \(Self.taskColumns) FROM tasks WHERE repository = $1", [repository]))
            }
            let tasks = workplans.flatMap(\.tasks)
            let workstreams = try records(
                WorkstreamRecord.self,
                """
                SELECT \(Self.workstreamColumns) FROM workstreams
                WHERE repository = $1 AND (path = ANY($2) OR id = ANY($3) OR uuid = ANY($4))
                """,
                [repository, paths, workplans.compactMap(\.id) + gone, workplans.compactMap(\.uuid)])
            let loadedTasks = try records(
                TaskRecord.self,
                """
                SELECT \(Self.taskColumns) FROM tasks
                WHERE repository = $1 AND (workstream_id = ANY($2) OR id = ANY($3) OR uuid = ANY($4))
                """, [repository, workstreams.map(\.id), tasks.compactMap(\.id), tasks.compactMap(\.uuid)])
            return StoreSnapshot(workstreams: workstreams, tasks: loadedTasks)
        }

        func progress(domain: String?) throws -> StoreProgress {
            var progress = StoreProgress()
            let filter = domain == nil ? "" : " AND domain = $2"
            let values: [(any PostgresDynamicTypeEncodable)?] = domain.map { [repository, $0] } ?? [repository]
            progress.workstreams = try query(
                """
                SELECT id, title, domain, status, tasks, done, cancelled, carried_forward, open
                FROM workstream_progress WHERE repository = $1\(filter)
                ORDER BY domain COLLATE "C" NULLS FIRST, id COLLATE "C"
                """, values
            ).map { row in
                let (id, title, domain, status, tasks, done, cancelled, carried, open) = try row.decode(
                    (String, String, String?, String, Int64, Int64, Int64, Int64, Int64).self)
                return StatusReport.Workstream(
                    id: id, title: title, domain: domain, status: status, tasks: Int(tasks), done: Int(done),
                    cancelled: Int(cancelled), carriedForward: Int(carried), open: Int(open))
            }
            progress.openTasks = try query(
                """
                SELECT id, title, status, priority, workstream_id FROM open_tasks WHERE repository = $1\(filter)
                ORDER BY priority_rank, id COLLATE "C"
                """, values
            ).map { row in
                let (id, title, status, priority, workstream) = try row.decode(
                    (String, String, String, String?, String?).self)
                return StatusReport.OpenTask(
                    id: id, title: title, status: status, priority: priority, workstream: workstream)
            }
            for row in try query("SELECT path, content_hash FROM files WHERE repository = $1", [repository]) {
                let (path, hash) = try row.decode((String, String).self)
                progress.fileHashes[path] = hash
            }
            return progress
        }

        func staleTaskIDs() throws -> [String] {
            try query(
                """
                SELECT t.id FROM tasks t JOIN workstreams w ON w.repository = t.repository AND w.id = t.workstream_id
                WHERE t.repository = $1 AND t.source <> 'file' AND t.status IN ('todo', 'in_progress', 'blocked')
                  AND w.status IN ('completed', 'archived')
                ORDER BY t.id COLLATE "C"
                """, [repository]
            ).map { try $0.decode(String.self) }
        }

        func events(subject: String?) throws -> [EventRecord] {
            let filter = subject == nil ? "" : " AND subject = $2"
            return try query(
                "SELECT id, at, kind, subject, detail FROM events WHERE repository = $1\(filter) ORDER BY id",
                subject.map { [repository, $0] } ?? [repository]
            ).map { row in
                let (id, at, kind, subject, detail) = try row.decode((Int64, String, String, String, String).self)
                return EventRecord(id: id, at: at, kind: kind, subject: subject, detail: detail)
            }
        }

        func ids(withPrefix prefix: String) throws -> [String] {
            try query(
                """
                SELECT id FROM (
                    SELECT id FROM workstreams WHERE repository = $1 AND starts_with(id, $2)
                    UNION SELECT id FROM tasks WHERE repository = $1 AND starts_with(id, $2)) ids
                ORDER BY id COLLATE "C"
                """, [repository, prefix]
            ).map { try $0.decode(String.self) }
        }

        func dependencies() throws -> [DependencyRecord] {
            try query(
                """
                SELECT from_id, to_id, kind FROM dependencies WHERE repository = $1
                ORDER BY from_id COLLATE "C", to_id COLLATE "C", kind COLLATE "C"
                """, [repository]
            ).map { row in
                let (from, to, kind) = try row.decode((String, String, String).self)
                return DependencyRecord(from: from, to: to, kind: kind)
            }
        }

        /// Every repository of the hub (not only this one), with its counts per domain.
        func hubSummary() throws -> [RepositorySummary] {
            var summaries = try query(
                "SELECT name, remote, last_sync_at, last_commit FROM repositories ORDER BY name COLLATE \"C\""
            ).map { row in
                let (name, remote, at, commit) = try row.decode((String, String?, String?, String?).self)
                return RepositorySummary(repository: name, remote: remote, lastSyncAt: at, lastCommit: commit)
            }
            var index: [String: Int] = [:]
            for (position, summary) in summaries.enumerated() { index[summary.repository] = position }
            for row in try query(
                """
                SELECT repository, domain, workstreams, open_tasks, done_tasks FROM domain_summary
                ORDER BY repository COLLATE "C", domain COLLATE "C" NULLS FIRST
                """)
            {
                let (repository, domain, workstreams, open, done) = try row.decode(
                    (String, String?, Int64, Int64, Int64).self)
                guard let position = index[repository] else { continue }
                summaries[position].domains.append(
                    RepositorySummary.Domain(
                        domain: domain, workstreams: Int(workstreams), openTasks: Int(open), doneTasks: Int(done)))
            }
            return summaries
        }

        func lastSyncRun() throws -> SyncRunRecord? {
            try query(
                "SELECT at, workplans, changes, lint_errors, skipped_files FROM sync_runs WHERE repository = $1",
                [repository]
            ).first.map { row in
                let (at, workplans, changes, errors, skipped) = try row.decode(
                    (String, Int64, Int64, Int64, Int64).self)
                return SyncRunRecord(
                    at: at, workplans: Int(workplans), changes: Int(changes), lintErrors: Int(errors),
                    skippedFiles: Int(skipped))
            }
        }

    }

    /// A row with an `id` column.
    protocol IdentifiedRecord { var id: String { get } }
    extension WorkstreamRecord: IdentifiedRecord {}
    extension TaskRecord: IdentifiedRecord {}
#endif
