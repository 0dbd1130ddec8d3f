import Foundation

/// One workplan file as sync read it, ready to reconcile.
public struct SyncedFile: Sendable {
    /// The path relative to the configuration root: the stable name the store keeps.
    public var path: String
    /// The parsed model (after any id write-back was applied in memory).
    public var workplan: Workplan
    /// The content hash of the bytes the model was parsed from.
    public var contentHash: String

    /// A file read for sync.
    public init(path: String, workplan: Workplan, contentHash: String) {
        self.path = path
        self.workplan = workplan
        self.contentHash = contentHash
    }
}

/// Everything a sync run would change in the store, computed without touching it.
public struct ReconcilePlan: Sendable {
    public var workstreams: [RowChange<WorkstreamRecord>] = []
    public var tasks: [RowChange<TaskRecord>] = []
    /// One event per row change, with the old and new values of what changed.
    public var events: [EventRecord] = []

}

/// Computes the reconcile plan: a pure function of the files read and the store's rows.
public struct Reconciler: Sendable {
    /// The time written into `removed_at`, `synced_at`, `updated_at` and events.
    public var now: String
    /// The run its events belong to.
    public var run: Int64?

    /// Creates a reconciler.
    public init(now: String, run: Int64? = nil) {
        self.now = now
        self.run = run
    }

    /// The desired workstream row for a file.
    public func workstreamRecord(for file: SyncedFile, uuid: String?) -> WorkstreamRecord? {
        let workplan = file.workplan
        guard let id = workplan.id else { return nil }
        let frontMatter = workplan.frontMatter
        var record = WorkstreamRecord(
            id: id, uuid: uuid, title: workplan.title ?? "", domain: frontMatter?.string("domain"),
            status: workplan.statusText ?? "", owner: frontMatter?.string("owner"),
            topicSlug: frontMatter?.string("topic_slug"), created: frontMatter?.string("created"),
            updated: frontMatter?.string("updated"), completed: frontMatter?.string("completed"),
            path: file.path, contentHash: file.contentHash, removedAt: nil, syncedAt: now, source: RowSource.file,
            fingerprint: nil)
        record.fingerprint = record.fileFingerprint
        return record
    }

    /// The desired task rows for a file, with the UUID each should carry.
    public func taskRecords(for file: SyncedFile, uuids: [String: String]) -> [TaskRecord] {
        guard let workstreamID = file.workplan.id else { return [] }
        return file.workplan.tasks.enumerated().compactMap { position, task in
            guard let id = task.id, let status = task.statusText else { return nil }
            let description = task.description.isEmpty ? nil : task.description
            var record = TaskRecord(
                id: id, uuid: task.uuid ?? uuids[id], workstreamID: workstreamID, title: task.title, phase: task.phase,
                status: status, priority: task.fields?.string("priority"), position: position + 1,
                line: task.location.line, carriedTo: task.carriedTo, description: description, source: RowSource.file,
                removedAt: nil, updatedAt: now, fingerprint: nil)
            record.fingerprint = record.fileFingerprint
            return record
        }
    }

    /// What a batch of files claimed: the rows they match, and the workstreams they reconcile.
    public struct Claims: Sendable {
        /// Workstream ids matched or declared (old and new ids of renamed rows).
        public var workstreams = Set<String>()
        /// Task ids matched or declared.
        public var tasks = Set<String>()
        /// The workstreams whose tasks a file declared: their unclaimed tasks are removed.
        public var inScope = Set<String>()
    }

