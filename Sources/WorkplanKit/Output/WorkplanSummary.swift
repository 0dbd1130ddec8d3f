/// The stable, documented JSON shape of `workplan show`: what people and agents read instead of parsing files.
public struct WorkplanSummary: Codable, Hashable, Sendable {
    /// One task.
    public struct Task: Codable, Hashable, Sendable {
        public var id: String?
        public var status: String?
        public var priority: String?
        public var title: String
        public var phase: String?
        public var line: Int
        public var uuid: String?
        public var carriedTo: String?
        public var carriedFrom: String?
        public var dependsOn: [String]

        enum CodingKeys: String, CodingKey {
            case id, status, priority, title, phase, line, uuid
            case carriedTo = "carried_to"
            case carriedFrom = "carried_from"
            case dependsOn = "depends_on"
        }
    }

    /// One dependency.
    public struct Dependency: Codable, Hashable, Sendable {
        public var kind: DependencyKind
        public var target: String
        public var uuid: String?
    }

    public var id: String?
    public var title: String?
    public var status: String?
    public var domain: String?
    public var owner: String?
    public var topicSlug: String?
    public var uuid: String?
    public var created: String?
    public var updated: String?
    public var completed: String?
    public var path: String
    public var dependencies: [Dependency]
    public var tasks: [Task]
    /// The store's latest changes of the workstream row, with who made them from which commit
    /// (nil without a store).
    public var history: [Change]?

    /// One change of the workstream's row, as the store recorded it.
    public struct Change: Codable, Hashable, Sendable {
        public var at: String
        public var kind: String
        public var run: RunRecord?
    }

    enum CodingKeys: String, CodingKey {
        case id, title, status, domain, owner, uuid, created, updated, completed, path, dependencies, tasks, history
        case topicSlug = "topic_slug"
    }

    /// The summary of a parsed workplan.
    public init(_ workplan: Workplan) {
        let frontMatter = workplan.frontMatter
        id = workplan.id
        title = workplan.title
        status = workplan.statusText
        domain = frontMatter?.string("domain")
        owner = frontMatter?.string("owner")
        topicSlug = frontMatter?.string("topic_slug")
        uuid = workplan.uuid
        created = frontMatter?.string("created")
        updated = frontMatter?.string("updated")
        completed = frontMatter?.string("completed")
        path = workplan.path
        dependencies = workplan.dependencies.map {
            Dependency(kind: $0.kind, target: $0.target, uuid: $0.uuid?.text)
        }
        tasks = workplan.tasks.map { task in
            Task(
                id: task.id, status: task.statusText, priority: task.fields?.string("priority"), title: task.title,
                phase: task.phase, line: task.location.line, uuid: task.uuid, carriedTo: task.carriedTo,
                carriedFrom: task.carriedFrom, dependsOn: task.dependsOn.map(\.text))
        }
    }

    /// A human-readable rendering.
    public var text: String {
        var out = "\(id ?? "(no id)")  \(title ?? "")\n"
        out += "status: \(status ?? "-")   domain: \(domain ?? "-")   owner: \(owner ?? "-")\n"
        out += "created: \(created ?? "-")   updated: \(updated ?? "-")   completed: \(completed ?? "-")\n"
        out += "path: \(path)\n"
        if !dependencies.isEmpty {
            out += "dependencies:\n"
            for dependency in dependencies {
                out += "  \(dependency.kind == .blocks ? "blocks" : "depends on") \(dependency.target)\n"
            }
        }
        out += "tasks (\(tasks.count)):\n"
        var phase: String?
        for task in tasks {
            if task.phase != phase, let name = task.phase {
                out += "  \(name)\n"
                phase = task.phase
            }
            let status = (task.status ?? "-").padding(toLength: 15, withPad: " ", startingAt: 0)
            let priority = (task.priority ?? "-").padding(toLength: 8, withPad: " ", startingAt: 0)
            out += "    \(task.id ?? "(no id)")  \(status) \(priority) \(task.title)  (line \(task.line))\n"
        }
        if let history, !history.isEmpty {
            out += "history (latest \(history.count)):\n"
            for change in history {
                out += "  \(change.at)  \(change.kind)" + (change.run.map { "  by \($0.provenance)" } ?? "") + "\n"
            }
        }
        return out
    }
}

/// One line per workplan: what the MCP tool `list_workplans` returns.
public struct WorkplanListing: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var id: String?
        public var title: String?
        public var status: String?
        public var domain: String?
        public var path: String
        public var tasks: Int
        /// Tasks todo, in progress or blocked.
        public var open: Int
    }

    public var workplans: [Entry]

    /// The workplans of `set` (of one domain when given), in path order.
    public init(_ set: WorkplanSet, domain: String? = nil) {
        workplans = set.entries.compactMap { source, workplan in
            let workplanDomain = workplan.frontMatter?.string("domain")
            guard domain == nil || workplanDomain == domain else { return nil }
            return Entry(
                id: workplan.id, title: workplan.title, status: workplan.statusText, domain: workplanDomain,
                path: source.displayPath, tasks: workplan.tasks.count,
                open: workplan.tasks.filter { $0.status?.isOpen ?? false }.count)
        }
    }
}
