/// `workplan domain list`: every domain, declared or used, with its counts from the files.
public struct DomainListing: Encodable, Sendable, Equatable {
    /// One domain.
    public struct Entry: Encodable, Sendable, Equatable {
        public var slug: String
        /// The registry's name, description and status (nil when not declared).
        public var name: String?
        public var description: String?
        public var status: DomainRegistry.Domain.Status?
        /// Whether the registry declares it (always true without a registry: every slug is accepted).
        public var declared: Bool
        /// Workplans using it, and those draft, active or blocked among them.
        public var workstreams = 0
        public var activeWorkstreams = 0
        public var openTasks = 0
        public var doneTasks = 0

        enum CodingKeys: String, CodingKey {
            case slug, name, description, status, declared, workstreams
            case activeWorkstreams = "active_workstreams"
            case openTasks = "open_tasks"
            case doneTasks = "done_tasks"
        }
    }

    /// Whether the project declares its domains.
    public var registry: Bool
    public var domains: [Entry]

    /// The declared domains in their order, then the slugs the files use that none declares (or,
    /// without a registry, every slug used, sorted), each counted from `set`.
    public init(_ set: WorkplanSet, registry: DomainRegistry?) {
        var entries = (registry?.domains ?? []).map {
            Entry(slug: $0.slug, name: $0.name, description: $0.description, status: $0.status, declared: true)
        }
        let index = Dictionary(entries.enumerated().map { ($1.slug, $0) }, uniquingKeysWith: { first, _ in first })
        var used: [String: Entry] = [:]
        for (_, workplan) in set.entries {
            guard let slug = workplan.frontMatter?.string("domain") else { continue }
            var entry = index[slug].map { entries[$0] } ?? used[slug] ?? Entry(slug: slug, declared: registry == nil)
            entry.workstreams += 1
            if let status = workplan.statusText, DomainRegistry.openWorkplanStatuses.contains(status) {
                entry.activeWorkstreams += 1
            }
            for task in workplan.tasks {
                guard let status = task.statusText.flatMap(TaskStatus.init(rawValue:)) else { continue }
                if status.isOpen { entry.openTasks += 1 } else if status == .done { entry.doneTasks += 1 }
            }
            if let position = index[slug] { entries[position] = entry } else { used[slug] = entry }
        }
        for slug in used.keys.sorted() { entries.append(used[slug] ?? Entry(slug: slug, declared: false)) }
        self.registry = registry != nil
        domains = entries
    }

    /// A table: slug, name, status and the counts; undeclared slugs marked.
    public var text: String {
        guard !domains.isEmpty else { return "no domains\n" }
        let width = domains.map(\.slug.count).max() ?? 0
        var out = ""
        for entry in domains {
            let state = entry.declared ? (entry.status?.rawValue ?? "") : "not declared"
            out += entry.slug.padding(toLength: width, withPad: " ", startingAt: 0)
            out += "  \(entry.name.map { "\"\($0)\"" } ?? "-")  \(state.isEmpty ? "" : state + "  ")"
            out += "\(entry.activeWorkstreams)/\(entry.workstreams) active workstreams, "
            out += "\(entry.openTasks) open tasks, \(entry.doneTasks) done\n"
        }
        return out
    }
}
