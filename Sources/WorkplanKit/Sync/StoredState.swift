import GRDB

/// What sync reads of the store before reading any file: small, whatever the store's size.
struct StoredState {
    /// `files` rows by path.
    var files: [String: FileRecord] = [:]
    /// The ids of live workstreams sync wrote, by path.
    var liveWorkstreams: [String: [String]] = [:]
    /// Workstreams whose rows were written since the last sync; nil when the store cannot say
    /// (it predates `edited_workstreams`), which counts every workstream as written.
    var edited: Set<String>? = []
    /// How many live tasks sync wrote.
    var liveTaskCount = 0

    /// An empty store.
    init() {}

    init(_ db: Database) throws {
        // A dry run does not migrate: a store from before `edited_workstreams` has neither it nor
        // the newer `files` columns, and vouches for no file.
        let current = try db.tableExists("edited_workstreams")
        // Read by column: the Codable decoder costs more than the query for ten thousand rows.
        let rows = try Row.fetchCursor(
            db,
            sql: current
                ? "SELECT path, size, mtime_ns, content_hash, ctime_ns, inode, checked_ns FROM files"
                : "SELECT path, size, mtime_ns, content_hash, NULL, NULL, NULL FROM files")
        while let row = try rows.next() {
            let path: String = row[0]
            files[path] = FileRecord(
                path: path, size: row[1], mtimeNs: row[2], contentHash: row[3], ctimeNs: row[4],
                inode: row[5], checkedNs: row[6])
        }
        let workstreams = try Row.fetchCursor(
            db,
            sql: """
                SELECT path, id FROM workstreams WHERE source = 'file' AND removed_at IS NULL AND path IS NOT NULL
                """)
        while let row = try workstreams.next() { liveWorkstreams[row[0], default: []].append(row[1]) }
        edited = current ? Set(try String.fetchAll(db, sql: "SELECT workstream_id FROM edited_workstreams")) : nil
        liveTaskCount =
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks WHERE source = 'file' AND removed_at IS NULL") ?? 0
    }

    /// Whether the file at `path` has a live workstream whose rows nobody wrote since the last sync.
    func untouchedWorkstream(at path: String) -> Bool {
        guard let edited, let ids = liveWorkstreams[path] else { return false }
        return !ids.contains(where: edited.contains)
    }
}

extension StoreSnapshot {
    /// Every row.
    static func load(_ db: Database) throws -> StoreSnapshot {
        StoreSnapshot(workstreams: try WorkstreamRecord.fetchAll(db), tasks: try TaskRecord.fetchAll(db))
    }

    /// The rows that reconciling `workplans` can match or change: the workstreams at `paths` or
    /// declaring their ids or UUIDs, the workstreams `workstreams` (files gone), all tasks of
    /// those, and the tasks declaring the workplans' task ids or UUIDs.
    static func load(
        _ db: Database, for workplans: [Workplan], paths: [String], workstreams: [String]
    ) throws -> StoreSnapshot {
        let tasks = workplans.flatMap(\.tasks)
        let loadedWorkstreams = try WorkstreamRecord.fetchAll(
            db,
            sql: """
                SELECT * FROM workstreams WHERE path IN (SELECT value FROM json_each(?1))
                UNION SELECT * FROM workstreams WHERE id IN (SELECT value FROM json_each(?2))
                UNION SELECT * FROM workstreams WHERE uuid IN (SELECT value FROM json_each(?3))
                """,
            arguments: [
                JSONText.array(paths), JSONText.array(workplans.compactMap(\.id) + workstreams),
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
}
