#if PostgreSQL
    import Foundation
    import PostgresNIO
    import WorkplanKit

    /// The reads of the read API: every repository's live rows, a change token, the history feed.
    extension PostgresSession {
        /// Streamed and decoded by column, only what the read model uses: JSON aggregation of a
        /// hundred thousand rows cost seconds and several hundred megabytes.
        func readRows() async throws -> ReadRows {
            var strings = StringPool()
            var workstreams: [ForeignRows.Row<WorkstreamRecord>] = []
            for try await row in try await store.connection.query(
                """
                SELECT repository, id, title, domain, status, owner, created, updated, completed, path FROM workstreams
                WHERE removed_at IS NULL ORDER BY repository COLLATE "C", id COLLATE "C"
                """, logger: PostgresStateStore.logger)
            {
                let (repository, id, title, domain, status, owner, created, updated, completed, path) = try row.decode(
                    (String, String, String, String?, String, String?, String?, String?, String?, String?).self)
                workstreams.append(
                    ForeignRows.Row(
                        repository: strings.shared(repository),
                        record: WorkstreamRecord(
                            id: id, uuid: nil, title: title, domain: strings.shared(domain), status: status,
                            owner: strings.shared(owner), topicSlug: nil, created: strings.shared(created),
                            updated: strings.shared(updated), completed: strings.shared(completed), path: path,
                            contentHash: nil,
                            removedAt: nil, syncedAt: nil, source: RowSource.file, fingerprint: nil)))
            }
            var tasks: [ForeignRows.Row<TaskRecord>] = []
            tasks.reserveCapacity(
                Int(
                    try await query("SELECT COUNT(*) FROM tasks WHERE removed_at IS NULL").first?.decode(Int64.self)
                        ?? 0))
            for try await row in try await store.connection.query(
                """
                SELECT repository, id, workstream_id, title, phase, status, priority, position, line, carried_to,
                       description, updated_at
                FROM tasks WHERE removed_at IS NULL
                ORDER BY repository COLLATE "C", workstream_id COLLATE "C", position, id COLLATE "C"
                """, logger: PostgresStateStore.logger)
            {
                let columns = try row.decode(
                    (
                        String, String, String?, String, String?, String, String?, Int64?, Int64?, String?, String?,
                        String?
                    ).self)
                tasks.append(
                    ForeignRows.Row(
                        repository: strings.shared(columns.0),
                        record: TaskRecord(
                            id: columns.1, uuid: nil, workstreamID: strings.shared(columns.2), title: columns.3,
                            phase: strings.shared(columns.4), status: columns.5, priority: columns.6,
                            position: columns.7.map(Int.init), line: columns.8.map(Int.init), carriedTo: columns.9,
                            description: columns.10, source: RowSource.file, removedAt: nil,
                            updatedAt: strings.shared(columns.11), fingerprint: nil)))
            }
            let dependencies = try await query(
                """
                SELECT repository, from_id, to_id, kind FROM dependencies
                ORDER BY repository COLLATE "C", from_id COLLATE "C", to_id COLLATE "C", kind COLLATE "C"
                """
            ).compactMap { row -> ForeignRows.Row<DependencyRecord>? in
                let (repository, from, to, kind) = try row.decode((String, String, String, String).self)
                return DependencyKind(rawValue: kind).map {
                    ForeignRows.Row(repository: repository, record: DependencyRecord(from: from, to: to, kind: $0))
                }
            }
            return ReadRows(
                repositories: try await hubSummary(), workstreams: workstreams, tasks: tasks, dependencies: dependencies
            )
        }

        /// The hub's change counter: statement triggers on every table sync writes advance it.
        func changeToken() async throws -> String {
            let value = try await query("SELECT last_value, is_called FROM workplan_changes").first?.decode(
                (Int64, Bool).self)
            return value.map { "\($0.0).\($0.1)" } ?? ""
        }

        func eventFeed(_ query: EventQuery) async throws -> [FeedEvent] {
            let limit = Int64(query.limit)
            let every = query.subjects.isEmpty
            return try await self.query(
                """
                SELECT e.repository, e.id, e.at, e.kind, e.subject, e.detail, e.run_id,
                       r.at, r.command, r.actor, r.host, r.tool, r.branch, r.commit_id, r.dirty, r.forced
                FROM events e LEFT JOIN runs r ON r.id = e.run_id
                WHERE (\(query.since)::text IS NULL OR e.at >= \(query.since))
                  AND (\(query.repository)::text IS NULL OR e.repository = \(query.repository))
                  AND (\(query.kind)::text IS NULL OR e.kind = \(query.kind) OR starts_with(e.kind, \(query.kind) || '.'))
                  AND (\(every) OR e.subject = ANY(\(query.subjects)))
                  AND (\(query.before)::bigint IS NULL OR e.id < \(query.before))
                ORDER BY e.id DESC LIMIT \(limit)
                """
            ).map { row in
                let columns = try row.decode(
                    (
                        String, Int64, String, String, String, String, Int64?, String?, String?, String?, String?,
                        String?, String?, String?, Bool?, Bool?
                    ).self)
                let event = EventRecord(
                    id: columns.1, at: columns.2, kind: EventKind(rawValue: columns.3), subject: columns.4,
                    detail: columns.5, run: columns.6)
                let run = columns.7.map { at in
                    RunRecord(
                        id: columns.6, at: at, command: RunRecord.Command(rawValue: columns.8 ?? "") ?? .sync,
                        actor: columns.9 ?? "", host: columns.10 ?? "", tool: columns.11 ?? "", branch: columns.12,
                        commit: columns.13, dirty: columns.14, forced: columns.15 ?? false)
                }
                return FeedEvent(repository: columns.0, event: event, run: run)
            }
        }

        func knownIDs() async throws -> [String] {
            // One array, not a row per id: every sync reads them, a hundred thousand on a hub of
            // fifty repositories.
            try await query(
                """
                WITH others AS (SELECT name FROM repositories WHERE name <> \(repository))
                SELECT array_agg(id ORDER BY id) FROM (
                    SELECT id FROM workstreams WHERE repository IN (SELECT name FROM others) AND removed_at IS NULL
                    UNION SELECT id FROM tasks WHERE repository IN (SELECT name FROM others) AND removed_at IS NULL
                ) ids
                """
            ).first?.decode([String]?.self) ?? []
        }
    }
#endif
