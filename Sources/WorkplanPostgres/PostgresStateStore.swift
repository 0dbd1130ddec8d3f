#if PostgreSQL
    import Foundation
    import Logging
    import NIOCore
    import NIOPosix
    import NIOSSL
    import PostgresNIO
    import WorkplanKit

    /// PostgreSQL hubs (`postgres://`, `postgresql://`): the backend the executable hands to the
    /// `Workspace` when it is built with the `PostgreSQL` trait.
    public struct PostgresBackend: StoreBackend {
        public init() {}

        public var schemes: Set<String> { StoreLocation.serverSchemes }

        public func open(_ location: StoreLocation) async throws -> any StateStore {
            try await PostgresStateStore.connect(location, mode: .write)
        }

        public func openExisting(_ location: StoreLocation) async throws -> (any StateStore)? {
            let store = try await PostgresStateStore.connect(location, mode: .read)
            return try await store.holdsSchema() ? store : nil
        }

        public func initialize(_ location: StoreLocation, roles: Bool) async throws -> HubInitReport {
            let store = try await PostgresStateStore.connect(location, mode: .read)
            return try await store.session {
                try await PostgresAdmin.initialize($0, display: location.display, roles: roles)
            }
        }

        public func forget(
            _ repository: String, at location: StoreLocation, run: RunRecord
        ) async throws -> ForgetReport {
            let store = try await PostgresStateStore.connect(location, mode: .read)
            return try await store.session { try await PostgresAdmin.forget(repository, in: $0, run: run) }
        }
    }

    /// The PostgreSQL state store: a hub that many repositories sync into. Every row carries its
    /// repository and a store reads and writes only its own repository's rows; the schema is in
    /// `PostgresSchema`, the queries in `PostgresSession`.
    ///
    /// One connection, used by one transaction at a time. A write transaction first takes an
    /// advisory lock on its repository, so that two syncs of one repository take turns while
    /// syncs of different repositories run side by side.
    public final class PostgresStateStore: StateStore {
        let connection: PostgresConnection
        let repository: RepositoryIdentity
        let display: String
        private let turns = TransactionTurns()
        static let logger = Logger(label: "workplan.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

        private init(connection: PostgresConnection, location: StoreLocation) {
            self.connection = connection
            repository = location.repository
            display = location.display
        }

        /// Connects to the hub at `location` and checks its schema, migrating it when `migrate`
        /// (opening to write); throws `StoreError` with a message that never shows the password.
        static func connect(_ location: StoreLocation, mode: PostgresSchema.Mode) async throws -> PostgresStateStore {
            let environment = ProcessInfo.processInfo.environment
            let address: PostgresAddress
            do {
                address = try PostgresAddress(
                    location.database, environment: environment,
                    pgpass: PostgresAddress.pgpassFile(environment: environment))
            } catch {
                throw StoreError.database(error.message)
            }
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(
                    configuration: try configuration(address), id: 1, logger: logger)
            } catch {
                throw StoreError.database(describe(error, connecting: location.display))
            }
            let store = PostgresStateStore(connection: connection, location: location)
            do {
                try await store.session { try await PostgresSchema.check($0, display: location.display, mode: mode) }
            } catch {
                try? await connection.close()
                throw error
            }
            return store
        }

        // The connection is closed without waiting (nothing awaits a store's end); the callback
        // keeps it until it is, as the driver requires.
        deinit {
            let connection = connection
            connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
        }

        /// Whether the hub holds a workplan schema (false: nothing was ever synced there).
        public func holdsSchema() async throws -> Bool {
            try await session { try await $0.schemaVersions() != nil }
        }

        static func configuration(_ address: PostgresAddress) throws -> PostgresConnection.Configuration {
            let tls: PostgresConnection.Configuration.TLS
            var client = TLSConfiguration.makeClientConfiguration()
            switch address.tls {
            case .disable: tls = .disable
            case .allow, .prefer:
                client.certificateVerification = .none
                tls = .prefer(try NIOSSLContext(configuration: client))
            case .require:
                client.certificateVerification = .none
                tls = .require(try NIOSSLContext(configuration: client))
            case .verifyCA:
                client.certificateVerification = .noHostnameVerification
                tls = .require(try NIOSSLContext(configuration: client))
            case .verifyFull:
                tls = .require(try NIOSSLContext(configuration: client))
            }
            var configuration = PostgresConnection.Configuration(
                host: address.host, port: address.port, username: address.user, password: address.password,
                database: address.database, tls: tls)
            // An unreachable server is reported within seconds, not after the system's TCP timeout.
            configuration.options.connectTimeout = .seconds(5)
            return configuration
        }

        // MARK: - Transactions

        public func write<T: Sendable>(_ body: (any StoreTransaction) async throws -> T) async throws -> T {
            try await transaction("BEGIN ISOLATION LEVEL READ COMMITTED") { session in
                try await session.lockRepository()
                return try await body(session)
            }
        }

        public func read<T: Sendable>(_ body: (any StoreReader) async throws -> T) async throws -> T {
            try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { try await body($0) }
        }

        private func transaction<T: Sendable>(
            _ begin: PostgresQuery, _ body: (PostgresSession) async throws -> T
        ) async throws -> T {
            try await session { session in
                try await session.execute(begin)
                do {
                    let result = try await body(session)
                    try await session.execute("COMMIT")
                    return result
                } catch {
                    try? await session.execute("ROLLBACK")
                    throw error
                }
            }
        }

        /// Runs `body` alone on the connection, turning the driver's errors into `StoreError`
        /// (others, such as the caller's own, pass through).
        func session<T: Sendable>(_ body: (PostgresSession) async throws -> T) async throws -> T {
            try await turns.run {
                do {
                    return try await body(PostgresSession(store: self))
                } catch let error as PSQLError {
                    throw StoreError.database(Self.describe(error, connecting: nil))
                } catch let error as ChannelError {
                    throw StoreError.database(Self.describe(error, connecting: nil))
                }
            }
        }

        // MARK: - Messages

        /// The usual causes of a failed connection in a user's words; others as the driver says them.
        static func plain(_ cause: String) -> String {
            if cause.contains("Connection refused") {
                return "connection refused (is the server running and listening on that host and port?)"
            }
            if cause.contains("UnknownHost") { return "unknown host" }
            // The driver wraps the channel's timeout: the same words as when it does not.
            if cause.contains("connectTimeout") { return "no answer within 5 seconds" }
            if cause.contains("CERTIFICATE_VERIFY_FAILED") {
                return "the server's TLS certificate could not be verified "
                    + "(sslmode=verify-ca and verify-full need a certificate this machine trusts)"
            }
            return cause
        }

        /// A driver error as one line that names the server (without its password) and never
        /// echoes the connection's credentials.
        static func describe(_ error: any Error, connecting display: String?) -> String {
            let prefix = display.map { "cannot connect to \($0): " } ?? ""
            guard let error = error as? PSQLError else {
                if let channel = error as? ChannelError, case .connectTimeout = channel {
                    return prefix + "no answer within 5 seconds"
                }
                return prefix + StoreLocation.redacting("\(error)")
            }
            if error.serverInfo?[.sqlState] == "23505", let constraint = error.serverInfo?[.constraintName],
                constraint.hasSuffix("uuid_key")
            {
                let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
                return prefix + "a UUID in this repository's workplans already belongs to another repository on the hub"
                    + detail + ": a workplan copied from there needs new store ids ('workplan doctor --fix'); "
                    + "if this repository was renamed, sync once with --renamed-from OLD-NAME"
            }
            if error.serverInfo?[.sqlState] == "42501" {
                let message = error.serverInfo?[.message].map(StoreLocation.redacting) ?? "permission denied"
                return prefix + "\(message): this role lacks the rights. sync and the task commands need a member of "
                    + "workplan_writer; hub init and hub forget need the hub's owner (docs/hub.md)"
            }
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return prefix + StoreLocation.redacting(message) + state
            }
            switch error.code {
            case .connectionError:
                let cause = error.underlying.map { StoreLocation.redacting("\($0)") } ?? "connection failed"
                return prefix + plain(cause)
            case .authMechanismRequiresPassword: return prefix + "the server asks for a password and none was given"
            case .sslUnsupported: return prefix + "the server does not support TLS (sslmode)"
            default: return prefix + StoreLocation.redacting(error.code.description)
            }
        }
    }
#endif
