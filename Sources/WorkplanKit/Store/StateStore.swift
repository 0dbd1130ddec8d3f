/// A state store: the derived, queryable copy of what the workplan files say (ADR-001). Sync
/// applies its plans to it; status, cleanup and dashboards read it. Every statement a backend
/// runs lives behind this protocol, in `Store/`; `StoreConformance` (in the tests) is written against it,
/// not against a backend, and every backend runs it.
public protocol StateStore: Sendable {
    /// Runs `body` in one write transaction: it reads one state of the store, and what it
    /// changes is committed together, or not at all when `body` throws. Transactions on the
    /// same store take turns.
    func write<T: Sendable>(_ body: (any StoreTransaction) async throws -> T) async throws -> T
    /// Runs `body` on one consistent state of the store, changing nothing.
    func read<T: Sendable>(_ body: (any StoreReader) async throws -> T) async throws -> T
}

/// What can be read of a store.
public protocol StoreReader: Sendable {
    /// What sync reads before any file: small, whatever the store's size.
    func syncState() async throws -> StoredState
    /// The workstream and task rows in `scope`.
    func snapshot(_ scope: SnapshotScope) async throws -> StoreSnapshot
    /// Per-workstream progress and open tasks, for one domain or all (`workplan status`).
    func progress(domain: String?) async throws -> StoreProgress
    /// Open tasks that no file holds, in completed or archived workstreams, by id.
    func staleTaskIDs() async throws -> [String]
    /// Events in the order they were recorded, those about `subject` only when it is given.
    func events(subject: String?) async throws -> [EventRecord]
    /// The workstream and task ids starting with `prefix`, removed rows included: ids a new
    /// workplan or task must not take.
    func ids(withPrefix prefix: String) async throws -> [String]
    /// Every dependency row, ordered by its ids and kind.
    func dependencies() async throws -> [DependencyRecord]
    /// What the last sync recorded of its run, nil before the first.
    func lastSyncRun() async throws -> SyncRunRecord?
    /// Every repository the store holds, with its counts per domain: a hub's many, a file's
    /// one (named ""), none before the first sync.
    func hubSummary() async throws -> [RepositorySummary]
    /// What a hub holds of this repository (nil: not on a hub, or never synced there).
    func hubRepository() async throws -> HubRepository?
    /// The runs with these ids, in id order.
    func runs(ids: [Int64]) async throws -> [RunRecord]
    /// Every repository's live rows, for the read API (`ReadModel`).
    func readRows() async throws -> ReadRows
    /// Text that changes whenever a write commits (a run, an event, an edit outside sync): what
    /// the read API compares to know its rows are current.
    func changeToken() async throws -> String
    /// The history feed, across repositories.
    func eventFeed(_ query: EventQuery) async throws -> [FeedEvent]
    /// Every live workstream and task id of the hub's other repositories, each once, sorted: what
    /// lint takes as known (`HubIDs`). None for a file store.
    func knownIDs() async throws -> [String]
}

/// One repository of a store, as `workplan status --all` shows it.
public struct RepositorySummary: Sendable, Hashable, Encodable {
    /// Open and done tasks of one domain's live workstreams.
    public struct Domain: Sendable, Hashable, Encodable {
        public var domain: String?
        public var workstreams: Int
        public var openTasks: Int
        public var doneTasks: Int
        /// The draft, active and blocked workstreams among them.
        public var activeWorkstreams: Int

        public init(domain: String?, workstreams: Int, openTasks: Int, doneTasks: Int, activeWorkstreams: Int = 0) {
            self.domain = domain
            self.workstreams = workstreams
            self.openTasks = openTasks
            self.doneTasks = doneTasks
            self.activeWorkstreams = activeWorkstreams
        }

        enum CodingKeys: String, CodingKey {
            case domain, workstreams
            case openTasks = "open_tasks"
            case doneTasks = "done_tasks"
            case activeWorkstreams = "active_workstreams"
        }
    }

    public var repository: String
    public var remote: String?
    public var lastSyncAt: String?
    /// The last commit of the followed branch synced.
    public var lastCommit: String?
    public var domains: [Domain] = []
    /// Where the repository's name came from (a hub's rows only).
    public var identitySource: RepositoryIdentity.Source?
    /// The branch the hub follows for it.
    public var branch: String?
    /// The last run that changed its rows: who, from which commit and branch.
    public var lastRun: RunRecord?
    /// The domains its registry declares, as its last sync recorded them.
    public var registry: [DomainRegistry.Domain] = []

    public init(
        repository: String, remote: String? = nil, lastSyncAt: String? = nil, lastCommit: String? = nil,
        domains: [Domain] = []
    ) {
        self.repository = repository
        self.remote = remote
        self.lastSyncAt = lastSyncAt
        self.lastCommit = lastCommit
        self.domains = domains
    }

    public var workstreams: Int { domains.reduce(0) { $0 + $1.workstreams } }
    public var openTasks: Int { domains.reduce(0) { $0 + $1.openTasks } }
    public var doneTasks: Int { domains.reduce(0) { $0 + $1.doneTasks } }

    enum CodingKeys: String, CodingKey {
        case repository, remote, domains, branch, registry
        case lastSyncAt = "last_sync_at"
        case lastCommit = "last_commit"
        case identitySource = "identity_source"
        case lastRun = "last_run"
    }
}

/// What a sync records of its run (`sync_runs`), for dashboards.
public struct SyncRunRecord: Sendable, Hashable, Codable {
    public var at: String
    public var workplans: Int
    public var changes: Int
    public var lintErrors: Int
    public var skippedFiles: Int

