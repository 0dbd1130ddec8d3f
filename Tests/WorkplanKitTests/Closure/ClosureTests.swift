import Foundation
import Testing

@testable import WorkplanKit

/// A WorkplanSet over in-memory files (path → bytes), as if read from a folder.
func workplanSet(_ files: [(String, [UInt8])]) -> WorkplanSet {
    WorkplanSet(
        entries: files.map { path, bytes in
            (
                WorkplanSource(absolutePath: "/repo/workplans/" + path, workingDirectory: "/repo"),
                WorkplanParser.parse(bytes: bytes, path: "workplans/" + path)
            )
        })
}

/// The closure fixtures in one text variant.
func closureFixtures(_ variant: TextVariant) throws -> [(String, [UInt8])] {
    try ["TEST-WP-0010.md", "TEST-WP-0011.md", "TEST-WP-0012.md"].map { name in
        (name, variant.apply(try Fixtures.string("closure/" + name)))
    }
}

/// Checks bytes against a golden file (LF, no BOM), adapted to the variant. WORKPLAN_RECORD_GOLDEN=1 records.
func expectGolden(_ bytes: [UInt8], _ name: String, _ variant: TextVariant) throws {
    let url = Fixtures.directory.appendingPathComponent("closure/golden/" + name)
    if variant == .lf, ProcessInfo.processInfo.environment["WORKPLAN_RECORD_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
    let golden = String(decoding: try Data(contentsOf: url), as: UTF8.self)
    #expect(bytes == variant.apply(golden), "\(name) (\(variant.rawValue)) differs from its golden file")
}

@Suite struct ClosureTests {
    func close(
        _ id: String, _ files: [(String, [UInt8])], cancelOpen: Bool = false, carryTo: String? = nil,
        date: String? = nil, today: String = "2026-03-02"
    ) throws -> ClosurePlan {
        try WorkplanCloser.plan(
            id, date: date, cancelOpen: cancelOpen, carryForwardTo: carryTo, today: today, in: workplanSet(files))
    }

    /// Replaces files by the plan's results.
    func applied(_ plan: ClosurePlan, to files: [(String, [UInt8])]) -> [(String, [UInt8])] {
        files.map { name, bytes in
            (name, plan.changes.first { $0.absolutePath.hasSuffix("/" + name) }?.updated ?? bytes)
        }
    }

    func expectCleanAndStable(_ files: [(String, [UInt8])], id: String) throws {
        let diagnostics = lint(
            files.map { ("workplans/" + $0.0, $0.1) }, reportOn: Set(files.map { "workplans/" + $0.0 }))
        #expect(
            diagnostics.filter { $0.severity == .error }.isEmpty,
            "\(diagnostics.map { "\($0.path):\($0.line) \($0.rule) \($0.message)" })")
        // Closing again, on a later day, changes no byte.
        let again = try close(id, files, today: "2027-01-01")
        #expect(again.changes.allSatisfy { $0.isEmpty })
    }

    @Test(arguments: TextVariant.allCases)
    func closingAFinishedWorkplan(_ variant: TextVariant) throws {
        let files = try closureFixtures(variant)
        let plan = try close("TEST-WP-0012", files)
        #expect(plan.changes.count == 1)
        #expect(plan.outcome == "1 of 2 tasks completed, 1 cancelled, 0 carried forward.")
        try expectGolden(plan.changes[plan.changes.count - 1].updated, "all-done.md", variant)
        try expectCleanAndStable(applied(plan, to: files), id: "TEST-WP-0012")
    }

    @Test(arguments: TextVariant.allCases)
    func closingWithCancelOpen(_ variant: TextVariant) throws {
        let files = try closureFixtures(variant)
        let plan = try close("TEST-WP-0010", files, cancelOpen: true)
        #expect(plan.cancelled == ["TEST-WP-0010-T03", "TEST-WP-0010-T04"])
        try expectGolden(plan.changes[plan.changes.count - 1].updated, "cancel-open.md", variant)
        try expectCleanAndStable(applied(plan, to: files), id: "TEST-WP-0010")
    }

    @Test(arguments: TextVariant.allCases)
    func closingWithCarryForward(_ variant: TextVariant) throws {
        let files = try closureFixtures(variant)
        let plan = try close("TEST-WP-0010", files, carryTo: "TEST-WP-0011")
        #expect(plan.carried.map(\.to) == ["TEST-WP-0011-T03", "TEST-WP-0011-T04"])
        #expect(plan.outcome == "1 of 4 tasks completed, 1 cancelled, 2 carried forward to TEST-WP-0011.")
        let target = try #require(plan.changes.first { $0.displayPath.hasSuffix("TEST-WP-0011.md") })
        try expectGolden(plan.changes[plan.changes.count - 1].updated, "carry-forward-source.md", variant)
        try expectGolden(target.updated, "carry-forward-target.md", variant)
        try expectCleanAndStable(applied(plan, to: files), id: "TEST-WP-0010")
    }

    @Test func aCloseInterruptedAfterTheTargetWasWrittenFinishesWithoutCopyingTwice() throws {
        let files = try closureFixtures(.lf)
        let plan = try close("TEST-WP-0010", files, carryTo: "TEST-WP-0011")
        #expect(plan.changes.map(\.displayPath) == ["workplans/TEST-WP-0011.md", "workplans/TEST-WP-0010.md"])
        // Only the target landed: the kill came between the two renames.
        let interrupted = files.map { name, bytes in
            (name, name == "TEST-WP-0011.md" ? plan.changes[0].updated : bytes)
        }
        let resumed = try close("TEST-WP-0010", interrupted, carryTo: "TEST-WP-0011")
        #expect(resumed.carried.map(\.to) == ["TEST-WP-0011-T03", "TEST-WP-0011-T04"])
        #expect(resumed.changes[0].isEmpty)
        #expect(resumed.changes[1].updated == plan.changes[1].updated)
    }

    @Test func aReviewWhoseMarkersEncloseATaskIsNotRegenerated() throws {
        let text =
            Sample.workplan(Sample.task("01", status: "done"))
            + "\n<!-- closure-review:begin -->\n## Closure Review — 2026-01-02\n\n"
            + Sample.task("02", heading: "Added later") + "<!-- closure-review:end -->\n"
        #expect(throws: EditRefusal.reviewEnclosesTasks(path: "workplans/TEST-WP-0001.md", line: 27)) {
            try close("TEST-WP-0001", [("TEST-WP-0001.md", Array(text.utf8))], cancelOpen: true)
        }
    }

    @Test func theDateOptionRewritesTheDates() throws {
        let files = try closureFixtures(.lf)
        let first = applied(try close("TEST-WP-0012", files), to: files)
        let redated = try close("TEST-WP-0012", first, date: "2026-04-01")
        let text = String(decoding: redated.changes[0].updated, as: UTF8.self)
        #expect(text.contains("## Closure Review — 2026-04-01"))
        #expect(text.contains("completed: 2026-04-01\n"))
        #expect(!text.contains("2026-03-02"))
    }

    @Test func carriedIDsTakeTheWidthOfTheTargetsIDs() {
        let workplan = WorkplanParser.parse(
            bytes: Array(plan("TEST-WP-0001", tasks: [("003", "todo"), ("009", "done")]).utf8), path: "x")
        #expect(WorkplanCloser.nextTaskIDs(in: workplan, count: 2) == ["TEST-WP-0001-T010", "TEST-WP-0001-T011"])
        let empty = WorkplanParser.parse(bytes: Array(plan("TEST-WP-0002", tasks: []).utf8), path: "y")
        #expect(WorkplanCloser.nextTaskIDs(in: empty, count: 1) == ["TEST-WP-0002-T01"])
    }

    // MARK: - Refusals

    @Test func refusalsSayWhatToDo() throws {
        let files = try closureFixtures(.lf)
        #expect(
            throws: EditRefusal.openTasks(workplan: "TEST-WP-0010", tasks: ["TEST-WP-0010-T03", "TEST-WP-0010-T04"])
        ) {
            try close("TEST-WP-0010", files)
        }
        #expect(throws: EditRefusal.unknownWorkplan("TEST-WP-0404")) { try close("TEST-WP-0404", files) }
        #expect(throws: EditRefusal.unknownWorkplan("TEST-WP-0404")) {
            try close("TEST-WP-0010", files, carryTo: "TEST-WP-0404")
        }
        let closedTarget = applied(try close("TEST-WP-0012", files), to: files)
        #expect(throws: EditRefusal.closedTarget("TEST-WP-0012", status: "completed")) {
            try close("TEST-WP-0010", closedTarget, carryTo: "TEST-WP-0012")
        }
        let seed = [("CUST-WP-0005.md", try Fixtures.bytes("CUST-WP-0005.md"))]
        #expect(throws: EditRefusal.handWrittenReview(path: "workplans/CUST-WP-0005.md", line: 310)) {
            try close("CUST-WP-0005", seed)
        }
        #expect(
            EditRefusal.openTasks(workplan: "A", tasks: ["A-T1"]).errorDescription?.contains("--cancel-open") == true)
    }

    @Test func filesAreWrittenTogetherOrNotAtAll() throws {
        let directory = try TemporaryDirectory()
        var files = try closureFixtures(.lf)
        for (name, bytes) in files { try directory.write("workplans/" + name, bytes: bytes) }
        let set = WorkplanSet(
            entries: files.map { name, bytes in
                (
                    WorkplanSource(
                        absolutePath: directory.path + "/workplans/" + name, workingDirectory: directory.path),
                    WorkplanParser.parse(bytes: bytes, path: "workplans/" + name)
                )
            })
        let plan = try WorkplanCloser.plan(
            "TEST-WP-0010", date: nil, cancelOpen: false, carryForwardTo: "TEST-WP-0011",
            today: "2026-03-02", in: set)
        // Someone edits the target after it was read: nothing is written, the source is put back.
        try directory.write("workplans/TEST-WP-0011.md", String(decoding: files[1].1, as: UTF8.self) + "\nedited\n")
        #expect(throws: WriteError.changedOnDisk(directory.path + "/workplans/TEST-WP-0011.md")) {
            try ChangeWriter.write(plan.changes)
        }
        #expect(
            try Data(contentsOf: directory.url.appendingPathComponent("workplans/TEST-WP-0010.md")) == Data(files[0].1))
        files[1].1 = Array((String(decoding: files[1].1, as: UTF8.self) + "\nedited\n").utf8)
        #expect(
            try Data(contentsOf: directory.url.appendingPathComponent("workplans/TEST-WP-0011.md")) == Data(files[1].1))
        // Unchanged files: both land.
        try directory.write("workplans/TEST-WP-0011.md", bytes: try closureFixtures(.lf)[1].1)
        try ChangeWriter.write(plan.changes)
        for change in plan.changes {
            #expect(try Data(contentsOf: URL(fileURLWithPath: change.absolutePath)) == Data(change.updated))
        }
    }

    @Test func dryRunDiffIsUnified() throws {
        let files = try closureFixtures(.lf)
        let diff = try close("TEST-WP-0012", files).changes[0].unifiedDiff
        #expect(diff.hasPrefix("--- a/workplans/TEST-WP-0012.md\n+++ b/workplans/TEST-WP-0012.md\n@@"))
        #expect(diff.contains("\n-status: active\n+status: completed\n"))
    }
}

