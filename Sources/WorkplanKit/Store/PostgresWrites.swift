#if PostgreSQL
    import Foundation
    import PostgresNIO

    /// The hub's writes: a sync plan, cleanup's cancellations, events and the record of a run.
    extension PostgresSession {
        // MARK: - Writes

        func apply(_ plan: SyncPlan) throws {
            // Sync's own row writes leave no edit marks (the triggers read this setting).
            try execute("SET LOCAL workplan.sync = 'on'")
            try writeRows(plan)
            try execute("SET LOCAL workplan.sync = 'off'")
            try writeDependencies(plan.dependencies)
            try recountDomains(plan.domains)
            try writeFileRows(plan.fileRows)
            switch plan.editMarks {
            case .allExcept(let kept):
                try execute(
                    "DELETE FROM edited_workstreams WHERE repository = $1 AND NOT (workstream_id = ANY($2))",
                    [repository, kept])
            case .only(let cleared):
                try execute(
                    "DELETE FROM edited_workstreams WHERE repository = $1 AND workstream_id = ANY($2)",
                    [repository, cleared])
            }
        }

        func cancelTasks(_ ids: [String], at now: String) throws {
            try execute(
                "UPDATE tasks SET status = 'cancelled', updated_at = $2 WHERE repository = $1 AND id = ANY($3)",
                [repository, now, ids])
        }

        func recordEvent(_ event: EventRecord) throws {
            try insertEvents([event])
        }

        func recordSyncRun(_ run: SyncRunRecord) throws {
            try execute(
                """
                INSERT INTO sync_runs (repository, at, workplans, changes, lint_errors, skipped_files)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (repository) DO UPDATE SET at = EXCLUDED.at, workplans = EXCLUDED.workplans,
                    changes = EXCLUDED.changes, lint_errors = EXCLUDED.lint_errors, skipped_files = EXCLUDED.skipped_files
                """,
                [
                    repository, run.at, Int64(run.workplans), Int64(run.changes), Int64(run.lintErrors),
                    Int64(run.skippedFiles),
                ])
            try execute(
                "UPDATE repositories SET last_sync_at = $2, last_commit = $3 WHERE name = $1",
                [repository, run.at, store.repository.commit])
        }

        // MARK: - Sync plans

        fileprivate func writeRows(_ plan: SyncPlan) throws {
            try write(
                plan.workstreams.map { ($0.old?.id, $0.new) }, table: "workstreams", columns: Self.workstreamTypes)
            try write(plan.tasks.map { ($0.old?.id, $0.new) }, table: "tasks", columns: Self.taskTypes)
            try insertEvents(plan.events)
        }

        /// Renames, then updates the rows that exist, then inserts the others: one statement each.
        fileprivate func write<Record: Encodable & Sendable>(
            _ changes: [(old: String?, new: Record)], table: String, columns: [(String, String)]
        ) throws where Record: IdentifiedRecord {
            for (old, new) in changes where old != nil && old != new.id {
                try execute("UPDATE \(table) SET id = $3 WHERE repository = $1 AND id = $2", [repository, old, new.id])
            }
            let definitions = columns.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            let updates = changes.filter { $0.old != nil }.map(\.new)
            if !updates.isEmpty {
                let assignments = columns.filter { $0.0 != "id" }.map { "\($0.0) = r.\($0.0)" }.joined(separator: ", ")
                try execute(
                    """
                    UPDATE \(table) t SET \(assignments)
                    FROM jsonb_to_recordset($2::jsonb) AS r(\(definitions))
                    WHERE t.repository = $1 AND t.id = r.id
                    """, [repository, try Self.json(updates)])
            }
            let inserts = changes.filter { $0.old == nil }.map(\.new)
            if !inserts.isEmpty {
                let names = columns.map(\.0).joined(separator: ", ")
                try execute(
                    """
                    INSERT INTO \(table) (repository, \(names))
                    SELECT $1, \(names) FROM jsonb_to_recordset($2::jsonb) AS r(\(definitions))
                    """, [repository, try Self.json(inserts)])
            }
        }

        fileprivate func insertEvents(_ events: [EventRecord]) throws {
            guard !events.isEmpty else { return }
            try execute(
                """
                INSERT INTO events (repository, at, kind, subject, detail)
                SELECT $1, u.at, u.kind, u.subject, u.detail
                FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(at, kind, subject, detail, n)
                ORDER BY u.n
                """, [repository, events.map(\.at), events.map(\.kind), events.map(\.subject), events.map(\.detail)])
        }

        fileprivate func writeDependencies(_ refresh: DependencyRefresh) throws {
            try execute(
                """
                DELETE FROM dependencies WHERE repository = $1
                  AND (from_id = ANY($2) OR from_id = ANY($3) OR (kind = 'blocks' AND to_id = ANY($2)))
                """, [repository, refresh.workplanIDs, refresh.taskIDs])
            // The last row of a key wins, as `INSERT OR REPLACE` does in SQLite.
            var rows: [String: DependencyRefresh.Row] = [:]
            var order: [String] = []
            for row in refresh.rows {
                let key = [row.from, row.to, row.kind].joined(separator: "\u{0}")
                if rows.updateValue(row, forKey: key) == nil { order.append(key) }
            }
            guard !order.isEmpty else { return }
            let values = order.compactMap { rows[$0] }.map {
                ["from_id": $0.from, "to_id": $0.to, "kind": $0.kind, "uuid": $0.uuid]
            }
            try execute(
                """
                INSERT INTO dependencies (repository, from_id, to_id, kind, uuid)
                SELECT $1, from_id, to_id, kind, uuid
                FROM jsonb_to_recordset($2::jsonb) AS r(from_id text, to_id text, kind text, uuid text)
                ON CONFLICT (repository, from_id, to_id, kind) DO UPDATE SET uuid = EXCLUDED.uuid
                """, [repository, try Self.json(values)])
        }

        fileprivate func recountDomains(_ recount: DomainRecount) throws {
            let domains: [String]?
            switch recount {
            case .all: domains = nil
            case .only(let some) where some.isEmpty: return
            case .only(let some): domains = some.sorted()
            }
            let values: [(any PostgresDynamicTypeEncodable)?] = domains.map { [repository, $0] } ?? [repository]
            try execute(
                "DELETE FROM domains WHERE repository = $1" + (domains == nil ? "" : " AND slug = ANY($2)"), values)
            try execute(
                """
                INSERT INTO domains (repository, slug, workstream_count, open_workstream_count, task_count, open_task_count)
                SELECT $1, w.domain, COUNT(DISTINCT w.id),
                       COUNT(DISTINCT CASE WHEN w.status NOT IN ('completed', 'archived') THEN w.id END),
                       COUNT(t.id), COUNT(t.id) FILTER (WHERE t.status IN ('todo', 'in_progress', 'blocked'))
                FROM workstreams w
                LEFT JOIN tasks t ON t.repository = w.repository AND t.workstream_id = w.id AND t.removed_at IS NULL
                WHERE w.repository = $1 AND w.removed_at IS NULL AND w.domain IS NOT NULL
                """ + (domains == nil ? "" : " AND w.domain = ANY($2)") + " GROUP BY w.domain", values)
        }

        fileprivate func writeFileRows(_ changes: [FileRowChange]) throws {
            // The last change of a path wins, as when they are applied one by one.
            var final: [String: FileRecord?] = [:]
            for change in changes {
                switch change {
                case .record(let record): final[record.path] = .some(record)
                case .delete(let path), .recordAfterWrite(let path, _, _): final[path] = .some(nil)
                }
            }
            let deleted = final.filter { $0.value == nil }.keys.sorted()
            let recorded = final.values.compactMap { $0 }.sorted { $0.path < $1.path }
            if !deleted.isEmpty {
                try execute("DELETE FROM files WHERE repository = $1 AND path = ANY($2)", [repository, deleted])
            }
            guard !recorded.isEmpty else { return }
            let columns = Self.fileTypes.map(\.0)
            try execute(
                """
                INSERT INTO files (repository, \(columns.joined(separator: ", ")))
                SELECT $1, \(columns.joined(separator: ", "))
                FROM jsonb_to_recordset($2::jsonb) AS r(\(Self.fileTypes.map { "\($0.0) \($0.1)" }.joined(separator: ", ")))
                ON CONFLICT (repository, path) DO UPDATE SET
                """ + " " + columns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", "),
                [repository, try Self.json(recorded)])
        }

        // MARK: - Columns

        static let workstreamTypes = [
            ("id", "text"), ("uuid", "text"), ("title", "text"), ("domain", "text"), ("status", "text"),
            ("owner", "text"), ("topic_slug", "text"), ("created", "text"), ("updated", "text"),
            ("completed", "text"), ("path", "text"), ("content_hash", "text"), ("removed_at", "text"),
            ("synced_at", "text"), ("source", "text"), ("fingerprint", "text"),
        ]
        static let taskTypes = [
            ("id", "text"), ("uuid", "text"), ("workstream_id", "text"), ("title", "text"), ("phase", "text"),
            ("status", "text"), ("priority", "text"), ("position", "bigint"), ("line", "bigint"),
            ("carried_to", "text"), ("description", "text"), ("source", "text"), ("removed_at", "text"),
            ("updated_at", "text"), ("fingerprint", "text"),
        ]
        static let fileTypes = [
            ("path", "text"), ("size", "bigint"), ("mtime_ns", "bigint"), ("content_hash", "text"),
            ("ctime_ns", "bigint"), ("inode", "bigint"), ("checked_ns", "bigint"),
        ]
        static let workstreamColumns = workstreamTypes.map(\.0).joined(separator: ", ")
        static let taskColumns = taskTypes.map(\.0).joined(separator: ", ")
        static let fileColumns = fileTypes.map(\.0).joined(separator: ", ")
    }
#endif
