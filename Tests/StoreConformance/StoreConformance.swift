import Foundation
import Testing
import WorkplanKit

/// What every state store backend must do, written against the `StateStore` protocol and the
/// library's public API only: the SQLite tests and the PostgreSQL tests run every check, each on
/// fresh stores of their kind (FluentBenchmark's shape).
public struct StoreConformance: Sendable {
    /// Makes a new, empty store.
    public var makeStore: @Sendable () async throws -> any StateStore

    public init(makeStore: @escaping @Sendable () async throws -> any StateStore) {
        self.makeStore = makeStore
    }

    public static let now = "2026-12-01T10:00:00Z"

    public static func workstream(
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

    public static func task(
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
    public static func insertingPlan() -> SyncPlan {
        var plan = SyncPlan()
        plan.workstreams = [RowChange(kind: .inserted, old: nil, new: workstream("T-WP-0001", path: "workplans/a.md"))]
        plan.tasks = [
            RowChange(kind: .inserted, old: nil, new: task("T-WP-0001-T01", of: "T-WP-0001")),
            RowChange(kind: .inserted, old: nil, new: task("T-WP-0001-T02", of: "T-WP-0001", status: "done")),
        ]
        plan.events = [
            EventRecord(at: now, kind: .row(.workstream, .inserted), subject: "T-WP-0001", detail: "{}"),
            EventRecord(at: now, kind: .row(.task, .inserted), subject: "T-WP-0001-T01", detail: "{\"a\":\"b\"}"),
        ]
        plan.dependencies = DependencyRefresh(
            workplanIDs: ["T-WP-0001"], taskIDs: ["T-WP-0001-T01", "T-WP-0001-T02"],
            rows: [DependencyRefresh.Row(from: "T-WP-0001-T02", to: "T-WP-0001-T01", kind: .taskDependsOn)])
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

    public func anEmptyStoreHoldsNothing() async throws {
        let store = try await makeStore()
        try await store.read { reader throws in
            let state = try await reader.syncState()
            #expect(state.files.isEmpty && state.liveWorkstreams.isEmpty && state.liveTaskCount == 0)
            #expect(state.edited?.isEmpty == true)
            let snapshot = try await reader.snapshot(.everything)
            #expect(snapshot.workstreams.isEmpty && snapshot.tasks.isEmpty)
            #expect(try await reader.events(subject: nil).isEmpty)
            #expect(try await reader.progress(domain: nil).workstreams.isEmpty)
            #expect(try await reader.dependencies().isEmpty)
            #expect(try await reader.hubSummary().allSatisfy(\.domains.isEmpty))
        }
    }

    public func anAppliedPlanIsReadBackExactly() async throws {
        let store = try await makeStore()
        let plan = Self.insertingPlan()
        try await store.write { try await $0.apply(plan) }
        try await store.read { reader throws in
            let snapshot = try await reader.snapshot(.everything)
            #expect(snapshot.workstreams["T-WP-0001"] == plan.workstreams[0].new)
            #expect(snapshot.tasks["T-WP-0001-T01"] == plan.tasks[0].new)
            #expect(snapshot.tasks["T-WP-0001-T02"] == plan.tasks[1].new)
            let state = try await reader.syncState()
            #expect(state.files["workplans/a.md"].map(FileRowChange.record) == plan.fileRows.first)
            #expect(state.liveWorkstreams == ["workplans/a.md": ["T-WP-0001"]])
            #expect(state.liveTaskCount == 2)
            #expect(state.edited == [])
            #expect(
                try await reader.events(subject: nil).map(\.kind) == [
                    .row(.workstream, .inserted), .row(.task, .inserted),
                ])
            #expect(try await reader.events(subject: "T-WP-0001-T01").map(\.detail) == ["{\"a\":\"b\"}"])
            let progress = try await reader.progress(domain: "tooling")
            #expect(progress.workstreams.map(\.id) == ["T-WP-0001"])
            #expect(progress.workstreams.first.map { [$0.tasks, $0.done, $0.open] } == [2, 1, 1])
            #expect(progress.openTasks.map(\.id) == ["T-WP-0001-T01"])
            #expect(progress.fileHashes == ["workplans/a.md": "hash-T-WP-0001"])
            #expect(try await reader.progress(domain: "other").workstreams.isEmpty)
            #expect(try await reader.ids(withPrefix: "T-WP-0001-T") == ["T-WP-0001-T01", "T-WP-0001-T02"])
            #expect(try await reader.ids(withPrefix: "T-WP-") == ["T-WP-0001", "T-WP-0001-T01", "T-WP-0001-T02"])
            #expect(try await reader.ids(withPrefix: "T-WP-0002").isEmpty)
            #expect(
                try await reader.dependencies()
                    == [DependencyRecord(from: "T-WP-0001-T02", to: "T-WP-0001-T01", kind: .taskDependsOn)])
            #expect(try await reader.lastSyncRun() == nil)
        }
        // Each sync run replaces the record of the last one.
        for changes in [3, 0] {
            try await store.write {
                try await $0.recordSyncRun(
                    SyncRunRecord(at: Self.now, workplans: 1, changes: changes, lintErrors: 1, skippedFiles: 0))
            }
        }
        let run = try await store.read { try await $0.lastSyncRun() }
        #expect(run == SyncRunRecord(at: Self.now, workplans: 1, changes: 0, lintErrors: 1, skippedFiles: 0))
    }

    /// Text a backend's bulk formats give a meaning (COPY's tab, line end, backslash and `\N`;
    /// JSON's quote) and text beyond ASCII are stored as written.
    public func textOfEveryKindIsStoredAsWritten() async throws {
        let store = try await makeStore()
        let text = "a\tb\\c\nd\r\ne \\N \\t \"q\" é 💡 \u{1}"
        var plan = Self.insertingPlan()
        plan.tasks[0].new.title = text
        plan.tasks[0].new.description = text + "\n"
        plan.tasks[0].new.fingerprint = plan.tasks[0].new.fileFingerprint
        plan.tasks[1].new.description = "\\N"
        plan.events[1].detail = text
        // A `files` row from before times and inodes were kept.
        let old = FileRecord(path: "workplans/\(text).md", size: 7, mtimeNs: 8, contentHash: "h")
        plan.fileRows.append(.record(old))
        try await store.write { try await $0.apply(plan) }
        try await store.read { reader throws in
            let snapshot = try await reader.snapshot(.everything)
            #expect(snapshot.tasks["T-WP-0001-T01"] == plan.tasks[0].new)
            #expect(snapshot.tasks["T-WP-0001-T02"]?.description == "\\N")
            #expect(try await reader.events(subject: "T-WP-0001-T01").map(\.detail) == [text])
            let files = try await reader.syncState().files
            #expect(files[old.path] == old)
            #expect(files["workplans/a.md"].map(FileRowChange.record) == plan.fileRows.first)
        }
    }

    public func renamesUpdatesAndRemovalsKeepTheirRows() async throws {
        let store = try await makeStore()
        try await store.write { try await $0.apply(Self.insertingPlan()) }
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
        try await store.write { [plan] in try await $0.apply(plan) }
        try await store.read { reader throws in
            let snapshot = try await reader.snapshot(.everything)
            #expect(snapshot.tasks.keys.sorted() == ["T-WP-0001-T02", "T-WP-0001-T09"])
            #expect(snapshot.tasks["T-WP-0001-T09"] == renamed)
            #expect(snapshot.tasks["T-WP-0001-T02"]?.removedAt == Self.now)
            let state = try await reader.syncState()
            #expect(state.files.isEmpty)
            #expect(state.liveTaskCount == 1)
        }
    }

    public func aSnapshotOfSomeFilesHoldsOnlyTheRowsTheyTouch() async throws {
        let store = try await makeStore()
        var plan = Self.insertingPlan()
        plan.workstreams.append(
            RowChange(kind: .inserted, old: nil, new: Self.workstream("T-WP-0002", path: "workplans/b.md")))
        plan.tasks.append(RowChange(kind: .inserted, old: nil, new: Self.task("T-WP-0002-T01", of: "T-WP-0002")))
        try await store.write { [plan] in try await $0.apply(plan) }
        try await store.read { reader throws in
            let byPath = try await reader.snapshot(
                .touching(workplans: [], paths: ["workplans/b.md"], workstreams: []))
            #expect(byPath.workstreams.keys.sorted() == ["T-WP-0002"])
            #expect(byPath.tasks.keys.sorted() == ["T-WP-0002-T01"])
            let gone = try await reader.snapshot(.touching(workplans: [], paths: [], workstreams: ["T-WP-0001"]))
            #expect(gone.workstreams.keys.sorted() == ["T-WP-0001"])
            #expect(gone.tasks.keys.sorted() == ["T-WP-0001-T01", "T-WP-0001-T02"])
        }
    }

    public func writesOutsideSyncMarkTheirWorkstreamUntilTheNextSync() async throws {
        let store = try await makeStore()
        try await store.write { try await $0.apply(Self.insertingPlan()) }
        try await store.write { try await $0.cancelTasks(["T-WP-0001-T01"], at: Self.now) }
        try await store.read { reader throws in
            #expect(try await reader.syncState().edited == ["T-WP-0001"])
            #expect(try await reader.snapshot(.everything).tasks["T-WP-0001-T01"]?.status == "cancelled")
        }
        var keep = SyncPlan()
        keep.editMarks = .allExcept(["T-WP-0001"])
        try await store.write { [keep] in try await $0.apply(keep) }
        #expect(try await store.read { try await $0.syncState().edited } == ["T-WP-0001"])
        var clear = SyncPlan()
        clear.editMarks = .only(["T-WP-0001"])
        try await store.write { [clear] in try await $0.apply(clear) }
        #expect(try await store.read { try await $0.syncState().edited } == [])
    }

    public func aFailedTransactionLeavesTheStoreAsItWas() async throws {
        struct Stop: Error {}
        let store = try await makeStore()
        await #expect(throws: Stop.self) {
            try await store.write { transaction throws in
                try await transaction.apply(Self.insertingPlan())
                throw Stop()
            }
        }
        try await store.read { reader throws in
            #expect(try await reader.snapshot(.everything).workstreams.isEmpty)
            #expect(try await reader.events(subject: nil).isEmpty)
            #expect(try await reader.syncState().files.isEmpty)
        }
    }

