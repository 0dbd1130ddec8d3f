import Foundation
import Testing

@testable import WorkplanKit

/// Bad input is a diagnostic on its file, never a crash, and never stops other files.
@Suite struct HostileInputTests {
    static let cases: [(String, [UInt8], String)] = [
        ("empty", [], "front-matter"),
        ("binary", [0x00, 0x01, 0xFF, 0xFE], "unreadable"),
        ("invalid UTF-8", Array("---\nid: X\n---\n".utf8) + [0xC3, 0x28], "unreadable"),
        ("front matter only dashes", Array("---\n".utf8), "front-matter"),
        ("unclosed quote at end", Array("---\nid: \"TEST-WP-0001\n---\n".utf8), "yaml-syntax"),
        (
            "alias bomb",
            Array(
                ("---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                    + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                    + "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n").utf8), "yaml-syntax"
        ),
        ("deep nesting", Array(("---\nid: " + String(repeating: "[", count: 5000) + "\n---\n").utf8), "yaml-syntax"),
        (
            "unclosed fence at end", Array((Sample.frontMatter() + "\n### T\n\n```task\nid: TEST-WP-0001-T01\n").utf8),
            "unclosed-fence"
        ),
        ("front matter is a scalar", Array("---\njust text\n---\n".utf8), "front-matter"),
    ]

    @Test(arguments: cases.indices)
    func badInputBecomesADiagnosticOnItsFile(_ index: Int) {
        let (_, bytes, rule) = Self.cases[index]
        let diagnostics = lint(
            [("bad.md", bytes), ("TEST-WP-0001.md", Array(Sample.workplan().utf8))],
            reportOn: ["bad.md", "TEST-WP-0001.md"])
        #expect(
            diagnostics.contains { $0.path == "bad.md" && $0.rule.rawValue == rule && $0.severity == .error },
            "\(diagnostics.map { "\($0.rule): \($0.message)" })")
        #expect(!diagnostics.contains { $0.path == "TEST-WP-0001.md" && $0.severity == .error })
    }

    @Test func longSingleLineIsParsed() {
        let long = Sample.workplan() + "\n" + String(repeating: "x", count: 2_000_000) + "\n"
        let diagnostics = lint([("TEST-WP-0001.md", Array(long.utf8))])
        #expect(!diagnostics.contains { $0.severity == .error })
    }

    @Test func blocksAndFilesBeyondTheLimitsAreNotParsed() {
        let limits = ReadLimits(blockBytes: 100, taskBlocks: 2)
        let big = WorkplanParser.parse(
            bytes: Array(Sample.frontMatter("owner: " + String(repeating: "x", count: 200)).utf8),
            path: "a.md", limits: limits)
        #expect(
            big.problems.map(\.message) == ["front matter is 313 bytes, more than max_block_bytes (100): not parsed"])
        #expect(big.frontMatter == nil)
        let many = Sample.workplan(Sample.task("01") + Sample.task("02") + Sample.task("03"))
        let parsed = WorkplanParser.parse(bytes: Array(many.utf8), path: "b.md", limits: limits)
        #expect(parsed.problems.map(\.message) == ["file has 3 task blocks, more than max_task_blocks (2): not parsed"])
        #expect(!parsed.isReliable)
    }

    @Test func aDescriptionEndsAtTheNextTaskBlockEvenWithoutAHeading() {
        let text =
            Sample.frontMatter() + "\n### One\n\n```task\nid: TEST-WP-0001-T01\nstatus: todo\n```\n\nAbout one.\n\n"
            + "```task\nid: TEST-WP-0001-T02\nstatus: todo\n```\n\nAbout two.\n"
        let workplan = WorkplanParser.parse(bytes: Array(text.utf8), path: "TEST-WP-0001.md")
        #expect(workplan.tasks.map(\.description) == ["About one.", "About two."])
    }

    @Test func mixedLineEndingsKeepLinesRight() {
        let text =
            "---\r\nid: TEST-WP-0001\ntype: workplan\r\ntitle: T\rdomain: d\nstatus: bogus\r\ncreated: 2026-01-01\n---\n"
        let diagnostics = lint([("TEST-WP-0001.md", Array(text.utf8))])
        #expect(
            diagnostics.first { $0.rule == "invalid-value" }?.location == WorkplanKit.SourceLocation(line: 6, column: 9)
        )
    }

    @Test func unreadableFilesAreReportedWithTheirReason() throws {
        let directory = try TemporaryDirectory()
        let big = try directory.write("big.md", String(repeating: "a", count: 200))
        #expect(FileReader.read(big, maxBytes: 100) == .failure(.tooLarge(size: 200, limit: 100)))
        #expect(FileReader.read(directory.path + "/missing.md", maxBytes: 100) == .failure(.missing))
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/link.md", withDestinationPath: big)
        #expect(FileReader.read(directory.path + "/link.md", maxBytes: 1000) == .failure(.symbolicLink))
        try FileManager.default.createDirectory(
            atPath: directory.path + "/folder.md", withIntermediateDirectories: true)
        #expect(FileReader.read(directory.path + "/folder.md", maxBytes: 1000) == .failure(.notAFile))
    }

    @Test func discoverySkipsHiddenFoldersAndSymbolicLinks() throws {
        let directory = try TemporaryDirectory()
        try directory.write("plans/a.md", "x")
        try directory.write("plans/sub/b.md", "x")
        try directory.write("plans/.hidden/c.md", "x")
        try directory.write("plans/notes.txt", "x")
        try directory.write("outside/d.md", "x")
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/plans/linked", withDestinationPath: directory.path + "/outside")
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/plans/e.md", withDestinationPath: directory.path + "/outside/d.md")
        let files = try WorkplanLoader.markdownFiles(under: directory.path + "/plans")
        #expect(files.map { String($0.dropFirst(directory.path.count)) } == ["/plans/a.md", "/plans/sub/b.md"])
    }
}
