/// The rows of the store, as values every backend reads and writes. Each record lists its
/// columns once (`Columns`, GRDB's style): the Codable keys, both backends' column lists and
/// bind orders, and the Postgres column types all come from that list; `value(of:)` is an
/// exhaustive switch, so that no column can be left unbound. The schemas' DDL stays literal.

// MARK: - Workstreams

/// A row of `workstreams`: one workplan as the store knows it.
public struct WorkstreamRecord: StoreRecord, Hashable {
    public static let table = "workstreams"

    public var id: String
    public var uuid: String?
    public var title: String
    public var domain: String?
    public var status: String
    public var owner: String?
    public var topicSlug: String?
    public var created: String?
    public var updated: String?
    public var completed: String?
    public var path: String?
    public var contentHash: String?
    public var removedAt: String?
    public var syncedAt: String?
    public var source: String
    public var fingerprint: String?

    public init(
        id: String, uuid: String?, title: String, domain: String?, status: String, owner: String?, topicSlug: String?,
        created: String?, updated: String?, completed: String?, path: String?, contentHash: String?, removedAt: String?,
        syncedAt: String?, source: String, fingerprint: String?
    ) {
        self.id = id
        self.uuid = uuid
        self.title = title
        self.domain = domain
        self.status = status
        self.owner = owner
        self.topicSlug = topicSlug
        self.created = created
        self.updated = updated
        self.completed = completed
        self.path = path
        self.contentHash = contentHash
        self.removedAt = removedAt
        self.syncedAt = syncedAt
        self.source = source
        self.fingerprint = fingerprint
    }

    public enum Columns: String, StoreColumns {
        case id, uuid, title, domain, status, owner
        case topicSlug = "topic_slug"
        case created, updated, completed, path
        case contentHash = "content_hash"
        case removedAt = "removed_at"
        case syncedAt = "synced_at"
        case source, fingerprint

        public var isInteger: Bool { false }
        /// The columns a file decides, in name order: what the fingerprint covers and events show.
        static let decidedByFile = allCases.filter { $0 != .syncedAt && $0 != .fingerprint }.sorted {
            $0.rawValue < $1.rawValue
        }
    }

    typealias CodingKeys = Columns

    public func value(of column: Columns) -> ColumnValue {
        switch column {
        case .id: .text(id)
        case .uuid: .init(uuid)
        case .title: .text(title)
        case .domain: .init(domain)
        case .status: .text(status)
        case .owner: .init(owner)
        case .topicSlug: .init(topicSlug)
        case .created: .init(created)
        case .updated: .init(updated)
        case .completed: .init(completed)
        case .path: .init(path)
        case .contentHash: .init(contentHash)
        case .removedAt: .init(removedAt)
        case .syncedAt: .init(syncedAt)
        case .source: .text(source)
        case .fingerprint: .init(fingerprint)
        }
    }

}

// MARK: - Tasks

/// A row of `tasks`: one task as the store knows it.
public struct TaskRecord: StoreRecord, Hashable {
    public static let table = "tasks"

    public var id: String
    public var uuid: String?
    public var workstreamID: String?
    public var title: String
    public var phase: String?
    public var status: String
    public var priority: String?
    public var position: Int?
    public var line: Int?
    public var carriedTo: String?
    public var description: String?
    public var source: String
    public var removedAt: String?
    public var updatedAt: String?
    public var fingerprint: String?

    public init(
        id: String, uuid: String?, workstreamID: String?, title: String, phase: String?, status: String,
        priority: String?, position: Int?, line: Int?, carriedTo: String?, description: String?, source: String,
        removedAt: String?, updatedAt: String?, fingerprint: String?
    ) {
        self.id = id
        self.uuid = uuid
        self.workstreamID = workstreamID
        self.title = title
        self.phase = phase
        self.status = status
        self.priority = priority
        self.position = position
        self.line = line
        self.carriedTo = carriedTo
        self.description = description
        self.source = source
        self.removedAt = removedAt
        self.updatedAt = updatedAt
        self.fingerprint = fingerprint
    }

    public enum Columns: String, StoreColumns {
        case id, uuid
        case workstreamID = "workstream_id"
        case title, phase, status, priority, position, line
        case carriedTo = "carried_to"
        case description, source
        case removedAt = "removed_at"
        case updatedAt = "updated_at"
        case fingerprint

        public var isInteger: Bool { self == .position || self == .line }
        /// The columns a file decides, in name order: what the fingerprint covers and events show.
        static let decidedByFile = allCases.filter { $0 != .updatedAt && $0 != .fingerprint }.sorted {
            $0.rawValue < $1.rawValue
        }
    }

    typealias CodingKeys = Columns

