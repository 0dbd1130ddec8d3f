/// An indexed, immutable copy of every repository's live rows: what the read API and the live
/// dashboard answer from, built once per change of the store (`ReadCache`).
///
/// An id names a row in its own repository first: a dependency on `X` from repository `a`
/// means `a`'s `X` when `a` has one, else the first repository (by name) that does. A target no
/// repository holds is unfinished.
public struct ReadModel: Sendable {
    /// A dependency as the model follows it: the id waited on, and the repository it is
    /// resolved from.
    struct Edge: Sendable {
        var target: String
        var context: String
        var kind: DependencyKind
    }

    public let rows: ReadRows
    /// The store's change token the rows were read at.
    public let token: String
    let workstreamIndex: RowIndex
    let taskIndex: RowIndex
    let tasksOfWorkstream: [String: [Int]]
    /// The repositories holding each id (as a workstream or a task).
    let holders: Holders
    /// What each row (by key) waits on, and what waits on each row (by the target's key).
    let edges: [String: [Edge]]
    let dependents: [String: [(repository: String, id: String, kind: DependencyKind)]]
    /// Whether each task (by index in `rows.tasks`) is ready.
    let ready: [Bool]
    /// The domains the workstreams name, sorted.
    let domainSlugs: [String]

    static func key(_ repository: String, _ id: String) -> String { repository + "\u{0}" + id }

    public init(_ rows: ReadRows, token: String) {
        self.rows = rows
        self.token = token
        var workstreamIndex = RowIndex()
        var holders = Holders()
        for (index, row) in rows.workstreams.enumerated() {
            workstreamIndex.set(row.repository, row.record.id, index)
            holders.add(row.record.id, row.repository)
        }
        var taskIndex = RowIndex()
        var tasksOfWorkstream: [String: [Int]] = [:]
        for (index, row) in rows.tasks.enumerated() {
            taskIndex.set(row.repository, row.record.id, index)
            holders.add(row.record.id, row.repository)
            if let workstream = row.record.workstreamID {
                tasksOfWorkstream[Self.key(row.repository, workstream), default: []].append(index)
            }
        }
        func resolve(_ id: String, from repository: String) -> String? { holders.resolve(id, from: repository) }
        var edges: [String: [Edge]] = [:]
        var dependents: [String: [(repository: String, id: String, kind: DependencyKind)]] = [:]
        for row in rows.dependencies {
            let dependency = row.record
            // A `blocks` row is written by the blocking workplan's repository: `to` is there,
            // `from` (the blocked one) may be anywhere.
            let fromRepository =
                dependency.kind == .blocks
                ? resolve(dependency.from, from: row.repository) ?? row.repository : row.repository
            edges[Self.key(fromRepository, dependency.from), default: []].append(
                Edge(target: dependency.to, context: row.repository, kind: dependency.kind))
            if let targetRepository = resolve(dependency.to, from: row.repository) {
                dependents[Self.key(targetRepository, dependency.to), default: []].append(
                    (fromRepository, dependency.from, dependency.kind))
            }
        }
        self.workstreamIndex = workstreamIndex
        self.taskIndex = taskIndex
        self.tasksOfWorkstream = tasksOfWorkstream
        self.holders = holders
        self.edges = edges
        self.dependents = dependents
        domainSlugs = Set(rows.workstreams.compactMap(\.record.domain)).sorted()
        ready = Self.readiness(
            rows, workstreamIndex: workstreamIndex, taskIndex: taskIndex, holders: holders, edges: edges)
    }

    /// A task is ready when it is `todo` in an `active` workstream, and everything its workstream
    /// and it wait on, in any repository, is finished: a task done, a workstream completed.
    private static func readiness(
        _ rows: ReadRows, workstreamIndex: RowIndex, taskIndex: RowIndex, holders: Holders,
        edges: [String: [Edge]]
    ) -> [Bool] {
        func finished(_ edge: Edge) -> Bool {
            guard let repository = holders.resolve(edge.target, from: edge.context) else { return false }
            if let index = taskIndex[repository, edge.target] {
                return rows.tasks[index].record.status == TaskStatus.done.rawValue
            }
            if let index = workstreamIndex[repository, edge.target] {
                return rows.workstreams[index].record.status == "completed"
            }
            return false
        }
        var workstreamFree: [String: Bool] = [:]
        return rows.tasks.map { row in
            guard row.record.status == TaskStatus.todo.rawValue, let workstream = row.record.workstreamID else {
                return false
            }
            let workstreamKey = Self.key(row.repository, workstream)
            guard let index = workstreamIndex[row.repository, workstream],
                rows.workstreams[index].record.status == "active"
            else {
                return false
            }
            let free =
                workstreamFree[workstreamKey]
                ?? {
                    let value = (edges[workstreamKey] ?? []).allSatisfy(finished)
                    workstreamFree[workstreamKey] = value
                    return value
                }()
            return free && (edges[Self.key(row.repository, row.record.id)] ?? []).allSatisfy(finished)
        }
    }

    /// The repository `id` means when named from `repository`.
    func resolve(_ id: String, from repository: String) -> String? { holders.resolve(id, from: repository) }
}

/// Row positions by repository and id: the ids are the rows' own strings, no key is built.
struct RowIndex: Sendable {
    private var byRepository: [String: [String: Int]] = [:]

    subscript(_ repository: String, _ id: String) -> Int? { byRepository[repository]?[id] }

    mutating func set(_ repository: String, _ id: String, _ index: Int) {
        byRepository[repository, default: [:]][id] = index
    }
}

/// The repositories holding each id: one for nearly every id, kept without an array.
struct Holders: Sendable {
    private var first: [String: String] = [:]
    private var more: [String: [String]] = [:]

    mutating func add(_ id: String, _ repository: String) {
        guard let existing = first[id] else {
            first[id] = repository
            return
        }
        guard existing != repository, !(more[id]?.contains(repository) ?? false) else { return }
        more[id, default: [existing]].append(repository)
    }

    /// The repository `id` means when named from `repository`: that one when it holds it, else
    /// the first (by name) that does.
    func resolve(_ id: String, from repository: String) -> String? {
        guard let one = first[id] else { return nil }
        guard let all = more[id] else { return one }
        return all.contains(repository) ? repository : all.min()
    }
}
