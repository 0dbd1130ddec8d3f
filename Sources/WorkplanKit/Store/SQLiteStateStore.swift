import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

/// The SQLite state store, the default backend: one file, no server.
///
/// WAL mode, a busy timeout, IMMEDIATE write transactions and foreign keys, so that concurrent
/// runs queue instead of failing. The schema is a public interface documented in docs/schema.md.
///
/// A transaction spans the awaits of its body (sync reads files between two statements), so it
/// is begun and ended by hand on the writer's connection, each statement one access of GRDB's
/// queue; the transactions of one store take turns.
public struct SQLiteStateStore: StateStore {
    /// The database connection (a pool for a file, a queue in memory or read-only).
    public let writer: any DatabaseWriter
    private let turns = TransactionTurns()
    /// Whether this store's file was created by this process and is filled in rollback-journal
    /// mode, turned to WAL when its first write transaction commits.
    private let fillsNewFile: Bool
    /// How long a connection waits for another process's lock before it fails.
    private static let busyTimeout: TimeInterval = 30

    /// Opens (creating if needed) the store at `path` and migrates it to the current schema.
    public init(path: String) throws {
        try StateFolder.create(for: path)
        // Processes that open a new store at the same moment would both run its migrations:
        // an exclusive lock on a sidecar file makes them take turns.
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer {
            if lock >= 0 {
                flock(lock, LOCK_UN)
                close(lock)
            }
        }
        var configuration = Self.configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        // A new file is filled in SQLite's rollback-journal mode, on one connection, and turned to
        // WAL when the first write commits: its pages are written once, into the file, where WAL
        // would write each one twice (into the log, then into the file when it is checkpointed).
        // A rollback journal holds nothing for pages past the file's old end, so it stays small,
        // and a run that fails is rolled back all the same (docs/performance.md measures it).
        fillsNewFile = !FileManager.default.fileExists(atPath: path)
        if fillsNewFile {
            writer = try DatabaseQueue(path: path, configuration: configuration)
        } else {
            writer = try Self.waitingWhileBusy { try DatabasePool(path: path, configuration: configuration) }
        }
        try SQLiteSchema.migrator.migrate(writer)
    }

    /// Retries `open` for up to the busy timeout while the file is locked. Turning a file filled
    /// in rollback-journal mode to WAL takes the file's exclusive lock, and SQLite answers "busy"
    /// at once instead of waiting for the run that is filling it to commit.
    private static func waitingWhileBusy<T>(_ open: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                return try open()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                usleep(20_000)
            }
        }
    }

    /// An in-memory store, for tests and dry runs.
    public init() throws {
        fillsNewFile = false
        writer = try DatabaseQueue(configuration: Self.configuration())
        try SQLiteSchema.migrator.migrate(writer)
    }

    /// Opens an existing store only to read it, without migrating it: what a dry run reads.
    public init(readingExisting path: String) throws {
        var configuration = Self.configuration()
        configuration.readonly = true
        // A file still being filled in rollback-journal mode is locked while its pages are written.
        configuration.busyMode = .timeout(Self.busyTimeout)
        fillsNewFile = false
        writer = try DatabaseQueue(path: path, configuration: configuration)
    }

    private static func configuration() -> GRDB.Configuration {
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        // Transactions are begun and ended by hand, across accesses (see the type's comment).
        configuration.allowsUnsafeTransactions = true
        return configuration
    }

    public func write<T: Sendable>(_ body: (any StoreTransaction) async throws -> T) async throws -> T {
        // IMMEDIATE: the write lock is taken first, so that concurrent runs queue on the busy
        // timeout instead of failing when they upgrade a read.
        try await transaction("BEGIN IMMEDIATE TRANSACTION", writes: true, body)
    }

    public func read<T: Sendable>(_ body: (any StoreReader) async throws -> T) async throws -> T {
        try await transaction("BEGIN DEFERRED TRANSACTION", writes: false, body)
    }

    private func transaction<T: Sendable>(
        _ begin: String, writes: Bool, _ body: (SQLiteTransaction) async throws -> T
    ) async throws -> T {
        try await turns.run {
            let transaction = SQLiteTransaction(writer: writer)
            try await writer.writeWithoutTransaction { db in try db.execute(sql: begin) }
            do {
                let result = try await body(transaction)
                let toWAL = fillsNewFile && writes
                try await writer.writeWithoutTransaction { db in
                    try db.execute(sql: "COMMIT TRANSACTION")
                    // Outside any transaction; a no-op once the file is in WAL mode. Best effort:
                    // another process opening the file may be turning it at the same moment.
                    if toWAL { _ = try? String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
                }
                return result
            } catch {
                try? await writer.writeWithoutTransaction { db in
                    if db.isInsideTransaction { try db.execute(sql: "ROLLBACK TRANSACTION") }
                }
                throw error
            }
        }
    }
}

