import Foundation

/// A planned write: the file changes and what they are about.
public struct PlannedWrite: Sendable {
    public var changes: [FileChange]
    public var workplan: String?
    public var task: String?
    /// The closure, for `close`: the store records it as a closure, not as a plain sync.
    public var closure: ClosurePlan?

    public init(changes: [FileChange], workplan: String?, task: String?, closure: ClosurePlan? = nil) {
        self.changes = changes
        self.workplan = workplan
        self.task = task
        self.closure = closure
    }
}

/// What became of the store after a write: updated, or why not.
public struct StoreUpdate: Encodable, Sendable, Hashable {
    public var updated: Bool
    public var reason: String?

    /// The store holds the write.
    public static let updated = StoreUpdate(updated: true, reason: nil)

    /// The store does not hold the write; `reason` says why (the next `sync` catches up).
    public static func notUpdated(_ reason: String) -> StoreUpdate { StoreUpdate(updated: false, reason: reason) }

    /// `store: updated`, or `store: not updated: REASON`.
    public var text: String { updated ? "store: updated" : "store: not updated: \(reason ?? "unknown")" }

    enum CodingKeys: String, CodingKey { case updated, reason }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(updated, forKey: .updated)
        try container.encode(reason, forKey: .reason)
    }
}

/// A write as every front end reports it: what was written, and the store's outcome beside it
/// (`{"write": {...}, "store": {"updated": bool, "reason": ...}}`).
public struct WriteOutcome<Write: Encodable & Sendable>: Encodable, Sendable {
    public var write: Write
    public var store: StoreUpdate
}

/// A closure as reported: the files written and what the closure decided.
public struct ClosureWrite: Encodable, Sendable {
    public var workplan: String
    public var date: String
    public var outcome: String
    public var files: [WriteResult]
}

/// What a write did (or, in a dry run, would do).
public struct WrittenChange: Sendable {
    /// One result per file the plan changes (or would change, in a dry run).
    public var results: [WriteResult]
    /// The unified diff of every change.
    public var diff: String
    public var planned: PlannedWrite
    /// The store's outcome; nil in a dry run, and when there is no store.
    public var store: StoreUpdate?

    /// A one-file write's report: its result and the store's outcome.
    public var single: WriteOutcome<WriteResult>? {
        results.first.map { WriteOutcome(write: $0, store: reportedStore) }
    }

    /// A closure's report.
    public var closure: WriteOutcome<ClosureWrite>? {
        planned.closure.map {
            WriteOutcome(
                write: ClosureWrite(workplan: $0.workplanID, date: $0.date, outcome: $0.outcome, files: results),
                store: reportedStore)
        }
    }

    /// The outcome in JSON: without a store, not updated for that reason.
    var reportedStore: StoreUpdate { store ?? .notUpdated("no state store") }
}

extension Workspace {
    /// The one write policy of every front end. Loads the workplans, plans with `plan`, writes
    /// the changes atomically unless `dryRun` (compare-and-set: `EditRefusal` when refused, with
    /// `isConflict` when a file or value changed since it was read); then, when a store exists,
    /// syncs the written files into it. The write stands on its own: a store that cannot be
    /// updated is reported in `store`, never thrown.
    public func write(
        dryRun: Bool, _ plan: (WorkplanSet) throws(EditRefusal) -> PlannedWrite
    ) async throws -> WrittenChange {
        let set = try WorkplanSet.load(configuration, workingDirectory: workingDirectory)
        let planned = try plan(set)
        var change = WrittenChange(
            results: planned.changes.map { WriteResult($0, workplan: planned.workplan, task: planned.task) },
            diff: planned.changes.map(\.unifiedDiff).joined(), planned: planned)
        guard !dryRun else { return change }
        do {
            try ChangeWriter.write(planned.changes)
        } catch {
            throw EditRefusal.write(error)
        }
        change.store = await updateStore(
            paths: planned.changes.filter { !$0.isEmpty }.map(\.absolutePath), closure: planned.closure)
        // Sync may have written store ids into the files: each `sha256` is what a caller's next
        // `--if-hash` must give.
        for (index, file) in planned.changes.enumerated() where index < change.results.count {
            if case .success(let bytes) = FileReader.read(file.absolutePath, maxBytes: Int.max) {
                change.results[index].sha256 = SHA256.hex(bytes)
            }
        }
        return change
    }

