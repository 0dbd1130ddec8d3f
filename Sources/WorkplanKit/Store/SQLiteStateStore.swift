import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

/// The SQLite state store, the default backend: one file, no server.
///
/// WAL mode, a busy timeout, IMMEDIATE write transactions and foreign keys, so that concurrent
/// runs queue instead of failing. The schema is a public interface documented in docs/schema.md.
public struct SQLiteStateStore: StateStore {
    /// The database connection (a pool for a file, a queue in memory or read-only).
    public let writer: any DatabaseWriter

    /// Opens (creating if needed) the store at `path` and migrates it to the current schema.
    public init(path: String) throws {
        try Self.makeFolder(for: path)
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
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(30)
        // GRDB 7 begins write transactions IMMEDIATE by itself, so writers queue on the busy timeout.
        configuration.foreignKeysEnabled = true
        writer = try DatabasePool(path: path, configuration: configuration)
        try SQLiteSchema.migrator.migrate(writer)
    }

    /// An in-memory store, for tests and dry runs.
    public init() throws {
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        writer = try DatabaseQueue(configuration: configuration)
        try SQLiteSchema.migrator.migrate(writer)
    }

    /// Opens an existing store only to read it, without migrating it: what a dry run reads.
    public init(readingExisting path: String) throws {
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        writer = try DatabaseQueue(path: path, configuration: configuration)
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try writer.write { db in try body(SQLiteSession(db: db)) }
    }

    public func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        try writer.read { db in try body(SQLiteSession(db: db)) }
    }

    /// Creates the folder that holds `path` when it is missing, with a `.gitignore` that keeps
    /// everything in it out of git: the store and caches are derived, never committed.
    public static func makeFolder(for path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        guard !FileManager.default.fileExists(atPath: folder) else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("*\n".utf8).write(to: URL(fileURLWithPath: folder + "/.gitignore"))
    }
}