@Suite struct TaskEditorTests {
    static let blocks: [(String, String)] = [
        ("```task\nid: TEST-WP-0001-T01\nstatus: todo\n```", "```task\nid: TEST-WP-0001-T01\nstatus: done\n```"),
        (
            "```task\nid: TEST-WP-0001-T01\nstatus: \"todo\"\n```",
            "```task\nid: TEST-WP-0001-T01\nstatus: \"done\"\n```"
        ),
        (
            "```task\nstatus: 'todo'   # keep this comment\nid: TEST-WP-0001-T01\n```",
            "```task\nstatus: 'done'   # keep this comment\nid: TEST-WP-0001-T01\n```"
        ),
        (
            "~~~ task\npriority: high\nstatus:    todo#not a comment\nid: TEST-WP-0001-T01\n~~~",
            "~~~ task\npriority: high\nstatus:    done\nid: TEST-WP-0001-T01\n~~~"
        ),
    ]

    @Test(arguments: blocks.indices, [TextVariant.lf, .crlf])
    func setStatusChangesExactlyOneValue(_ index: Int, _ variant: TextVariant) throws {
        let (before, after) = Self.blocks[index]
        let head = Sample.frontMatter("updated: \"2026-01-10\"") + "\n### Task\n\n"
        let file = variant.apply(head + before + "\n")
        let change = try TaskEditor.setStatus(
            "TEST-WP-0001-T01", to: "done", today: "2026-02-01",
            in: workplanSet([("TEST-WP-0001.md", file)]))
        let expected = variant.apply(head.replacingOccurrences(of: "2026-01-10", with: "2026-02-01") + after + "\n")
        #expect(change.updated == expected, "\(String(decoding: change.updated, as: UTF8.self))")
    }

