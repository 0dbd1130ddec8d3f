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
    /// `workplan hub init`: creates or migrates the schema; with `roles`, creates the roles
    /// `workplan_writer` and `workplan_reader` and grants each exactly what it needs.
    func initialize(_ location: StoreLocation, roles: Bool) async throws -> HubInitReport
    /// `workplan hub forget`: removes every row of `repository`, recording `run` in the hub's audit.
    func forget(_ repository: String, at location: StoreLocation, run: RunRecord) async throws -> ForgetReport
}

/// What `workplan hub init` did.
public struct HubInitReport: Sendable, Hashable, Encodable {
    /// The migrations applied (none: the schema was current).
    public var migrations: [String]
    /// The roles created (those that existed are granted again).
    public var createdRoles: [String]
    /// The roles granted their rights.
    public var grantedRoles: [String]

    public init(migrations: [String], createdRoles: [String], grantedRoles: [String]) {
        self.migrations = migrations
        self.createdRoles = createdRoles
        self.grantedRoles = grantedRoles
    }

    enum CodingKeys: String, CodingKey {
        case migrations
        case createdRoles = "created_roles"
        case grantedRoles = "granted_roles"
    }
}

/// What `workplan hub forget` removed: rows per table.
public struct ForgetReport: Sendable, Hashable, Encodable {
    public var repository: String
    public var rows: [String: Int]

    public init(repository: String, rows: [String: Int]) {
        self.repository = repository
        self.rows = rows
    }
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

    /// Opens the store to write, creating it when needed. A hub refuses a repository whose
    /// identity is not declared.
    public func open() async throws -> any StateStore {
        if let unavailable { throw unavailable }
        guard let server else { return try SQLiteStateStore(path: location.database) }
        if let problem = location.repository.undeclaredProblem { throw StoreError.refused(problem) }
        return try await server.open(location)
    }

    /// The hub's backend, for the commands that manage a hub; refused for a file.
    public func hubBackend() throws -> any StoreBackend {
        if let unavailable { throw unavailable }
        guard let server else {
            throw StoreError.refused(
                "\(location.display) is a SQLite file; the hub commands need a PostgreSQL hub (--db postgres://…)")
        }
        return server
    }

    /// Whether the store is a hub (on a server).
    public var isHub: Bool { server != nil }

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