    /// The changes that make the store say what `files` say, against `snapshot` (which holds at
    /// least the rows they can match): inserts, updates, drift corrections, moves, renames and
    /// restores. Removals wait until every file is reconciled (`removals`): a task that leaves
    /// one file may arrive in another file of a later batch.
    ///
    /// A row holding a UUID in `heldElsewhere` (declared by a file of the run) and not the
    /// desired one is never matched by its id: it is that other file's row.
    public func reconcile(
        files: [SyncedFile], workstreamUUIDs: [String: String], taskUUIDs: [String: String],
        snapshot: StoreSnapshot, heldElsewhere: Set<String> = []
    ) -> (plan: ReconcilePlan, claims: Claims) {
        var plan = ReconcilePlan()
        var claims = Claims()
        let workstreamsByUUID = Self.rows(of: snapshot.workstreams, holding: workstreamUUIDs)
        let tasksByUUID = Self.rows(of: snapshot.tasks, holding: taskUUIDs)

        // The desired rows (and their fingerprints) are built on all cores; matching them is sequential.
        let desiredRows = concurrentPerformMap(files) { file in
            (
                workstreamRecord(for: file, uuid: file.workplan.id.flatMap { workstreamUUIDs[$0] }),
                taskRecords(for: file, uuids: taskUUIDs)
            )
        }
        // A row is matched by its UUID first (so a renamed id keeps its row), then by its id,
        // unless a file of this batch takes that row by its UUID: after a merge renumbered one
        // of two workplans with the same id, the renamed one keeps its row and the other, which
        // now holds the old id, gets a new row.
        let takenWorkstreams = Set(desiredRows.compactMap { $0.0?.uuid.flatMap { workstreamsByUUID[$0]?.id } })
        let takenTasks = Set(desiredRows.flatMap { $0.1.compactMap { $0.uuid.flatMap { tasksByUUID[$0]?.id } } })
        plan.workstreams.reserveCapacity(desiredRows.count)
        plan.tasks.reserveCapacity(desiredRows.reduce(0) { $0 + $1.1.count })
        for (desired, desiredTasks) in desiredRows {
            guard let desired else { continue }
            let oldWorkstream =
                desired.uuid.flatMap { workstreamsByUUID[$0] }
                ?? snapshot.workstreams[desired.id].flatMap {
                    takenWorkstreams.contains($0.id) || $0.isHeld(by: heldElsewhere, unless: desired.uuid) ? nil : $0
                }
            for case let id? in [desired.id, oldWorkstream?.id] {
                claims.workstreams.insert(id)
                claims.inScope.insert(id)
            }
            if var change = change(from: oldWorkstream, to: desired) {
                if let oldWorkstream, oldWorkstream.id != desired.id { change.kind = .renamed }
                plan.workstreams.append(change)
            }
            for task in desiredTasks {
                let old =
                    task.uuid.flatMap { tasksByUUID[$0] }
                    ?? snapshot.tasks[task.id].flatMap {
                        takenTasks.contains($0.id) || $0.isHeld(by: heldElsewhere, unless: task.uuid) ? nil : $0
                    }
                claims.tasks.insert(task.id)
                if let old, old.id != task.id { claims.tasks.insert(old.id) }
                if var change = change(from: old, to: task) {
                    if let old, old.id != task.id {
                        change.kind = .renamed
                    } else if let old, old.workstreamID != task.workstreamID, old.removedAt == nil {
                        change.kind = .moved
                    }
                    plan.tasks.append(change)
                }
            }
        }
        // Renames first, so that an id a renamed row gives up is free for the row that takes it.
        // (Without renames, as in most runs, the changes are not copied.)
        if plan.workstreams.contains(where: { $0.kind == .renamed }) {
            plan.workstreams =
                plan.workstreams.filter { $0.kind == .renamed } + plan.workstreams.filter { $0.kind != .renamed }
        }
        if plan.tasks.contains(where: { $0.kind == .renamed }) {
            plan.tasks = plan.tasks.filter { $0.kind == .renamed } + plan.tasks.filter { $0.kind != .renamed }
        }
        plan.events = events(for: plan)
        return (plan, claims)
    }

    /// The rows holding a UUID these files use, by UUID: only those can match by UUID, so a run
    /// that parses few files does not copy every row. (An empty snapshot, as in a cold sync,
    /// has none: the UUIDs are not even hashed.)
    private static func rows<Record: Fingerprinted>(
        of rows: [String: Record], holding uuids: [String: String]
    ) -> [String: Record] {
        guard !rows.isEmpty else { return [:] }
        let wanted = Set(uuids.values)
        return Dictionary(
            rows.values.compactMap { row in row.uuid.flatMap { wanted.contains($0) ? ($0, row) : nil } },
            uniquingKeysWith: { first, _ in first })
    }

    /// The live file tasks of `snapshot` in the workstreams `inScope`: removed at the end of the
    /// run unless a file claims them.
    public func removalCandidates(in snapshot: StoreSnapshot, inScope: Set<String>) -> [TaskRecord] {
        snapshot.tasks.values.filter { task in
            guard task.source == RowSource.file, task.removedAt == nil, let workstream = task.workstreamID else {
                return false
            }
            return inScope.contains(workstream)
        }
    }

    /// The removals once every file is reconciled: workstreams whose file is gone (of `gone`, in
    /// a complete run) are archived, and the unclaimed live file tasks of the workstreams in
    /// scope, of `candidates` and of the archived workstreams, removed.
    public func removals(
        candidates: [TaskRecord], gone: StoreSnapshot, claimed: Claims, existingPaths: Set<String>, complete: Bool
    ) -> ReconcilePlan {
        var plan = ReconcilePlan()
        let archived =
            complete
            ? archiveMissing(gone, claimed: claimed.workstreams, existing: existingPaths, into: &plan) : []
        let goneTasks = removalCandidates(in: gone, inScope: archived)
        var seen = Set<String>()
        let unclaimed = (candidates + goneTasks).filter {
            !claimed.tasks.contains($0.id) && seen.insert($0.id).inserted
        }
        removeGone(unclaimed, into: &plan)
        plan.events = events(for: plan)
        return plan
    }

