import Foundation

/// Filters of the read API's lists; nil matches everything.
public struct WorkstreamFilter: Sendable, Hashable {
    public var domain: String?
    public var repository: String?
    public var status: String?
    /// Text in the id or title, any case.
    public var text: String?

    public init(domain: String? = nil, repository: String? = nil, status: String? = nil, text: String? = nil) {
        self.domain = domain
        self.repository = repository
        self.status = status
        self.text = text
    }
}

public struct TaskFilter: Sendable, Hashable {
    public var status: String?
    public var priority: String?
    public var domain: String?
    public var repository: String?
    /// The workstream's owner.
    public var owner: String?
    public var ready: Bool?
    /// Only this workstream's tasks.
    public var workstream: String?

    public init(
        status: String? = nil, priority: String? = nil, domain: String? = nil, repository: String? = nil,
        owner: String? = nil, ready: Bool? = nil, workstream: String? = nil
    ) {
        self.workstream = workstream
        self.status = status
        self.priority = priority
        self.domain = domain
        self.repository = repository
        self.owner = owner
        self.ready = ready
    }
}

/// A position in a list, as `next` gives it and `cursor` takes it back: digits (an offset, or for
/// the history feed the last event's id), opaque to clients.
public enum ReadCursor {
    public static func encode(_ offset: Int) -> String { String(offset) }

    /// The position `cursor` names; nil for anything but 1 to 12 digits.
    public static func decode(_ cursor: String) -> Int? {
        guard (1...12).contains(cursor.utf8.count), cursor.utf8.allSatisfy({ (48...57).contains($0) }) else {
            return nil
        }
        return Int(cursor)
    }
}

extension ReadModel {
    // MARK: - Lists

    public func workstreams(
        _ filter: WorkstreamFilter, offset: Int, limit: Int
    )
        -> ReadValues.Page<
            ReadValues.Workstream
        >
    {
        let needle = filter.text?.lowercased()
        let matching = rows.workstreams.indices.filter { index in
            let row = rows.workstreams[index]
            let record = row.record
            return (filter.repository == nil || row.repository == filter.repository)
                && (filter.domain == nil || record.domain == filter.domain)
                && (filter.status == nil || record.status == filter.status)
                && (needle.map { record.id.lowercased().contains($0) || record.title.lowercased().contains($0) }
                    ?? true)
        }
        return ReadValues.Page(matching, offset: offset, limit: limit) { workstreamValue($0) }
    }

    public func tasks(_ filter: TaskFilter, offset: Int, limit: Int) -> ReadValues.Page<ReadValues.Task> {
        let matching = rows.tasks.indices.filter { index in
            let row = rows.tasks[index]
            let record = row.record
            guard filter.repository == nil || row.repository == filter.repository,
                filter.status == nil || record.status == filter.status,
                filter.priority == nil || record.priority == filter.priority,
                filter.ready == nil || ready[index] == filter.ready,
                filter.workstream == nil || record.workstreamID == filter.workstream
            else { return false }
            guard filter.domain != nil || filter.owner != nil else { return true }
            let workstream = workstream(of: row)
            return (filter.domain == nil || workstream?.domain == filter.domain)
                && (filter.owner == nil || workstream?.owner == filter.owner)
        }
        return ReadValues.Page(matching, offset: offset, limit: limit) { taskValue($0) }
    }

    // MARK: - One row

    /// The workstream `id` of `repository` (or of the first repository holding it).
    public func workstream(_ id: String, repository: String? = nil) -> ReadValues.WorkstreamDetail? {
        guard let holder = repository ?? holders.resolve(id, from: ""),
            let index = workstreamIndex[holder, id]
        else { return nil }
        let row = rows.workstreams[index]
        let key = Self.key(holder, id)
        let tasks = tasksOfWorkstream[key] ?? []
        var phases: [ReadValues.Phase] = []
        for index in tasks {
            let detail = taskDetail(index)
            if phases.last?.name == rows.tasks[index].record.phase, !phases.isEmpty {
                phases[phases.count - 1].tasks.append(detail)
            } else {
                phases.append(ReadValues.Phase(name: rows.tasks[index].record.phase, tasks: [detail]))
            }
        }
        return ReadValues.WorkstreamDetail(
            workstream: workstreamValue(index), phases: phases, waitsOn: links(from: key),
            waitedOnBy: links(to: key), closure: closure(row.record, tasks: tasks), history: [])
    }

