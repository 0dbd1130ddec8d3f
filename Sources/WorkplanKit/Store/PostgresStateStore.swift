#if PostgreSQL
    import Foundation
    import Logging
    import NIOCore
    import NIOPosix
    import NIOSSL
    import PostgresNIO

    /// The PostgreSQL state store: a hub that many repositories sync into. Every row carries its
    /// repository and a store reads and writes only its own repository's rows; the schema is in
    /// `PostgresSchema`, the queries in `PostgresSession`.
    ///
    /// One connection, used by one transaction at a time. A write transaction first takes an
    /// advisory lock on its repository, so that two syncs of one repository take turns while
    /// syncs of different repositories run side by side.
    public final class PostgresStateStore: StateStore, @unchecked Sendable {
        let connection: PostgresConnection
        let repository: RepositoryIdentity
        let display: String
        private let lock = NSLock()
        static let logger = Logger(label: "workplan.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

        /// Connects to the hub at `location` and migrates its schema when `migrate` (opening to
        /// write); throws `StoreError` with a message that never shows the password.
        public init(_ location: StoreLocation, migrate: Bool = true) throws {
            display = location.display
            repository = location.repository
            let environment = ProcessInfo.processInfo.environment
            let address: PostgresAddress
            do {
                address = try PostgresAddress(
                    location.database, environment: environment,
                    pgpass: PostgresAddress.pgpassFile(environment: environment))
            } catch let error as PostgresAddress.Invalid {
                throw StoreError.database(error.message)
            }
            do {
                connection = try PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.next(),
                    configuration: try Self.configuration(address), id: 1, logger: Self.logger
                ).wait()
            } catch {
                throw StoreError.database(Self.describe(error, connecting: location.display))
            }
            do {
                try PostgresSchema.check(self, migrate: migrate)
            } catch {
                try? connection.close().wait()
                throw error
            }
        }

        deinit { try? connection.close().wait() }

        /// Whether the hub at `location` holds a workplan schema (false: nothing was ever synced there).
        public func holdsSchema() throws -> Bool {
            try run { try PostgresSession(store: self).schemaVersions() != nil }
        }

        /// Creates the database `name` on the server of `url` (which names an existing database)
        /// and returns its URL: a fresh, empty hub, for tests and demos.
        static func createDatabase(_ name: String, on url: String) throws -> String {
            let address = try PostgresAddress(url, environment: ProcessInfo.processInfo.environment, pgpass: nil)
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try configuration(address), id: 2,
                logger: logger
            ).wait()
            defer { try? connection.close().wait() }
            _ = try connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\""), logger: logger).wait()
            guard var components = URLComponents(string: url) else { return url }
            components.path = "/" + name
            return components.string ?? url
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

        public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
            try transaction("BEGIN ISOLATION LEVEL READ COMMITTED") { session in
                try session.lockRepository()
                return try body(session)
            }
        }

        public func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
            try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { try body($0) }
        }

        private func transaction<T>(_ begin: String, _ body: (PostgresSession) throws -> T) throws -> T {
            try run {
                let session = PostgresSession(store: self)
                try session.execute(begin)
                do {
                    let result = try body(session)
                    try session.execute("COMMIT")
                    return result
                } catch {
                    try? session.execute("ROLLBACK")
                    throw error
                }
            }
        }

        /// Runs `body` alone on the connection, turning the driver's errors into `StoreError`
        /// (others, such as the caller's own, pass through).
        func run<T>(_ body: () throws -> T) throws -> T {
            lock.lock()
            defer { lock.unlock() }
            do {
                return try body()
            } catch let error as PSQLError {
                throw StoreError.database(Self.describe(error, connecting: nil))
            } catch let error as ChannelError {
                throw StoreError.database(Self.describe(error, connecting: nil))
            }
        }

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
                    + detail + "; if this repository was renamed, sync once with --renamed-from OLD-NAME"
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
