import Foundation
import Testing

@testable import WorkplanKit

/// What every state store backend must do, written against the `StateStore` protocol only.
/// Each backend's suite runs every check on fresh stores of its kind (`SQLiteConformanceTests`).
struct StoreConformance: Sendable {
    /// Makes a new, empty store.
    var makeStore: @Sendable () throws -> any StateStore

    static let now = "2026-12-01T10:00:00Z"

    static func workstream(
        _ id: String, path: String, domain: String = "tooling", status: String = "active"
    )
        -> WorkstreamRecord
    {
        var record = WorkstreamRecord(
            id: id, uuid: "00000000-0000-4000-8000-" + String(id.filter(\.isNumber)).leftPadded(12),
            title: "Title of \(id)", domain: domain, status: status, owner: nil, topicSlug: nil, created: "2026-01-01",
            updated: nil, completed: nil, path: path, contentHash: "hash-\(id)", removedAt: nil, syncedAt: now,
            source: RowSource.file, fingerprint: nil)
        record.fingerprint = record.fileFingerprint
        return record
    }

    static func task(
        _ id: String, of workstream: String, status: String = "todo", source: String = RowSource.file,
        uuid: String? = nil
    ) -> TaskRecord {
        var record = TaskRecord(
            id: id, uuid: uuid, workstreamID: workstream, title: "Task \(id)", phase: "Phase 1", status: status,
            priority: "high", position: 1, line: 10, carriedTo: nil, description: "What \(id) does", source: source,
            removedAt: nil, updatedAt: now, fingerprint: nil)
        record.fingerprint = record.fileFingerprint
        return record
    }

    /// A plan that inserts one workstream with two tasks, their events, a dependency and the
    /// `files` row, and clears every edit mark.
    static func insertingPlan() -> SyncPlan {
        var plan = SyncPlan()
        plan.workstreams = [RowChange(kind: .inserted, old: nil, new: workstream("T-WP-0001", path: "workplans/a.md"))]
        plan.tasks = [
            RowChange(kind: .inserted, old: nil, new: task("T-WP-0001-T01", of: "T-WP-0001")),
            RowChange(kind: .inserted, old: nil, new: task("T-WP-0001-T02", of: "T-WP-0001", status: "done")),
        ]
        plan.events = [
            EventRecord(id: nil, at: now, kind: "workstream.inserted", subject: "T-WP-0001", detail: "{}"),
            EventRecord(id: nil, at: now, kind: "task.inserted", subject: "T-WP-0001-T01", detail: "{\"a\":\"b\"}"),
        ]
        plan.dependencies = DependencyRefresh(
            workplanIDs: ["T-WP-0001"], taskIDs: ["T-WP-0001-T01", "T-WP-0001-T02"],
            rows: [DependencyRefresh.Row(from: "T-WP-0001-T02", to: "T-WP-0001-T01", kind: "task_depends_on")])
        plan.domains = .all
        plan.fileRows = [
            .record(
                FileRecord(
                    path: "workplans/a.md", size: 120, mtimeNs: 1, contentHash: "hash-T-WP-0001", ctimeNs: 2, inode: 3,
                    checkedNs: 4))
        ]
        plan.editMarks = .allExcept([])
        return plan
    }

    // MARK: - Checks

    func anEmptyStoreHoldsNothing() throws {
        let store = try makeStore()
        try store.read { reader throws in
            let state = try reader.syncState()
            #expect(state.files.isEmpty && state.liveWorkstreams.isEmpty && state.liveTaskCount == 0)
            #expect(state.edited?.isEmpty == true)
            let snapshot = try reader.snapshot(.everything)
            #expect(snapshot.workstreams.isEmpty && snapshot.tasks.isEmpty)
            #expect(try reader.events(subject: nil).isEmpty)
            #expect(try reader.progress(domain: nil).workstreams.isEmpty)
        }
    }

