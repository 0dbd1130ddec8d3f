import GRDB
import GRDBSQLite

/// A row of `workstreams`: one workplan as the store knows it.
public struct WorkstreamRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "workstreams"

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

    enum CodingKeys: String, CodingKey {
        case id, uuid, title, domain, status, owner, created, updated, completed, path, source, fingerprint
        case topicSlug = "topic_slug"
        case contentHash = "content_hash"
        case removedAt = "removed_at"
        case syncedAt = "synced_at"
    }

    /// The columns a file decides, in key order: what the fingerprint covers and events show
    /// (nil for a column without a value).
    public var fileFields: [(key: String, value: String?)] {
        [
            ("completed", completed), ("content_hash", contentHash), ("created", created), ("domain", domain),
            ("id", id),
            ("owner", owner), ("path", path), ("removed_at", removedAt), ("source", source), ("status", status),
            ("title", title), ("topic_slug", topicSlug), ("updated", updated), ("uuid", uuid),
        ]
    }
}

/// A row of `tasks`: one task as the store knows it.
public struct TaskRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "tasks"

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

    enum CodingKeys: String, CodingKey {
        case id, uuid, title, phase, status, priority, position, line, description, source, fingerprint
        case workstreamID = "workstream_id"
        case carriedTo = "carried_to"
        case removedAt = "removed_at"
        case updatedAt = "updated_at"
    }

    /// The columns a file decides, in key order: what the fingerprint covers and events show
    /// (nil for a column without a value).
    public var fileFields: [(key: String, value: String?)] {
        [
            ("carried_to", carriedTo), ("description", description), ("id", id), ("line", line.map(String.init)),
            ("phase", phase), ("position", position.map(String.init)), ("priority", priority),
            ("removed_at", removedAt),
            ("source", source), ("status", status), ("title", title), ("uuid", uuid), ("workstream_id", workstreamID),
        ]
    }
}

/// A row of `events`: the audit log of every change the tool made to the store.
public struct EventRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "events"

    public var id: Int64?
    public var at: String
    public var kind: String
    public var subject: String
    public var detail: String
}

/// A row of `files`: what sync last saw of a file, for incremental runs.
public struct FileRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "files"

    public var path: String
    public var size: Int64
    public var mtimeNs: Int64
    public var contentHash: String
    /// The change time and inode (nil in rows written before they were kept).
    public var ctimeNs: Int64? = nil
    public var inode: Int64? = nil
    /// The clock when sync took this key, before reading the file.
    public var checkedNs: Int64? = nil

    enum CodingKeys: String, CodingKey {
        case path, size, inode
        case mtimeNs = "mtime_ns"
        case contentHash = "content_hash"
        case ctimeNs = "ctime_ns"
        case checkedNs = "checked_ns"
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

/// A fast, stable 64-bit hash of bytes (FNV-1a), as 16 hex digits. Used to notice change, not for security.
public func contentHash<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    var hash = FNV1a()
    hash.add(bytes)
    return hash.hex
}

/// The FNV-1a hash, fed incrementally.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension WorkstreamRecord {
    /// Reads a row by column name (faster than the Codable path for the whole-table snapshot).
    public init(row: Row) throws {
        id = row["id"]
        uuid = row["uuid"]
        title = row["title"]
        domain = row["domain"]
        status = row["status"]
        owner = row["owner"]
        topicSlug = row["topic_slug"]
        created = row["created"]
        updated = row["updated"]
        completed = row["completed"]
        path = row["path"]
        contentHash = row["content_hash"]
        removedAt = row["removed_at"]
        syncedAt = row["synced_at"]
        source = row["source"]
        fingerprint = row["fingerprint"]
    }
}

extension TaskRecord {
    /// Reads a row by column name (faster than the Codable path for the whole-table snapshot).
    public init(row: Row) throws {
        id = row["id"]
        uuid = row["uuid"]
        workstreamID = row["workstream_id"]
        title = row["title"]
        phase = row["phase"]
        status = row["status"]
        priority = row["priority"]
        position = row["position"]
        line = row["line"]
        carriedTo = row["carried_to"]
        description = row["description"]
        source = row["source"]
        removedAt = row["removed_at"]
        updatedAt = row["updated_at"]
        fingerprint = row["fingerprint"]
    }
}

/// Rows whose file-decided values are fingerprinted.
protocol Fingerprinted {
    var fileFields: [(key: String, value: String?)] { get }
    var fingerprint: String? { get }
    var removedAt: String? { get }
}

extension Fingerprinted {
    /// A stable fingerprint of the file-decided values (FNV-1a, 64 bits, hex): for each column
    /// with a value, in key order, the key and the value, each followed by a NUL byte. Stores
    /// hold these values: the encoding never changes.
    var fileFingerprint: String {
        var hash = FNV1a()
        for (key, value) in fileFields {
            guard var value else { continue }
            var key = key
            key.withUTF8 { hash.add($0) }
            hash.add(CollectionOfOne(0))
            value.withUTF8 { hash.add($0) }
            hash.add(CollectionOfOne(0))
        }
        return hash.hex
    }