    /// Archives the live workstreams whose file is gone; returns their ids.
    private func archiveMissing(
        _ snapshot: StoreSnapshot, claimed: Set<String>, existing: Set<String>, into plan: inout ReconcilePlan
    ) -> Set<String> {
        let missing = snapshot.workstreams.values.filter { workstream in
            workstream.source == RowSource.file && workstream.removedAt == nil && !claimed.contains(workstream.id)
                && !(workstream.path.map(existing.contains) ?? false)
        }
        var archived = Set<String>()
        for workstream in missing.sorted(by: { $0.id < $1.id }) {
            var removed = workstream
            removed.status = "archived"
            removed.removedAt = now
            removed.syncedAt = now
            removed.fingerprint = removed.fileFingerprint
            plan.workstreams.append(RowChange(kind: .removed, old: workstream, new: removed))
            archived.insert(workstream.id)
        }
        return archived
    }

    /// Removes `tasks` (cancelling open ones). Only these few rows are sorted, so a run that
    /// changes nothing stays linear.
    private func removeGone(_ tasks: [TaskRecord], into plan: inout ReconcilePlan) {
        for task in tasks.sorted(by: { $0.id < $1.id }) {
            var removed = task
            if TaskStatus(rawValue: task.status)?.isOpen ?? true { removed.status = "cancelled" }
            removed.removedAt = now
            removed.updatedAt = now
            removed.fingerprint = removed.fileFingerprint
            plan.tasks.append(RowChange(kind: .removed, old: task, new: removed))
        }
    }

    /// The change from a stored row to the desired one, nil when they agree.
    private func change<Record>(from old: Record?, to new: Record) -> RowChange<Record>? where Record: Fingerprinted {
        guard let old else { return RowChange(kind: .inserted, old: nil, new: new) }
        if old.fingerprint == new.fingerprint, old.sameFileValues(as: new) { return nil }
        if old.removedAt != nil { return RowChange(kind: .restored, old: old, new: new) }
        // A row whose values no longer match what sync last wrote was changed behind its back.
        let drifted = old.fingerprint != old.fileFingerprint
        return RowChange(kind: drifted ? .drift : .updated, old: old, new: new)
    }

    /// The events, built on all cores (their JSON details are most of a cold sync's planning).
    private func events(for plan: ReconcilePlan) -> [EventRecord] {
        events(.workstream, plan.workstreams) + events(.task, plan.tasks)
    }

    /// Each row change's event: for an update, the columns that changed with both values (an
    /// overwritten value is never lost); for an insert nothing, the new row is its record. Only
    /// the details of updates take work: they are built on all cores, and inserts (every row of
    /// a cold sync) are not copied to other threads.
    private func events<Record: Fingerprinted>(
        _ subject: EventKind.Subject, _ changes: [RowChange<Record>]
    ) -> [EventRecord] {
        let updates = changes.indices.filter { changes[$0].old != nil }
        let details = concurrentPerformMap(updates) { index in
            changes[index].old.map { EventDetail(old: $0.fileFields, new: changes[index].new.fileFields).json }
        }
        var detailOf = [String?](repeating: nil, count: changes.count)
        for (index, detail) in zip(updates, details) { detailOf[index] = detail }
        return changes.indices.map { index in
            EventRecord(
                at: now, kind: .row(subject, changes[index].kind), subject: changes[index].new.id,
                detail: detailOf[index] ?? "{}", run: run)
        }
    }
}

extension Fingerprinted {
    /// Whether the row's UUID is among `uuids` and is not `wanted`: another file's row.
    fileprivate func isHeld(by uuids: Set<String>, unless wanted: String?) -> Bool {
        uuid.map { $0 != wanted && uuids.contains($0) } ?? false
    }
}

/// JSON text for the flat objects of event details (RFC 8259 escaping; sorted keys are the
/// caller's). JSONEncoder gives the same text but was a sixth of a cold sync's time. The text
/// is built as UTF-8 bytes: every byte that needs no escape is copied as it is.
public enum JSONText {
    /// `{"key":"value",…}` with null for a missing value.
    public static func object(_ pairs: [(String, String?)]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, (key, value)) in pairs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            append(key, to: &out)
            out.append(UInt8(ascii: ":"))
            if let value { append(value, to: &out) } else { out += "null".utf8 }
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `["value",…]`, for `json_each` in SQL.
    public static func array(_ values: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            append(value, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` quoted and escaped.
    static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        out.reserveCapacity(out.count + text.utf8.count + 2)
        out.append(UInt8(ascii: "\""))
        text.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
                case UInt8(ascii: "\n"): out.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): out.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default: out += [UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
