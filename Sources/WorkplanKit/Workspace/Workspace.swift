import Foundation

/// One project as every front end sees it: its configuration, where its state store and state
/// folder are, which repository it is on a hub, and the use cases (lint, sync, status, the
/// writes, …) that the command line, the MCP server and the HTTP server call. Resolved once;
/// a front end parses its input, calls a use case, and renders what it returns.
public struct Workspace: Sendable {
    /// The project's settings (`.workplan.yml`).
    public var configuration: Configuration
    /// The working directory, for paths given by the user.
    public var workingDirectory: String
    /// The state store.
    public var store: StoreAccess
    /// The folder of derived state: the SQLite store's by default, else `.workplan/` at the root.
    public var stateFolder: StateFolder
    /// The clock, as ISO 8601 text (`2026-12-04T10:00:00Z`).
    public var now: @Sendable () -> String = { ISO8601DateFormatter().string(from: Date()) }
    /// Today's local date, YYYY-MM-DD: what write commands put in `updated:`.
    public var today: @Sendable () -> String = Workspace.localDate
    /// The UUID source (lowercase).
    public var newUUID: @Sendable () -> String = { UUID().uuidString.lowercased() }
    /// Who runs the changes, when a front end knows (the MCP server: its client's name); nil:
    /// git's `user.email`, else the OS user.
    public var actor: String?
    /// The tool and version the store records of each run.
    public var tool = "workplan"

    /// Resolves the workspace: the store is `database` (`--db`), else `WORKPLAN_DATABASE_URL`,
    /// else the configured database; a URL needs one of `servers` for its scheme. On a server,
    /// the repository is `repository:` in the configuration, else the normalised `origin`, else
    /// the folder's name (git is asked only then).
    ///
    /// A database no store can open (an unknown `scheme://`, or a hub without its backend) does
    /// not stop what needs no store (lint, show): `storeProblem` says why, every use of the store
    /// throws it, and the command line refuses a command that takes `--db` up front.
    public init(
        configuration: Configuration, workingDirectory: String, database: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, servers: [any StoreBackend] = []
    ) {
        self.configuration = configuration
        self.workingDirectory = workingDirectory
        let schemes = servers.reduce(into: Set<String>()) { $0.formUnion($1.schemes) }
        let given = [database, environment["WORKPLAN_DATABASE_URL"]].compactMap { $0 }.first { !$0.isEmpty }
        // The configured database is written relative to the root; the others to the working directory.
        let (text, directory) =
            given.map { ($0, workingDirectory) } ?? (configuration.database, configuration.root.path)
        do {
            let path = try StoreLocation.database(text, relativeTo: directory, schemes: schemes)
            if let scheme = StoreLocation.scheme(of: path) {
                let repository = RepositoryIdentity.resolve(
                    configured: configuration.repository, directory: configuration.root.path)
                store = StoreAccess(
                    StoreLocation(database: path, repository: repository),
                    server: servers.first { $0.schemes.contains(scheme) })
            } else {
                store = StoreAccess(file: path)
            }
        } catch {
            store = StoreAccess(unavailable: error)
        }
        // The state folder does not follow `--db`: lint, new and renumber have no such option.
        let configured = configuration.resolve(configuration.database).path
        stateFolder = StateFolder(
            path: StoreLocation.scheme(of: configuration.database) == nil
                ? (configured as NSString).deletingLastPathComponent
                : configuration.root.appendingPathComponent(".workplan").path)
    }

    /// Why the store cannot be opened, nil when it can be tried.
    public var storeProblem: WorkspaceError? { store.unavailable }

    /// A workspace whose store is the SQLite file `databasePath` (tests, tools).
    public init(configuration: Configuration, workingDirectory: String, databasePath: String) {
        self.configuration = configuration
        self.workingDirectory = workingDirectory
        store = StoreAccess(file: databasePath)
        stateFolder = StateFolder(path: (databasePath as NSString).deletingLastPathComponent)
    }

    /// Today's date in the local calendar, YYYY-MM-DD.
    @Sendable public static func localDate() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}

/// Why a workspace could not be resolved.
public enum WorkspaceError: LocalizedError, Sendable, Equatable {
    /// A database URL whose scheme no store has (a typo of `postgres://`, say).
    case unknownScheme(String, scheme: String)
    /// A PostgreSQL URL, and a build without PostgreSQL.
    case withoutBackend(String)

    public var errorDescription: String? {
        switch self {
        case .unknownScheme(let database, let scheme):
            "\(database): no state store has the scheme '\(scheme)://': give a file path, "
                + "or a postgres:// (postgresql://) URL for a hub"
        case .withoutBackend(let database):
            "\(database) is a PostgreSQL hub, and this workplan was built without PostgreSQL support "
                + "(install it with 'make install', or build with 'swift build --traits PostgreSQL')"
        }
    }
}