    func anAppliedPlanIsReadBackExactly() throws {
        let store = try makeStore()
        let plan = Self.insertingPlan()
        try store.write { try $0.apply(plan) }
        try store.read { reader throws in
            let snapshot = try reader.snapshot(.everything)
            #expect(snapshot.workstreams["T-WP-0001"] == plan.workstreams[0].new)
            #expect(snapshot.tasks["T-WP-0001-T01"] == plan.tasks[0].new)
            #expect(snapshot.tasks["T-WP-0001-T02"] == plan.tasks[1].new)
            let state = try reader.syncState()
            #expect(state.files["workplans/a.md"].map(FileRowChange.record) == plan.fileRows.first)
            #expect(state.liveWorkstreams == ["workplans/a.md": ["T-WP-0001"]])
            #expect(state.liveTaskCount == 2)
            #expect(state.edited == [])
            #expect(try reader.events(subject: nil).map(\.kind) == ["workstream.inserted", "task.inserted"])
            #expect(try reader.events(subject: "T-WP-0001-T01").map(\.detail) == ["{\"a\":\"b\"}"])
            let progress = try reader.progress(domain: "tooling")
            #expect(progress.workstreams.map(\.id) == ["T-WP-0001"])
            #expect(progress.workstreams.first.map { [$0.tasks, $0.done, $0.open] } == [2, 1, 1])
            #expect(progress.openTasks.map(\.id) == ["T-WP-0001-T01"])
            #expect(progress.fileHashes == ["workplans/a.md": "hash-T-WP-0001"])
            #expect(try reader.progress(domain: "other").workstreams.isEmpty)
            #expect(try reader.ids(withPrefix: "T-WP-0001-T") == ["T-WP-0001-T01", "T-WP-0001-T02"])
            #expect(try reader.ids(withPrefix: "T-WP-") == ["T-WP-0001", "T-WP-0001-T01", "T-WP-0001-T02"])
            #expect(try reader.ids(withPrefix: "T-WP-0002").isEmpty)
            #expect(
                try reader.dependencies()
                    == [DependencyRecord(from: "T-WP-0001-T02", to: "T-WP-0001-T01", kind: "task_depends_on")])
            #expect(try reader.lastSyncRun() == nil)
        }
        // Each sync run replaces the record of the last one.
        for changes in [3, 0] {
            try store.write {
                try $0.recordSyncRun(
                    SyncRunRecord(at: Self.now, workplans: 1, changes: changes, lintErrors: 1, skippedFiles: 0))
            }
        }
        try store.read { reader throws in
            #expect(
                try reader.lastSyncRun()
                    == SyncRunRecord(at: Self.now, workplans: 1, changes: 0, lintErrors: 1, skippedFiles: 0))
        }
    }

    func renamesUpdatesAndRemovalsKeepTheirRows() throws {
        let store = try makeStore()
        try store.write { try $0.apply(Self.insertingPlan()) }
        let old = Self.task("T-WP-0001-T01", of: "T-WP-0001")
        var renamed = Self.task("T-WP-0001-T09", of: "T-WP-0001", status: "in_progress")
        renamed.uuid = old.uuid
        let gone = Self.task("T-WP-0001-T02", of: "T-WP-0001", status: "done")
        var removed = gone
        removed.removedAt = Self.now
        var plan = SyncPlan()
        plan.tasks = [
            RowChange(kind: .renamed, old: old, new: renamed), RowChange(kind: .removed, old: gone, new: removed),
        ]
        plan.fileRows = [.delete("workplans/a.md")]
        try store.write { try $0.apply(plan) }
        try store.read { reader throws in
            let snapshot = try reader.snapshot(.everything)
            #expect(snapshot.tasks.keys.sorted() == ["T-WP-0001-T02", "T-WP-0001-T09"])
            #expect(snapshot.tasks["T-WP-0001-T09"] == renamed)
            #expect(snapshot.tasks["T-WP-0001-T02"]?.removedAt == Self.now)
            let state = try reader.syncState()
            #expect(state.files.isEmpty)
            #expect(state.liveTaskCount == 1)
        }
    }

    func aSnapshotOfSomeFilesHoldsOnlyTheRowsTheyTouch() throws {
        let store = try makeStore()
        var plan = Self.insertingPlan()
        plan.workstreams.append(
            RowChange(kind: .inserted, old: nil, new: Self.workstream("T-WP-0002", path: "workplans/b.md")))
        plan.tasks.append(RowChange(kind: .inserted, old: nil, new: Self.task("T-WP-0002-T01", of: "T-WP-0002")))
        try store.write { try $0.apply(plan) }
        try store.read { reader throws in
            let byPath = try reader.snapshot(.touching(workplans: [], paths: ["workplans/b.md"], workstreams: []))
            #expect(byPath.workstreams.keys.sorted() == ["T-WP-0002"])
            #expect(byPath.tasks.keys.sorted() == ["T-WP-0002-T01"])
            let gone = try reader.snapshot(.touching(workplans: [], paths: [], workstreams: ["T-WP-0001"]))
            #expect(gone.workstreams.keys.sorted() == ["T-WP-0001"])
            #expect(gone.tasks.keys.sorted() == ["T-WP-0001-T01", "T-WP-0001-T02"])
        }
    }

    func writesOutsideSyncMarkTheirWorkstreamUntilTheNextSync() throws {
        let store = try makeStore()
        try store.write { try $0.apply(Self.insertingPlan()) }
        try store.write { try $0.cancelTasks(["T-WP-0001-T01"], at: Self.now) }
        try store.read { reader throws in
            #expect(try reader.syncState().edited == ["T-WP-0001"])
            #expect(try reader.snapshot(.everything).tasks["T-WP-0001-T01"]?.status == "cancelled")
        }
        var keep = SyncPlan()
        keep.editMarks = .allExcept(["T-WP-0001"])
        try store.write { try $0.apply(keep) }
        #expect(try store.read { try $0.syncState().edited } == ["T-WP-0001"])
        var clear = SyncPlan()
        clear.editMarks = .only(["T-WP-0001"])
        try store.write { try $0.apply(clear) }
        #expect(try store.read { try $0.syncState().edited } == [])
    }

    func aFailedTransactionLeavesTheStoreAsItWas() throws {
        struct Stop: Error {}
        let store = try makeStore()
        #expect(throws: Stop.self) {
            try store.write { transaction throws in
                try transaction.apply(Self.insertingPlan())
                throw Stop()
            }
        }
        try store.read { reader throws in
            #expect(try reader.snapshot(.everything).workstreams.isEmpty)
            #expect(try reader.events(subject: nil).isEmpty)
            #expect(try reader.syncState().files.isEmpty)
        }
    }

    func staleTasksAreThoseNoFileHoldsInClosedWorkstreams() throws {
        let store = try makeStore()
        var plan = SyncPlan()
        plan.workstreams = [
            RowChange(kind: .inserted, old: nil, new: Self.workstream("T-WP-0003", path: "c.md", status: "completed")),
            RowChange(kind: .inserted, old: nil, new: Self.workstream("T-WP-0004", path: "d.md")),
        ]
        plan.tasks = [
            RowChange(kind: .inserted, old: nil, new: Self.task("T-WP-0003-T01", of: "T-WP-0003", source: "agent")),
            RowChange(
                kind: .inserted, old: nil,
                new: Self.task("T-WP-0003-T02", of: "T-WP-0003", status: "done", source: "agent")),
            RowChange(kind: .inserted, old: nil, new: Self.task("T-WP-0003-T03", of: "T-WP-0003")),
            RowChange(kind: .inserted, old: nil, new: Self.task("T-WP-0004-T01", of: "T-WP-0004", source: "agent")),
        ]
        try store.write { try $0.apply(plan) }
        #expect(try store.read { try $0.staleTaskIDs() } == ["T-WP-0003-T01"])
        let event = EventRecord(
            id: nil, at: Self.now, kind: "cleanup", subject: "cleanup-stale", detail: "{\"count\":1}")
        try store.write { transaction throws in
            try transaction.cancelTasks(["T-WP-0003-T01"], at: Self.now)
            try transaction.recordEvent(event)
        }
        try store.read { reader throws in
            #expect(try reader.staleTaskIDs().isEmpty)
            #expect(try reader.events(subject: "cleanup-stale").map(\.detail) == ["{\"count\":1}"])
        }
    }

    /// Every check, by name, for a backend's parameterised test.
    static let checks: [(String, @Sendable (StoreConformance) throws -> Void)] = [
        ("an empty store holds nothing", { try $0.anEmptyStoreHoldsNothing() }),
        ("an applied plan is read back exactly", { try $0.anAppliedPlanIsReadBackExactly() }),
        ("renames, updates and removals keep their rows", { try $0.renamesUpdatesAndRemovalsKeepTheirRows() }),
        (
            "a snapshot of some files holds only the rows they touch",
            { try $0.aSnapshotOfSomeFilesHoldsOnlyTheRowsTheyTouch() }
        ),
        (
            "writes outside sync mark their workstream",
            { try $0.writesOutsideSyncMarkTheirWorkstreamUntilTheNextSync() }
        ),
        ("a failed transaction leaves the store as it was", { try $0.aFailedTransactionLeavesTheStoreAsItWas() }),
        (
            "stale tasks are those no file holds in closed workstreams",
            { try $0.staleTasksAreThoseNoFileHoldsInClosedWorkstreams() }
        ),
    ]
}

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}

/// The conformance checks on the SQLite backend: in memory and in a file.
@Suite struct SQLiteConformanceTests {
    @Test(arguments: StoreConformance.checks.map(\.0))
    func inMemory(_ check: String) throws {
        let run = try #require(StoreConformance.checks.first { $0.0 == check }?.1)
        try run(StoreConformance { try SQLiteStateStore() })
    }

    @Test(arguments: StoreConformance.checks.map(\.0))
    func inAFile(_ check: String) throws {
        let run = try #require(StoreConformance.checks.first { $0.0 == check }?.1)
        let directory = try TemporaryDirectory()
        let path = directory.path + "/.workplan/state.sqlite"
        try run(StoreConformance { try SQLiteStateStore(path: path) })
    }
}

/// What a dry run reads when there is no store: nothing, and it refuses to be written.
@Suite struct EmptyStoreTests {
    @Test func anEmptyStoreReadsNothingAndRefusesWrites() throws {
        try StoreConformance { EmptyStore() }.anEmptyStoreHoldsNothing()
        #expect(throws: StoreError.self) {
            try EmptyStore().write { try $0.apply(StoreConformance.insertingPlan()) }
        }
    }
}
