#if PostgreSQL
    import Foundation
    import PostgresNIO
    import StoreConformance
    import Testing

    @testable import WorkplanKit
    @testable import WorkplanPostgres

    /// The PostgreSQL server the hub tests use: `WORKPLAN_TEST_POSTGRES_URL` (set by `make test`
    /// and `.ci/run`, which start a throwaway cluster). Without it the tests say so and pass
    /// outside CI; with `CI=true` they fail, so that CI never skips them.
    enum TestHub {
        static let url = ProcessInfo.processInfo.environment["WORKPLAN_TEST_POSTGRES_URL"]
        static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

        /// Whether there is a test server; when not, says so (and fails under CI).
        static func available() -> Bool {
            guard url == nil else { return true }
            if inCI {
                Issue.record("CI=true and WORKPLAN_TEST_POSTGRES_URL is not set: the hub tests must run in CI")
            } else {
                print("PostgreSQL hub tests: no server (set WORKPLAN_TEST_POSTGRES_URL, or run make test)")
            }
            return false
        }

        /// A new, empty database on the test server; nil (after saying why) when there is none.
        static func freshDatabase() async throws -> String? {
            guard available(), let url else { return nil }
            let name = "wp_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let address = try PostgresAddress(url, environment: ProcessInfo.processInfo.environment, pgpass: nil)
            let connection = try await PostgresConnection.connect(
                configuration: try PostgresStateStore.configuration(address), id: 2, logger: PostgresStateStore.logger)
            do {
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\""), logger: PostgresStateStore.logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
            var components = try #require(URLComponents(string: url))
            components.path = "/" + name
            return components.string ?? url
        }

        static func location(_ database: String, _ repository: String, renamedFrom: String? = nil) -> StoreLocation {
            var identity = RepositoryIdentity(name: repository, remote: "example.com/" + repository)
            identity.renamedFrom = renamedFrom
            return StoreLocation(database: database, repository: identity)
        }

        /// The store of `repository` on `database`, opened to write (migrating it) or to read.
        static func store(
            _ database: String, _ repository: String, migrate: Bool = true
        ) async throws
            -> PostgresStateStore
        {
            try await PostgresStateStore.connect(location(database, repository), mode: migrate ? .write : .read)
        }

        /// Runs `sql` (a test's own text) on the store's connection.
        @discardableResult
        static func run(_ sql: String, on store: PostgresStateStore) async throws -> [PostgresRow] {
            try await store.session { try await $0.query(PostgresQuery(unsafeSQL: sql)) }
        }
    }

    /// The store conformance checks, unchanged, on the PostgreSQL backend: each store is a new database.
    @Suite struct PostgresConformanceTests {
        @Test(arguments: StoreConformance.checks.map(\.0))
        func onAServer(_ check: String) async throws {
            guard TestHub.available() else { return }
            try await StoreConformance {
                guard let database = try await TestHub.freshDatabase() else { throw StoreError.missing("no server") }
                return try await TestHub.store(database, "conformance")
            }.run(check)
        }
    }

    /// Many repositories in one hub: each sync reads and writes its own repository's rows only.
    @Suite struct PostgresHubTests {
        /// A repository folder syncing into `database` as `name`, with UUIDs of its own.
        static func repository(_ name: String, database: String, workplans: Int, tasks: Int) throws -> SyncFixture {
            // UUIDs of its own: a UUID is unique across the hub.
            var fixture = try SyncFixture(uuidStart: name.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) % 1_000_000 } * 1000)
            fixture.hub = StoreAccess(TestHub.location(database, name), server: PostgresBackend())
            for number in 1...workplans {
                let id = String(format: "TEST-WP-%04d", number)
                let list = (1...tasks).map { (String(format: "%02d", $0), $0 % 3 == 0 ? "done" : "todo") }
                try fixture.write(id + ".md", plan(id, tasks: list))
            }
            return fixture
        }

        /// What lint takes as known: the live ids of every other repository, each once and sorted
        /// (two repositories here declare the same ones), none of its own.
        @Test func knownIDsAreTheOtherRepositoriesLiveIDs() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let first = try await TestHub.store(database, "example.com/first")
            for name in ["example.com/second", "example.com/third"] {
                var plan = StoreConformance.insertingPlan()
                if name.hasSuffix("third") {
                    // A store id belongs to one repository.
                    for index in plan.workstreams.indices { plan.workstreams[index].new.uuid = nil }
                    for index in plan.tasks.indices { plan.tasks[index].new.uuid = nil }
                }
                let other = try await TestHub.store(database, name, migrate: false)
                try await other.write { [plan] in try await $0.apply(plan) }
            }
            #expect(
                try await first.read { try await $0.knownIDs() } == ["T-WP-0001", "T-WP-0001-T01", "T-WP-0001-T02"])
            let second = try await TestHub.store(database, "example.com/second", migrate: false)
            #expect(
                try await second.read { try await $0.knownIDs() } == ["T-WP-0001", "T-WP-0001-T01", "T-WP-0001-T02"])
        }

        static func progress(_ database: String, _ repository: String) async throws -> StoreProgress {
            try await TestHub.store(database, repository, migrate: false).read { try await $0.progress(domain: nil) }
        }

        @Test func threeRepositoriesSyncAtOnceAndEachSeesOnlyItsOwnRows() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let fixtures = try [("alpha", 3), ("beta", 2), ("gamma", 1)].map {
                try Self.repository($0.0, database: database, workplans: $0.1, tasks: 4)
            }
            let engines = fixtures.map(\.engine)
            try await withThrowingTaskGroup(of: SyncReport.self) { group in
                for engine in engines { group.addTask { try await engine.run(SyncOptions()) } }
                for try await report in group { #expect(report.brake == nil) }
            }
            // The same workplan ids in three repositories are three workstreams each.
            for (name, count) in [("alpha", 3), ("beta", 2), ("gamma", 1)] {
                let progress = try await Self.progress(database, name)
                #expect(progress.workstreams.map(\.id) == (1...count).map { String(format: "TEST-WP-%04d", $0) })
                #expect(progress.workstreams.allSatisfy { $0.tasks == 4 && $0.done == 1 })
            }
            let summary = try await TestHub.store(database, "alpha", migrate: false).read { try await $0.hubSummary() }
            #expect(summary.map(\.repository) == ["alpha", "beta", "gamma"])
            #expect(summary.map(\.workstreams) == [3, 2, 1])
            #expect(summary.allSatisfy { $0.lastSyncAt == "2026-11-29T10:00:00Z" })
        }

        /// Many first writers into an empty hub at once: one creates the schema, the others
        /// find it (none trips over tables another created while it waited).
        @Test func firstWritersIntoAnEmptyHubCreateTheSchemaOnce() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for number in 0..<8 {
                    group.addTask { _ = try await TestHub.store(database, "first-\(number)") }
                }
                try await group.waitForAll()
            }
            let store = try await TestHub.store(database, "check", migrate: false)
            let versions = try await TestHub.run("SELECT count(*) FROM workplan_schema", on: store)
            #expect(try versions.first?.decode(Int64.self) == Int64(PostgresSchema.migrations.count))
        }

        /// A new workplan on a renumbered workplan's old id gets rows of its own on the hub
        /// too, in one batch and across batches.
        @Test(arguments: [(20, 256), (300, 16)])
        func aNewWorkplanTakingARenumberedIDGetsRowsOfItsOwn(count: Int, batchSize: Int) async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            var fixture = try Self.repository("renumbered", database: database, workplans: count, tasks: 1)
            fixture.batchSize = batchSize
            try await fixture.sync()
            let store = try await TestHub.store(database, "renumbered", migrate: false)
            let oldUUID = try #require(
                try await store.read { try await $0.snapshot(.everything) }.workstreams["TEST-WP-0002"]?.uuid)
            let (renumbering, text) = try fixture.workspace.planRenumber("TEST-WP-0002", to: "TEST-WP-0900")
            try fixture.workspace.apply(renumbering, text: text)
            try fixture.write("TEST-WP-0002-again.md", plan("TEST-WP-0002", tasks: [("01", "todo")]))
            let report = try await fixture.sync()
            #expect(report.skippedFiles.isEmpty && report.newTasks == 1 && report.removedTasks == 0)
            let rows = try await store.read { try await $0.snapshot(.everything) }
            #expect(rows.workstreams["TEST-WP-0900"]?.uuid == oldUUID)
            #expect(rows.workstreams["TEST-WP-0002"]?.uuid.map { $0 != oldUUID } == true)
            #expect(rows.workstreams["TEST-WP-0002"]?.path == "workplans/TEST-WP-0002-again.md")
        }

        @Test func aRepositorysBrakeCountsItsOwnTasksAndNeverTouchesAnother() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let small = try Self.repository("small", database: database, workplans: 1, tasks: 25)
            let large = try Self.repository("large", database: database, workplans: 10, tasks: 20)
            try await small.sync()
            try await large.sync()
            // 24 of small's 25 tasks: the brake stops it, although the hub holds 225.
            try small.write("TEST-WP-0001.md", plan("TEST-WP-0001", tasks: [("01", "todo")]))
            let stopped = try await small.sync()
            #expect(stopped.brake != nil)
            #expect(try await Self.progress(database, "small").workstreams.first?.tasks == 25)
            // Large loses all its files but one: only its own rows are marked removed.
            for number in 2...10 { try large.remove(String(format: "TEST-WP-%04d.md", number)) }
            let removed = try await large.sync { $0.allowMassRemoval = true }
            #expect(removed.removedTasks == 180)
            #expect(try await Self.progress(database, "large").workstreams.count == 1)
            #expect(try await Self.progress(database, "small").workstreams.first?.tasks == 25)
        }

        @Test func aRenamedRepositoryKeepsItsRowsAndAnUnannouncedOneIsRefused() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            var fixture = try Self.repository("old-name", database: database, workplans: 2, tasks: 3)
            try await fixture.sync()
            let before = try await TestHub.store(database, "old-name", migrate: false).read {
                try await $0.snapshot(.everything)
            }
            // The same files under a new name, not announced: their UUIDs belong to old-name.
            fixture.hub = StoreAccess(TestHub.location(database, "new-name"), server: PostgresBackend())
            await #expect {
                try await fixture.sync()
            } throws: { error in
                "\(error.localizedDescription)".contains("--renamed-from")
            }
            let renamed = try await fixture.sync { $0.renamedFrom = "old-name" }
            #expect(!renamed.hasChanges)
            let after = try await TestHub.store(database, "new-name", migrate: false).read {
                try await $0.snapshot(.everything)
            }
            #expect(after.workstreams == before.workstreams)
            #expect(after.tasks == before.tasks)
            let summary = try await TestHub.store(database, "new-name", migrate: false).read {
                try await $0.hubSummary()
            }
            #expect(summary.map(\.repository) == ["new-name"])
        }

        @Test func aHubWithANewerSchemaIsRefusedAndChangesNothing() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let store = try await TestHub.store(database, "one")
            try await TestHub.run("INSERT INTO workplan_schema (version) VALUES ('v9-future')", on: store)
            await #expect {
                try await TestHub.store(database, "one")
            } throws: { error in
                let text = "\(error.localizedDescription)"
                return text.contains("v9-future") && text.contains("newer")
            }
        }

        @Test func migrationSplitsStatementsOutsideDollarQuotes() {
            let statements = PostgresSchema.statements(
                "CREATE TABLE a (x INT);\n-- a comment;\nCREATE FUNCTION f() AS $$\nBEGIN\n  NULL;\nEND $$;\nCREATE VIEW v AS SELECT 1;"
            )
            #expect(statements.count == 3)
            #expect(statements[1].hasPrefix("CREATE FUNCTION") && statements[1].hasSuffix("END $$;"))
        }

        @Test func theFrozenViewsCountTheOpenStatusesTheLibraryDefines() {
            // The views' DDL is frozen text; the queries build their lists from `TaskStatus.open`.
            let schema = PostgresSchema.migrations.map(\.sql).joined()
            #expect(schema.contains("IN (\(TaskStatus.openSQL))"))
        }
    }

    /// PostgreSQL URLs, the environment and pgpass: no server needed.
    @Suite struct PostgresAddressTests {
        @Test func addressesReadTheURLThenTheEnvironmentThenPgpass() throws {
            let fromURL = try PostgresAddress(
                "postgres://ann:pw@[::1]:6543/hub?sslmode=verify-full", environment: ["PGPASSWORD": "env"], pgpass: nil)
            #expect(fromURL.host == "::1" && fromURL.port == 6543 && fromURL.database == "hub")
            #expect(fromURL.password == "pw" && fromURL.tls == .verifyFull)
            let defaults = try PostgresAddress("postgresql://db", environment: ["USER": "bob"], pgpass: nil)
            #expect(defaults.user == "bob" && defaults.database == "bob")
            #expect(defaults.port == 5432 && defaults.tls == .prefer)
            let pgpass = "# comment\nother:*:*:*:no\ndb:5432:hub:ann:pa\\:ss\\\\word\n"
            let fromFile = try PostgresAddress("postgres://ann@db/hub", environment: [:], pgpass: pgpass)
            #expect(fromFile.password == "pa:ss\\word")
            #expect {
                try PostgresAddress("postgres://ann:hunter2@db/hub?sslmode=maybe", environment: [:], pgpass: nil)
            } throws: { error in
                (error as? PostgresAddress.Invalid)?.message
                    == "unknown sslmode 'maybe' in postgres://ann:***@db/hub?sslmode=maybe"
            }
        }
    }
#endif