    @Test func setStatusAddsUpdatedAndCarriedTo() throws {
        let file = Array(plan(tasks: [("01", "todo")]).utf8)
        let set = workplanSet([
            ("TEST-WP-0001.md", file), ("TEST-WP-0002.md", Array(plan("TEST-WP-0002", tasks: [("01", "todo")]).utf8)),
        ])
        #expect(throws: EditRefusal.carriedToRequired("TEST-WP-0001-T01")) {
            try TaskEditor.setStatus("TEST-WP-0001-T01", to: "carried_forward", today: "2026-02-01", in: set)
        }
        let change = try TaskEditor.setStatus(
            "TEST-WP-0001-T01", to: "carried_forward", carriedTo: "TEST-WP-0002-T01", today: "2026-02-01", in: set)
        let text = String(decoding: change.updated, as: UTF8.self)
        #expect(text.contains("status: carried_forward\ncarried_to: TEST-WP-0002-T01\n```"))
        #expect(text.contains("created: \"2026-01-05\"\nupdated: \"2026-02-01\"\n---"))
    }

    @Test func refusesUnknownIDsInvalidValuesAndReopeningClosedWork() throws {
        let set = workplanSet([("TEST-WP-0001.md", Array(Sample.completed.utf8))])
        #expect(throws: EditRefusal.unknownTask("TEST-WP-0001-T09")) {
            try TaskEditor.setStatus("TEST-WP-0001-T09", to: "done", today: "2026-02-01", in: set)
        }
        #expect(
            throws: EditRefusal.invalidValue(
                key: "status", value: "finished", allowed: TaskStatus.allCases.map(\.rawValue))
        ) {
            try TaskEditor.setStatus("TEST-WP-0001-T01", to: "finished", today: "2026-02-01", in: set)
        }
        #expect(
            throws: EditRefusal.invalidValue(
                key: "priority", value: "urgent", allowed: ["critical", "high", "medium", "low"])
        ) {
            try TaskEditor.setPriority("TEST-WP-0001-T01", to: "urgent", today: "2026-02-01", in: set)
        }
        #expect(
            throws: EditRefusal.reopeningClosedWorkplan(
                task: "TEST-WP-0001-T01", workplan: "TEST-WP-0001", status: "completed")
        ) {
            try TaskEditor.setStatus("TEST-WP-0001-T01", to: "todo", today: "2026-02-01", in: set)
        }
        let forced = try TaskEditor.setStatus("TEST-WP-0001-T01", to: "todo", force: true, today: "2026-02-01", in: set)
        #expect(String(decoding: forced.updated, as: UTF8.self).contains("status: todo"))
    }

    @Test func aFlowMappingTaskGetsItsValueButNoAddedKey() throws {
        let file = Array(
            (Sample.frontMatter() + "\n### Task\n\n```task\n{id: TEST-WP-0001-T01, status: todo}\n```\n").utf8)
        let set = workplanSet([("TEST-WP-0001.md", file)])
        let done = try TaskEditor.setStatus("TEST-WP-0001-T01", to: "done", today: "2026-02-01", in: set)
        #expect(String(decoding: done.updated, as: UTF8.self).contains("{id: TEST-WP-0001-T01, status: done}\n"))
        #expect(throws: EditRefusal.cannotAddKey(task: "TEST-WP-0001-T01", key: "priority")) {
            try TaskEditor.setPriority("TEST-WP-0001-T01", to: "high", today: "2026-02-01", in: set)
        }
    }

    @Test func aFrontMatterEndedEarlyIsNotEdited() throws {
        // YAML stops reading at '...': an `updated:` key added after it would never be read.
        let file = Array(
            ("---\nid: TEST-WP-0001\ntype: workplan\ntitle: T\ndomain: testing\nstatus: active\ncreated: 2026-01-05\n...\n---\n"
                + "\n### Task\n\n```task\nid: TEST-WP-0001-T01\nstatus: todo\n```\n").utf8)
        #expect(throws: EditRefusal.self) {
            try TaskEditor.setStatus(
                "TEST-WP-0001-T01", to: "done", today: "2026-02-01", in: workplanSet([("TEST-WP-0001.md", file)]))
        }
    }

    @Test func setPriorityAddsTheKeyWhenMissing() throws {
        let set = workplanSet([("TEST-WP-0001.md", Array(plan(tasks: [("01", "todo")]).utf8))])
        let change = try TaskEditor.setPriority("TEST-WP-0001-T01", to: "high", today: "2026-02-01", in: set)
        #expect(String(decoding: change.updated, as: UTF8.self).contains("status: todo\npriority: high\n```"))
    }
}

