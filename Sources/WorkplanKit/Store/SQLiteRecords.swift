import GRDB
import GRDBSQLite

// The store's records as GRDB records: read by column name, written column by column with
// SQLite's own bind calls. GRDB's Encodable-based default, and its insert building a statement
// per call, cost more than the SQL itself when a sync writes a hundred thousand rows.

extension EventKind: DatabaseValueConvertible {}
extension DependencyKind: DatabaseValueConvertible {}

extension WorkstreamRecord: SQLiteRecord {
    static let insertSQL = makeInsertSQL("INSERT")

    /// Reads a row by column name (faster than the Codable path for the whole-table snapshot).
    public init(row: Row) throws {
        id = row[Columns.id.name]
        uuid = row[Columns.uuid.name]
        title = row[Columns.title.name]
        domain = row[Columns.domain.name]
        status = row[Columns.status.name]
        owner = row[Columns.owner.name]
        topicSlug = row[Columns.topicSlug.name]
        created = row[Columns.created.name]
        updated = row[Columns.updated.name]
        completed = row[Columns.completed.name]
        path = row[Columns.path.name]
        contentHash = row[Columns.contentHash.name]
        removedAt = row[Columns.removedAt.name]
        syncedAt = row[Columns.syncedAt.name]
        source = row[Columns.source.name]
        fingerprint = row[Columns.fingerprint.name]
    }
}

extension TaskRecord: SQLiteRecord {
    static let insertSQL = makeInsertSQL("INSERT")

    /// Reads a row by column name (faster than the Codable path for the whole-table snapshot).
    public init(row: Row) throws {
        id = row[Columns.id.name]
        uuid = row[Columns.uuid.name]
        workstreamID = row[Columns.workstreamID.name]
        title = row[Columns.title.name]
        phase = row[Columns.phase.name]
        status = row[Columns.status.name]
        priority = row[Columns.priority.name]
        position = row[Columns.position.name]
        line = row[Columns.line.name]
        carriedTo = row[Columns.carriedTo.name]
        description = row[Columns.description.name]
        source = row[Columns.source.name]
        removedAt = row[Columns.removedAt.name]
        updatedAt = row[Columns.updatedAt.name]
        fingerprint = row[Columns.fingerprint.name]
    }
}

extension EventRecord: SQLiteRecord {
    static let insertSQL = makeInsertSQL("INSERT")
}

extension FileRecord: SQLiteRecord {
    static let insertSQL = makeInsertSQL("INSERT OR REPLACE")
}

extension ColumnValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .text(let text): text.databaseValue
        case .integer(let number): number.databaseValue
        case .null: .null
        }
    }
}

/// A record GRDB reads and writes, column by column in its `Columns` order.
protocol SQLiteRecord: StoreRecord, FetchableRecord, PersistableRecord {
    /// The statement that inserts a row (built once: building it per row cost a tenth of a cold sync).
    static var insertSQL: String { get }
}

/// Tells SQLite to copy a bound value (`SQLITE_TRANSIENT`, a macro Swift does not import).
private let copyBoundValue = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension SQLiteRecord {
    public static var databaseTableName: String { table }

    public func encode(to container: inout PersistenceContainer) {
        for column in Columns.allCases { container[column.name] = value(of: column).databaseValue }
    }

    /// `INSERT INTO table (columns…) VALUES (?, …)`, with `verb` for `INSERT`.
    static func makeInsertSQL(_ verb: String) -> String {
        "\(verb) INTO \(table) (\(columnNames.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columnNames.count).joined(separator: ", ") + ")"
    }

    /// The cached statement `insertRow` uses, for a caller that inserts many rows: looking it up
    /// hashes its SQL text.
    static func insertStatement(_ db: Database) throws -> SQLiteStatement {
        try db.cachedStatement(sql: insertSQL).sqliteStatement
    }

    /// Inserts the row with one cached statement per table (`insertStatement`, looked up when not
    /// given), binding the values with SQLite's own calls: GRDB's conversion of each value took
    /// longer than SQLite's insert.
    func insertRow(_ db: Database, with cached: SQLiteStatement? = nil) throws {
        let statement = try cached ?? Self.insertStatement(db)
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        for (offset, column) in Columns.allCases.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value(of: column) {
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
