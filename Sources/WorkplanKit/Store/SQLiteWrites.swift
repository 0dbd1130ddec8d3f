import GRDB

extension SQLiteSession {
    func apply(_ plan: SyncPlan) throws {
        // Sync's own writes need no marks in `edited_workstreams`.
        try SQLiteSchema.withoutEditMarks(db) { try writeRows(plan) }
        try writeDependencies(plan.dependencies)
        try recountDomains(plan.domains)
        if let registry = plan.registry { try writeRegistry(registry) }
        try writeFileRows(plan.fileRows)
        try clearEditMarks(plan.editMarks)
    }

    func cancelTasks(_ ids: [String], at now: String) throws {
        for id in ids {
            try db.execute(
                sql: "UPDATE tasks SET status = 'cancelled', updated_at = ? WHERE id = ?", arguments: [now, id])
        }
    }

    func recordEvent(_ event: EventRecord) throws {
        try event.insertRow(db)
    }

    func recordSyncRun(_ run: SyncRunRecord) throws {
        try db.execute(sql: "DELETE FROM sync_runs")
        try db.execute(
            sql: "INSERT INTO sync_runs (at, workplans, changes, lint_errors, skipped_files) VALUES (?, ?, ?, ?, ?)",
            arguments: [run.at, run.workplans, run.changes, run.lintErrors, run.skippedFiles])
    }

    func beginRun(_ run: RunRecord) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO runs (at, command, actor, host, tool, branch, commit_id, dirty, forced)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                run.at, run.command.rawValue, run.actor, run.host, run.tool, run.branch, run.commit, run.dirty,
                run.forced,
            ])
        return db.lastInsertedRowID
    }

    // MARK: - Sync plans

    private func writeRows(_ plan: SyncPlan) throws {
        try writeChanges(plan.workstreams)
        try writeChanges(plan.tasks)
        // By index, each statement looked up once: a row copied out of the plan retained each of
        // its texts.
        let insertEvent = try EventRecord.insertStatement(db)
        for index in plan.events.indices {
            try plan.events[index].insertRow(db, with: insertEvent)
        }
    }

    private func writeChanges<Record: SQLiteRecord & Fingerprinted>(_ changes: [RowChange<Record>]) throws {
        let insert = try Record.insertStatement(db)
        for index in changes.indices {
            if let old = changes[index].old {
                if old.id != changes[index].new.id {
                    try db.execute(
                        sql: "UPDATE \(Record.table) SET id = ? WHERE id = ?",
                        arguments: [changes[index].new.id, old.id])
                }
                try changes[index].new.update(db)
            } else {
                try changes[index].new.insertRow(db, with: insert)
            }
        }
    }

    private func writeDependencies(_ refresh: DependencyRefresh) throws {
        // One statement for the whole run: the ids go in as JSON arrays.
        try db.execute(
            sql: """
                DELETE FROM dependencies
                WHERE from_id IN (SELECT value FROM json_each(?1)) OR from_id IN (SELECT value FROM json_each(?2))
                   OR (kind = 'blocks' AND to_id IN (SELECT value FROM json_each(?1)))
                """, arguments: [JSONText.array(refresh.workplanIDs), JSONText.array(refresh.taskIDs)])
        let insert = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO dependencies (from_id, to_id, kind, uuid) VALUES (?, ?, ?, ?)")
        for row in refresh.rows {
            try insert.execute(arguments: [row.from, row.to, row.kind.rawValue, row.uuid])
        }
    }

    private func recountDomains(_ recount: DomainRecount) throws {
        let domains: Set<String>?
        switch recount {
        case .all: domains = nil
        case .only(let some) where some.isEmpty: return
        case .only(let some): domains = some
        }
        let filter = domains == nil ? "" : " AND w.domain IN (SELECT value FROM json_each(?1))"
        let arguments: StatementArguments = domains.map { [JSONText.array($0.sorted())] } ?? []
        try db.execute(
            sql: "DELETE FROM domains" + (domains == nil ? "" : " WHERE slug IN (SELECT value FROM json_each(?1))"),
            arguments: arguments)
        // Each workstream's tasks are counted through the index on their workstream: a join of
        // every task, grouped with distinct counts, sorted them all in a temporary file.
        try db.execute(
            sql: """
                INSERT INTO domains (slug, workstream_count, open_workstream_count, task_count, open_task_count)
                SELECT w.domain, COUNT(*), SUM(w.status NOT IN ('completed', 'archived')),
                       SUM((SELECT COUNT(*) FROM tasks t WHERE t.workstream_id = w.id AND t.removed_at IS NULL)),
                       SUM((SELECT COUNT(*) FROM tasks t WHERE t.workstream_id = w.id AND t.removed_at IS NULL
                            AND t.status IN (\(TaskStatus.openSQL))))
                FROM workstreams w
                WHERE w.removed_at IS NULL AND w.domain IS NOT NULL\(filter)
                GROUP BY w.domain
                """, arguments: arguments)
    }

    private func writeRegistry(_ registry: [DomainRegistry.Domain]) throws {
        try db.execute(sql: "DELETE FROM domain_registry")
        let insert = try db.cachedStatement(
            sql: "INSERT INTO domain_registry (slug, position, name, description, status) VALUES (?, ?, ?, ?, ?)")
        for (position, domain) in registry.enumerated() {
            try insert.execute(arguments: [
                domain.slug, position, domain.name, domain.description, domain.status.rawValue,
            ])
        }
    }

    private func writeFileRows(_ changes: [FileRowChange]) throws {
        for change in changes {
            switch change {
            case .record(let record): try record.insertRow(db)
            case .delete(let path): try FileRecord.deleteOne(db, key: path)
            case .recordAfterWrite(let path, _, _):
                // A plan whose writes were not settled: the file's key is unknown, so it is read again.
                try FileRecord.deleteOne(db, key: path)
            }
        }
    }

    private func clearEditMarks(_ clearing: EditMarkClearing) throws {
        switch clearing {
        case .allExcept(let kept):
            try db.execute(
                sql: "DELETE FROM edited_workstreams WHERE workstream_id NOT IN (SELECT value FROM json_each(?))",
                arguments: [JSONText.array(kept)])
        case .only(let cleared):
            try db.execute(
                sql: "DELETE FROM edited_workstreams WHERE workstream_id IN (SELECT value FROM json_each(?))",
                arguments: [JSONText.array(cleared)])
        }
    }
}
