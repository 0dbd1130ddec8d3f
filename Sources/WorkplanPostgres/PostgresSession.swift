#if PostgreSQL
    import Foundation
    import PostgresNIO
    import WorkplanKit

    /// One transaction on the PostgreSQL hub, scoped to one repository: every query the hub
    /// backend runs, each value bound through `PostgresQuery`'s interpolation. New rows go in with
    /// `COPY … FROM STDIN` (`PostgresRows.swift`); other changes go in and rows come out as JSON
    /// (`jsonb_to_recordset`, `json_agg`), one statement per kind of change, whatever the number
    /// of rows.
    struct PostgresSession: StoreTransaction {
        let store: PostgresStateStore
        var repository: String { store.repository.name }

        // MARK: - Statements

        /// Runs `query`; its rows.
        @discardableResult
        func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
            try await store.connection.query(query, logger: PostgresStateStore.logger).collect()
        }

        func execute(_ statement: PostgresQuery) async throws {
            try await query(statement)
        }

        /// Takes this repository's lock for the transaction and records the repository (renamed
        /// first from `renamedFrom` when that names a repository the hub has).
        func lockRepository() async throws {
            let identity = store.repository
            for name in [identity.name, identity.renamedFrom].compactMap({ $0 }) {
                try await execute("SELECT pg_advisory_xact_lock(hashtextextended('workplan:' || \(name), 0))")
            }
            if let old = identity.renamedFrom, old != identity.name {
                // Moving rows to a new name is no edit of them.
                try await execute("SET LOCAL workplan.sync = 'on'")
                try await execute(
                    """
                    UPDATE repositories SET name = \(identity.name) WHERE name = \(old)
                      AND NOT EXISTS (SELECT 1 FROM repositories WHERE name = \(identity.name))
                    """)
                try await execute("SET LOCAL workplan.sync = 'off'")
            }
            try await execute(
                """
                INSERT INTO repositories (name, remote, identity_source)
                VALUES (\(identity.name), \(identity.remote), \(identity.source.rawValue))
                ON CONFLICT (name) DO UPDATE SET remote = COALESCE(EXCLUDED.remote, repositories.remote),
                    identity_source = EXCLUDED.identity_source
                """)
        }

        func schemaVersions() async throws -> [String]? {
            guard try await query("SELECT to_regclass('workplan_schema') IS NOT NULL").first?.decode(Bool.self) == true
            else { return nil }
            return try await query("SELECT version FROM workplan_schema ORDER BY version COLLATE \"C\"").map {
                try $0.decode(String.self)
            }
        }

        // MARK: - Reads

        func syncState() async throws -> StoredState {
            var state = StoredState()
            // Each column as one array in the binary protocol: a no-op sync reads every file's row,
            // and one row of arrays decodes several times faster than a row per file. These arrays
            // cannot hold NULL: -1 stands for it, and a -1 on disk read back as unknown only makes
            // sync read that file again.
            if let row = try await query(
                """
                SELECT array_agg(path), array_agg(size), array_agg(mtime_ns), array_agg(content_hash),
                       array_agg(COALESCE(ctime_ns, -1)), array_agg(COALESCE(inode, -1)),
                       array_agg(COALESCE(checked_ns, -1))
                FROM files WHERE repository = \(repository)
                """
            ).first {
                let columns = try row.decode(
                    ([String]?, [Int64]?, [Int64]?, [String]?, [Int64]?, [Int64]?, [Int64]?).self)
                if let paths = columns.0, let sizes = columns.1, let mtimes = columns.2, let hashes = columns.3,
                    let ctimes = columns.4, let inodes = columns.5, let checked = columns.6
                {
                    func known(_ value: Int64) -> Int64? { value == -1 ? nil : value }
                    for index in paths.indices {
                        state.files[paths[index]] = FileRecord(
                            path: paths[index], size: sizes[index], mtimeNs: mtimes[index], contentHash: hashes[index],
                            ctimeNs: known(ctimes[index]), inode: known(inodes[index]), checkedNs: known(checked[index])
                        )
                    }
                }
            }
            for row in try await query(
                """
                SELECT path, id FROM workstreams
                WHERE repository = \(repository) AND source = 'file' AND removed_at IS NULL AND path IS NOT NULL
                ORDER BY id COLLATE "C"
                """)
            {
                let (path, id) = try row.decode((String, String).self)
                state.liveWorkstreams[path, default: []].append(id)
            }
            state.edited = Set(
                try await query("SELECT workstream_id FROM edited_workstreams WHERE repository = \(repository)").map {
                    try $0.decode(String.self)
                })
            state.liveTaskCount = Int(
                try await query(
                    """
                    SELECT COUNT(*) FROM tasks WHERE repository = \(repository) AND source = 'file' AND removed_at IS NULL
                    """
                ).first?.decode(Int64.self) ?? 0)
            state.holdsRows =
                try await query(
                    """
                    SELECT EXISTS (SELECT 1 FROM workstreams WHERE repository = \(repository))
                        OR EXISTS (SELECT 1 FROM tasks WHERE repository = \(repository))
                    """
                ).first?.decode(Bool.self) ?? true
            state.domainRegistry = try await domainRegistries(of: repository)[repository] ?? []
            return state
        }

        /// The domain registries the last syncs recorded, by repository (every one when nil).
        func domainRegistries(of only: String?) async throws -> [String: [DomainRegistry.Domain]] {
            var registries: [String: [DomainRegistry.Domain]] = [:]
            for row in try await query(
                """
                SELECT repository, slug, name, description, status FROM domain_registry
                WHERE \(only)::text IS NULL OR repository = \(only)::text
                ORDER BY repository COLLATE "C", position
                """)
            {
                let (repository, slug, name, description, status) = try row.decode(
                    (String, String, String, String?, String).self)
                registries[repository, default: []].append(
                    DomainRegistry.Domain(
                        slug: slug, name: name, description: description,
                        status: DomainRegistry.Domain.Status(rawValue: status) ?? .active))
            }
            return registries
        }

        func snapshot(_ scope: SnapshotScope) async throws -> StoreSnapshot {
            guard case .touching(let workplans, let paths, let gone) = scope else {
                return StoreSnapshot(
                    workstreams: try await records(
                        WorkstreamRecord.self,
                        """
                        SELECT COALESCE(json_agg(r), '[]')::text FROM (
                            SELECT \(unescaped: PostgresColumns.workstreams) FROM workstreams
                            WHERE repository = \(repository)) r
                        """),
                    tasks: try await records(
                        TaskRecord.self,
                        """
                        SELECT COALESCE(json_agg(r), '[]')::text FROM (
                            SELECT \(unescaped: PostgresColumns.tasks) FROM tasks WHERE repository = \(repository)) r
                        """))
            }
            let tasks = workplans.flatMap(\.tasks)
            let ids = workplans.compactMap(\.id) + gone
            let uuids = workplans.compactMap(\.uuid)
            let workstreams = try await records(
                WorkstreamRecord.self,
                """
                SELECT COALESCE(json_agg(r), '[]')::text FROM (
                    SELECT \(unescaped: PostgresColumns.workstreams) FROM workstreams
                    WHERE repository = \(repository) AND (path = ANY(\(paths)) OR id = ANY(\(ids)) OR uuid = ANY(\(uuids)))) r
                """)
            let workstreamIDs = workstreams.map(\.id)
            let taskIDs = tasks.compactMap(\.id)
            let taskUUIDs = tasks.compactMap(\.uuid)
            let loadedTasks = try await records(
                TaskRecord.self,
                """
                SELECT COALESCE(json_agg(r), '[]')::text FROM (
                    SELECT \(unescaped: PostgresColumns.tasks) FROM tasks
                    WHERE repository = \(repository)
                      AND (workstream_id = ANY(\(workstreamIDs)) OR id = ANY(\(taskIDs)) OR uuid = ANY(\(taskUUIDs)))) r
                """)
            var snapshot = StoreSnapshot(workstreams: workstreams, tasks: loadedTasks)
            if !uuids.isEmpty || !taskUUIDs.isEmpty {
                snapshot.foreign = try await foreignRows(workstreamUUIDs: uuids, taskUUIDs: taskUUIDs)
            }
            return snapshot
        }

        /// The rows of other repositories holding these store ids, with every task of those workstreams.
        private func foreignRows(workstreamUUIDs: [String], taskUUIDs: [String]) async throws -> ForeignRows {
            let workstreams = try await owned(
                WorkstreamRecord.self,
                """
                SELECT COALESCE(json_agg(r), '[]')::text FROM (
                    SELECT repository AS owner, \(unescaped: PostgresColumns.workstreams) FROM workstreams
                    WHERE repository <> \(repository) AND uuid = ANY(\(workstreamUUIDs))) r
                """)
            let owners = workstreams.map(\.repository)
            let ids = workstreams.map(\.record.id)
            let tasks = try await owned(
                TaskRecord.self,
                """
                SELECT COALESCE(json_agg(r), '[]')::text FROM (
                    SELECT t.repository AS owner, \(unescaped: PostgresColumns.tasks("t")) FROM tasks t
                    WHERE t.repository <> \(repository) AND (t.uuid = ANY(\(taskUUIDs))
                       OR (t.repository, t.workstream_id) IN (SELECT * FROM unnest(\(owners)::text[], \(ids)::text[])))) r
                """)
            return ForeignRows(workstreams: workstreams, tasks: tasks)
        }

        func progress(domain: String?) async throws -> StoreProgress {
            var progress = StoreProgress()
            progress.workstreams = try await query(
                """
                SELECT id, title, domain, status, tasks, done, cancelled, carried_forward, open
                FROM workstream_progress WHERE repository = \(repository) AND (\(domain)::text IS NULL OR domain = \(domain))
                ORDER BY domain COLLATE "C" NULLS FIRST, id COLLATE "C"
                """
            ).map { row in
                let (id, title, domain, status, tasks, done, cancelled, carried, open) = try row.decode(
                    (String, String, String?, String, Int64, Int64, Int64, Int64, Int64).self)
                return StatusReport.Workstream(
                    id: id, title: title, domain: domain, status: status, tasks: Int(tasks), done: Int(done),
                    cancelled: Int(cancelled), carriedForward: Int(carried), open: Int(open))
            }
            progress.openTasks = try await query(
                """
                SELECT id, title, status, priority, workstream_id FROM open_tasks
                WHERE repository = \(repository) AND (\(domain)::text IS NULL OR domain = \(domain))
                ORDER BY priority_rank, id COLLATE "C"
                """
            ).map { row in
                let (id, title, status, priority, workstream) = try row.decode(
                    (String, String, String, String?, String?).self)
                return StatusReport.OpenTask(
                    id: id, title: title, status: status, priority: priority, workstream: workstream)
            }
            for row in try await query("SELECT path, content_hash FROM files WHERE repository = \(repository)") {
                let (path, hash) = try row.decode((String, String).self)
                progress.fileHashes[path] = hash
            }
            return progress
        }

        func staleTaskIDs() async throws -> [String] {
            let open = TaskStatus.open.map(\.rawValue)
            return try await query(
                """
                SELECT t.id FROM tasks t JOIN workstreams w ON w.repository = t.repository AND w.id = t.workstream_id
                WHERE t.repository = \(repository) AND t.source <> 'file' AND t.status = ANY(\(open))
                  AND w.status IN ('completed', 'archived')
                ORDER BY t.id COLLATE "C"
                """
            ).map { try $0.decode(String.self) }
        }

        func events(subject: String?) async throws -> [EventRecord] {
            try await query(
                """
                SELECT id, at, kind, subject, detail, run_id FROM events
                WHERE repository = \(repository) AND (\(subject)::text IS NULL OR subject = \(subject)) ORDER BY id
                """
            ).map { row in
                let (id, at, kind, subject, detail, run) = try row.decode(
                    (Int64, String, String, String, String, Int64?).self)
                return EventRecord(
                    id: id, at: at, kind: EventKind(rawValue: kind), subject: subject, detail: detail, run: run)
            }
        }

        func hubRepository() async throws -> HubRepository? {
            guard
                let row = try await query(
                    "SELECT identity_source, remote, branch, last_commit FROM repositories WHERE name = \(repository)"
                ).first
            else { return nil }
            let (source, remote, branch, commit) = try row.decode((String?, String?, String?, String?).self)
            let last = try await runs(
                """
                SELECT \(unescaped: Self.runColumns) FROM runs WHERE repository = \(repository) ORDER BY id DESC LIMIT 1
                """)
            return HubRepository(
                name: repository, identitySource: source.flatMap(RepositoryIdentity.Source.init(rawValue:)),
                remote: remote,
                branch: branch, lastCommit: commit, lastRun: last.first)
        }

        func runs(ids: [Int64]) async throws -> [RunRecord] {
            try await runs(
                """
                SELECT \(unescaped: Self.runColumns) FROM runs
                WHERE repository = \(repository) AND id = ANY(\(ids)) ORDER BY id
                """)
        }

        static let runColumns = "id, at, command, actor, host, tool, branch, commit_id, dirty, forced"

        /// The runs a query of `runColumns` returns.
        func runs(_ query: PostgresQuery) async throws -> [RunRecord] {
            try await self.query(query).map { row in
                let (id, at, command, actor, host, tool, branch, commit, dirty, forced) = try row.decode(
                    (Int64, String, String, String, String, String, String?, String?, Bool?, Bool).self)
                return RunRecord(
                    id: id, at: at, command: RunRecord.Command(rawValue: command) ?? .sync, actor: actor, host: host,
                    tool: tool, branch: branch, commit: commit, dirty: dirty, forced: forced)
            }
        }

        func ids(withPrefix prefix: String) async throws -> [String] {
            try await query(
                """
                SELECT id FROM (
                    SELECT id FROM workstreams WHERE repository = \(repository) AND starts_with(id, \(prefix))
                    UNION SELECT id FROM tasks WHERE repository = \(repository) AND starts_with(id, \(prefix))) ids
                ORDER BY id COLLATE "C"
                """
            ).map { try $0.decode(String.self) }
        }

        func dependencies() async throws -> [DependencyRecord] {
            try await query(
                """
                SELECT from_id, to_id, kind FROM dependencies WHERE repository = \(repository)
                ORDER BY from_id COLLATE "C", to_id COLLATE "C", kind COLLATE "C"
                """
            ).compactMap { row in
                let (from, to, kind) = try row.decode((String, String, String).self)
                // A kind this version does not know (a newer writer's) is left out.
                return DependencyKind(rawValue: kind).map { DependencyRecord(from: from, to: to, kind: $0) }
            }
        }

        /// Every repository of the hub (not only this one), with its counts per domain.
        func hubSummary() async throws -> [RepositorySummary] {
            var summaries = try await query(
                """
                SELECT name, remote, last_sync_at, last_commit, identity_source, branch FROM repositories
                ORDER BY name COLLATE "C"
                """
            ).map { row in
                let (name, remote, at, commit, source, branch) = try row.decode(
                    (String, String?, String?, String?, String?, String?).self)
                var summary = RepositorySummary(repository: name, remote: remote, lastSyncAt: at, lastCommit: commit)
                summary.identitySource = source.flatMap(RepositoryIdentity.Source.init(rawValue:))
                summary.branch = branch
                return summary
            }
            var index: [String: Int] = [:]
            for (position, summary) in summaries.enumerated() { index[summary.repository] = position }
            let lastRuns = try await query(
                """
                SELECT DISTINCT ON (repository) repository, id FROM runs ORDER BY repository, id DESC
                """
            ).map { try $0.decode((String, Int64).self) }
            let runs = try await self.runs(
                "SELECT \(unescaped: Self.runColumns) FROM runs WHERE id = ANY(\(lastRuns.map(\.1)))")
            let runsByID = Dictionary(
                runs.compactMap { run in run.id.map { ($0, run) } }, uniquingKeysWith: { a, _ in a })
            for (repository, id) in lastRuns {
                if let position = index[repository] { summaries[position].lastRun = runsByID[id] }
            }
            for row in try await query(
                """
                SELECT repository, domain, workstreams, open_tasks, done_tasks, active_workstreams FROM domain_summary
                ORDER BY repository COLLATE "C", domain COLLATE "C" NULLS FIRST
                """)
            {
                let (repository, domain, workstreams, open, done, active) = try row.decode(
                    (String, String?, Int64, Int64, Int64, Int64).self)
                guard let position = index[repository] else { continue }
                summaries[position].domains.append(
                    RepositorySummary.Domain(
                        domain: domain, workstreams: Int(workstreams), openTasks: Int(open), doneTasks: Int(done),
                        activeWorkstreams: Int(active)))
            }
            for (repository, registry) in try await domainRegistries(of: nil) {
                if let position = index[repository] { summaries[position].registry = registry }
            }
            return summaries
        }

        func lastSyncRun() async throws -> SyncRunRecord? {
            try await query(
                """
                SELECT at, workplans, changes, lint_errors, skipped_files FROM sync_runs WHERE repository = \(repository)
                """
            ).first.map { row in
                let (at, workplans, changes, errors, skipped) = try row.decode(
                    (String, Int64, Int64, Int64, Int64).self)
                return SyncRunRecord(
                    at: at, workplans: Int(workplans), changes: Int(changes), lintErrors: Int(errors),
                    skippedFiles: Int(skipped))
            }
        }
    }
#endif
