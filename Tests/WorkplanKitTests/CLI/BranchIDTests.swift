import Foundation
import GRDB
import Testing

@testable import WorkplanKit

/// Ids across branches, in real git repositories: the census `new` uses, the guard before a
/// merge, and `doctor --fix` after one.
@Suite struct BranchIDTests {
    static func workplan(_ id: String, _ title: String) -> String {
        """
        ---
        id: \(id)
        type: workplan
        title: "\(title)"
        domain: custodian
        status: active
        created: "2026-03-01"
        depends_on: [CUST-WP-0005]
        ---

        # \(title)

        ## Phase 1

        ### P1.1 — First of \(title)

        ```task
        id: \(id)-T01
        status: todo
        ```

        ### P1.2 — Second of \(title)

        ```task
        id: \(id)-T02
        status: todo
        depends_on: [\(id)-T01]
        ```

        """
    }

    /// A repository on `main` holding the seed workplan.
    func repository() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("workplans/CUST-WP-0005.md", try Fixtures.string("CUST-WP-0005.md"))
        for arguments in [
            ["init", "-q", "-b", "main"], ["config", "user.email", "t@example.com"], ["config", "user.name", "t"],
        ] {
            try CommandLineTests.git(arguments, in: directory.path)
        }
        try commit("seed", in: directory, date: "2026-02-28T10:00:00")
        return directory
    }

    func commit(_ message: String, in directory: TemporaryDirectory, date: String) throws {
        try CommandLineTests.git(["add", "-A", "workplans"], in: directory.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "commit", "-q", "-m", message]
        process.currentDirectoryURL = directory.url
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date]) { $1 }
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    func run(_ arguments: [String], in directory: TemporaryDirectory) throws -> CommandLineTests.Run {
        try CommandLineTests.run(arguments, in: directory.path)
    }

    @Test func twoBranchesAddTheSameIDThenDoctorFixKeepsEveryRowAndRecordsRenames() throws {
        let directory = try repository()
        // Branch b adds CUST-WP-0007 first (in git time), branch a later; both sync, so both carry UUIDs.
        try CommandLineTests.git(["checkout", "-q", "-b", "b"], in: directory.path)
        try directory.write("workplans/CUST-WP-0007-beta.md", Self.workplan("CUST-WP-0007", "Beta"))
        #expect(try run(["sync"], in: directory).status == 0)
        try commit("b", in: directory, date: "2026-03-01T10:00:00")
        try FileManager.default.removeItem(atPath: directory.path + "/.workplan")
        try CommandLineTests.git(["checkout", "-q", "-b", "a", "main"], in: directory.path)
        try directory.write("workplans/CUST-WP-0007-alpha.md", Self.workplan("CUST-WP-0007", "Alpha"))
        #expect(try run(["sync"], in: directory).status == 0)
        try commit("a", in: directory, date: "2026-03-02T10:00:00")
        try FileManager.default.removeItem(atPath: directory.path + "/.workplan")
        // main merges a and syncs (the store knows alpha as CUST-WP-0007), then merges b.
        try CommandLineTests.git(["checkout", "-q", "main"], in: directory.path)
        try CommandLineTests.git(["merge", "-q", "a"], in: directory.path)
        #expect(try run(["sync"], in: directory).status == 0)
        let database = directory.path + "/.workplan/state.sqlite"
        let uuidsBefore = try DatabaseQueue(path: database).read { db in
            try String.fetchSet(db, sql: "SELECT uuid FROM tasks UNION SELECT uuid FROM workstreams")
        }
        try CommandLineTests.git(["merge", "-q", "--no-edit", "b"], in: directory.path)

        let found = try run(["doctor"], in: directory)
        #expect(found.status == 1)
        // beta came first in git: it keeps the id; alpha becomes the next id free everywhere.
        #expect(
            found.output.contains("keep it in workplans/CUST-WP-0007-beta.md, renumber CUST-WP-0007 to CUST-WP-0008"))
        let fixed = try run(["doctor", "--fix"], in: directory)
        #expect(fixed.status == 0, "\(fixed.output) \(fixed.errors)")
        #expect(FileManager.default.fileExists(atPath: directory.path + "/workplans/CUST-WP-0008-alpha.md"))
        #expect(try run(["lint"], in: directory).output.contains(": 0 errors"))
        #expect(try run(["sync"], in: directory).status == 0)
        let (uuidsAfter, renamed, alphaIDs) = try DatabaseQueue(path: database).read { db in
            (
                try String.fetchSet(db, sql: "SELECT uuid FROM tasks UNION SELECT uuid FROM workstreams"),
                try Row.fetchAll(db, sql: "SELECT subject, detail FROM events WHERE kind LIKE '%renamed'"),
                try String.fetchAll(db, sql: "SELECT id FROM tasks WHERE title LIKE '%of Alpha' ORDER BY id")
            )
        }
        #expect(uuidsBefore.isSubset(of: uuidsAfter))
        #expect(renamed.count == 3, "\(renamed)")
        #expect(alphaIDs == ["CUST-WP-0008-T01", "CUST-WP-0008-T02"])
    }

    @Test func theGuardFiresOnABranchAndIsSilentOnTheDefaultBranch() throws {
        let directory = try repository()
        try CommandLineTests.git(["branch", "feature"], in: directory.path)
        try directory.write("workplans/CUST-WP-0006-main.md", Self.workplan("CUST-WP-0006", "Main"))
        try commit("main work", in: directory, date: "2026-03-01T10:00:00")
        // `new` on the feature branch takes an id free on main too.
        try CommandLineTests.git(["checkout", "-q", "feature"], in: directory.path)
        let created = try run(["new", "--domain", "custodian", "--title", "Feature"], in: directory)
        #expect(created.output.contains("(CUST-WP-0007)"), "\(created.output)")
        // A clash made by hand is found before the merge.
        try directory.write("workplans/CUST-WP-0006-feature.md", Self.workplan("CUST-WP-0006", "Feature"))
        try CommandLineTests.git(["add", "-A", "workplans"], in: directory.path)
        let staged = try run(["lint", "--staged"], in: directory)
        #expect(staged.status == 1)
        #expect(
            staged.output.contains(
                "CUST-WP-0006 is also declared on main (workplans/CUST-WP-0006-main.md); renumber with `workplan renumber CUST-WP-0006 CUST-WP-0008`"
            ), "\(staged.output)")
        // Without the guard the same files lint clean: each branch alone is consistent.
        #expect(try run(["lint"], in: directory).status == 0)
        try commit("feature", in: directory, date: "2026-03-02T10:00:00")
        // On main, a new workplan staged next to main's own is not a clash.
        try CommandLineTests.git(["checkout", "-q", "main"], in: directory.path)
        try directory.write("workplans/CUST-WP-0009-more.md", Self.workplan("CUST-WP-0009", "More"))
        try CommandLineTests.git(["add", "-A", "workplans"], in: directory.path)
        let onMain = try run(["lint", "--staged"], in: directory)
        #expect(onMain.status == 0, "\(onMain.output)")
    }

    /// Both branches add the next task to the same workplan: the guard names the task, and
    /// `task add` on one branch skips the id the other took.
    @Test func aTaskAddedOnBothSidesIsFoundAndTaskAddSkipsIt() throws {
        let directory = try repository()
        try directory.write("workplans/CUST-WP-0006-shared.md", Self.workplan("CUST-WP-0006", "Shared"))
        try commit("shared", in: directory, date: "2026-03-01T09:00:00")
        try CommandLineTests.git(["branch", "feature"], in: directory.path)
        #expect(try run(["task", "add", "CUST-WP-0006", "--title", "Main's task"], in: directory).status == 0)
        try commit("main task", in: directory, date: "2026-03-01T10:00:00")
        try CommandLineTests.git(["checkout", "-q", "feature"], in: directory.path)
        let added = try run(
            ["task", "add", "CUST-WP-0006", "--title", "Feature's task", "--format", "json"], in: directory)
        #expect(added.output.contains("\"task\" : \"CUST-WP-0006-T04\""), "\(added.output)")
        try FileManager.default.removeItem(atPath: directory.path + "/workplans/CUST-WP-0006-shared.md")
        try CommandLineTests.git(["checkout", "-q", "--", "workplans"], in: directory.path)
        let path = directory.path + "/workplans/CUST-WP-0006-shared.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try (text + "\n### P1.3 — Feature's task\n\n```task\nid: CUST-WP-0006-T03\nstatus: todo\n```\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        try CommandLineTests.git(["add", "-A", "workplans"], in: directory.path)
        let staged = try run(["lint", "--staged"], in: directory)
        #expect(staged.status == 1)
        #expect(staged.output.contains("CUST-WP-0006-T03 is also declared on main"), "\(staged.output)")
    }

    @Test func renumberingToATakenIDIsRefusedWithTheOwnersPath() throws {
        let directory = try repository()
        try directory.write("workplans/CUST-WP-0006-main.md", Self.workplan("CUST-WP-0006", "Main"))
        let refused = try run(["renumber", "CUST-WP-0006", "CUST-WP-0005"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.errors.contains("CUST-WP-0005 is already declared in workplans/CUST-WP-0005.md"))
        let task = try run(["renumber", "CUST-WP-0006-T01", "CUST-WP-0006-T02"], in: directory)
        #expect(task.errors.contains("CUST-WP-0006-T02 is already declared in workplans/CUST-WP-0006-main.md"))
        let done = try run(["renumber", "CUST-WP-0006-T01", "CUST-WP-0006-T05"], in: directory)
        #expect(done.status == 0, "\(done.errors)")
        let text = try String(contentsOfFile: directory.path + "/workplans/CUST-WP-0006-main.md", encoding: .utf8)
        #expect(text.contains("id: CUST-WP-0006-T05\n") && text.contains("depends_on: [CUST-WP-0006-T05]"))
    }
}

