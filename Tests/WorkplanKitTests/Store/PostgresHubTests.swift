#if PostgreSQL
    import Foundation
    import Testing

    @testable import WorkplanKit

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
        static func freshDatabase() throws -> String? {
            guard available(), let url else { return nil }
            let name = "wp_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            return try PostgresStateStore.createDatabase(name, on: url)
        }

        static func location(_ database: String, _ repository: String, renamedFrom: String? = nil) -> StoreLocation {
            var identity = RepositoryIdentity(name: repository, remote: "example.com/" + repository)
            identity.renamedFrom = renamedFrom
            return StoreLocation(database: database, repository: identity)
        }
    }

    /// The store conformance checks, unchanged, on the PostgreSQL backend: each store is a new database.
    @Suite struct PostgresConformanceTests {
        @Test(arguments: StoreConformance.checks.map(\.0))
        func onAServer(_ check: String) throws {
            let run = try #require(StoreConformance.checks.first { $0.0 == check }?.1)
            guard TestHub.available() else { return }
            try run(
                StoreConformance {
                    guard let database = try TestHub.freshDatabase() else { throw StoreError.missing("no server") }
                    return try PostgresStateStore(TestHub.location(database, "conformance"))
                })
        }
    }

    /// Many repositories in one hub: each sync reads and writes its own repository's rows only.
    @Suite struct PostgresHubTests {
        /// A repository folder syncing into `database` as `name`, with UUIDs of its own.
        static func repository(_ name: String, database: String, workplans: Int, tasks: Int) throws -> SyncFixture {
            // UUIDs of its own: a UUID is unique across the hub.
            var fixture = try SyncFixture(uuidStart: name.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) % 1_000_000 } * 1000)
            fixture.configuration.database = database
            fixture.configuration.repository = name
            for number in 1...workplans {
                let id = String(format: "TEST-WP-%04d", number)
                let list = (1...tasks).map { (String(format: "%02d", $0), $0 % 3 == 0 ? "done" : "todo") }
                try fixture.write(id + ".md", plan(id, tasks: list))
            }
            return fixture
        }

        static func progress(_ database: String, _ repository: String) throws -> StoreProgress {
            try PostgresStateStore(TestHub.location(database, repository), migrate: false).read {
                try $0.progress(domain: nil)
            }
        }

        @Test func threeRepositoriesSyncAtOnceAndEachSeesOnlyItsOwnRows() async throws {
            guard let database = try TestHub.freshDatabase() else { return }
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
                let progress = try Self.progress(database, name)
                #expect(progress.workstreams.map(\.id) == (1...count).map { String(format: "TEST-WP-%04d", $0) })
                #expect(progress.workstreams.allSatisfy { $0.tasks == 4 && $0.done == 1 })
            }
            let summary = try PostgresStateStore(TestHub.location(database, "alpha"), migrate: false).read {
                try $0.hubSummary()
            }
            #expect(summary.map(\.repository) == ["alpha", "beta", "gamma"])
            #expect(summary.map(\.workstreams) == [3, 2, 1])
            #expect(summary.allSatisfy { $0.lastSyncAt == "2026-11-29T10:00:00Z" })
        }

        @Test func aRepositorysBrakeCountsItsOwnTasksAndNeverTouchesAnother() async throws {
            guard let database = try TestHub.freshDatabase() else { return }
            let small = try Self.repository("small", database: database, workplans: 1, tasks: 25)
            let large = try Self.repository("large", database: database, workplans: 10, tasks: 20)
            try await small.sync()
            try await large.sync()
            // 24 of small's 25 tasks: the brake stops it, although the hub holds 225.
            try small.write(
                "TEST-WP-0001.md", plan("TEST-WP-0001", tasks: [("01", "todo")]))
            let stopped = try await small.sync()
            #expect(stopped.brake != nil)
            #expect(try Self.progress(database, "small").workstreams.first?.tasks == 25)
            // Large loses all its files but one: only its own rows are marked removed.
            for number in 2...10 { try large.remove(String(format: "TEST-WP-%04d.md", number)) }
            let removed = try await large.sync { $0.allowMassRemoval = true }
            #expect(removed.removedTasks == 180)
            #expect(try Self.progress(database, "large").workstreams.count == 1)
            #expect(try Self.progress(database, "small").workstreams.first?.tasks == 25)
        }

        @Test func aRenamedRepositoryKeepsItsRowsAndAnUnannouncedOneIsRefused() async throws {
            guard let database = try TestHub.freshDatabase() else { return }
            var fixture = try Self.repository("old-name", database: database, workplans: 2, tasks: 3)
            try await fixture.sync()
            let before = try PostgresStateStore(TestHub.location(database, "old-name"), migrate: false).read {
                try $0.snapshot(.everything)
            }
            // The same files under a new name, not announced: their UUIDs belong to old-name.
            fixture.configuration.repository = "new-name"
            await #expect {
                try await fixture.sync()
            } throws: { error in
                "\(error.localizedDescription)".contains("--renamed-from")
            }
            let renamed = try await fixture.sync { $0.renamedFrom = "old-name" }
            #expect(!renamed.hasChanges)
            let after = try PostgresStateStore(TestHub.location(database, "new-name"), migrate: false).read {
                try $0.snapshot(.everything)
            }
            #expect(after.workstreams == before.workstreams)
            #expect(after.tasks == before.tasks)
            let summary = try PostgresStateStore(TestHub.location(database, "new-name"), migrate: false).read {
                try $0.hubSummary()
            }
            #expect(summary.map(\.repository) == ["new-name"])
        }

        @Test func aHubWithANewerSchemaIsRefusedAndChangesNothing() throws {
            guard let database = try TestHub.freshDatabase() else { return }
            let store = try PostgresStateStore(TestHub.location(database, "one"))
            try store.run {
                try PostgresSession(store: store).execute("INSERT INTO workplan_schema (version) VALUES ('v9-future')")
            }
            #expect {
                try PostgresStateStore(TestHub.location(database, "one"))
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
    }
