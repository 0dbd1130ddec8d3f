import Foundation

/// What `workplan dashboard` shows, read from a state store through the store protocol (so any
/// backend serves it), plus what the working tree says now.
public struct DashboardData: Sendable {
    /// Live workstreams (not removed), by id.
    public var workstreams: [WorkstreamRecord]
    /// Live tasks, in workstream then file order.
    public var tasks: [TaskRecord]
    public var dependencies: [DependencyRecord]
    public var events: [EventRecord]
    /// Workplan files whose content differs from what the last sync recorded.
    public var changedFiles: [String] = []
    /// What the last sync recorded of its run (lint errors among it).
    public var lastSync: SyncRunRecord?
    /// Every repository of the store with its counts per domain: on a hub, the others too.
    public var repositories: [RepositorySummary] = []
    /// The runs the events belong to, by id: who made each change, from which commit.
    public var runs: [Int64: RunRecord] = [:]
    /// The content hash the last sync recorded, by path.
    var recordedHashes: [String: String] = [:]

    /// Lists the files whose hash now (`files`: path and hash) differs from the recorded one.
    public mutating func noteChangedFiles(_ files: [(path: String, hash: String)]) {
        changedFiles = files.filter { recordedHashes[$0.path] != $0.hash }.map(\.path).sorted()
    }

    /// Where each workstream's tasks are in `tasks`.
    var taskRanges: [String: Range<Int>] = [:]

    public init<Tasks: Collection<TaskRecord>>(
        workstreams: [WorkstreamRecord], tasks: Tasks, dependencies: [DependencyRecord], events: [EventRecord]
    ) {
        self.workstreams = workstreams.filter { $0.removedAt == nil }.sorted { $0.id < $1.id }
        // Sorted by key, and each record copied once: 100,000 task records are costly to copy.
        let live = tasks.indices.filter { tasks[$0].removedAt == nil }
        let keys = live.map { (tasks[$0].workstreamID ?? "", tasks[$0].position ?? 0, tasks[$0].id) }
        self.tasks = keys.indices.sorted { keys[$0] < keys[$1] }.map { tasks[live[$0]] }
        var start = 0
        while start < self.tasks.count {
            let owner = self.tasks[start].workstreamID ?? ""
            var end = start + 1
            while end < self.tasks.count, self.tasks[end].workstreamID ?? "" == owner { end += 1 }
            taskRanges[owner] = start..<end
            start = end
        }
        self.dependencies = dependencies
        self.events = events
    }

    /// The tasks of a workstream, in file order.
    func tasks(of workstream: String) -> ArraySlice<TaskRecord> { tasks[taskRanges[workstream] ?? 0..<0] }

    /// Reads a store.
    public static func read(_ store: any StateStore) async throws -> DashboardData {
        try await store.read { reader in
            let snapshot = try await reader.snapshot(.everything)
            var data = DashboardData(
                workstreams: Array(snapshot.workstreams.values), tasks: snapshot.tasks.values,
                dependencies: try await reader.dependencies(), events: try await reader.events(subject: nil))
            data.lastSync = try await reader.lastSyncRun()
            data.repositories = try await reader.hubSummary()
            let runIDs = Set(data.events.compactMap(\.run)).sorted()
            for run in try await reader.runs(ids: runIDs) { if let id = run.id { data.runs[id] = run } }
            data.recordedHashes = try await reader.syncState().files.mapValues(\.contentHash)
            return data
        }
    }

    /// The time of the newest event: the dashboard's "now", so that the same store always gives
    /// the same pages.
    public var asOf: String? { events.map(\.at).max() }

}
