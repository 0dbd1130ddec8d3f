/// A workplan that moved from another repository of a hub: its rows follow it when that
/// repository no longer holds them live; while it does, the file is a copy and is skipped.
extension SyncPlanner {
    /// Why `workplan` cannot take the rows of another repository that hold its store ids: that
    /// repository still holds them live (a copy, not a move), or this repository already has a
    /// row of the same id.
    func hubConflicts(_ workplan: Workplan, snapshot: StoreSnapshot) -> [Diagnostic] {
        let rows = snapshot.foreign.rows(of: workplan)
        guard !rows.workstreams.isEmpty || !rows.tasks.isEmpty else { return [] }
        let location = workplan.frontMatter?["id"]?.value.location ?? SourceLocation(line: 1, column: 1)
        func diagnostic(_ message: String) -> Diagnostic {
            Diagnostic(
                rule: .duplicateUUID, severity: .error, path: workplan.path, location: location, message: message)
        }
        if let live = rows.workstreams.first(where: { $0.record.removedAt == nil }) {
            return [
                diagnostic(
                    "repository \(live.repository) holds these store ids live, for \(live.record.id) in "
                        + "\(live.record.path ?? "its workplans"): a copy, not a move. Give this file new store ids "
                        + "with 'workplan doctor --fix', or remove the workplan there and sync that repository first")
            ]
        }
        if let live = rows.tasks.first(where: { $0.record.removedAt == nil }) {
            return [
                diagnostic(
                    "repository \(live.repository) holds the store id of task \(live.record.id) live: a copy, "
                        + "not a move. Give this file new store ids with 'workplan doctor --fix'")
            ]
        }
        let clash =
            rows.workstreams.map(\.record.id).first { snapshot.workstreams[$0] != nil }
            ?? rows.tasks.map(\.record.id).first { snapshot.tasks[$0] != nil }
        if let clash {
            return [
                diagnostic(
                    "this repository already has a row '\(clash)' on the hub, so the rows of this workplan "
                        + "cannot move here from \(rows.workstreams.first?.repository ?? rows.tasks[0].repository)")
            ]
        }
        return []
    }

    /// Takes over the rows other repositories no longer hold live for `files` (checked by
    /// `hubConflicts`): they join `snapshot` as this repository's, so that the files reconcile
    /// against them, and the plan moves them first, with one `moved` event per row naming both
    /// repositories.
    func adoptMovedRows(
        _ files: [(file: ReadFile, workplan: Workplan)], snapshot: inout StoreSnapshot
    ) -> (takeovers: [RowTakeover], events: [EventRecord]) {
        guard !snapshot.foreign.isEmpty else { return ([], []) }
        var takeovers: [String: RowTakeover] = [:]
        var events: [EventRecord] = []
        for (_, workplan) in files {
            let rows = snapshot.foreign.rows(of: workplan)
            for row in rows.workstreams {
                snapshot.workstreams[row.record.id] = row.record
                takeovers[row.repository, default: RowTakeover(from: row.repository)].workstreams.append(row.record.id)
                events.append(movedEvent(.workstream, row.record.id, from: row.repository))
            }
            for row in rows.tasks {
                snapshot.tasks[row.record.id] = row.record
                takeovers[row.repository, default: RowTakeover(from: row.repository)].tasks.append(row.record.id)
                events.append(movedEvent(.task, row.record.id, from: row.repository))
            }
        }
        return (takeovers.values.sorted { $0.from < $1.from }, events)
    }

    private func movedEvent(_ subject: EventKind.Subject, _ id: String, from repository: String) -> EventRecord {
        EventRecord(
            at: now, kind: .row(subject, .moved), subject: id,
            detail: EventDetail(old: [("repository", repository)], new: [("repository", self.repository)]).json,
            run: run)
    }
}

/// Rows of other repositories of a hub that hold store ids the files of this run declare (a
/// workplan moved between repositories), with every task of those workstreams.
public struct ForeignRows: Sendable {
    /// A row and the repository that holds it.
    public struct Row<Record: Sendable>: Sendable {
        public var repository: String
        public var record: Record

        public init(repository: String, record: Record) {
            self.repository = repository
            self.record = record
        }
    }

    public var workstreams: [Row<WorkstreamRecord>] = []
    public var tasks: [Row<TaskRecord>] = []

    public init(workstreams: [Row<WorkstreamRecord>] = [], tasks: [Row<TaskRecord>] = []) {
        self.workstreams = workstreams
        self.tasks = tasks
    }

    public var isEmpty: Bool { workstreams.isEmpty && tasks.isEmpty }

    /// The rows `workplan`'s store ids name: its workstream's (with all its tasks) and its tasks'.
    func rows(of workplan: Workplan) -> ForeignRows {
        guard !isEmpty else { return ForeignRows() }
        let taskUUIDs = Set(workplan.tasks.compactMap(\.uuid))
        let owners = workstreams.filter { $0.record.uuid != nil && $0.record.uuid == workplan.uuid }
        let ownerKeys = Set(owners.map { $0.repository + "\u{0}" + $0.record.id })
        let tasks = tasks.filter { row in
            row.record.uuid.map(taskUUIDs.contains) == true
                || ownerKeys.contains(row.repository + "\u{0}" + (row.record.workstreamID ?? ""))
        }
        return ForeignRows(workstreams: owners, tasks: tasks)
    }
}

/// Rows a hub moves from repository `from` to this one before a plan's other changes.
public struct RowTakeover: Sendable, Hashable {
    public var from: String
    public var workstreams: [String] = []
    public var tasks: [String] = []
}
