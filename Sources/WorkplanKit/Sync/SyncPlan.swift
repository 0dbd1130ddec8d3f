/// Why a row changes: the kinds of change sync plans, each recorded as an event
/// (`workstream.<kind>`, `task.<kind>`).
public enum ChangeKind: String, Sendable, Hashable, Codable {
    /// A row for a workplan or task the store did not know.
    case inserted
    /// The file changed the row's values.
    case updated
    /// Someone changed the row behind sync's back; the file's values are written back.
    case drift
    /// A task row now belongs to another workstream.
    case moved
    /// The row keeps its UUID under a new id.
    case renamed
    /// The workplan or task left its file: the row is kept, marked removed (and archived or cancelled).
    case removed
    /// A removed row came back.
    case restored
}

/// Who wrote a row: sync writes `file` rows; rows other tools write carry another source and
/// are never touched by sync.
public enum RowSource {
    /// Rows derived from a workplan file.
    public static let file = "file"
}

/// A row change with its reason.
public struct RowChange<Record: Sendable & Hashable>: Sendable, Hashable {
    /// Why the row changes.
    public var kind: ChangeKind
    /// The row before (nil for an insert).
    public var old: Record?
    /// The row after.
    public var new: Record

    public init(kind: ChangeKind, old: Record?, new: Record) {
        self.kind = kind
        self.old = old
        self.new = new
    }
}

/// The store ids written into one file, as byte insertions on the bytes sync read. Only the
/// insertions and hashes are kept, not the file's bytes: the file is read again when the write
/// is made, and written only if it still hashes as it did.
public struct IDWrite: Sendable {
    /// The repository-relative path (the store's name for the file).
    public var path: String
    /// The path to write.
    public var absolutePath: String
    /// The path as the user named it, for messages.
    public var displayPath: String
    /// The content hash and size of the bytes sync read: the write is refused if the file no
    /// longer holds them.
    public var originalHash: String
    public var originalSize: Int
    /// The insertions.
    public var edits: [ByteEdit]
    /// The content hash of the bytes after the insertions (checked to read back as the same plan
    /// plus the ids).
    public var resultHash: String

    /// The bytes to write in place of `current`, the file's bytes now; nil when they are no longer
    /// the bytes sync read.
    public func result(replacing current: [UInt8]) -> [UInt8]? {
        guard current.count == originalSize, contentHash(current) == originalHash,
            let result = ByteEdit.apply(edits, to: current), contentHash(result) == resultHash
        else { return nil }
        return result
    }
}

/// What becomes of one `files` row.
public enum FileRowChange: Sendable, Hashable {
    /// Record what was read: the key taken before reading, the hash of the bytes.
    case record(FileRecord)
    /// Record the key of the file after sync writes its ids (`IDWrite`); when the write fails,
    /// the row is deleted instead, so that the next run reads the file again.
    case recordAfterWrite(path: String, contentHash: String, checkedNs: Int64)
    /// Forget the file: it is gone, or it must be read again next run.
    case delete(String)
}

/// Which marks in `edited_workstreams` a run clears once it has reconciled their files.
public enum EditMarkClearing: Sendable, Hashable {
    /// All but these (the workstreams of skipped files): a complete run.
    case allExcept([String])
    /// Only these: a run over named paths.
    case only([String])
}

/// The dependency rows a run rewrites: those declared by the synced workplans and tasks.
public struct DependencyRefresh: Sendable, Hashable {
    /// One dependency row.
    public struct Row: Sendable, Hashable {
        public var from: String
        public var to: String
        public var kind: DependencyKind
        public var uuid: String?

        public init(from: String, to: String, kind: DependencyKind, uuid: String? = nil) {
            self.from = from
            self.to = to
            self.kind = kind
            self.uuid = uuid
        }
    }

    public init(workplanIDs: [String] = [], taskIDs: [String] = [], rows: [Row] = []) {
        self.workplanIDs = workplanIDs
        self.taskIDs = taskIDs
        self.rows = rows
    }

    /// Workplans whose rows (from them, or `blocks` rows to them) are replaced.
    public var workplanIDs: [String] = []
    /// Tasks whose rows are replaced.
    public var taskIDs: [String] = []
    /// The rows to write.
    public var rows: [Row] = []

    /// Adds `other`'s workplans, tasks and rows.
    mutating func append(_ other: DependencyRefresh) {
        workplanIDs += other.workplanIDs
        taskIDs += other.taskIDs
        rows += other.rows
    }
}

/// Which `domains` rows a run recounts.
public enum DomainRecount: Sendable, Hashable {
    /// Every domain.
    case all
    /// These domains (none: nothing to recount).
    case only(Set<String>)
}

/// Everything one sync run changes, decided before anything is written: applying a plan decides
/// nothing, and a dry run is a plan that is not applied.
public struct SyncPlan: Sendable {
    /// Rows a hub moves here from other repositories, before the rest of the plan.
    public var takeovers: [RowTakeover] = []
    /// Workstream rows to insert or change.
    public var workstreams: [RowChange<WorkstreamRecord>] = []
    /// Task rows to insert or change.
    public var tasks: [RowChange<TaskRecord>] = []
    /// One event per row change.
    public var events: [EventRecord] = []
    /// Store ids to write into files.
    public var idWrites: [IDWrite] = []
    /// Dependency rows to rewrite.
    public var dependencies = DependencyRefresh()
    /// Domain counts to refresh.
    public var domains = DomainRecount.only([])
    /// The domain registry to record in place of the store's, in its order; nil: unchanged.
    public var registry: [DomainRegistry.Domain]?
    /// `files` rows to record or forget.
    public var fileRows: [FileRowChange] = []
    /// Edit marks to clear.
    public var editMarks = EditMarkClearing.only([])
    /// Why the safety brake stopped the run; a stopped plan is never applied.
    public var brake: String?
    /// What the run does, as reported to the user.
    public var report = SyncReport()

    /// A plan that changes nothing.
    public init() {}
}
