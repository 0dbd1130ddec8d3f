import Foundation
import Testing

@testable import WorkplanKit

/// Golden files for every output format. Set WORKPLAN_RECORD_GOLDEN=1 to re-record them.
@Suite struct RendererTests {
    static let report: LintReport = {
        let broken =
            Sample.frontMatter("status: finished", "owner: \"a:b,c%\"")
            + "\n### One\n\n```task\nid: TEST-WP-0001-T01\nstatus: todo\nprio: high\n```\n"
        let duplicate = Sample.frontMatter()
        let diagnostics = lint(
            [("plans/TEST-WP-0001.md", Array(broken.utf8)), ("plans/TEST-WP-0001-copy.md", Array(duplicate.utf8))],
            reportOn: ["plans/TEST-WP-0001.md", "plans/TEST-WP-0001-copy.md"])
        return LintReport(fileCount: 2, diagnostics: diagnostics)
    }()

    static func assertGolden(_ actual: String, _ name: String) throws {
        let url = Fixtures.directory.appendingPathComponent("golden/" + name)
        if ProcessInfo.processInfo.environment["WORKPLAN_RECORD_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: url)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected)
    }

    @Test func showTextOfTheSeed() throws {
        let workplan = WorkplanParser.parse(
            bytes: try Fixtures.bytes("CUST-WP-0005.md"), path: "workplans/CUST-WP-0005.md")
        try Self.assertGolden(WorkplanSummary(workplan).text, "show.txt")
    }

    @Test func statusText() throws {
        var report = StatusReport()
        report.workstreams = [
            StatusReport.Workstream(
                id: "CUST-WP-0005", title: "State Hub v0.5", domain: "custodian", status: "completed", tasks: 11,
                done: 9,
                cancelled: 1, carriedForward: 1, open: 0),
            StatusReport.Workstream(
                id: "CUST-WP-0006", title: "Repo registration", domain: "custodian", status: "active", tasks: 4,
                done: 1,
                cancelled: 0, carriedForward: 0, open: 3),
        ]
        report.openTasks = [
            StatusReport.OpenTask(
                id: "CUST-WP-0006-T02", title: "Register repos", status: "in_progress", priority: "high",
                workstream: "CUST-WP-0006"),
            StatusReport.OpenTask(
                id: "CUST-WP-0006-T03", title: "Backfill", status: "todo", priority: nil, workstream: "CUST-WP-0006"),
        ]
        report.staleFiles = ["workplans/CUST-WP-0006.md"]
        try Self.assertGolden(report.text(bars: true), "status.txt")
    }

    @Test func text() throws {
        try Self.assertGolden(TextRenderer(color: false).render(Self.report), "lint.txt")
    }

    @Test func textWithColorWrapsOnlyTheSeverity() {
        let output = TextRenderer(color: true).render(Self.report)
        #expect(output.contains("\u{1B}[1;31merror\u{1B}[0m"))
        #expect(!TextRenderer(color: false).render(Self.report).contains("\u{1B}"))
    }

    @Test func json() throws {
        try Self.assertGolden(JSONRenderer.render(Self.report), "lint.json")
    }

    @Test func github() throws {
        try Self.assertGolden(GitHubRenderer.render(Self.report), "lint.github")
    }

    @Test func sarif() throws {
        let output = SARIFRenderer(repositoryRoot: "/repo", workingDirectory: "/repo", version: "0.0.0").render(
            Self.report)
        try Self.assertGolden(output, "lint.sarif")
    }

    @Test func githubEscaping() {
        #expect(GitHubRenderer.escapeData("50% done\nnext") == "50%25 done%0Anext")
        #expect(GitHubRenderer.escapeProperty("a:b,c") == "a%3Ab%2Cc")
    }
}