    /// After a write: syncs the files at `paths` (and records `closure`), when a store exists;
    /// what became of the store, never thrown.
    func updateStore(paths: [String], closure: ClosurePlan?) async -> StoreUpdate? {
        guard store.mayExist else { return nil }
        var options = SyncOptions()
        options.paths = paths
        options.command = closure == nil ? .write : .close
        guard !paths.isEmpty || closure != nil else { return .updated }
        do {
            let report = try await SyncEngine(self).run(options)
            if let skipped = report.skippedFiles.first {
                return .notUpdated("\(skipped) was skipped: run 'workplan lint'")
            }
            if let brake = report.brake { return .notUpdated(brake) }
            if let closure { try await record(closure, run: report.run) }
            return .updated
        } catch SyncError.database(let message) {
            return .notUpdated(message)
        } catch SyncError.refused(let message) {
            return .notUpdated(message)
        } catch let error as StoreError {
            return .notUpdated(StoreError.message(error))
        } catch {
            return .notUpdated(error.localizedDescription)
        }
    }

    /// The detail of a `closure` event.
    private struct ClosureDetail: Encodable {
        var date: String
        var outcome: String
        var cancelled: [String]
        var carried: [String: String]
    }

    /// Records one `closure` event: its date, outcome, cancelled tasks and carried ones.
    private func record(_ plan: ClosurePlan, run: Int64?) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let detail = ClosureDetail(
            date: plan.date, outcome: plan.outcome, cancelled: plan.cancelled,
            carried: Dictionary(plan.carried.map { ($0.from, $0.to) }, uniquingKeysWith: { first, _ in first }))
        let event = EventRecord(
            at: now(), kind: .closure, subject: plan.workplanID,
            detail: String(decoding: try encoder.encode(detail), as: UTF8.self), run: run)
        try await store.open().write { try await $0.recordEvent(event) }
    }

    // MARK: - The writes

    /// `task add`: a task with the next free id at the end of a phase.
    public func addTask(
        _ task: NewTask, to workplanID: String, force: Bool, expecting: WriteExpectation, dryRun: Bool
    ) async throws -> WrittenChange {
        let taken = await takenIDs(prefix: workplanID + "-T")
        let today = today()
        return try await write(dryRun: dryRun) { set throws(EditRefusal) in
            let (change, taskID) = try TaskAdder.plan(
                task, to: workplanID, force: force, expecting: expecting, today: today, in: set, taken: taken)
            return PlannedWrite(changes: [change], workplan: workplanID, task: taskID)
        }
    }

    /// `task set-status`.
    public func setTaskStatus(
        _ taskID: String, to status: String, carriedTo: String?, force: Bool, expecting: WriteExpectation,
        dryRun: Bool
    ) async throws -> WrittenChange {
        let today = today()
        return try await write(dryRun: dryRun) { set throws(EditRefusal) in
            let change = try TaskEditor.setStatus(
                taskID, to: status, carriedTo: carriedTo, force: force, expecting: expecting, today: today, in: set)
            return PlannedWrite(
                changes: [change], workplan: set.workplan(holdingTask: taskID)?.workplan.id, task: taskID)
        }
    }

    /// `task set-priority`.
    public func setTaskPriority(
        _ taskID: String, to priority: String, expecting: WriteExpectation, dryRun: Bool
    ) async throws -> WrittenChange {
        let today = today()
        return try await write(dryRun: dryRun) { set throws(EditRefusal) in
            let change = try TaskEditor.setPriority(taskID, to: priority, expecting: expecting, today: today, in: set)
            return PlannedWrite(
                changes: [change], workplan: set.workplan(holdingTask: taskID)?.workplan.id, task: taskID)
        }
    }

    /// `close`: the Workstream Closure Protocol.
    public func close(
        _ workplanID: String, date: String?, cancelOpen: Bool, carryForwardTo target: String?,
        expecting: WriteExpectation, dryRun: Bool
    ) async throws -> WrittenChange {
        let today = today()
        return try await write(dryRun: dryRun) { set throws(EditRefusal) in
            let plan = try WorkplanCloser.plan(
                workplanID, date: date, cancelOpen: cancelOpen, carryForwardTo: target, expecting: expecting,
                today: today, in: set)
            return PlannedWrite(changes: plan.changes, workplan: plan.workplanID, task: nil, closure: plan)
        }
    }
}
