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
        for change in plan.workstreams {
            if let old = change.old, old.id != change.new.id {
                try db.execute(sql: "UPDATE workstreams SET id = ? WHERE id = ?", arguments: [change.new.id, old.id])
            }
            if change.old == nil { try change.new.insertRow(db) } else { try change.new.update(db) }
        }
        for change in plan.tasks {
            if let old = change.old, old.id != change.new.id {
                try db.execute(sql: "UPDATE tasks SET id = ? WHERE id = ?", arguments: [change.new.id, old.id])
            }
            if change.old == nil { try change.new.insertRow(db) } else { try change.new.update(db) }
        }
        for event in plan.events {
            try event.insertRow(db)
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
        try db.execute(
            sql: """
                INSERT INTO domains (slug, workstream_count, open_workstream_count, task_count, open_task_count)
                SELECT w.domain, COUNT(DISTINCT w.id),
                       COUNT(DISTINCT CASE WHEN w.status NOT IN ('completed', 'archived') THEN w.id END),
                       COUNT(t.id), COALESCE(SUM(t.status IN (\(TaskStatus.openSQL))), 0)
                FROM workstreams w LEFT JOIN tasks t ON t.workstream_id = w.id AND t.removed_at IS NULL
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
