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
