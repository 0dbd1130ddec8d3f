import Foundation
import Testing

@testable import WorkplanKit

/// The user's real workplan, copied as it is, is the parser's reference.
@Suite struct SeedWorkplanTests {
    @Test(arguments: TextVariant.allCases)
    func seedLintsWithOnlyTheUnknownDependencyWarning(_ variant: TextVariant) throws {
        let text = try Fixtures.string("CUST-WP-0005.md")
        let diagnostics = lint([("CUST-WP-0005.md", variant.apply(text))])
        #expect(diagnostics.map(\.rule) == ["unknown-dependency"])
        #expect(diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.location == WorkplanKit.SourceLocation(line: 36, column: 12))
        #expect(diagnostics.first?.message.contains("CUST-WP-0003") == true)
    }

    @Test func seedTasksHaveTheTitlesItsClosureReviewUses() throws {
        let workplan = WorkplanParser.parse(bytes: try Fixtures.bytes("CUST-WP-0005.md"), path: "CUST-WP-0005.md")
        #expect(workplan.tasks.count == 11)
        // The review lists "- ID — Title" for every task: the parsed titles must be exactly those.
        let text = try Fixtures.string("CUST-WP-0005.md")
        let listed = text.components(separatedBy: "\n").filter { $0.hasPrefix("- CUST-WP-0005-T") }.map { line in
            let parts = line.dropFirst(2).components(separatedBy: " — ")
            return (parts[0], parts.dropFirst().joined(separator: " — "))
        }
        #expect(listed.count == 11)
        for (task, (id, title)) in zip(workplan.tasks, listed) {
            #expect(task.id == id)
            #expect(task.title == title)
        }
        #expect(workplan.tasks[0].title == "Create `domains` table + Alembic migration")
        #expect(
            workplan.tasks.map(\.phase).map { $0 ?? "" } == Array(
                repeating: "Phase 1 — Domain as a DB Entity", count: 4)
                + Array(repeating: "Phase 2 — Multi-Repo Support", count: 3)
                + Array(repeating: "Phase 3 — MCP & Validation", count: 2)
                + Array(repeating: "Phase 4 — Dashboard", count: 2))
        #expect(workplan.tasks.allSatisfy { $0.status == .done })
        #expect(workplan.tasks[0].uuid == "456a0252-9a34-43a6-8244-c3a2caf95d51")
        #expect(workplan.tasks[0].description.hasPrefix("New table: `domains`"))
        #expect(workplan.tasks[0].location == WorkplanKit.SourceLocation(line: 45, column: 1))
    }

    @Test func seedFrontMatterDependenciesAndReview() throws {
        let workplan = WorkplanParser.parse(bytes: try Fixtures.bytes("CUST-WP-0005.md"), path: "CUST-WP-0005.md")
        #expect(workplan.id == "CUST-WP-0005")
        #expect(workplan.title == "State Hub v0.5 — Dynamic Domains & Multi-Repo")
        #expect(workplan.status == .completed)
        #expect(workplan.frontMatter?.string("created") == "2026-02-28")
        #expect(workplan.dependencies.map(\.target) == ["CUST-WP-0003"])
        #expect(workplan.dependencies.first?.kind == .blocks)
        #expect(workplan.dependencies.first?.uuid?.text == "2033172d-2462-4253-acb7-cb64c7432480")
        let review = try #require(workplan.closureReview)
        #expect(review.date == "2026-03-02")
        #expect(review.items.count == 11)
        #expect(review.items.allSatisfy { $0.classification == .completed })
        #expect(review.markers == nil)
    }

    @Test func showJSONOmitsKeysWithNoValue() throws {
        let text =
            Sample.frontMatter("owner:", "topic_slug: ~", "updated: null") + "\n## Phase 1\n"
            + Sample.task("01", "priority:")
        let json = JSONRenderer.encode(
            WorkplanSummary(WorkplanParser.parse(bytes: Array(text.utf8), path: "TEST-WP-0001.md")))
        for key in ["owner", "topic_slug", "updated", "priority"] {
            #expect(!json.contains("\"\(key)\""), "\(key) is printed: \(json)")
        }
        #expect(json.contains("\"domain\""))
    }

    @Test func showJSONListsTasksInFileOrder() throws {
        let workplan = WorkplanParser.parse(bytes: try Fixtures.bytes("CUST-WP-0005.md"), path: "CUST-WP-0005.md")
        let json = JSONRenderer.encode(WorkplanSummary(workplan))
        let decoded = try JSONDecoder().decode(WorkplanSummary.self, from: Data(json.utf8))
        #expect(decoded == WorkplanSummary(workplan))
        #expect(decoded.tasks.map(\.id) == (1...11).map { String(format: "CUST-WP-0005-T%02d", $0) })
        #expect(decoded.tasks[8].priority == "low")
        #expect(decoded.tasks[8].line == 232)
    }
}

@Suite struct ParserTests {
    @Test(arguments: [
        ("P1.1 — Create table", "Create table"), ("1.2: Wire it", "Wire it"), ("3. Ship", "Ship"),
        ("T4 - Fix", "Fix"), ("2026 roadmap", "2026 roadmap"), ("Plain title", "Plain title"), ("P1 —", "P1 —"),
    ])
    func outlineLabelsAreStripped(_ heading: String, _ title: String) {
        #expect(WorkplanParser.stripOutlineLabel(heading) == title)
    }

    @Test(arguments: ["2024-02-29", "2026-12-31"]) func realDatesAreDates(_ text: String) {
        #expect(WorkplanParser.isDate(text))
    }

    @Test(arguments: ["2023-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-04-31", "2026-00-10"])
    func impossibleDatesAreNot(_ text: String) {
        #expect(!WorkplanParser.isDate(text))
    }

    @Test func taskInsideListItemIsParsedWithItsIndentationRemoved() {
        let text = Sample.workplan("\n### Listed\n\n- step\n  ```task\n  id: TEST-WP-0001-T01\n  status: todo\n  ```\n")
        let workplan = WorkplanParser.parse(bytes: Array(text.utf8), path: "TEST-WP-0001.md")
        #expect(workplan.tasks.first?.id == "TEST-WP-0001-T01")
        #expect(workplan.tasks.first?.fields?["status"]?.value.location.column == 11)
    }

    @Test func yamlPositionsCountBytesAfterMultibyteCharacters() {
        let text = Sample.frontMatter("title: \"Ünïcode — title\"", "owner: ↓x")
        let marked = MarkedText(text)
        let workplan = WorkplanParser.parse(bytes: Array(marked.text.utf8), path: "x.md")
        #expect(workplan.frontMatter?["owner"]?.value.location == marked.locations.first)
        let title = MarkedText(Sample.frontMatter("title: ↓\"Ünïcode\" # comment ü", "owner: ↓x"))
        let parsed = WorkplanParser.parse(bytes: Array(title.text.utf8), path: "x.md")
        #expect(parsed.frontMatter?["title"]?.value.location == title.locations[0])
        #expect(parsed.frontMatter?["owner"]?.value.location == title.locations[1])
    }
}
