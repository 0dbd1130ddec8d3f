import Foundation

extension ReadModel {
    /// Per domain and in all: repositories, workstreams (and active ones), open and done tasks.
    public var summary: ReadValues.Summary {
        var totals = ReadValues.Summary.Counts()
        var domains: [String: ReadValues.Summary.Counts] = [:]
        var repositoriesOf: [String: Set<String>] = [:]
        for repository in rows.repositories {
            totals.repositories += 1
            for counts in repository.domains {
                let slug = counts.domain ?? ""
                var entry = domains[slug] ?? ReadValues.Summary.Counts(domain: counts.domain)
                entry.workstreams += counts.workstreams
                entry.activeWorkstreams += counts.activeWorkstreams
                entry.openTasks += counts.openTasks
                entry.doneTasks += counts.doneTasks
                domains[slug] = entry
                repositoriesOf[slug, default: []].insert(repository.repository)
            }
        }
        var list: [ReadValues.Summary.Counts] = []
        for slug in domains.keys.sorted() {
            guard var entry = domains[slug] else { continue }
            entry.repositories = repositoriesOf[slug]?.count ?? 0
            totals.workstreams += entry.workstreams
            totals.activeWorkstreams += entry.activeWorkstreams
            totals.openTasks += entry.openTasks
            totals.doneTasks += entry.doneTasks
            list.append(entry)
        }
        return ReadValues.Summary(totals: totals, domains: list)
    }

    /// Every domain: the registries merged, counts summed (`domain list --hub`).
    public var domains: DomainListing { DomainListing(hub: rows.repositories) }

    /// One domain with its counts per repository; nil when no repository declares or uses it.
    public func domain(_ slug: String) -> ReadValues.DomainDetail? {
        guard let entry = domains.domains.first(where: { $0.slug == slug }) else { return nil }
        let byRepository = rows.repositories.compactMap { repository -> ReadValues.Summary.Counts? in
            guard let counts = repository.domains.first(where: { $0.domain == slug }) else { return nil }
            return ReadValues.Summary.Counts(
                domain: slug, repository: repository.repository, repositories: 1, workstreams: counts.workstreams,
                activeWorkstreams: counts.activeWorkstreams, openTasks: counts.openTasks, doneTasks: counts.doneTasks)
        }
        return ReadValues.DomainDetail(domain: entry, byRepository: byRepository)
    }

    /// The repositories, those using `domain` only when it is given.
    public func repositories(domain: String?) -> [RepositorySummary] {
        guard let domain else { return rows.repositories }
        return rows.repositories.filter { repository in
            repository.domains.contains { $0.domain == domain } || repository.registry.contains { $0.slug == domain }
        }
    }

    public func repository(_ name: String) -> RepositorySummary? {
        rows.repositories.first { $0.repository == name }
    }
}

extension ReadValues.Event {
    /// An event of the feed in words: who, which commit, what changed.
    public init(_ feed: FeedEvent) {
        let event = feed.event
        self.init(
            id: event.id, at: event.at, repository: feed.repository, kind: event.kind.rawValue,
            subject: event.subject, summary: Self.words(event), actor: feed.run?.actor, commit: feed.run?.commit,
            branch: feed.run?.branch, command: feed.run?.command.rawValue, detail: event.detail)
    }

    /// "status todo → done; priority high → low" for a change, "added" and "removed" for a row
    /// that came or went, the detail itself for a job.
    static func words(_ event: EventRecord) -> String {
        switch event.kind.change {
        case .inserted?: return "added"
        case nil: return jobWords(event)
        default: break
        }
        guard let detail = EventDetail(json: event.detail) else { return event.kind.change?.rawValue ?? "" }
        // The file's hash and a block's line change with every edit above it: the values say what changed.
        let columns = Set(detail.new.keys).union(detail.old.keys).subtracting(["content_hash", "line", "position"])
            .sorted()
        guard !columns.isEmpty else { return "moved within its file" }
        let changes = columns.map { column -> String in
            let change = detail.change(of: column)
            let (old, new) = (change?.old ?? "none", change?.new ?? "none")
            // Long text (a description) is named, not quoted.
            if old.count > 60 || new.count > 60 || (old + new).contains("\n") { return "\(column) changed" }
            return "\(column) \(old) → \(new)"
        }
        let verb = event.kind.change.map { $0 == .updated ? "" : $0.rawValue + ": " } ?? ""
        return verb + changes.joined(separator: "; ")
    }

    /// A job's event: a closure's outcome, the number of tasks a cleanup cancelled.
    private static func jobWords(_ event: EventRecord) -> String {
        struct JobDetail: Decodable {
            var outcome: String?
            var count: Int?
        }
        let job = try? JSONDecoder().decode(JobDetail.self, from: Data(event.detail.utf8))
        if event.kind == .closure, let outcome = job?.outcome { return "closed: " + outcome }
        if event.kind == .cleanup, let count = job?.count {
            return "cancelled \(count) stale \(count == 1 ? "task" : "tasks")"
        }
        return event.detail
    }
}