@Suite struct RenumberTests {
    func seedSet() throws -> WorkplanSet {
        workplanSet([
            ("CUST-WP-0003.md", try Fixtures.bytes("renumber/CUST-WP-0003.md")),
            ("CUST-WP-0005.md", try Fixtures.bytes("CUST-WP-0005.md")),
        ])
    }

    /// The seed's Closure Review and task ids change with its id, and nothing else, byte for byte.
    @Test func renumberingTheSeedRewritesItsIDsAndReviewOnly() throws {
        let plan = try Renumberer.plan("CUST-WP-0005", to: "CUST-WP-0009", in: seedSet())
        #expect(plan.changes.count == 1)
        try expectRenumberGolden(try #require(plan.changes.first).updated, "CUST-WP-0009.md")
        #expect(plan.rename?.to == "/repo/workplans/CUST-WP-0009.md")
    }

    /// Renumbering the workplan the seed depends on changes the seed's dependency line only.
    @Test func renumberingADependencyRewritesTheDependencyLineOnly() throws {
        let plan = try Renumberer.plan("CUST-WP-0003", to: "CUST-WP-0013", in: seedSet())
        let seed = try #require(plan.changes.first { $0.displayPath.hasSuffix("CUST-WP-0005.md") })
        try expectRenumberGolden(seed.updated, "CUST-WP-0005-after-0003.md")
        let own = try #require(plan.changes.first { $0.displayPath.hasSuffix("CUST-WP-0003.md") })
        let text = String(decoding: own.updated, as: UTF8.self)
        #expect(text.contains("id: CUST-WP-0013\n") && text.contains("id: CUST-WP-0013-T01\n"))
        // Prose changes only with --text.
        #expect(text.contains("CUST-WP-0003 is mentioned in prose here."))
        let withText = try Renumberer.plan("CUST-WP-0003", to: "CUST-WP-0013", text: true, in: seedSet())
        #expect(
            withText.changes.contains {
                String(decoding: $0.updated, as: UTF8.self).contains("CUST-WP-0013 is mentioned")
            })
    }

