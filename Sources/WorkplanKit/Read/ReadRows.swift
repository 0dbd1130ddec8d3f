/// Everything the read API and the live dashboard serve from memory: every repository of the
/// store with its live rows (a file store's one repository is named ""). Removed rows are left
/// out; their history is in the events.
public struct ReadRows: Sendable {
    public var repositories: [RepositorySummary]
    public var workstreams: [ForeignRows.Row<WorkstreamRecord>]
    public var tasks: [ForeignRows.Row<TaskRecord>]
    public var dependencies: [ForeignRows.Row<DependencyRecord>]

    public init(
        repositories: [RepositorySummary] = [], workstreams: [ForeignRows.Row<WorkstreamRecord>] = [],
        tasks: [ForeignRows.Row<TaskRecord>] = [], dependencies: [ForeignRows.Row<DependencyRecord>] = []
    ) {
        self.repositories = repositories
        self.workstreams = workstreams
        self.tasks = tasks
        self.dependencies = dependencies
    }
}

extension ReadRows {
    /// The rows with repository `old` shown as `new` (a file store's unnamed one under its name),
    /// changed in place: a copy of a hundred thousand rows would double the peak.
    consuming func naming(_ old: String, _ new: String) -> ReadRows {
        guard old != new else { return self }
        var rows = self
        for index in rows.repositories.indices where rows.repositories[index].repository == old {
            rows.repositories[index].repository = new
        }
        for index in rows.workstreams.indices where rows.workstreams[index].repository == old {
            rows.workstreams[index].repository = new
        }
        for index in rows.tasks.indices where rows.tasks[index].repository == old { rows.tasks[index].repository = new }
        for index in rows.dependencies.indices where rows.dependencies[index].repository == old {
            rows.dependencies[index].repository = new
        }
        return rows
    }
}

/// Which events the history feed returns: newest first, older than `before` (an event id) when
/// given.
public struct EventQuery: Sendable, Hashable {
    /// Only events at or after this time (ISO 8601, compared as text).
    public var since: String?
    public var repository: String?
    /// A kind (`task.updated`) or a kind's subject (`task`).
    public var kind: String?
    /// Only events about these ids (none: every event).
    public var subjects: [String]
    public var before: Int64?
    public var limit: Int

    public init(
        since: String? = nil, repository: String? = nil, kind: String? = nil, subjects: [String] = [],
        before: Int64? = nil, limit: Int = 100
    ) {
        self.since = since
        self.repository = repository
        self.kind = kind
        self.subjects = subjects
        self.before = before
        self.limit = limit
    }
}

/// An event with the repository it belongs to and the run that made it.
public struct FeedEvent: Sendable, Hashable {
    public var repository: String
    public var event: EventRecord
    public var run: RunRecord?

    public init(repository: String, event: EventRecord, run: RunRecord?) {
        self.repository = repository
        self.event = event
        self.run = run
    }
}

/// One copy of each repeated text (phases, dates, domains, repositories): the rows a read
/// model holds share it instead of each keeping its own.
public struct StringPool {
    private var strings: Set<String> = []

    public init() {}

    public mutating func shared(_ text: String) -> String {
        if let kept = strings.firstIndex(of: text) { return strings[kept] }
        strings.insert(text)
        return text
    }

    public mutating func shared(_ text: String?) -> String? { text.map { shared($0) } }
}
