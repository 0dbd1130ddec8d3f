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
        /// Across a hub: the repositories that declare or use it (nil for one repository's files).
        public var repositories: [String]?

        enum CodingKeys: String, CodingKey {
            case slug, name, description, status, declared, workstreams, repositories
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
            var entry =
                index[slug].map { entries[$0] } ?? used[slug] ?? Entry(slug: slug, declared: registry == nil)
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

    /// Every repository of a hub merged, from what their last syncs recorded: each slug that a
    /// registry declares or a workplan uses, sorted, with the counts summed. A slug's name and
    /// description are those of the first repository (by name) declaring it (`hub repos` reports
    /// names that differ); it is archived only when every repository declaring it archived it. A
    /// slug no registry declares counts as declared only when no repository has a registry.
    public init(hub repositories: [RepositorySummary]) {
        let anyRegistry = repositories.contains { !$0.registry.isEmpty }
        var entries: [String: Entry] = [:]
        func entry(_ slug: String) -> Entry {
            entries[slug] ?? Entry(slug: slug, declared: !anyRegistry, repositories: [])
        }
        for repository in repositories.sorted(by: { $0.repository < $1.repository }) {
            for domain in repository.registry {
                var merged = entry(domain.slug)
                if !merged.declared || merged.name == nil {
                    (merged.name, merged.description) = (domain.name, domain.description)
                }
                merged.status = merged.status == .active ? .active : domain.status
                merged.declared = true
                merged.repositories?.append(repository.repository)
                entries[domain.slug] = merged
            }
            for counts in repository.domains {
                guard let slug = counts.domain else { continue }
                var merged = entry(slug)
                merged.workstreams += counts.workstreams
                merged.activeWorkstreams += counts.activeWorkstreams
                merged.openTasks += counts.openTasks
                merged.doneTasks += counts.doneTasks
                if merged.repositories?.last != repository.repository {
                    merged.repositories?.append(repository.repository)
                }
                entries[slug] = merged
            }
        }
        registry = anyRegistry
        domains = entries.keys.sorted().compactMap { entries[$0] }
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
            out += "\(entry.openTasks) open tasks, \(entry.doneTasks) done"
            if let repositories = entry.repositories { out += "; in " + repositories.joined(separator: ", ") }
            out += "\n"
        }
        return out
    }
}

/// One slug that repositories of a hub declare with different names (`workplan hub repos`).
public struct DomainConflict: Encodable, Sendable, Equatable {
    /// One repository's name for the slug.
    public struct Declaration: Encodable, Sendable, Equatable {
        public var repository: String
        public var name: String
    }

    public var slug: String
    /// Every repository declaring it, by repository name.
    public var declarations: [Declaration]

    /// The slugs declared under more than one name, sorted.
    public static func find(in repositories: [RepositorySummary]) -> [DomainConflict] {
        var declarations: [String: [Declaration]] = [:]
        for repository in repositories.sorted(by: { $0.repository < $1.repository }) {
            for domain in repository.registry {
                declarations[domain.slug, default: []].append(
                    Declaration(repository: repository.repository, name: domain.name))
            }
        }
        return declarations.keys.sorted().compactMap { slug in
            guard let all = declarations[slug], Set(all.map(\.name)).count > 1 else { return nil }
            return DomainConflict(slug: slug, declarations: all)
        }
    }

    /// "domain 'ops' is declared as "Operations" (alpha) and "Ops" (beta)".
    public var text: String {
        let names = declarations.map { "\"\($0.name)\" (\($0.repository))" }
        return "domain '\(slug)' is declared as " + names.dropLast().joined(separator: ", ")
            + (names.count > 1 ? " and " : "") + (names.last ?? "")
    }
}
