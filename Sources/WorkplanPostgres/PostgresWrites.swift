#if PostgreSQL
    import Foundation
    import PostgresNIO
    import WorkplanKit

    /// The hub's writes: a sync plan, cleanup's cancellations, events and the record of a run.
    extension PostgresSession {
        func apply(_ plan: SyncPlan) async throws {
            // Sync's own row writes leave no edit marks (the triggers read this setting).
            try await execute("SET LOCAL workplan.sync = 'on'")
            for takeover in plan.takeovers { try await take(takeover) }
            try await write(plan.workstreams.map { ($0.old?.id, $0.new) })
            try await write(plan.tasks.map { ($0.old?.id, $0.new) })
            try await insertEvents(plan.events)
            try await execute("SET LOCAL workplan.sync = 'off'")
            try await writeDependencies(plan.dependencies)
            try await recountDomains(plan.domains)
            if let registry = plan.registry { try await writeRegistry(registry) }
            try await writeFileRows(plan.fileRows)
            switch plan.editMarks {
            case .allExcept(let kept):
                try await execute(
                    """
                    DELETE FROM edited_workstreams WHERE repository = \(repository) AND NOT (workstream_id = ANY(\(kept)))
                    """)
            case .only(let cleared):
                try await execute(
                    "DELETE FROM edited_workstreams WHERE repository = \(repository) AND workstream_id = ANY(\(cleared))"
                )
            }
        }

        func cancelTasks(_ ids: [String], at now: String) async throws {
            try await execute(
                """
                UPDATE tasks SET status = 'cancelled', updated_at = \(now) WHERE repository = \(repository) AND id = ANY(\(ids))
                """)
        }

        func recordEvent(_ event: EventRecord) async throws {
            try await insertEvents([event])
        }

        func recordSyncRun(_ run: SyncRunRecord) async throws {
            let counts = [run.workplans, run.changes, run.lintErrors, run.skippedFiles].map(Int64.init)
            try await execute(
                """
                INSERT INTO sync_runs (repository, at, workplans, changes, lint_errors, skipped_files)
                VALUES (\(repository), \(run.at), \(counts[0]), \(counts[1]), \(counts[2]), \(counts[3]))
                ON CONFLICT (repository) DO UPDATE SET at = EXCLUDED.at, workplans = EXCLUDED.workplans,
                    changes = EXCLUDED.changes, lint_errors = EXCLUDED.lint_errors, skipped_files = EXCLUDED.skipped_files
                """)
            try await execute("UPDATE repositories SET last_sync_at = \(run.at) WHERE name = \(repository)")
        }

        func beginRun(_ run: RunRecord, claim: RepositoryClaim?) async throws -> Int64 {
            let id = try await query(
                """
                INSERT INTO runs (repository, at, command, actor, host, tool, branch, commit_id, dirty, forced)
                VALUES (\(repository), \(run.at), \(run.command.rawValue), \(run.actor), \(run.host), \(run.tool),
                        \(run.branch), \(run.commit), \(run.dirty), \(run.forced))
                RETURNING id
                """
            ).first?.decode(Int64.self)
            if let claim {
                try await execute(
                    """
                    UPDATE repositories SET branch = COALESCE(\(claim.branch), branch),
                        last_commit = COALESCE(\(claim.commit), last_commit)
                    WHERE name = \(repository)
                    """)
            }
            guard let id else { throw StoreError.database("the hub recorded no run") }
            return id
        }

        // MARK: - Sync plans

        /// Moves rows of a workplan that moved here from repository `from`, with their events;
        /// their dependency rows and edit marks there go (the file's are written here).
        private func take(_ takeover: RowTakeover) async throws {
            let (from, workstreams) = (takeover.from, takeover.workstreams)
            let subjects = takeover.workstreams + takeover.tasks
            // A workstream's tasks follow it (ON UPDATE CASCADE); tasks moved alone are moved next.
            try await execute(
                """
                UPDATE workstreams SET repository = \(repository) WHERE repository = \(from) AND id = ANY(\(workstreams))
                """)
            try await execute(
                "UPDATE tasks SET repository = \(repository) WHERE repository = \(from) AND id = ANY(\(takeover.tasks))"
            )
            try await execute(
                "UPDATE events SET repository = \(repository) WHERE repository = \(from) AND subject = ANY(\(subjects))"
            )
            try await execute(
                "DELETE FROM dependencies WHERE repository = \(from) AND (from_id = ANY(\(subjects)) OR to_id = ANY(\(workstreams)))"
            )
            try await execute(
                "DELETE FROM edited_workstreams WHERE repository = \(from) AND workstream_id = ANY(\(workstreams))")
        }

        /// Renames, then updates the rows that exist, then inserts the others: one statement each.
        private func write<Record: StoreRecord & Fingerprinted>(_ changes: [(old: String?, new: Record)]) async throws {
            let table = Record.table
            for (old, new) in changes {
                guard let old, old != new.id else { continue }
                try await execute(
                    "UPDATE \(unescaped: table) SET id = \(new.id) WHERE repository = \(repository) AND id = \(old)")
            }
            let definitions = PostgresColumns.definitions(Record.self)
            let updates = changes.filter { $0.old != nil }.map(\.new)
            if !updates.isEmpty {
                let assignments = Record.columnNames.filter { $0 != "id" }.map { "\($0) = r.\($0)" }
                    .joined(separator: ", ")
                let rows = try Self.json(updates)
                try await execute(
                    """
                    UPDATE \(unescaped: table) t SET \(unescaped: assignments)
                    FROM jsonb_to_recordset(\(rows)::jsonb) AS r(\(unescaped: definitions))
                    WHERE t.repository = \(repository) AND t.id = r.id
                    """)
            }
            try await copy(changes.filter { $0.old == nil }.map(\.new))
        }

        private func insertEvents(_ events: [EventRecord]) async throws {
            // Their ids are serial: the other columns, in the list's order.
            try await copy(events, columns: [.at, .kind, .subject, .detail, .run])
        }

        private func writeDependencies(_ refresh: DependencyRefresh) async throws {
            let (workplans, tasks) = (refresh.workplanIDs, refresh.taskIDs)
            try await execute(
                """
                DELETE FROM dependencies WHERE repository = \(repository)
                  AND (from_id = ANY(\(workplans)) OR from_id = ANY(\(tasks)) OR (kind = 'blocks' AND to_id = ANY(\(workplans))))
                """)
            // The last row of a key wins, as `INSERT OR REPLACE` does in SQLite.
            var rows: [String: DependencyRefresh.Row] = [:]
            var order: [String] = []
            for row in refresh.rows {
                let key = [row.from, row.to, row.kind.rawValue].joined(separator: "\u{0}")
                if rows.updateValue(row, forKey: key) == nil { order.append(key) }
            }
            guard !order.isEmpty else { return }
            let values = order.compactMap { rows[$0] }.map {
                ["from_id": $0.from, "to_id": $0.to, "kind": $0.kind.rawValue, "uuid": $0.uuid]
            }
            let json = try Self.json(values)
            try await execute(
                """
                INSERT INTO dependencies (repository, from_id, to_id, kind, uuid)
                SELECT \(repository), from_id, to_id, kind, uuid
                FROM jsonb_to_recordset(\(json)::jsonb) AS r(from_id text, to_id text, kind text, uuid text)
                ON CONFLICT (repository, from_id, to_id, kind) DO UPDATE SET uuid = EXCLUDED.uuid
                """)
        }

        private func recountDomains(_ recount: DomainRecount) async throws {
            let domains: [String]?
            switch recount {
            case .all: domains = nil
            case .only(let some) where some.isEmpty: return
            case .only(let some): domains = some.sorted()
            }
            let every = domains == nil
            let slugs = domains ?? []
            try await execute(
                "DELETE FROM domains WHERE repository = \(repository) AND (\(every) OR slug = ANY(\(slugs)))")
            let open = TaskStatus.open.map(\.rawValue)
            try await execute(
                """
                INSERT INTO domains (repository, slug, workstream_count, open_workstream_count, task_count, open_task_count)
                SELECT \(repository), w.domain, COUNT(DISTINCT w.id),
                       COUNT(DISTINCT CASE WHEN w.status NOT IN ('completed', 'archived') THEN w.id END),
                       COUNT(t.id), COUNT(t.id) FILTER (WHERE t.status = ANY(\(open)))
                FROM workstreams w
                LEFT JOIN tasks t ON t.repository = w.repository AND t.workstream_id = w.id AND t.removed_at IS NULL
                WHERE w.repository = \(repository) AND w.removed_at IS NULL AND w.domain IS NOT NULL
                  AND (\(every) OR w.domain = ANY(\(slugs)))
                GROUP BY w.domain
                """)
        }

        private func writeRegistry(_ registry: [DomainRegistry.Domain]) async throws {
            try await execute("DELETE FROM domain_registry WHERE repository = \(repository)")
            guard !registry.isEmpty else { return }
            let json = try Self.json(
                registry.enumerated().map { position, domain in
                    RegistryRow(
                        slug: domain.slug, position: position, name: domain.name, description: domain.description,
                        status: domain.status.rawValue)
                })
            try await execute(
                """
                INSERT INTO domain_registry (repository, slug, position, name, description, status)
                SELECT \(repository), slug, position, name, description, status
                FROM jsonb_to_recordset(\(json)::jsonb)
                    AS r(slug text, position integer, name text, description text, status text)
                """)
        }

        private func writeFileRows(_ changes: [FileRowChange]) async throws {
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
                try await execute("DELETE FROM files WHERE repository = \(repository) AND path = ANY(\(deleted))")
            }
            guard !recorded.isEmpty else { return }
            let names = PostgresColumns.files
            let updates = FileRecord.columnNames.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
            let rows = try Self.json(recorded)
            try await execute(
                """
                INSERT INTO files (repository, \(unescaped: names))
                SELECT \(repository), \(unescaped: names)
                FROM jsonb_to_recordset(\(rows)::jsonb) AS r(\(unescaped: PostgresColumns.definitions(FileRecord.self)))
                ON CONFLICT (repository, path) DO UPDATE SET \(unescaped: updates)
                """)
        }
    }

    /// The records' column lists in the hub's SQL, from their `Columns`.
    enum PostgresColumns {
        static let workstreams = names(WorkstreamRecord.self)
        static let tasks = names(TaskRecord.self)
        static let files = names(FileRecord.self)

        /// `a, b, c`.
        static func names<Record: StoreRecord>(_ type: Record.Type) -> String {
            Record.columnNames.joined(separator: ", ")
        }

        /// The task columns qualified by `alias`: `t.id, t.uuid, …`.
        static func tasks(_ alias: String) -> String {
            TaskRecord.columnNames.map { alias + "." + $0 }.joined(separator: ", ")
        }

        /// `a text, b bigint, …`, for `jsonb_to_recordset`.
        static func definitions<Record: StoreRecord>(_ type: Record.Type) -> String {
            Record.Columns.allCases.map { "\($0.name) \($0.isInteger ? "bigint" : "text")" }.joined(separator: ", ")
        }
    }

    /// A `domain_registry` row as the insert reads it from JSON.
    private struct RegistryRow: Encodable {
        var slug: String
        var position: Int
        var name: String
        var description: String?
        var status: String
    }
#endif