    public func value(of column: Columns) -> ColumnValue {
        switch column {
        case .id: .text(id)
        case .uuid: .init(uuid)
        case .workstreamID: .init(workstreamID)
        case .title: .text(title)
        case .phase: .init(phase)
        case .status: .text(status)
        case .priority: .init(priority)
        case .position: .init(position)
        case .line: .init(line)
        case .carriedTo: .init(carriedTo)
        case .description: .init(description)
        case .source: .text(source)
        case .removedAt: .init(removedAt)
        case .updatedAt: .init(updatedAt)
        case .fingerprint: .init(fingerprint)
        }
    }

}

// MARK: - Events

/// A row of `events`: the audit log of every change the tool made to the store.
public struct EventRecord: StoreRecord, Hashable {
    public static let table = "events"

    public var id: Int64?
    public var at: String
    public var kind: EventKind
    public var subject: String
    public var detail: String
    /// The run that recorded it (`runs`); nil for events from before runs were recorded.
    public var run: Int64?

    public init(
        id: Int64? = nil, at: String, kind: EventKind, subject: String, detail: String, run: Int64? = nil
    ) {
        self.id = id
        self.at = at
        self.kind = kind
        self.subject = subject
        self.detail = detail
        self.run = run
    }

    public enum Columns: String, StoreColumns {
        case id, at, kind, subject, detail
        case run = "run_id"

        public var isInteger: Bool { self == .id || self == .run }
    }

    typealias CodingKeys = Columns

    public func value(of column: Columns) -> ColumnValue {
        switch column {
        case .id: .init(id)
        case .at: .text(at)
        case .kind: .text(kind.rawValue)
        case .subject: .text(subject)
        case .detail: .text(detail)
        case .run: .init(run)
        }
    }
}

// MARK: - Files

/// A row of `files`: what sync last saw of a file, for incremental runs.
public struct FileRecord: StoreRecord, Hashable {
    public static let table = "files"

    public var path: String
    public var size: Int64
    public var mtimeNs: Int64
    public var contentHash: String
    /// The change time and inode (nil in rows written before they were kept).
    public var ctimeNs: Int64? = nil
    public var inode: Int64? = nil
    /// The clock when sync took this key, before reading the file.
    public var checkedNs: Int64? = nil

    public init(
        path: String, size: Int64, mtimeNs: Int64, contentHash: String, ctimeNs: Int64? = nil, inode: Int64? = nil,
        checkedNs: Int64? = nil
    ) {
        self.path = path
        self.size = size
        self.mtimeNs = mtimeNs
        self.contentHash = contentHash
        self.ctimeNs = ctimeNs
        self.inode = inode
        self.checkedNs = checkedNs
    }

    public enum Columns: String, StoreColumns {
        case path, size
        case mtimeNs = "mtime_ns"
        case contentHash = "content_hash"
        case ctimeNs = "ctime_ns"
        case inode
        case checkedNs = "checked_ns"

        public var isInteger: Bool { self != .path && self != .contentHash }
    }

    typealias CodingKeys = Columns

    public func value(of column: Columns) -> ColumnValue {
        switch column {
        case .path: .text(path)
        case .size: .integer(size)
        case .mtimeNs: .integer(mtimeNs)
        case .contentHash: .text(contentHash)
        case .ctimeNs: .init(ctimeNs)
        case .inode: .init(inode)
        case .checkedNs: .init(checkedNs)
        }
    }

    /// Whether the file still holds the bytes this row was read from, judged without reading it:
    /// the same key, taken long enough after its last change that a second change within the same
    /// clock tick could not have kept the key (git's "racily clean" rule, with a margin for
    /// file systems whose timestamps are coarser than the clock).
    func vouchesFor(_ key: FileKey) -> Bool {
        guard let ctimeNs, let inode, let checkedNs else { return false }
        let settled = checkedNs - Self.racyMarginNs
        return size == key.size && mtimeNs == key.modifiedNs && ctimeNs == key.changedNs
            && inode == Int64(bitPattern: key.inode) && key.modifiedNs < settled && key.changedNs < settled
    }

    /// Two seconds: longer than the timestamp granularity of common file systems (FAT's is two).
    static let racyMarginNs: Int64 = 2_000_000_000
}

extension FileRecord {
    /// A row for a file read with `key` at `checkedNs`.
    init(path: String, key: FileKey, contentHash: String, checkedNs: Int64) {
        self.path = path
        size = key.size
        mtimeNs = key.modifiedNs
        self.contentHash = contentHash
        ctimeNs = key.changedNs
        inode = Int64(bitPattern: key.inode)
        self.checkedNs = checkedNs
    }
}