    @Test func idsInsideLongerIDsAreNotReplaced() {
        let bytes = Array("CUST-WP-00071 CUST-WP-0007-T03 xCUST-WP-0007 CUST-WP-0007. CUST-WP-0007-Tx".utf8)
        let found = IDReferences.occurrences(of: Array("CUST-WP-0007".utf8), in: bytes, 0..<bytes.count, prefix: true)
        #expect(found == [14, 45])
    }

    func expectRenumberGolden(_ bytes: [UInt8], _ name: String) throws {
        let url = Fixtures.directory.appendingPathComponent("renumber/golden/" + name)
        if ProcessInfo.processInfo.environment["WORKPLAN_RECORD_GOLDEN"] == "1" { try Data(bytes).write(to: url) }
        #expect(bytes == Array(try Data(contentsOf: url)), "\(name) differs from its golden file")
    }
}

@Suite struct FrontMatterIDTests {
    @Test func theIDLineOfAClosedFrontMatterIsReadOtherwiseTheFileIsParsed() {
        func id(_ text: String) -> String? { FrontMatterIDs.id(inHead: Array(text.utf8)) }
        #expect(id("---\nid: CUST-WP-0007\ntitle: x\n---\n# x\n") == "CUST-WP-0007")
        #expect(id("\u{FEFF}---\r\ntitle: x\r\nid:   CUST-WP-0008  \r\n---\r\n") == "CUST-WP-0008")
        #expect(id("---\ntitle: x\n---\n") == "")
        // Quoted, commented or cut short: the whole file is parsed instead.
        #expect(id("---\nid: \"CUST-WP-0007\"\n---\n") == nil)
        #expect(id("---\nid: CUST-WP-0007 # note\n---\n") == nil)
        #expect(id("---\nid: CUST-WP-0007\ntitle: a long front matter cut") == nil)
        #expect(id("# no front matter\n") == nil)
    }
}
