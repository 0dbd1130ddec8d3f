import GRDB

/// The reads of the read API: every live row, a change token, the history feed.
extension SQLiteSession {
    /// Decoded by column, only what the read model uses (the Codable decoder of every column
    /// cost a third more memory and time).
    func readRows() throws -> ReadRows {
        var strings = StringPool()
        var workstreams: [ForeignRows.Row<WorkstreamRecord>] = []
        workstreams.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM workstreams") ?? 0)
        let workstreamRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, title, domain, status, owner, created, updated, completed, path FROM workstreams
                WHERE removed_at IS NULL ORDER BY id
                """)
        while let row = try workstreamRows.next() {
            workstreams.append(
                ForeignRows.Row(
                    repository: "",
                    record: WorkstreamRecord(
                        id: row[0], uuid: nil, title: row[1], domain: strings.shared(row[2]), status: row[3],
                        owner: strings.shared(row[4]), topicSlug: nil, created: strings.shared(row[5]),
                        updated: strings.shared(row[6]), completed: strings.shared(row[7]), path: row[8],
                        contentHash: nil, removedAt: nil, syncedAt: nil, source: RowSource.file, fingerprint: nil)))
        }
        var tasks: [ForeignRows.Row<TaskRecord>] = []
        tasks.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks") ?? 0)
        let taskRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, workstream_id, title, phase, status, priority, position, line, carried_to, description,
                       updated_at
                FROM tasks WHERE removed_at IS NULL ORDER BY workstream_id, position, id
                """)
        while let row = try taskRows.next() {
            tasks.append(
                ForeignRows.Row(
                    repository: "",
                    record: TaskRecord(
                        id: row[0], uuid: nil, workstreamID: strings.shared(row[1]), title: row[2],
                        phase: strings.shared(row[3]), status: row[4], priority: row[5], position: row[6], line: row[7],
                        carriedTo: row[8], description: row[9], source: RowSource.file, removedAt: nil,
                        updatedAt: strings.shared(row[10]), fingerprint: nil)))
        }
        return ReadRows(
            repositories: try hubSummary(), workstreams: workstreams, tasks: tasks,
            dependencies: try dependencies().map { ForeignRows.Row(repository: "", record: $0) })
    }

    /// `PRAGMA data_version` changes on this connection whenever another connection commits; the
    /// newest event and run say the same of a store this connection wrote itself.
    func changeToken() throws -> String {
        let version = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        let events = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM events") ?? 0
        return "\(version).\(events)"
    }

    func eventFeed(_ query: EventQuery) throws -> [FeedEvent] {
        guard try db.columns(in: "events").contains(where: { $0.name == "run_id" }) else { return [] }
        // A repository other than the file's one ("") holds nothing here.
        if let repository = query.repository, !repository.isEmpty { return [] }
        // Read through a cursor, each run decoded once and each time kept once: a row array of
        // every event, each with its own copy of its run, grew faster than the store.
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT e.id, e.at, e.kind, e.subject, e.detail, e.run_id,
                       r.at, r.command, r.actor, r.host, r.tool, r.branch, r.commit_id, r.dirty, r.forced
                FROM events e LEFT JOIN runs r ON r.id = e.run_id
                WHERE (?1 IS NULL OR e.at >= ?1) AND (?2 IS NULL OR e.kind = ?2 OR e.kind LIKE ?2 || '.%')
                  AND (?3 IS NULL OR e.subject IN (SELECT value FROM json_each(?3))) AND (?4 IS NULL OR e.id < ?4)
                ORDER BY e.id DESC LIMIT ?5
                """,
            arguments: [
                query.since, query.kind, query.subjects.isEmpty ? nil : JSONText.array(query.subjects), query.before,
                query.limit,
            ])
        var strings = StringPool()
        var runs: [Int64: RunRecord] = [:]
        var feed: [FeedEvent] = []
        while let row = try rows.next() {
            let runID: Int64? = row[5]
            let event = EventRecord(
                id: row[0], at: strings.shared(row[1] as String), kind: EventKind(rawValue: row[2]), subject: row[3],
                detail: row[4], run: runID)
            var run: RunRecord?
            if let runID, let known = runs[runID] {
                run = known
            } else if let at = row[6] as String? {
                run = RunRecord(
                    id: runID, at: at, command: RunRecord.Command(rawValue: row[7]) ?? .sync, actor: row[8],
                    host: row[9], tool: row[10], branch: row[11], commit: row[12], dirty: row[13], forced: row[14])
                if let runID { runs[runID] = run }
            }
            feed.append(FeedEvent(repository: "", event: event, run: run))
        }
        return feed
    }
}