    /// Whether two rows hold the same file-decided values.
    func sameFileValues(as other: Self) -> Bool {
        zip(fileFields, other.fileFields).allSatisfy { $0.value == $1.value }
    }
}

extension WorkstreamRecord: Fingerprinted {}
extension TaskRecord: Fingerprinted {}

// MARK: - Persistence without Codable

// Written by hand: GRDB's Encodable-based default, and its insert building a statement per call,
// cost more than the SQL itself when a sync writes a hundred thousand rows. The column names are
// the ones `CodingKeys` gives.

/// A value bound to a statement: what the records hold, without GRDB's type-erased conversions.
enum ColumnValue {
    case text(String)
    case integer(Int64)
    case null

    init(_ text: String?) { self = text.map(ColumnValue.text) ?? .null }
    init(_ number: Int?) { self = number.map { .integer(Int64($0)) } ?? .null }
    init(_ number: Int64?) { self = number.map(ColumnValue.integer) ?? .null }

    var databaseValue: DatabaseValue {
        switch self {
        case .text(let text): text.databaseValue
        case .integer(let number): number.databaseValue
        case .null: .null
        }
    }
}

/// A record written column by column, in a fixed column order.
protocol ColumnEncoded: PersistableRecord {
    /// The table's columns, in the order of `columnValues`.
    static var columnNames: [String] { get }
    /// The statement that inserts a row (built once: building it per row cost a tenth of a cold sync).
    static var insertSQL: String { get }
    /// This row's values.
    var columnValues: [ColumnValue] { get }
}

/// Tells SQLite to copy a bound value (`SQLITE_TRANSIENT`, a macro Swift does not import).
private let copyBoundValue = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension ColumnEncoded {
    public func encode(to container: inout PersistenceContainer) {
        for (name, value) in zip(Self.columnNames, columnValues) { container[name] = value.databaseValue }
    }

    /// `INSERT INTO table (columns…) VALUES (?, …)`, with `verb` for `INSERT`.
    static func makeInsertSQL(_ verb: String) -> String {
        "\(verb) INTO \(databaseTableName) (\(columnNames.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columnNames.count).joined(separator: ", ") + ")"
    }

    /// Inserts the row with one cached statement per table, binding the values with SQLite's own
    /// calls: GRDB's conversion of each value took longer than SQLite's insert.
    func insertRow(_ db: Database) throws {
        let statement = try db.cachedStatement(sql: Self.insertSQL).sqliteStatement
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        for (offset, value) in columnValues.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .text(let text) where text.isEmpty:
                // An empty string has no buffer, and a null pointer would bind NULL.
                code = sqlite3_bind_text(statement, index, "", 0, copyBoundValue)
            case .text(var text):
                code = text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { chars in
                        sqlite3_bind_text(statement, index, chars.baseAddress, Int32(chars.count), copyBoundValue)
                    }
                }
            case .integer(let number): code = sqlite3_bind_int64(statement, index, number)
            case .null: code = sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw Self.error(code, db) }
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else { throw Self.error(code, db) }
    }

    private static func error(_ code: Int32, _ db: Database) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) },
            sql: insertSQL)
    }
}

extension WorkstreamRecord: ColumnEncoded {
    static let insertSQL = makeInsertSQL("INSERT")
    static let columnNames = [
        "id", "uuid", "title", "domain", "status", "owner", "topic_slug", "created", "updated", "completed",
        "path", "content_hash", "removed_at", "synced_at", "source", "fingerprint",
    ]
    var columnValues: [ColumnValue] {
        [
            .text(id), .init(uuid), .text(title), .init(domain), .text(status), .init(owner), .init(topicSlug),
            .init(created),
            .init(updated), .init(completed), .init(path), .init(contentHash), .init(removedAt), .init(syncedAt),
            .text(source),
            .init(fingerprint),
        ]
    }
}

extension TaskRecord: ColumnEncoded {
    static let insertSQL = makeInsertSQL("INSERT")
    static let columnNames = [
        "id", "uuid", "workstream_id", "title", "phase", "status", "priority", "position", "line",
        "carried_to", "description", "source", "removed_at", "updated_at", "fingerprint",
    ]
    var columnValues: [ColumnValue] {
        [
            .text(id), .init(uuid), .init(workstreamID), .text(title), .init(phase), .text(status), .init(priority),
            .init(position),
            .init(line), .init(carriedTo), .init(description), .text(source), .init(removedAt), .init(updatedAt),
            .init(fingerprint),
        ]
    }
}

extension EventRecord: ColumnEncoded {
    static let insertSQL = makeInsertSQL("INSERT")
    static let columnNames = ["id", "at", "kind", "subject", "detail"]
    var columnValues: [ColumnValue] { [.init(id), .text(at), .text(kind), .text(subject), .text(detail)] }
}

extension FileRecord: ColumnEncoded {
    static let insertSQL = makeInsertSQL("INSERT OR REPLACE")
    static let columnNames = ["path", "size", "mtime_ns", "content_hash", "ctime_ns", "inode", "checked_ns"]
    var columnValues: [ColumnValue] {
        [
            .text(path), .integer(size), .integer(mtimeNs), .text(contentHash), .init(ctimeNs), .init(inode),
            .init(checkedNs),
        ]
    }
}