#endif

#if PostgreSQL
    /// Bad hub input from the command line: a clear error, exit status 2, nothing changed, and
    /// never the password.
    @Suite struct PostgresCommandTests {
        static func text(_ directory: TemporaryDirectory) throws -> String {
            try String(contentsOfFile: directory.path + "/workplans/TEST-WP-0001.md", encoding: .utf8)
        }

        static func repository() throws -> TemporaryDirectory {
            let directory = try TemporaryDirectory()
            try directory.write("workplans/TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
            return directory
        }

        @Test func anUnreachableServerIsReportedAtOnceWithoutThePassword() throws {
            let directory = try Self.repository()
            let before = try Self.text(directory)
            let start = Date()
            let run = try CommandLineTests.run(
                ["sync", "--db", "postgres://someone:hunter2-secret@127.0.0.1:1/hub"], in: directory.path)
            #expect(run.status == 2)
            #expect(Date().timeIntervalSince(start) < 10)
            #expect(run.errors.contains("cannot connect to postgres://someone:***@127.0.0.1:1/hub: connection refused"))
            #expect(!run.errors.contains("hunter2"))
            #expect(try Self.text(directory) == before)
        }

        @Test func wrongCredentialsAreRefusedAndTheRightOnesComeFromTheEnvironmentOrPgpass() throws {
            guard let database = try TestHub.freshDatabase(), var components = URLComponents(string: database)
            else { return }
            let role = "wp_" + UUID().uuidString.prefix(8).lowercased()
            let admin = try PostgresStateStore(TestHub.location(database, "admin"))
            try admin.run {
                try PostgresSession(store: admin).execute("CREATE ROLE \(role) LOGIN SUPERUSER PASSWORD 'right-horse'")
            }
            components.user = role
            let url = try #require(components.string)
            let directory = try Self.repository()
            let before = try Self.text(directory)
            let wrong = try CommandLineTests.run(
                ["sync", "--db", url], in: directory.path, environment: ["PGPASSWORD": "wrong-battery"])
            #expect(wrong.status == 2)
            #expect(wrong.errors.contains("password authentication failed"))
            #expect(!wrong.errors.contains("wrong-battery"))
            #expect(try Self.text(directory) == before)
            let right = try CommandLineTests.run(
                ["sync", "--db", url], in: directory.path, environment: ["PGPASSWORD": "right-horse"])
            #expect(right.status == 0, "\(right.errors)")
            try directory.write("pgpass", "# the hub\n127.0.0.1:*:*:\(role):right-horse\n")
            chmod(directory.path + "/pgpass", 0o600)
            let fromFile = try CommandLineTests.run(
                ["status", "--all", "--db", url], in: directory.path,
                environment: ["PGPASSFILE": directory.path + "/pgpass"])
            #expect(fromFile.status == 0, "\(fromFile.errors)")
            #expect(fromFile.output.contains("1 workstreams, 1 open tasks"))
        }

        @Test func aHubWithANewerSchemaIsRefusedFromTheCommandLine() throws {
            guard let database = try TestHub.freshDatabase() else { return }
            let store = try PostgresStateStore(TestHub.location(database, "one"))
            try store.run {
                try PostgresSession(store: store).execute("INSERT INTO workplan_schema (version) VALUES ('v9-future')")
            }
            let directory = try Self.repository()
            let before = try Self.text(directory)
            let run = try CommandLineTests.run(["sync", "--db", database], in: directory.path)
            #expect(run.status == 2)
            #expect(run.errors.contains("schema version 'v9-future', newer than this workplan knows"))
            #expect(try Self.text(directory) == before)
            let repositories = try store.run {
                try PostgresSession(store: store).query("SELECT count(*) FROM repositories").first?.decode(Int64.self)
            }
            #expect(repositories == 0)
            let status = try CommandLineTests.run(["status", "--db", database], in: directory.path)
            #expect(status.status == 2)
        }

        /// The test cluster has a self-signed certificate (scripts/pg-cluster.sh).
        @Test func sslmodeRequireEncryptsAndVerifyFullRefusesAnUnknownCertificate() throws {
            guard let database = try TestHub.freshDatabase(), var components = URLComponents(string: database)
            else { return }
            func url(_ mode: String) throws -> String {
                components.queryItems = [URLQueryItem(name: "sslmode", value: mode)]
                return try #require(components.string)
            }
            for (mode, encrypted) in [("require", true), ("prefer", true), ("disable", false)] {
                let store = try PostgresStateStore(TestHub.location(try url(mode), "tls"))
                let ssl = try store.run {
                    try PostgresSession(store: store).query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                        .first?.decode(Bool.self)
                }
                #expect(ssl == encrypted, "sslmode=\(mode)")
            }
            let directory = try Self.repository()
            let run = try CommandLineTests.run(["sync", "--db", try url("verify-full")], in: directory.path)
            #expect(run.status == 2)
            #expect(run.errors.contains("cannot connect to"))
            #expect(run.errors.contains("TLS certificate could not be verified"), "\(run.errors)")
        }

        @Test func serverVersionsBeforeTwelveAreRefused() {
            #expect(
                PostgresSchema.versionProblem(110_005, display: "hub")
                    == "hub runs PostgreSQL 11; workplan needs 12 or newer")
            #expect(PostgresSchema.versionProblem(150_018, display: "hub") == nil)
        }
    }