@Suite struct WorkplanCreatorTests {
    @Test func newWorkplanTakesTheNextIDAndLintsClean() throws {
        let set = workplanSet([
            ("TEST-WP-0001.md", Array(Sample.workplan().utf8)),
            ("TEST-WP-0007.md", Array(Sample.frontMatter(id: "TEST-WP-0007").utf8)),
        ])
        let configuration = WorkplanKit.Configuration(root: URL(fileURLWithPath: "/repo"))
        let created = try WorkplanCreator.plan(
            domain: "testing", title: "Ship \"it\": now", prefix: nil, today: "2026-05-01",
            folder: "/repo/workplans", configuration: configuration, in: set)
        #expect(created.id == "TEST-WP-0008")
        #expect(created.path == "/repo/workplans/TEST-WP-0008-ship-it-now.md")
        let diagnostics = lint([("TEST-WP-0008-ship-it-now.md", Array(created.text.utf8))])
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        #expect(WorkplanParser.parse(bytes: Array(created.text.utf8), path: "x").title == "Ship \"it\": now")
        #expect(throws: WorkplanCreator.Refusal.invalidDomain("Bad Domain")) {
            try WorkplanCreator.plan(
                domain: "Bad Domain", title: "x", prefix: nil, today: "2026-05-01", folder: "/f",
                configuration: configuration, in: set)
        }
    }

    @Test func writingNeverReplacesAnExistingFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("workplans/A.md", "mine\n")
        #expect(throws: WorkplanCreator.Refusal.exists(path)) { try WorkplanCreator.write("new\n", to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine\n")
        try WorkplanCreator.write("new\n", to: directory.path + "/workplans/B.md")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path + "/workplans").sorted() == [
                "A.md", "B.md",
            ])
    }
}
