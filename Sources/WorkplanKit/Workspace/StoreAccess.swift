import Foundation

/// A kind of state store on a server, in a module of its own (`WorkplanPostgres`): the
/// executable hands the backends it was built with to the `Workspace`.
public protocol StoreBackend: Sendable {
    /// The URL schemes it opens (`postgres`, `postgresql`).
    var schemes: Set<String> { get }
    /// Opens the store at `location` to write, creating and migrating its schema when needed.
    func open(_ location: StoreLocation) async throws -> any StateStore
    /// Opens the store at `location` only to read it, without migrating it; nil when the
    /// server holds no workplan schema (nothing was ever synced there).
    func openExisting(_ location: StoreLocation) async throws -> (any StateStore)?
}

/// The state store of a workspace: where it is, and the backend that opens it (SQLite for a
/// file, else the server backend of the URL's scheme).
public struct StoreAccess: Sendable {
    /// Where the store is, and whose rows a run reads and writes there.
    public var location: StoreLocation
    /// The server backend, nil for a file.
    let server: (any StoreBackend)?
    /// Why no store can be opened here (thrown by every open).
    public let unavailable: WorkspaceError?

    /// A SQLite file (the store of one repository).
    public init(file path: String) {
        location = StoreLocation(database: path, repository: RepositoryIdentity(name: ""))
        server = nil
        unavailable = nil
    }

    /// The store at `location`, through `server` when it is on one.
    public init(_ location: StoreLocation, server: (any StoreBackend)?) {
        self.location = location
        self.server = server
        unavailable = nil
    }

    /// No store: `problem` says why.
    init(unavailable problem: WorkspaceError) {
        location = StoreLocation(database: "", repository: RepositoryIdentity(name: ""))
        server = nil
        unavailable = problem
    }

    /// Opens the store to write, creating and migrating it when needed.
    public func open() async throws -> any StateStore {
        if let unavailable { throw unavailable }
        guard let server else { return try SQLiteStateStore(path: location.database) }
        return try await server.open(location)
    }

    /// Opens the store only to read it, without migrating it; nil when there is none.
    public func openExisting() async throws -> (any StateStore)? {
        if let unavailable { throw unavailable }
        guard let server else {
            guard FileManager.default.fileExists(atPath: location.database) else { return nil }
            return try SQLiteStateStore(readingExisting: location.database)
        }
        return try await server.openExisting(location)
    }

    /// Opens the store only to read it; `StoreError.missing` when there is none.
    public func openToRead() async throws -> any StateStore {
        guard let store = try await openExisting() else { throw StoreError.missing(location.display) }
        return store
    }

    /// Whether there may be a store: its file exists, or it is on a server (which answers for
    /// itself when it is opened).
    public var mayExist: Bool {
        unavailable != nil || server != nil || FileManager.default.fileExists(atPath: location.database)
    }
}