#endif

#if PostgreSQL
    /// The commands against a hub, as against a file; a killed sync; the per-repository lock.
    @Suite struct PostgresCommandFlowTests {
        @Test func everyStoreCommandWorksAgainstAHubNamedByTheEnvironment() throws {
            guard let database = try TestHub.freshDatabase() else { return }
            let directory = try TemporaryDirectory()
            try directory.write(
                "workplans/TEST-WP-0001.md", plan(tasks: [("01", "todo"), ("02", "done"), ("03", "todo")]))
            try directory.write(".workplan.yml", "repository: example.com/flow\n")
            let environment = ["WORKPLAN_DATABASE_URL": database]
            func run(_ arguments: [String]) throws -> CommandLineTests.Run {
                let result = try CommandLineTests.run(arguments, in: directory.path, environment: environment)
                #expect(result.status == 0, "\(arguments): \(result.errors)")
                return result
            }
            try run(["sync"])
            try run(["task", "set-status", "TEST-WP-0001-T01", "done"])
            try run(["close", "TEST-WP-0001", "--cancel-open", "--date", "2026-12-01"])
            let cleanup = try run(["cleanup-stale", "--format", "json"])
            #expect(cleanup.output.contains("\"cancelled\""))
            let status = try run(["status", "--format", "json"])
            #expect(status.output.contains("TEST-WP-0001"))
            let store = try PostgresStateStore(TestHub.location(database, "example.com/flow"), migrate: false)
            let tasks = try store.read { try $0.snapshot(.everything).tasks }
            #expect(tasks["TEST-WP-0001-T01"]?.status == "done")
            #expect(tasks["TEST-WP-0001-T03"]?.status == "cancelled")
            #expect(try store.read { try $0.events(subject: "TEST-WP-0001") }.contains { $0.kind == "closure" })
            try run(["dashboard", "--out", "site"])
            #expect(FileManager.default.fileExists(atPath: directory.path + "/site/w/TEST-WP-0001.html"))
            let overview = try String(contentsOfFile: directory.path + "/site/index.html", encoding: .utf8)
            #expect(overview.contains("<tr><td>example.com/flow</td><td>testing</td><td>1</td>"))
        }

        @Test func aKilledSyncLeavesTheHubAsItWas() throws {
            guard let database = try TestHub.freshDatabase() else { return }
            let directory = try TemporaryDirectory()
            let tasks = (1...10).map { (String(format: "%02d", $0), "todo") }
            for number in 1...1500 {
                let id = String(format: "TEST-WP-%04d", number)
                try directory.write("workplans/\(id).md", plan(id, tasks: tasks))
            }
            let process = Process()
            process.executableURL = CommandLineTests.executable
            process.arguments = ["sync", "--no-write-ids", "--db", database]
            process.currentDirectoryURL = directory.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Killed once its transaction has written rows (the server gave it a transaction id).
            let probe = try PostgresStateStore(TestHub.location(database, "probe"))
            var writing = false
            for _ in 0..<400 where !writing && process.isRunning {
                writing = try probe.run {
                    try PostgresSession(store: probe).query(
                        """
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()
                        """
                    ).first?.decode(Int64.self) ?? 0 > 0
                }
                if !writing { Thread.sleep(forTimeInterval: 0.05) }
            }
            #expect(writing && process.isRunning, "the sync ended before it could be killed while writing")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // The server rolls the transaction back when the connection drops.
            var holds = true
            for _ in 0..<50 where holds {
                holds = try probe.read { try $0.hubSummary() }.contains { $0.repository != "probe" }
                if holds { Thread.sleep(forTimeInterval: 0.1) }
            }
            #expect(!holds)
        }

        @Test func syncsOfOneRepositoryTakeTurnsAndOthersDoNotWait() throws {
            guard let database = try TestHub.freshDatabase() else { return }
            let folders = try ["one", "two"].map { name -> TemporaryDirectory in
                let directory = try TemporaryDirectory()
                try directory.write("workplans/TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
                try directory.write(".workplan.yml", "repository: \(name)\n")
                return directory
            }
            let holder = try PostgresStateStore(TestHub.location(database, "one"))
            let waiting = Process()
            try holder.write { _ in
                // Repository one is locked by this transaction: two syncs at once, one waits.
                let other = try CommandLineTests.run(["sync", "--db", database], in: folders[1].path)
                #expect(other.status == 0, "\(other.errors)")
                waiting.executableURL = CommandLineTests.executable
                waiting.arguments = ["sync", "--db", database]
                waiting.currentDirectoryURL = folders[0].url
                waiting.standardOutput = FileHandle.nullDevice
                try waiting.run()
                Thread.sleep(forTimeInterval: 1.5)
                #expect(waiting.isRunning)
            }
            waiting.waitUntilExit()
            #expect(waiting.terminationStatus == 0)
            let summary = try holder.read { try $0.hubSummary() }
            #expect(summary.map(\.repository) == ["one", "two"])
            #expect(summary.map(\.workstreams) == [1, 1])
        }
    }
#endif
