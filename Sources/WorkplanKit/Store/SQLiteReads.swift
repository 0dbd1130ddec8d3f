import GRDB

/// One connection's view of the SQLite store, inside a transaction: every query the store runs.
struct SQLiteSession {
    let db: Database

    // MARK: - Reads

    func syncState() throws -> StoredState {
        var state = StoredState()
        // A read that does not migrate: a store from before `edited_workstreams` has neither it
        // nor the newer `files` columns, and vouches for no file.
        let current = try db.tableExists("edited_workstreams")
        // Read by column: the Codable decoder costs more than the query for ten thousand rows.
        let rows = try Row.fetchCursor(
            db,
            sql: current
                ? "SELECT path, size, mtime_ns, content_hash, ctime_ns, inode, checked_ns FROM files"
                : "SELECT path, size, mtime_ns, content_hash, NULL, NULL, NULL FROM files")
        while let row = try rows.next() {
            let path: String = row[0]
            state.files[path] = FileRecord(
                path: path, size: row[1], mtimeNs: row[2], contentHash: row[3], ctimeNs: row[4],
                inode: row[5], checkedNs: row[6])
        }
        let workstreams = try Row.fetchCursor(
            db,
            sql: """
                SELECT path, id FROM workstreams WHERE source = 'file' AND removed_at IS NULL AND path IS NOT NULL
                """)
        while let row = try workstreams.next() { state.liveWorkstreams[row[0], default: []].append(row[1]) }
        state.edited = current ? Set(try String.fetchAll(db, sql: "SELECT workstream_id FROM edited_workstreams")) : nil
        state.liveTaskCount =
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks WHERE source = 'file' AND removed_at IS NULL") ?? 0
        state.holdsRows =
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM workstreams) OR EXISTS (SELECT 1 FROM tasks)") ?? true
        state.domainRegistry = try domainRegistry()
        return state
    }

    /// The domain registry the last sync recorded, in its order (none in a store from before it).
    func domainRegistry() throws -> [DomainRegistry.Domain] {
        guard try db.tableExists("domain_registry") else { return [] }
        return try Row.fetchAll(
            db, sql: "SELECT slug, name, description, status FROM domain_registry ORDER BY position"
        )
        .map { row in
            DomainRegistry.Domain(
                slug: row[0], name: row[1], description: row[2],
                status: DomainRegistry.Domain.Status(rawValue: row[3]) ?? .active)
        }
    }

    func snapshot(_ scope: SnapshotScope) throws -> StoreSnapshot {
        guard case .touching(let workplans, let paths, let gone) = scope else {
            return StoreSnapshot(workstreams: try WorkstreamRecord.fetchAll(db), tasks: try TaskRecord.fetchAll(db))
        }
        let tasks = workplans.flatMap(\.tasks)
        let loadedWorkstreams = try WorkstreamRecord.fetchAll(
            db,
            sql: """
                SELECT * FROM workstreams WHERE path IN (SELECT value FROM json_each(?1))
                UNION SELECT * FROM workstreams WHERE id IN (SELECT value FROM json_each(?2))
                UNION SELECT * FROM workstreams WHERE uuid IN (SELECT value FROM json_each(?3))
                """,
            arguments: [
                JSONText.array(paths), JSONText.array(workplans.compactMap(\.id) + gone),
                JSONText.array(workplans.compactMap(\.uuid)),
            ])
        let loadedTasks = try TaskRecord.fetchAll(
            db,
            sql: """
                SELECT * FROM tasks WHERE workstream_id IN (SELECT value FROM json_each(?1))
                UNION SELECT * FROM tasks WHERE id IN (SELECT value FROM json_each(?2))
                UNION SELECT * FROM tasks WHERE uuid IN (SELECT value FROM json_each(?3))
                """,
            arguments: [
                JSONText.array(loadedWorkstreams.map(\.id)), JSONText.array(tasks.compactMap(\.id)),
                JSONText.array(tasks.compactMap(\.uuid)),
            ])
        return StoreSnapshot(workstreams: loadedWorkstreams, tasks: loadedTasks)
    }

    func progress(domain: String?) throws -> StoreProgress {
        var progress = StoreProgress()
        let filter = domain == nil ? "" : " WHERE domain = ?"
        let arguments: StatementArguments = domain.map { [$0] } ?? []
        progress.workstreams = try Row.fetchAll(
            db,
            sql: """
                SELECT id, title, domain, status, tasks, COALESCE(done, 0) AS done, COALESCE(cancelled, 0) AS cancelled,
                       COALESCE(carried_forward, 0) AS carried_forward, COALESCE(open, 0) AS open
                FROM workstream_progress\(filter) ORDER BY domain, id
                """, arguments: arguments
        ).map { row in
            StatusReport.Workstream(
                id: row["id"], title: row["title"], domain: row["domain"], status: row["status"],
                tasks: row["tasks"], done: row["done"], cancelled: row["cancelled"],
                carriedForward: row["carried_forward"], open: row["open"])
        }
        progress.openTasks = try Row.fetchAll(
            db, sql: "SELECT id, title, status, priority, workstream_id FROM open_tasks\(filter)",
            arguments: arguments
        ).map { row in
            StatusReport.OpenTask(
                id: row["id"], title: row["title"], status: row["status"], priority: row["priority"],
                workstream: row["workstream_id"])
        }
        for row in try Row.fetchAll(db, sql: "SELECT path, content_hash FROM files") {
            progress.fileHashes[row["path"]] = row["content_hash"]
        }
        return progress
    }

    func dependencies() throws -> [DependencyRecord] {
        try Row.fetchAll(db, sql: "SELECT from_id, to_id, kind FROM dependencies ORDER BY from_id, to_id, kind")
            .compactMap { row in
                // A kind this version does not know (a newer writer's) is left out.
                DependencyKind(rawValue: row[2]).map { DependencyRecord(from: row[0], to: row[1], kind: $0) }
            }
    }

    func lastSyncRun() throws -> SyncRunRecord? {
        // A store from before `sync_runs` read without migrating has no such table.
        guard try db.tableExists("sync_runs") else { return nil }
        return try Row.fetchOne(db, sql: "SELECT at, workplans, changes, lint_errors, skipped_files FROM sync_runs")
            .map { SyncRunRecord(at: $0[0], workplans: $0[1], changes: $0[2], lintErrors: $0[3], skippedFiles: $0[4]) }
    }

    func hubSummary() throws -> [RepositorySummary] {
        // A store from before the registry, read without migrating, counts no active workstreams.
        let active = try db.tableExists("domain_registry") ? "active_workstreams" : "0"
        let domains = try Row.fetchAll(
            db,
            sql: """
                SELECT domain, workstreams, COALESCE(open_tasks, 0), COALESCE(done_tasks, 0), \(active)
                FROM domain_summary ORDER BY domain
                """
        ).map {
            RepositorySummary.Domain(
                domain: $0[0], workstreams: $0[1], openTasks: $0[2], doneTasks: $0[3], activeWorkstreams: $0[4])
        }
        let registry = try domainRegistry()
        guard !domains.isEmpty || !registry.isEmpty else { return [] }
        var summary = RepositorySummary(repository: "", lastSyncAt: try lastSyncRun()?.at, domains: domains)
        summary.registry = registry
        if try db.tableExists("runs"), let last = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM runs") {
            summary.lastRun = try runs(ids: [last]).first
        }
        return [summary]
    }

    func hubRepository() throws -> HubRepository? { nil }

    func runs(ids: [Int64]) throws -> [RunRecord] {
        // A store from before `runs` read without migrating has no such table.
        guard !ids.isEmpty, try db.tableExists("runs") else { return [] }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT id, at, command, actor, host, tool, branch, commit_id, dirty, forced FROM runs
                WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id
                """, arguments: [JSONText.array(ids.map(String.init))]
        ).map { row in
            RunRecord(
                id: row[0], at: row[1], command: RunRecord.Command(rawValue: row[2]) ?? .sync, actor: row[3],
                host: row[4], tool: row[5], branch: row[6], commit: row[7], dirty: row[8], forced: row[9])
        }
    }

    func ids(withPrefix prefix: String) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT id FROM workstreams WHERE substr(id, 1, length(?1)) = ?1
                UNION SELECT id FROM tasks WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id
                """, arguments: [prefix])
    }

    func staleTaskIDs() throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT t.id FROM tasks t JOIN workstreams w ON w.id = t.workstream_id
                WHERE t.source <> 'file' AND t.status IN (\(TaskStatus.openSQL))
                  AND w.status IN ('completed', 'archived')
                ORDER BY t.id
                """)
    }

    func events(subject: String?) throws -> [EventRecord] {
        // Decoded by column, not through Codable: every event is a dashboard's read. A store from
        // before runs, read without migrating, has no `run_id`.
        let columns =
            try db.columns(in: "events").contains { $0.name == "run_id" }
            ? "id, at, kind, subject, detail, run_id" : "id, at, kind, subject, detail, NULL"
        let rows =
            try subject.map {
                try Row.fetchCursor(
                    db, sql: "SELECT \(columns) FROM events WHERE subject = ? ORDER BY id", arguments: [$0])
            } ?? Row.fetchCursor(db, sql: "SELECT \(columns) FROM events ORDER BY id")
        var events: [EventRecord] = []
        while let row = try rows.next() {
            events.append(
                EventRecord(
                    id: row[0], at: row[1], kind: EventKind(rawValue: row[2]), subject: row[3], detail: row[4],
                    run: row[5]))
        }
        return events
    }
}