    public func task(_ id: String, repository: String? = nil) -> ReadValues.TaskDetail? {
        guard let holder = repository ?? holders.resolve(id, from: ""), let index = taskIndex[holder, id] else {
            return nil
        }
        return taskDetail(index)
    }

    // MARK: - Values

    func workstream(of row: ForeignRows.Row<TaskRecord>) -> WorkstreamRecord? {
        guard let id = row.record.workstreamID, let index = workstreamIndex[row.repository, id] else {
            return nil
        }
        return rows.workstreams[index].record
    }

    func workstreamValue(_ index: Int) -> ReadValues.Workstream {
        let row = rows.workstreams[index]
        let record = row.record
        var counts = ReadValues.TaskCounts()
        for task in tasksOfWorkstream[Self.key(row.repository, record.id)] ?? [] {
            counts.total += 1
            switch TaskStatus(rawValue: rows.tasks[task].record.status) {
            case .done: counts.done += 1
            case .cancelled: counts.cancelled += 1
            case .carriedForward: counts.carriedForward += 1
            case let status? where status.isOpen: counts.open += 1
            default: break
            }
        }
        return ReadValues.Workstream(
            repository: row.repository, id: record.id, title: record.title, domain: record.domain,
            status: record.status, owner: record.owner, created: record.created, updated: record.updated,
            completed: record.completed, path: record.path, tasks: counts)
    }

    func taskValue(_ index: Int) -> ReadValues.Task {
        let row = rows.tasks[index]
        let record = row.record
        let workstream = workstream(of: row)
        return ReadValues.Task(
            repository: row.repository, id: record.id, workstream: record.workstreamID,
            workstreamTitle: workstream?.title, title: record.title, phase: record.phase, status: record.status,
            priority: record.priority, domain: workstream?.domain, owner: workstream?.owner, ready: ready[index],
            dependsOn: (edges[Self.key(row.repository, record.id)] ?? []).map(\.target),
            updatedAt: record.updatedAt, path: workstream?.path, line: record.line)
    }

    func taskDetail(_ index: Int) -> ReadValues.TaskDetail {
        let row = rows.tasks[index]
        let key = Self.key(row.repository, row.record.id)
        return ReadValues.TaskDetail(
            task: taskValue(index), description: row.record.description, waitsOn: links(from: key),
            waitedOnBy: links(to: key))
    }

    private func links(from key: String) -> [ReadValues.Link] {
        (edges[key] ?? []).map { edge in
            link(edge.target, repository: resolve(edge.target, from: edge.context), edge.kind)
        }
    }

    private func links(to key: String) -> [ReadValues.Link] {
        (dependents[key] ?? []).map { link($0.id, repository: $0.repository, $0.kind) }
    }

    private func link(_ id: String, repository: String?, _ kind: DependencyKind) -> ReadValues.Link {
        guard let repository else {
            return ReadValues.Link(
                kind: kind.rawValue, id: id, repository: nil, title: nil, status: nil, finished: false)
        }
        if let index = taskIndex[repository, id] {
            let record = rows.tasks[index].record
            return ReadValues.Link(
                kind: kind.rawValue, id: id, repository: repository, title: record.title, status: record.status,
                finished: record.status == TaskStatus.done.rawValue)
        }
        if let index = workstreamIndex[repository, id] {
            let record = rows.workstreams[index].record
            return ReadValues.Link(
                kind: kind.rawValue, id: id, repository: repository, title: record.title, status: record.status,
                finished: record.status == "completed")
        }
        return ReadValues.Link(kind: kind.rawValue, id: id, repository: nil, title: nil, status: nil, finished: false)
    }

    private func closure(_ record: WorkstreamRecord, tasks: [Int]) -> ReadValues.Closure? {
        guard record.status == "completed" else { return nil }
        var closure = ReadValues.Closure(completed: record.completed, done: [], cancelled: [], carriedForward: [])
        for index in tasks {
            let task = rows.tasks[index].record
            switch TaskStatus(rawValue: task.status) {
            case .done: closure.done.append(task.id)
            case .cancelled: closure.cancelled.append(task.id)
            case .carriedForward:
                closure.carriedForward.append(.init(id: task.id, carriedTo: task.carriedTo))
            default: break
            }
        }
        return closure
    }
}