    public init(at: String, workplans: Int, changes: Int, lintErrors: Int, skippedFiles: Int) {
        self.at = at
        self.workplans = workplans
        self.changes = changes
        self.lintErrors = lintErrors
        self.skippedFiles = skippedFiles
    }
}

/// A row of `dependencies`: `from` depends on, or blocks, `to`.
public struct DependencyRecord: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
    public var kind: DependencyKind

    public init(from: String, to: String, kind: DependencyKind) {
        self.from = from
        self.to = to
        self.kind = kind
    }
}

/// What a write transaction can change.
public protocol StoreTransaction: StoreReader {
    /// Writes a sync plan whose file writes are settled (see `SyncPlan.settlingWrites`): rows,
    /// events, dependencies, domain counts, `files` rows and edit marks.
    func apply(_ plan: SyncPlan) async throws
    /// Sets these tasks' status to cancelled.
    func cancelTasks(_ ids: [String], at now: String) async throws
    /// Appends an event.
    func recordEvent(_ event: EventRecord) async throws
    /// Replaces the record of the last sync run.
    func recordSyncRun(_ run: SyncRunRecord) async throws
    /// Records a run before its changes (their events reference the id returned) and, on a
    /// hub, what `claim` says of the repository: its identity, followed branch and last commit.
    func beginRun(_ run: RunRecord, claim: RepositoryClaim?) async throws -> Int64
    /// Told before a sync fills a store that holds no rows with the rows of `files` workplans:
    /// a backend may size itself for the load (SQLite sizes its page cache). Nothing else.
    func expectBulkLoad(files: Int) async throws
}

extension StoreTransaction {
    public func expectBulkLoad(files: Int) async throws {}
}

/// Which rows a snapshot holds.
public enum SnapshotScope: Sendable {
    /// Every workstream and task.
    case everything
    /// The rows reconciling these workplans can match or change: the workstreams at `paths` or
    /// declaring their ids or UUIDs, the workstreams `workstreams` (files gone), every task of
    /// those, and the tasks declaring the workplans' task ids or UUIDs.
    case touching(workplans: [Workplan], paths: [String], workstreams: [String])
}

/// What the store holds of the rows sync reconciles.
public struct StoreSnapshot: Sendable {
    /// Workstream rows by id.
    public var workstreams: [String: WorkstreamRecord] = [:]
    /// Task rows by id.
    public var tasks: [String: TaskRecord] = [:]
    /// On a hub: other repositories' rows that hold store ids the files declare.
    public var foreign = ForeignRows()

    /// An empty store.
    public init() {}

    /// A snapshot of rows.
    public init(workstreams: [WorkstreamRecord], tasks: [TaskRecord]) {
        self.workstreams = Dictionary(workstreams.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.tasks = Dictionary(tasks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// What sync reads of the store before reading any file.
public struct StoredState: Sendable {
    /// `files` rows by path.
    public var files: [String: FileRecord] = [:]
    /// The ids of live workstreams sync wrote, by path.
    public var liveWorkstreams: [String: [String]] = [:]
    /// Workstreams whose rows were written since the last sync; nil when the store cannot say
    /// (it predates edit marks), which counts every workstream as written.
    public var edited: Set<String>? = []
    /// How many live tasks sync wrote.
    public var liveTaskCount = 0
    /// Whether the store holds any workstream or task row at all (removed ones and rows other
    /// tools wrote included): when it holds none, no snapshot can hold anything.
    public var holdsRows = false
    /// The domain registry the last sync recorded, in its order (empty: none).
    public var domainRegistry: [DomainRegistry.Domain] = []

    /// An empty store.
    public init() {}

    /// Whether the file at `path` has a live workstream whose rows nobody wrote since the last sync.
    func untouchedWorkstream(at path: String) -> Bool {
        guard let edited, let ids = liveWorkstreams[path] else { return false }
        return !ids.contains(where: edited.contains)
    }
}

/// Progress as `workplan status` shows it.
public struct StoreProgress: Sendable {
    public var workstreams: [StatusReport.Workstream] = []
    public var openTasks: [StatusReport.OpenTask] = []
    /// The content hash sync last recorded, by path.
    public var fileHashes: [String: String] = [:]

    public init() {}
}

/// A store that holds nothing: what a dry run reads when no store exists yet.
public struct EmptyStore: StateStore, StoreReader {
    public init() {}

    public func write<T: Sendable>(_ body: (any StoreTransaction) async throws -> T) async throws -> T {
        throw StoreError.database("an empty store cannot be written")
    }

    public func read<T: Sendable>(_ body: (any StoreReader) async throws -> T) async throws -> T {
        try await body(self)
    }
    public func syncState() throws -> StoredState { StoredState() }
    public func snapshot(_ scope: SnapshotScope) throws -> StoreSnapshot { StoreSnapshot() }
    public func progress(domain: String?) throws -> StoreProgress { StoreProgress() }
    public func staleTaskIDs() throws -> [String] { [] }
    public func events(subject: String?) throws -> [EventRecord] { [] }
    public func ids(withPrefix prefix: String) throws -> [String] { [] }
    public func dependencies() throws -> [DependencyRecord] { [] }
    public func lastSyncRun() throws -> SyncRunRecord? { nil }
    public func hubSummary() throws -> [RepositorySummary] { [] }
    public func hubRepository() throws -> HubRepository? { nil }
    public func runs(ids: [Int64]) throws -> [RunRecord] { [] }
    public func readRows() throws -> ReadRows { ReadRows() }
    public func changeToken() throws -> String { "" }
    public func eventFeed(_ query: EventQuery) throws -> [FeedEvent] { [] }
    public func knownIDs() throws -> [String] { [] }
}
