import Foundation
import Testing

@testable import WorkplanKit

@Suite struct ConfigurationTests {
    func parse(_ text: String) throws -> Configuration {
        try ConfigurationLoader.parse(
            bytes: Array(text.utf8), path: ".workplan.yml", root: URL(fileURLWithPath: "/repo"))
    }

    @Test func defaultsApplyToAnEmptyFile() throws {
        let configuration = try parse("")
        #expect(configuration.folders == ["workplans"])
        #expect(configuration.database == ".workplan/state.sqlite")
        #expect(configuration.idPattern == Configuration.defaultIDPattern)
    }

    @Test func allKeysAreRead() throws {
        let configuration = try parse(
            "version: 1\nfolders: [plans, more/plans]\ndatabase: state.db\nid_pattern: '^X-[0-9]+$'\nmax_file_bytes: 1000\nmax_block_bytes: 200\nmax_task_blocks: 3\nrules:\n  file-name: off\n  unknown-key: error\n"
        )
        #expect(configuration.folders == ["plans", "more/plans"])
        #expect(configuration.databaseURL.path == "/repo/state.db")
        #expect(configuration.limits == ReadLimits(fileBytes: 1000, blockBytes: 200, taskBlocks: 3))
        #expect(configuration.rules == ["file-name": .off, "unknown-key": .error])
    }

    @Test(arguments: [
        ("folderz: [a]\n", 1, 1, "unknown configuration key 'folderz'; did you mean 'folders'?"),
        ("rules:\n  no-such-rule: off\n", 2, 3, "unknown rule 'no-such-rule'"),
        ("rules:\n  file-name: loud\n", 2, 14, "severity of 'file-name' must be one of: error, warning, note, off"),
        ("id_pattern: '['\n", 1, 13, "'id_pattern' must be a valid regular expression"),
        ("folders: [a\n", 1, 10, "invalid YAML"),
    ])
    func invalidConfigurationPointsAtTheProblem(_ text: String, _ line: Int, _ column: Int, _ message: String) {
        #expect {
            try parse(text)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.location == WorkplanKit.SourceLocation(line: line, column: column)
                && error.message.hasPrefix(message)
        }
    }

    @Test func severityOverridesAndOffRulesApply() {
        var configuration = Configuration(root: URL(fileURLWithPath: "/tmp"))
        configuration.rules = ["unknown-key": .error, "file-name": .off]
        let text = Sample.frontMatter("stauts: x")
        let diagnostics = lint([("wrong-name.md", Array(text.utf8))], configuration: configuration)
        #expect(diagnostics.map(\.rule) == ["unknown-key"])
        #expect(diagnostics.first?.severity == .error)
    }

    @Test func customIDPatternIsUsed() {
        var configuration = Configuration(root: URL(fileURLWithPath: "/tmp"))
        configuration.idPattern = "^PLAN-[0-9]+$"
        let diagnostics = lint([("TEST-WP-0001.md", Array(Sample.frontMatter().utf8))], configuration: configuration)
        #expect(diagnostics.map(\.rule) == ["id-format"])
    }

    @Test func loaderWalksUpToTheRepositoryRoot() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/.git", withIntermediateDirectories: true)
        try directory.write(".workplan.yml", "folders: [plans]\n")
        try directory.write("a/b/keep", "")
        let configuration = try ConfigurationLoader.load(from: directory.url.appendingPathComponent("a/b"))
        #expect(configuration.folders == ["plans"])
        #expect(configuration.root.path == directory.url.standardizedFileURL.path)
    }
}

@Suite struct SuppressionTests {
    @Test func nextLineSuppressionCoversAWholeFencedBlock() {
        let text = Sample.workplan(
            Sample.task("01")
                + "\n<!-- workplan-lint disable-next-line task-heading,unknown-key -->\n```task\nid: TEST-WP-0001-T02\nstatus: todo\nprio: x\n```\n"
        )
        let diagnostics = lint([("TEST-WP-0001.md", Array(text.utf8))])
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
    }

    @Test func fileSuppressionCoversEveryLine() {
        let text = Sample.frontMatter("stauts: x") + "\n<!-- workplan-lint disable-file unknown-key -->\n"
        #expect(lint([("TEST-WP-0001.md", Array(text.utf8))]).isEmpty)
    }

    @Test func suppressionOnlyCoversTheNextLine() {
        let text =
            Sample.workplan(Sample.task("01", "prio: x"))
            + "\n<!-- workplan-lint disable-next-line unknown-key -->\n\nText\n"
        let rules = lint([("TEST-WP-0001.md", Array(text.utf8))]).map(\.rule)
        #expect(rules.sorted() == ["suppression", "unknown-key"])
    }
}

@Suite struct CrossFileTests {
    @Test func namedFilesAreReportedButEveryFileIsSeen() {
        let first = Sample.workplan()
        let second =
            Sample.frontMatter(id: "TEST-WP-0002") + "\n### Copy\n\n```task\nid: TEST-WP-0001-T01\nstatus: todo\n```\n"
        let files = [("TEST-WP-0002.md", Array(second.utf8)), ("TEST-WP-0001.md", Array(first.utf8))]
        // The later place (in path order) is in TEST-WP-0002.md: found even when only that file is named.
        #expect(lint(files, reportOn: ["TEST-WP-0002.md"]).map(\.rule).contains("duplicate-id"))
        #expect(!lint(files, reportOn: ["TEST-WP-0001.md"]).map(\.rule).contains("duplicate-id"))
        let both = lint(files, reportOn: ["TEST-WP-0001.md", "TEST-WP-0002.md"])
        let duplicate = both.filter { $0.rule == "duplicate-id" }
        #expect(duplicate.count == 1)
        #expect(duplicate.first?.path == "TEST-WP-0002.md")
        #expect(duplicate.first?.notes.first?.path == "TEST-WP-0001.md")
    }
}
