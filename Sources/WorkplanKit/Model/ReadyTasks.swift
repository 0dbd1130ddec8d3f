/// A task someone can start now (`workplan ready`).
public struct ReadyTask: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    public var priority: String?
    public var phase: String?
    public var workplan: String
    public var domain: String?
    /// Where its block is, relative to the working directory, and its 1-based line.
    public var path: String
    public var line: Int
}

/// The open tasks nothing waits on, read from the files alone (ADR-001): `todo` tasks of
/// `active` workplans whose `depends_on` tasks are all done, in workplans whose blocking
/// dependencies are finished: every workplan they depend on is completed and every task done,
/// and every workplan that declares `blocks:` them is completed. A dependency no workplan
/// declares counts as unfinished. Ordered by priority (critical first, none last), then path and
/// file order.
public enum ReadyTasks {
    public static func find(in set: WorkplanSet, domain: String? = nil, workplan wanted: String? = nil) -> [ReadyTask] {
        var taskDone: [String: Bool] = [:]
        var workplanCompleted: [String: Bool] = [:]
        var blockers: [String: [String]] = [:]
        for (_, workplan) in set.entries {
            guard let id = workplan.id else { continue }
            workplanCompleted[id] = workplan.status == .completed
            for task in workplan.tasks { if let taskID = task.id { taskDone[taskID] = task.status == .done } }
            for dependency in workplan.dependencies where dependency.kind == .blocks {
                blockers[dependency.target, default: []].append(id)
            }
        }
        func finished(_ id: String) -> Bool { taskDone[id] ?? workplanCompleted[id] ?? false }

        var ready: [ReadyTask] = []
        for (source, workplan) in set.entries where workplan.status == .active && workplan.isReliable {
            guard let id = workplan.id, wanted == nil || wanted == id else { continue }
            let workplanDomain = workplan.frontMatter?.string("domain")
            guard domain == nil || domain == workplanDomain else { continue }
            let waitsOn =
                workplan.dependencies.filter { $0.kind == .dependsOn }.map(\.target) + blockers[id, default: []]
            guard waitsOn.allSatisfy(finished) else { continue }
            for task in workplan.tasks where task.status == .todo {
                guard let taskID = task.id, task.dependsOn.allSatisfy({ finished($0.text) }) else { continue }
                ready.append(
                    ReadyTask(
                        id: taskID, title: task.title, priority: task.priority?.rawValue, phase: task.phase,
                        workplan: id, domain: workplanDomain, path: source.displayPath, line: task.location.line))
            }
        }
        return TaskPriority.ordered(ready, by: \.priority)
    }
}

extension TaskPriority {
    /// `items` by priority (critical first, none or unknown last), in their order otherwise.
    public static func ordered<Item>(_ items: [Item], by priority: (Item) -> String?) -> [Item] {
        let rank = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1.rawValue, $0) })
        return items.enumerated().sorted { left, right in
            let leftRank = priority(left.element).flatMap { rank[$0] } ?? rank.count
            let rightRank = priority(right.element).flatMap { rank[$0] } ?? rank.count
            return leftRank != rightRank ? leftRank < rightRank : left.offset < right.offset
        }.map(\.element)
    }
}

/// What `workplan ready --format json` prints and the MCP tool `ready_tasks` returns.
public struct ReadyReport: Codable, Sendable, Equatable {
    public var tasks: [ReadyTask]

    public init(tasks: [ReadyTask]) { self.tasks = tasks }
}
