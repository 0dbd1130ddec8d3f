#if PostgreSQL
    import Foundation
    import Testing

    @testable import WorkplanKit

    /// Real git repositories and clones syncing into one hub with the built tool: the hub
    /// refuses a foreign, stale or wrong-branch writer, and records who changed what.
    final class GitSandbox: @unchecked Sendable {
        let root: TemporaryDirectory
        let database: String

        init(database: String) throws {
            root = try TemporaryDirectory()
            self.database = database
        }

        /// Runs git in `folder` (relative to the sandbox); its trimmed output.
        @discardableResult
        func git(_ arguments: [String], in folder: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git"] + arguments
            process.currentDirectoryURL = root.url.appendingPathComponent(folder)
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw StoreError.database("git \(arguments.joined(separator: " ")) failed in \(folder)")
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// A bare origin `name.git` whose `main` holds `workplans` workplans of `tasks` open tasks
        /// each, and a clone of it named `name`.
        func origin(_ name: String, workplans: Int, tasks: Int, prefix: String) throws {
            try FileManager.default.createDirectory(
                at: root.url.appendingPathComponent(name + ".git"), withIntermediateDirectories: true)
            try git(["init", "--quiet", "--bare", "--initial-branch=main"], in: name + ".git")
            try clone(name, as: name, email: "owner@example.com")
            for number in 1...workplans {
                let id = String(format: "\(prefix)-WP-%04d", number)
                try root.write(
                    "\(name)/workplans/\(id).md",
                    plan(id, tasks: (1...tasks).map { (String(format: "%02d", $0), "todo") }))
            }
            try commit(name, "Add the workplans")
            try git(["push", "--quiet", "origin", "main"], in: name)
            // A clone made after the first push has origin/HEAD; this one learns it.
            try git(["remote", "set-head", "origin", "main"], in: name)
        }

        /// Clones `origin` into `folder`, as `email`.
        func clone(_ origin: String, as folder: String, email: String) throws {
            try git(["clone", "--quiet", root.url.appendingPathComponent(origin + ".git").path, folder], in: ".")
            try git(["config", "user.email", email], in: folder)
            try git(["config", "user.name", "Someone"], in: folder)
        }

        /// Commits everything in `folder`.
        func commit(_ folder: String, _ message: String) throws {
            try git(["add", "-A"], in: folder)
            try git(["commit", "--quiet", "-m", message], in: folder)
        }

        /// Runs the tool in `folder` against the hub (as `role` when given: its password is
        /// `pw-` and its name).
        func workplan(_ arguments: [String], in folder: String, role: String? = nil) throws -> CommandLineTests.Run {
            var url = database
            if let role, var components = URLComponents(string: database) {
                components.user = role
                components.password = "pw-" + role
                url = components.string ?? database
            }
            return try CommandLineTests.run(
                arguments, in: root.path + "/" + folder, environment: ["WORKPLAN_DATABASE_URL": url])
        }

        /// The hub's repositories, as `hub repos --format json` lists them.
        func repositories() throws -> [[String: Any]] {
            let run = try workplan(["hub", "repos", "--format", "json"], in: ".")
            let list = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
            return list?["repositories"] as? [[String: Any]] ?? []
        }

        /// The live workstreams and open tasks of `name` on the hub.
        func counts(_ name: String) throws -> (workstreams: Int, open: Int)? {
            guard let repository = try repositories().first(where: { $0["repository"] as? String == name }) else {
                return nil
            }
            let domains = repository["domains"] as? [[String: Any]] ?? []
            return (
                domains.reduce(0) { $0 + ($1["workstreams"] as? Int ?? 0) },
                domains.reduce(0) { $0 + ($1["open_tasks"] as? Int ?? 0) }
            )
        }
    }

    @Suite struct PostgresIntegrityTests {
        /// The name `origin` gives a sandbox repository on the hub.
        static func identity(_ sandbox: GitSandbox, _ name: String) -> String {
            RepositoryIdentity.normalise(remote: sandbox.root.url.appendingPathComponent(name + ".git").path)
        }

        /// 1. A checkout that shares only a folder name is refused; the owner's rows stay.
        @Test func anUndeclaredCheckoutCannotTakeOverARepository() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let sandbox = try GitSandbox(database: database)
            try sandbox.origin("gamma", workplans: 1, tasks: 7, prefix: "GAMA")
            #expect(try sandbox.workplan(["sync"], in: "gamma").status == 0)
            let owner = Self.identity(sandbox, "gamma")
            #expect(try sandbox.counts(owner)?.open == 7)
            let repositories = try sandbox.repositories()
            #expect(repositories.first?["identity_source"] as? String == "origin")

            // The same folder name elsewhere, without origin or `repository:`.
            try sandbox.root.write("elsewhere/gamma/workplans/OTHR-WP-0001.md", plan("OTHR-WP-0001", tasks: []))
            try sandbox.git(["init", "--quiet", "--initial-branch=main"], in: "elsewhere/gamma")
            let refused = try sandbox.workplan(["sync"], in: "elsewhere/gamma")
            #expect(refused.status == 2)
            #expect(refused.errors.contains("add the line 'repository: NAME' to .workplan.yml"), "\(refused.errors)")
            #expect(try sandbox.repositories().count == 1)
            #expect(try sandbox.counts(owner)?.open == 7)
        }

        /// 2. A clone on another branch, and a clone that has not pulled, are refused; the hub
        /// is unchanged. `--force-branch` is accepted and recorded; a CI checkout (detached at the
        /// tip of main) is accepted.
        @Test func onlyTheFollowedBranchAtOrAfterTheLastCommitSyncs() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let sandbox = try GitSandbox(database: database)
            try sandbox.origin("alpha", workplans: 3, tasks: 11, prefix: "ALFA")
            try sandbox.clone("alpha", as: "stale", email: "late@example.com")
            try sandbox.clone("alpha", as: "teammate", email: "mate@example.com")
            #expect(try sandbox.workplan(["sync"], in: "alpha").status == 0)
            let name = Self.identity(sandbox, "alpha")
            let head = try sandbox.git(["rev-parse", "HEAD"], in: "alpha")
            var listed = try #require(try sandbox.repositories().first)
            #expect(listed["branch"] as? String == "main")
            #expect(listed["last_commit"] as? String == head)

            // A branch that deletes two workplans.
            try sandbox.git(["checkout", "--quiet", "-b", "feature/x"], in: "teammate")
            try FileManager.default.removeItem(atPath: sandbox.root.path + "/teammate/workplans/ALFA-WP-0001.md")
            try FileManager.default.removeItem(atPath: sandbox.root.path + "/teammate/workplans/ALFA-WP-0002.md")
            try sandbox.commit("teammate", "Drop two workplans")
            let branch = try sandbox.workplan(["sync"], in: "teammate")
            #expect(branch.status == 2)
            #expect(
                branch.errors.contains("the hub follows main at \(head.prefix(7)); this checkout is on feature/x"),
                "\(branch.errors)")
            #expect(try sandbox.counts(name)?.open == 33)

            // main moves on; a clone that has not pulled is stale.
            try sandbox.root.write("alpha/workplans/ALFA-WP-0004.md", plan("ALFA-WP-0004", tasks: [("01", "todo")]))
            try sandbox.commit("alpha", "One more")
            try sandbox.git(["push", "--quiet", "origin", "main"], in: "alpha")
            #expect(try sandbox.workplan(["sync"], in: "alpha").status == 0)
            let newer = try sandbox.git(["rev-parse", "HEAD"], in: "alpha")
            try sandbox.git(["fetch", "--quiet"], in: "stale")
            let stale = try sandbox.workplan(["sync"], in: "stale")
            #expect(stale.status == 2)
            let old = try sandbox.git(["rev-parse", "--short=7", "HEAD"], in: "stale")
            #expect(
                stale.errors.contains(
                    "the hub follows main at \(newer.prefix(7)), newer than your HEAD \(old): pull first"),
                "\(stale.errors)")
            #expect(try sandbox.counts(name)?.open == 34)

            // CI: a detached HEAD at the tip of origin/main.
            try sandbox.git(["checkout", "--quiet", "--detach", "origin/main"], in: "stale")
            #expect(try sandbox.workplan(["sync"], in: "stale").status == 0)

            // Forced: accepted, recorded, and the followed branch and commit kept.
            let forced = try sandbox.workplan(["sync", "--force-branch", "--allow-mass-removal"], in: "teammate")
            #expect(forced.status == 0, "\(forced.errors)")
            #expect(try sandbox.counts(name)?.open == 11)
            listed = try #require(try sandbox.repositories().first)
            let run = try #require(listed["last_run"] as? [String: Any])
            #expect(run["forced"] as? Bool == true)
            #expect(run["branch"] as? String == "feature/x")
            #expect(run["actor"] as? String == "mate@example.com")
            #expect(listed["branch"] as? String == "main")
            #expect(listed["last_commit"] as? String == newer)

            // CI: a shallow clone at main's tip, which lacks the hub's commit.
            try sandbox.git(
                ["clone", "--quiet", "--depth", "1", "file://" + sandbox.root.path + "/alpha.git", "shallow"], in: ".")
            try sandbox.git(["checkout", "--quiet", "--detach"], in: "shallow")
            try sandbox.root.write("alpha/workplans/ALFA-WP-0005.md", plan("ALFA-WP-0005", tasks: []))
            try sandbox.commit("alpha", "Another")
            try sandbox.git(["push", "--quiet", "origin", "main"], in: "alpha")
            try sandbox.git(
                ["fetch", "--quiet", "--depth", "1", "origin", "+main:refs/remotes/origin/main"], in: "shallow")
            try sandbox.git(["checkout", "--quiet", "--detach", "origin/main"], in: "shallow")
            let shallow = try sandbox.workplan(["sync", "--no-write-ids"], in: "shallow")
            #expect(shallow.status == 0, "\(shallow.errors)")
            #expect(try sandbox.counts(name)?.workstreams == 5)
        }

        /// 3. A workplan moved between repositories: while the source holds it live the file
        /// is a copy (only it is skipped); once the source archived it, its rows, history kept,
        /// move with `moved` events naming both repositories. Dry runs predict both.
        @Test func aWorkplanMovesBetweenRepositoriesWithItsHistory() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let sandbox = try GitSandbox(database: database)
            try sandbox.origin("gamma", workplans: 2, tasks: 3, prefix: "GAMA")
            try sandbox.origin("alpha", workplans: 1, tasks: 1, prefix: "ALFA")
            #expect(try sandbox.workplan(["sync"], in: "gamma").status == 0)
            try sandbox.commit("gamma", "Store ids")
            #expect(try sandbox.workplan(["sync"], in: "alpha").status == 0)
            let (gamma, alpha) = (Self.identity(sandbox, "gamma"), Self.identity(sandbox, "alpha"))

            // The file arrives in alpha while gamma still holds it.
            let moved = "workplans/GAMA-WP-0002.md"
            try FileManager.default.copyItem(
                atPath: sandbox.root.path + "/gamma/" + moved, toPath: sandbox.root.path + "/alpha/" + moved)
            try sandbox.root.write("alpha/workplans/ALFA-WP-0002.md", plan("ALFA-WP-0002", tasks: [("01", "todo")]))
            try sandbox.commit("alpha", "Take GAMA-WP-0002, add ALFA-WP-0002")
            let predicted = try sandbox.workplan(["sync", "--dry-run"], in: "alpha")
            #expect(predicted.output.contains("repository \(gamma) holds these store ids live"), "\(predicted.output)")
            let copy = try sandbox.workplan(["sync"], in: "alpha")
            #expect(copy.status == 1)
            #expect(copy.output.contains("a copy, not a move"), "\(copy.output)")
            #expect(try sandbox.counts(alpha)?.workstreams == 2)
            #expect(try sandbox.counts(gamma)?.workstreams == 2)

            // gamma lets it go; alpha takes the rows over.
            try FileManager.default.removeItem(atPath: sandbox.root.path + "/gamma/" + moved)
            try sandbox.commit("gamma", "Move GAMA-WP-0002 to alpha")
            #expect(try sandbox.workplan(["sync"], in: "gamma").status == 0)
            #expect(try sandbox.counts(gamma)?.workstreams == 1)
            let dryRun = try sandbox.workplan(["sync", "--dry-run", "--format", "json"], in: "alpha")
            #expect(dryRun.output.contains("\"workstream.moved\""), "\(dryRun.output)")
            let taken = try sandbox.workplan(["sync"], in: "alpha")
            #expect(taken.status == 0, "\(taken.output) \(taken.errors)")
            #expect(try sandbox.counts(alpha)?.workstreams == 3)
            #expect(try sandbox.counts(alpha)?.open == 5)
            #expect(try sandbox.counts(gamma)?.workstreams == 1)
            let kinds = try sandbox.psqlOutput(
                """
                SELECT string_agg(kind || ':' || repository, ' ' ORDER BY id) FROM events WHERE subject = 'GAMA-WP-0002'
                """)
            #expect(
                kinds
                    == "workstream.inserted:\(alpha) workstream.removed:\(alpha) workstream.moved:\(alpha) "
                    + "workstream.restored:\(alpha)")
            let detail = try sandbox.psqlOutput(
                "SELECT detail FROM events WHERE subject = 'GAMA-WP-0002-T01' AND kind = 'task.moved'")
            #expect(detail == #"{"new":{"repository":"\#(alpha)"},"old":{"repository":"\#(gamma)"}}"#)

            // A real copy: doctor gives it store ids of its own, and it syncs as a new workplan.
            let copied = "workplans/GAMA-WP-0001.md"
            try FileManager.default.copyItem(
                atPath: sandbox.root.path + "/gamma/" + copied, toPath: sandbox.root.path + "/alpha/" + copied)
            #expect(try sandbox.workplan(["sync"], in: "alpha").status == 1)
            let doctor = try sandbox.workplan(["doctor"], in: "alpha")
            #expect(doctor.status == 1)
            #expect(
                doctor.output.contains("is the store id of \(gamma): workplans/GAMA-WP-0001.md"), "\(doctor.output)")
            #expect(try sandbox.workplan(["doctor", "--fix"], in: "alpha").status == 0)
            let synced = try sandbox.workplan(["sync"], in: "alpha")
            #expect(synced.status == 0, "\(synced.output)")
            #expect(try sandbox.counts(alpha)?.workstreams == 4)
            #expect(try sandbox.counts(gamma)?.workstreams == 1)
        }

        /// The same commit, clean, as the hub's last complete sync: a fast no-op from any clone,
        /// which records no run; an edit since (a write command's run) makes the next sync work.
        @Test func aCloneAtTheCommitTheHubHoldsIsAFastNoOp() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let sandbox = try GitSandbox(database: database)
            try sandbox.origin("eps", workplans: 2, tasks: 2, prefix: "EPSI")
            #expect(try sandbox.workplan(["sync"], in: "eps").status == 0)
            try sandbox.commit("eps", "Store ids")
            try sandbox.git(["push", "--quiet", "origin", "main"], in: "eps")
            #expect(try sandbox.workplan(["sync"], in: "eps").status == 0)
            try sandbox.clone("eps", as: "other", email: "other@example.com")
            let runs = try sandbox.psqlOutput("SELECT count(*) FROM runs")
            let fast = try sandbox.workplan(["sync"], in: "other")
            #expect(fast.status == 0)
            let head = try sandbox.git(["rev-parse", "--short=7", "HEAD"], in: "other")
            #expect(
                fast.output.contains("2 workplans: the hub already holds \(head) exactly; nothing to do"),
                "\(fast.output)")
            #expect(try sandbox.psqlOutput("SELECT count(*) FROM runs") == runs)
            let full = try sandbox.workplan(["sync", "--full"], in: "other")
            #expect(full.output.contains("0 changed"), "\(full.output)")
            let write = try sandbox.workplan(["task", "set-status", "EPSI-WP-0001-T01", "done"], in: "other")
            #expect(write.output.hasSuffix("store: updated\n"), "\(write.output)")
            try FileManager.default.removeItem(atPath: sandbox.root.path + "/other/workplans/EPSI-WP-0001.md")
            try sandbox.git(["checkout", "--", "workplans/EPSI-WP-0001.md"], in: "other")
            let restored = try sandbox.workplan(["sync"], in: "other")
            #expect(restored.output.contains("2 workplans (1 changed)"), "\(restored.output)")
        }

        /// Two repositories' registries merge on the hub; one slug named differently by each is
        /// reported by `hub repos`; a `domains_file` outside the tree that changed defeats the
        /// fast no-op, and the change is recorded.
        @Test func twoRepositoriesRegistriesMerge() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let sandbox = try GitSandbox(database: database)
            try sandbox.origin("alpha", workplans: 2, tasks: 2, prefix: "ALFA")
            try sandbox.origin("beta", workplans: 1, tasks: 3, prefix: "BETA")
            try sandbox.root.write(
                "alpha/.workplan.yml",
                "repository: alpha\ndomains:\n  testing: {name: Testing}\n  ops: {name: Operations}\n")
            try sandbox.commit("alpha", "Declare the domains")
            try sandbox.root.write(
                "shared-domains.yml",
                "testing:\n  name: Testing\nops:\n  name: Ops\n  status: archived\nbilling:\n  name: Billing\n")
            try sandbox.root.write("beta/.workplan.yml", "repository: beta\ndomains_file: ../shared-domains.yml\n")
            try sandbox.commit("beta", "Declare the domains")
            for name in ["alpha", "beta"] {
                let sync = try sandbox.workplan(["sync"], in: name)
                #expect(sync.status == 0, "\(sync.errors)")
                try sandbox.commit(name, "Store ids")
                #expect(try sandbox.workplan(["sync"], in: name).status == 0)
            }

            let list = try sandbox.workplan(["domain", "list", "--hub", "--format", "json"], in: "alpha")
            #expect(list.status == 0, "\(list.errors)")
            let json = try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [String: Any]
            let domains = json?["domains"] as? [[String: Any]] ?? []
            #expect(domains.map { $0["slug"] as? String } == ["billing", "ops", "testing"])
            #expect(domains.map { $0["name"] as? String } == ["Billing", "Operations", "Testing"])
            #expect(domains.map { $0["status"] as? String } == ["active", "active", "active"])
            #expect(domains.map { $0["workstreams"] as? Int } == [0, 0, 3])
            #expect(domains.map { $0["open_tasks"] as? Int } == [0, 0, 7])
            #expect(
                domains.map { $0["repositories"] as? [String] } == [["beta"], ["alpha", "beta"], ["alpha", "beta"]])

            let repos = try sandbox.workplan(["hub", "repos"], in: "alpha")
            #expect(repos.output.contains("domain 'ops' is declared as \"Operations\" (alpha) and \"Ops\" (beta)\n"))
            let reposJSON = try sandbox.workplan(["hub", "repos", "--format", "json"], in: "alpha")
            let conflicts =
                (try JSONSerialization.jsonObject(with: Data(reposJSON.output.utf8)) as? [String: Any])?[
                    "domain_conflicts"] as? [[String: Any]]
            #expect(conflicts?.map { $0["slug"] as? String } == ["ops"])

            // Beta's tree is the hub's commit exactly; only the shared file outside it changed.
            try sandbox.root.write(
                "shared-domains.yml", "testing:\n  name: Testing\nops:\n  name: Operations\n  status: archived\n")
            let resync = try sandbox.workplan(["sync", "--format", "json"], in: "beta")
            #expect(resync.status == 0, "\(resync.errors)")
            #expect(!resync.output.contains("up_to_date"), "\(resync.output)")
            #expect(
                try DomainRegistrySyncTests.domainChanges(resync.output).map { $0["kind"] } == [
                    "domain.updated", "domain.removed",
                ])
            let after = try sandbox.workplan(["hub", "repos"], in: "alpha")
            #expect(!after.output.contains("is declared as"), "\(after.output)")
            let noOp = try sandbox.workplan(["sync"], in: "beta")
            #expect(noOp.output.contains("the hub already holds"), "\(noOp.output)")
        }

        /// 4. Least privilege: the owner's `hub init --roles`; a writer syncs, a reader reads and
        /// cannot sync; a schema behind the tool's is refused with what to run.
        @Test func writerAndReaderRolesHaveExactlyWhatTheyNeed() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let sandbox = try GitSandbox(database: database)
            try sandbox.origin("beta", workplans: 2, tasks: 2, prefix: "BETA")
            let initialised = try sandbox.workplan(["hub", "init", "--roles"], in: "beta")
            #expect(initialised.status == 0, "\(initialised.errors)")
            #expect(initialised.output.contains("roles granted: workplan_writer, workplan_reader"))
            let suffix = String(UUID().uuidString.prefix(8)).lowercased()
            let (writer, reader) = ("writer_" + suffix, "reader_" + suffix)
            for (role, group) in [(writer, "workplan_writer"), (reader, "workplan_reader")] {
                #expect(try sandbox.psql("CREATE ROLE \(role) LOGIN PASSWORD 'pw-\(role)' IN ROLE \(group)") == 0)
            }
            let synced = try sandbox.workplan(["sync"], in: "beta", role: writer)
            #expect(synced.status == 0, "\(synced.errors)")
            let status = try sandbox.workplan(["status", "--all"], in: "beta", role: reader)
            #expect(status.status == 0, "\(status.errors)")
            #expect(status.output.contains("2 workstreams, 4 open tasks"), "\(status.output)")
            let readerSync = try sandbox.workplan(["sync", "--full"], in: "beta", role: reader)
            #expect(readerSync.status == 2)
            #expect(readerSync.errors.contains("workplan_writer"), "\(readerSync.errors)")
            let forget = try sandbox.workplan(
                ["hub", "forget", Self.identity(sandbox, "beta"), "--yes"], in: "beta", role: writer)
            #expect(forget.status == 2)
            #expect(try sandbox.counts(Self.identity(sandbox, "beta"))?.open == 4)
            let initAsWriter = try sandbox.workplan(["hub", "init", "--roles"], in: "beta", role: writer)
            #expect(initAsWriter.status == 2)
            #expect(
                initAsWriter.errors.contains("hub init needs the hub's owner: its tables belong to workplan"),
                "\(initAsWriter.errors)")

            // A schema behind this tool's: the writer is told to have the owner run hub init.
            #expect(try sandbox.psql("DELETE FROM workplan_schema WHERE version = 'v2-runs'") == 0)
            let behind = try sandbox.workplan(["sync", "--full"], in: "beta", role: writer)
            #expect(behind.status == 2)
            #expect(behind.errors.contains("run 'workplan hub init --db URL' once with the hub owner's role"))
        }

        /// 5. Who did what: runs carry actor, branch, commit; `show` and `status --all` say so.
        /// Then `hub forget` removes the repository and records it; bad input changes nothing.
        @Test func runsRecordWhoAndWhichCommitAndForgetIsAudited() async throws {
            guard let database = try await TestHub.freshDatabase() else { return }
            let sandbox = try GitSandbox(database: database)
            try sandbox.origin("delta", workplans: 1, tasks: 2, prefix: "DLTA")
            #expect(try sandbox.workplan(["sync"], in: "delta").status == 0)
            let short = try sandbox.git(["rev-parse", "--short=7", "HEAD"], in: "delta")
            let setStatus = try sandbox.workplan(
                ["task", "set-status", "DLTA-WP-0001-T01", "in_progress"], in: "delta")
            #expect(setStatus.output.hasSuffix("store: updated\n"), "\(setStatus.output)")
            let show = try sandbox.workplan(["show", "DLTA-WP-0001"], in: "delta")
            #expect(show.output.contains("by owner@example.com at \(short)+dirty (main)"), "\(show.output)")
            #expect(show.output.contains("workstream.inserted  by owner@example.com at \(short) (main)"))
            let status = try sandbox.workplan(["status", "--all"], in: "delta")
            #expect(status.output.contains("last change: write by owner@example.com at \(short)+dirty (main)"))

            let name = Self.identity(sandbox, "delta")
            #expect(try sandbox.workplan(["hub", "forget", name], in: "delta").status == 2)
            let unknown = try sandbox.workplan(["hub", "forget", "no/such", "--yes"], in: "delta")
            #expect(unknown.status == 2)
            #expect(unknown.errors.contains("the hub has no repository 'no/such'; it has: \(name)"))
            #expect(try sandbox.counts(name) != nil)
            let forgot = try sandbox.workplan(["hub", "forget", name, "--yes"], in: "delta")
            #expect(forgot.status == 0, "\(forgot.errors)")
            #expect(forgot.output.contains("1 workstreams"), "\(forgot.output)")
            #expect(try sandbox.repositories().isEmpty)
            #expect(
                try sandbox.psqlOutput("SELECT action || ' ' || repository || ' ' || actor FROM hub_audit")
                    == "forget \(name) owner@example.com")
        }
    }

    extension GitSandbox {
        /// Runs one statement on the hub as its owner; psql's exit status.
        func psql(_ sql: String) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["psql", "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", database, "-c", sql]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }

        /// The one value a query returns, as psql prints it unaligned.
        func psqlOutput(_ sql: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["psql", "--no-psqlrc", "-At", database, "-c", sql]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
#endif
