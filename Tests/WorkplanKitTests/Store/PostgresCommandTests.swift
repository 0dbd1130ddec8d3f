#if PostgreSQL
    import Foundation
    import PostgresNIO
    import Testing

    @testable import WorkplanKit
    @testable import WorkplanPostgres

    /// Bad hub input from the command line: a clear error, exit status 2, nothing changed, and
    /// never the password.
    @Suite struct PostgresCommandTests {
        static func text(_ directory: TemporaryDirectory) throws -> String {
            try String(contentsOfFile: directory.path + "/workplans/TEST-WP-0001.md", encoding: .utf8)
        }

        /// A folder with one workplan, its identity on a hub declared.
        static func repository() throws -> TemporaryDirectory {
            let directory = try TemporaryDirectory()
            try directory.write("workplans/TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
            try directory.write(".workplan.yml", "repository: example.com/command\n")
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

        @Test func wrongCredentialsAreRefusedAndTheRightOnesComeFromTheEnvironmentOrPgpass() async throws {
            guard let database = try await TestHub.freshDatabase(), var components = URLComponents(string: database)
            else { return }
            let role = "wp_" + UUID().uuidString.prefix(8).lowercased()
            let admin = try await TestHub.store(database, "admin")
            try await TestHub.run("CREATE ROLE \(role) LOGIN SUPERUSER PASSWORD 'right-horse'", on: admin)
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

        @Test func aHubWithANewerSchemaIsRefusedFromTheCommandLine() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let store = try await TestHub.store(database, "one")
            try await TestHub.run("INSERT INTO workplan_schema (version) VALUES ('v9-future')", on: store)
            let directory = try Self.repository()
            let before = try Self.text(directory)
            let run = try CommandLineTests.run(["sync", "--db", database], in: directory.path)
            #expect(run.status == 2)
            #expect(run.errors.contains("schema version 'v9-future', newer than this workplan knows"))
            #expect(try Self.text(directory) == before)
            let repositories = try await TestHub.run("SELECT count(*) FROM repositories", on: store)
            #expect(try repositories.first?.decode(Int64.self) == 0)
            let status = try CommandLineTests.run(["status", "--db", database], in: directory.path)
            #expect(status.status == 2)
        }

        /// The test cluster has a self-signed certificate (scripts/pg-cluster.sh).
        @Test func sslmodeRequireEncryptsAndVerifyFullRefusesAnUnknownCertificate() async throws {
            guard let database = try await TestHub.freshDatabase(), var components = URLComponents(string: database)
            else { return }
            func url(_ mode: String) throws -> String {
                components.queryItems = [URLQueryItem(name: "sslmode", value: mode)]
                return try #require(components.string)
            }
            for (mode, encrypted) in [("require", true), ("prefer", true), ("disable", false)] {
                let store = try await PostgresStateStore.connect(TestHub.location(try url(mode), "tls"), mode: .write)
                let rows = try await TestHub.run("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", on: store)
                #expect(try rows.first?.decode(Bool.self) == encrypted, "sslmode=\(mode)")
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

    /// The commands against a hub, as against a file; a killed sync; the per-repository lock.
    @Suite struct PostgresCommandFlowTests {
        @Test func everyStoreCommandWorksAgainstAHubNamedByTheEnvironment() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let directory = try TemporaryDirectory()
            try directory.write(
                "workplans/TEST-WP-0001.md", plan(tasks: [("01", "todo"), ("02", "done"), ("03", "todo")]))
            try directory.write(".workplan.yml", "repository: example.com/flow\n")
            let environment = ["WORKPLAN_DATABASE_URL": database]
            @discardableResult
            func run(_ arguments: [String]) throws -> CommandLineTests.Run {
                let result = try CommandLineTests.run(arguments, in: directory.path, environment: environment)
                #expect(result.status == 0, "\(arguments): \(result.errors)")
                return result
            }
            try run(["sync"])
            let setStatus = try run(["task", "set-status", "TEST-WP-0001-T01", "done"])
            #expect(setStatus.output.hasSuffix("store: updated\n"), "\(setStatus.output)")
            let close = try run(["close", "TEST-WP-0001", "--cancel-open", "--date", "2026-12-01"])
            #expect(close.output.hasSuffix("store: updated\n"), "\(close.output)")
            let cleanup = try run(["cleanup-stale", "--format", "json"])
            #expect(cleanup.output.contains("\"cancelled\""))
            let status = try run(["status", "--format", "json"])
            #expect(status.output.contains("TEST-WP-0001"))
            let store = try await TestHub.store(database, "example.com/flow", migrate: false)
            let tasks = try await store.read { try await $0.snapshot(.everything).tasks }
            #expect(tasks["TEST-WP-0001-T01"]?.status == "done")
            #expect(tasks["TEST-WP-0001-T03"]?.status == "cancelled")
            let events = try await store.read { try await $0.events(subject: "TEST-WP-0001") }
            #expect(events.contains { $0.kind == .closure })
            try run(["dashboard", "--out", "site"])
            #expect(
                FileManager.default.fileExists(atPath: directory.path + "/site/w/example.com_2Fflow/TEST-WP-0001.html"))
            let overview = try String(contentsOfFile: directory.path + "/site/index.html", encoding: .utf8)
            #expect(
                overview.contains("<a href=\"repository/example.com_2Fflow.html\">example.com/flow</a></td><td>1</td>"))
        }

        /// A repository a hub knows by its `origin` alone: the dashboard links its tasks to their
        /// lines under `--base-url`, as the rows name it.
        @Test func aRepositoryKnownByItsOriginLinksItsTasksOnTheHubsDashboard() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let directory = try TemporaryDirectory()
            try directory.write("workplans/TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
            for arguments in [["init", "-q"], ["remote", "add", "origin", "https://example.com/acme/plans.git"]] {
                _ = try Git.run(arguments, in: directory.path)
            }
            let environment = ["WORKPLAN_DATABASE_URL": database]
            let sync = try CommandLineTests.run(["sync"], in: directory.path, environment: environment)
            #expect(sync.status == 0, "\(sync.errors)")
            let dashboard = try CommandLineTests.run(
                ["dashboard", "--out", "site", "--base-url", "https://example.com/acme/plans/blob/main/"],
                in: directory.path, environment: environment)
            #expect(dashboard.status == 0, "\(dashboard.errors)")
            let page = try String(
                contentsOfFile: directory.path + "/site/w/example.com_2Facme_2Fplans/TEST-WP-0001.html", encoding: .utf8
            )
            #expect(page.contains("<a href=\"https://example.com/acme/plans/blob/main/workplans/TEST-WP-0001.md#L"))
        }

        /// The one write policy: the file is written whatever becomes of the store, and the
        /// command says so (exit 0); the CLI and the MCP server report the same JSON shape.
        @Test func aWriteWhoseHubIsUnreachableSucceedsAndSaysTheStoreWasNotUpdated() throws {
            let directory = try PostgresCommandTests.repository()
            let environment = ["WORKPLAN_DATABASE_URL": "postgres://someone:hunter2@127.0.0.1:1/hub"]
            let text = try CommandLineTests.run(
                ["task", "set-status", "TEST-WP-0001-T01", "in_progress"], in: directory.path, environment: environment)
            #expect(text.status == 0, "\(text.errors)")
            #expect(text.output.contains("TEST-WP-0001-T01: wrote workplans/TEST-WP-0001.md\n"))
            #expect(
                text.output.contains("store: not updated: cannot connect to postgres://someone:***@127.0.0.1:1/hub"))
            #expect(!text.output.contains("hunter2"))
            let json = try CommandLineTests.run(
                ["task", "set-status", "TEST-WP-0001-T01", "done", "--format", "json"], in: directory.path,
                environment: environment)
            #expect(json.status == 0)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
            let write = try #require(object["write"] as? [String: Any])
            let store = try #require(object["store"] as? [String: Any])
            #expect(write["task"] as? String == "TEST-WP-0001-T01" && write["changed"] as? Bool == true)
            #expect(store["updated"] as? Bool == false)
            #expect((store["reason"] as? String)?.contains("connection refused") == true)
            #expect(
                try String(contentsOfFile: directory.path + "/workplans/TEST-WP-0001.md", encoding: .utf8)
                    .contains("status: done"))
        }

        @Test func aKilledSyncLeavesTheHubAsItWas() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let directory = try TemporaryDirectory()
            try directory.write(".workplan.yml", "repository: example.com/killed\n")
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
            let errors = directory.url.appendingPathComponent("errors.txt")
            FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errors)
            // The schema exists first: the sync's transaction is then its only one.
            let probe = try await TestHub.store(database, "probe")
            try process.run()
            // Killed once its transaction has written rows (the server gave it a transaction id).
            var writing = false
            for _ in 0..<400 where !writing && process.isRunning {
                let rows = try await TestHub.run(
                    """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()
                    """, on: probe)
                writing = try (rows.first?.decode(Int64.self) ?? 0) > 0
                if !writing { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(
                writing && process.isRunning,
                "the sync ended before it could be killed while writing: \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")"
            )
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // The server rolls the transaction back when the connection drops.
            var holds = true
            for _ in 0..<50 where holds {
                holds = try await probe.read { try await $0.hubSummary() }.contains { $0.repository != "probe" }
                if holds { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(!holds)
        }

        @Test func syncsOfOneRepositoryTakeTurnsAndOthersDoNotWait() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let folders = try ["one", "two"].map { name -> TemporaryDirectory in
                let directory = try TemporaryDirectory()
                try directory.write("workplans/TEST-WP-0001.md", plan(tasks: [("01", "todo")]))
                try directory.write(".workplan.yml", "repository: \(name)\n")
                return directory
            }
            let holder = try await TestHub.store(database, "one")
            let waiting = Process()
            try await holder.write { _ in
                // Repository one is locked by this transaction: two syncs at once, one waits.
                let other = try CommandLineTests.run(["sync", "--db", database], in: folders[1].path)
                #expect(other.status == 0, "\(other.errors)")
                waiting.executableURL = CommandLineTests.executable
                waiting.arguments = ["sync", "--db", database]
                waiting.currentDirectoryURL = folders[0].url
                waiting.standardOutput = FileHandle.nullDevice
                try waiting.run()
                try await Task.sleep(for: .milliseconds(1500))
                #expect(waiting.isRunning)
            }
            waiting.waitUntilExit()
            #expect(waiting.terminationStatus == 0)
            let summary = try await holder.read { try await $0.hubSummary() }
            #expect(summary.map(\.repository) == ["one", "two"])
            #expect(summary.map(\.workstreams) == [1, 1])
        }
    }
#endif