/// One transaction of the SQLite store: each call runs its statements (`SQLiteSession`) in one
/// access of the writer's connection, inside the transaction begun there.
struct SQLiteTransaction: StoreTransaction {
    let writer: any DatabaseWriter

    private func access<T: Sendable>(_ body: @escaping @Sendable (SQLiteSession) throws -> T) async throws -> T {
        try await writer.writeWithoutTransaction { db in try body(SQLiteSession(db: db)) }
    }

    func syncState() async throws -> StoredState { try await access { try $0.syncState() } }
    func snapshot(_ scope: SnapshotScope) async throws -> StoreSnapshot { try await access { try $0.snapshot(scope) } }
    func progress(domain: String?) async throws -> StoreProgress {
        try await access { try $0.progress(domain: domain) }
    }
    func staleTaskIDs() async throws -> [String] { try await access { try $0.staleTaskIDs() } }
    func events(subject: String?) async throws -> [EventRecord] { try await access { try $0.events(subject: subject) } }
    func ids(withPrefix prefix: String) async throws -> [String] { try await access { try $0.ids(withPrefix: prefix) } }
    func dependencies() async throws -> [DependencyRecord] { try await access { try $0.dependencies() } }
    func lastSyncRun() async throws -> SyncRunRecord? { try await access { try $0.lastSyncRun() } }
    func hubSummary() async throws -> [RepositorySummary] { try await access { try $0.hubSummary() } }
    func apply(_ plan: SyncPlan) async throws { try await access { try $0.apply(plan) } }

    /// SQLite's default page cache, in KiB.
    static let defaultCacheKiB = 2000

    /// Keeps 1 KiB of pages per workplan to load (SQLite keeps 2 MiB), for the rest of the
    /// connection: the tasks' UUID index takes its rows in random order, and once it outgrew the
    /// cache most inserts wrote a page out and read another back (docs/performance.md).
    func expectBulkLoad(files: Int) async throws {
        let kibibytes = max(Self.defaultCacheKiB, files)
        try await access { try $0.db.execute(sql: "PRAGMA cache_size = -\(kibibytes)") }
    }

    func cancelTasks(_ ids: [String], at now: String) async throws {
        try await access { try $0.cancelTasks(ids, at: now) }
    }
    func recordEvent(_ event: EventRecord) async throws { try await access { try $0.recordEvent(event) } }
    func recordSyncRun(_ run: SyncRunRecord) async throws { try await access { try $0.recordSyncRun(run) } }
    func hubRepository() async throws -> HubRepository? { nil }
    func runs(ids: [Int64]) async throws -> [RunRecord] { try await access { try $0.runs(ids: ids) } }
    func readRows() async throws -> ReadRows { try await access { try $0.readRows() } }
    func changeToken() async throws -> String { try await access { try $0.changeToken() } }
    func eventFeed(_ query: EventQuery) async throws -> [FeedEvent] { try await access { try $0.eventFeed(query) } }
    func knownIDs() async throws -> [String] { [] }
    func beginRun(_ run: RunRecord, claim: RepositoryClaim?) async throws -> Int64 {
        try await access { try $0.beginRun(run) }
    }
}

/// Transactions on one connection, one at a time: a transaction that arrives while another is
/// open waits its turn, in arrival order.
public actor TransactionTurns {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init() {}

    /// Waits until no transaction is open, and opens one.
    public func begin() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Ends the open transaction; the longest waiting one opens.
    public func end() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}

extension TransactionTurns {
    /// Runs `body` as the open transaction.
    public nonisolated func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await begin()
        do {
            let result = try await body()
            await end()
            return result
        } catch {
            await end()
            throw error
        }
    }
}