    public func staleTasksAreThoseNoFileHoldsInClosedWorkstreams() async throws {
        let store = try await makeStore()
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
        try await store.write { [plan] in try await $0.apply(plan) }
        #expect(try await store.read { try await $0.staleTaskIDs() } == ["T-WP-0003-T01"])
        let event = EventRecord(at: Self.now, kind: .cleanup, subject: "cleanup-stale", detail: "{\"count\":1}")
        try await store.write { transaction throws in
            try await transaction.cancelTasks(["T-WP-0003-T01"], at: Self.now)
            try await transaction.recordEvent(event)
        }
        try await store.read { reader throws in
            #expect(try await reader.staleTaskIDs().isEmpty)
            #expect(try await reader.events(subject: "cleanup-stale").map(\.detail) == ["{\"count\":1}"])
            #expect(try await reader.events(subject: "cleanup-stale").map(\.kind) == [.cleanup])
        }
    }

    /// Dependency rows: every kind read back in order, and a refresh replaces the rows of the
    /// workplans and tasks it names (a `blocks` row to a named workplan too), no others.
    public func dependencyRowsAreReplacedPerWorkplanAndTask() async throws {
        let store = try await makeStore()
        var plan = Self.insertingPlan()
        plan.dependencies = DependencyRefresh(
            workplanIDs: ["T-WP-0001"], taskIDs: ["T-WP-0001-T02"],
            rows: [
                .init(from: "T-WP-0001", to: "T-WP-0009", kind: .dependsOn, uuid: "u-1"),
                .init(from: "T-WP-0008", to: "T-WP-0001", kind: .blocks),
                .init(from: "T-WP-0001-T02", to: "T-WP-0001-T01", kind: .taskDependsOn),
                .init(from: "T-WP-0007", to: "T-WP-0006", kind: .dependsOn),
            ])
        try await store.write { [plan] in try await $0.apply(plan) }
        #expect(
            try await store.read { try await $0.dependencies() } == [
                DependencyRecord(from: "T-WP-0001", to: "T-WP-0009", kind: .dependsOn),
                DependencyRecord(from: "T-WP-0001-T02", to: "T-WP-0001-T01", kind: .taskDependsOn),
                DependencyRecord(from: "T-WP-0007", to: "T-WP-0006", kind: .dependsOn),
                DependencyRecord(from: "T-WP-0008", to: "T-WP-0001", kind: .blocks),
            ])
        var refresh = SyncPlan()
        refresh.dependencies = DependencyRefresh(
            workplanIDs: ["T-WP-0001"], taskIDs: ["T-WP-0001-T02"],
            rows: [.init(from: "T-WP-0001", to: "T-WP-0005", kind: .dependsOn)])
        try await store.write { [refresh] in try await $0.apply(refresh) }
        #expect(
            try await store.read { try await $0.dependencies() } == [
                DependencyRecord(from: "T-WP-0001", to: "T-WP-0005", kind: .dependsOn),
                DependencyRecord(from: "T-WP-0007", to: "T-WP-0006", kind: .dependsOn),
            ])
    }

    /// The repository summary: live workstreams per domain with their open and done tasks,
    /// recounted by domain; a removed workstream counts nowhere.
    public func theSummaryCountsLiveWorkstreamsPerDomain() async throws {
        let store = try await makeStore()
        var plan = Self.insertingPlan()
        var removed = Self.workstream("T-WP-0003", path: "workplans/c.md", domain: "tooling")
        removed.removedAt = Self.now
        plan.workstreams += [
            RowChange(kind: .inserted, old: nil, new: Self.workstream("T-WP-0002", path: "b.md", domain: "parsing")),
            RowChange(kind: .inserted, old: nil, new: removed),
        ]
        plan.tasks += [
            RowChange(kind: .inserted, old: nil, new: Self.task("T-WP-0002-T01", of: "T-WP-0002", status: "blocked")),
            RowChange(kind: .inserted, old: nil, new: Self.task("T-WP-0002-T02", of: "T-WP-0002", status: "cancelled")),
            RowChange(kind: .inserted, old: nil, new: Self.task("T-WP-0003-T01", of: "T-WP-0003")),
        ]
        plan.domains = .all
        try await store.write { [plan] in try await $0.apply(plan) }
        let summaries = try await store.read { try await $0.hubSummary() }
        #expect(summaries.count == 1)
        let domains = summaries.first?.domains ?? []
        #expect(domains.map(\.domain) == ["parsing", "tooling"])
        #expect(domains.map(\.workstreams) == [1, 1])
        #expect(domains.map(\.openTasks) == [1, 1])
        #expect(domains.map(\.doneTasks) == [0, 1])
        #expect(domains.map(\.activeWorkstreams) == [1, 1])
    }

    /// The registry a plan carries replaces the one the store held, in its order, and reads
    /// back from the sync state and the summary; a plan without one leaves it; an empty one clears it.
    public func theDomainRegistryIsRecordedReplacedAndCleared() async throws {
        let store = try await makeStore()
        let first: [DomainRegistry.Domain] = [
            .init(slug: "tooling", name: "Tooling", description: "Build and CI"),
            .init(slug: "parsing", name: "Parsing", status: .archived),
        ]
        var plan = Self.insertingPlan()
        plan.registry = first
        try await store.write { [plan] in try await $0.apply(plan) }
        #expect(try await store.read { try await $0.syncState().domainRegistry } == first)
        #expect(try await store.read { try await $0.hubSummary() }.first?.registry == first)

        try await store.write { try await $0.apply(SyncPlan()) }
        #expect(try await store.read { try await $0.syncState().domainRegistry } == first)

        let second: [DomainRegistry.Domain] = [.init(slug: "parsing", name: "Parsers"), first[0]]
        var replacing = SyncPlan()
        replacing.registry = second
        try await store.write { [replacing] in try await $0.apply(replacing) }
        #expect(try await store.read { try await $0.syncState().domainRegistry } == second)

        var clearing = SyncPlan()
        clearing.registry = []
        try await store.write { [clearing] in try await $0.apply(clearing) }
        #expect(try await store.read { try await $0.syncState().domainRegistry }.isEmpty)
    }

    /// A run is recorded with who ran it and from which tree; the events of its plan reference
    /// it, and the summary names it as the repository's last.
    public func runsAreRecordedAndEventsReferenceThem() async throws {
        let store = try await makeStore()
        let run = RunRecord(
            at: Self.now, command: .sync, actor: "ana@example.com", host: "ci-1", tool: "workplan 0.1.0",
            branch: "main", commit: "3f2a9c1d", dirty: true, forced: true)
        let id = try await store.write { transaction in
            let id = try await transaction.beginRun(run, claim: nil)
            var plan = Self.insertingPlan()
            plan.events = plan.events.map { event in
                var stamped = event
                stamped.run = id
                return stamped
            }
            plan.domains = .all
            try await transaction.apply(plan)
            return id
        }
        var expected = run
        expected.id = id
        #expect(try await store.read { try await $0.runs(ids: [id]) } == [expected])
        let events = try await store.read { try await $0.events(subject: nil) }
        #expect(!events.isEmpty && events.allSatisfy { $0.run == id })
        #expect(try await store.read { try await $0.hubSummary() }.first?.lastRun == expected)
    }

    /// Every check, by name, for a backend's parameterised test.
    public static let checks: [(String, @Sendable (StoreConformance) async throws -> Void)] = [
        ("an empty store holds nothing", { try await $0.anEmptyStoreHoldsNothing() }),
        ("an applied plan is read back exactly", { try await $0.anAppliedPlanIsReadBackExactly() }),
        ("text of every kind is stored as written", { try await $0.textOfEveryKindIsStoredAsWritten() }),
        ("renames, updates and removals keep their rows", { try await $0.renamesUpdatesAndRemovalsKeepTheirRows() }),
        (
            "a snapshot of some files holds only the rows they touch",
            { try await $0.aSnapshotOfSomeFilesHoldsOnlyTheRowsTheyTouch() }
        ),
        (
            "writes outside sync mark their workstream",
            { try await $0.writesOutsideSyncMarkTheirWorkstreamUntilTheNextSync() }
        ),
        (
            "a failed transaction leaves the store as it was",
            { try await $0.aFailedTransactionLeavesTheStoreAsItWas() }
        ),
        (
            "stale tasks are those no file holds in closed workstreams",
            { try await $0.staleTasksAreThoseNoFileHoldsInClosedWorkstreams() }
        ),
        (
            "dependency rows are replaced per workplan and task",
            { try await $0.dependencyRowsAreReplacedPerWorkplanAndTask() }
        ),
        ("the summary counts live workstreams per domain", { try await $0.theSummaryCountsLiveWorkstreamsPerDomain() }),
        ("runs are recorded and events reference them", { try await $0.runsAreRecordedAndEventsReferenceThem() }),
        (
            "the domain registry is recorded, replaced and cleared",
            { try await $0.theDomainRegistryIsRecordedReplacedAndCleared() }
        ),
    ]

    /// Runs the check named `name`.
    public func run(_ name: String) async throws {
        let check = try #require(Self.checks.first { $0.0 == name }?.1)
        try await check(self)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
