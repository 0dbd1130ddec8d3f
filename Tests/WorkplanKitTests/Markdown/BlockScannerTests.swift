import Foundation
import Testing

@testable import WorkplanKit

/// Differential tests: the scanner must place fences and headings where CommonMark does, as
/// recorded from markdown-it-py by scripts/record-commonmark-oracle.sh.
@Suite struct BlockScannerTests {
    struct Oracle: Decodable, Equatable {
        struct Fence: Decodable, Equatable {
            var info: String
            var open: Int
            var close: Int?
            var content: [Int]?
        }
        struct HeadingEntry: Decodable, Equatable {
            var level: Int
            var line: Int
            var text: String
        }
        var fences: [Fence]
        var headings: [HeadingEntry]
    }

    static let fixtures = [
        "commonmark/nested-fences", "commonmark/indented-fences", "commonmark/lists-and-headings",
        "commonmark/backtick-info", "CUST-WP-0005",
    ]

    static func scan(_ bytes: [UInt8]) -> Oracle {
        let document = MarkdownDocument(source: SourceText(bytes: bytes))
        let fences = document.fences.map { fence in
            Oracle.Fence(
                info: fence.info, open: fence.openLine + 1, close: fence.closeLine.map { $0 + 1 },
                content: fence.contentLines.isEmpty
                    ? nil : [fence.contentLines.lowerBound + 1, fence.contentLines.upperBound])
        }
        let headings = document.headings.map { Oracle.HeadingEntry(level: $0.level, line: $0.line + 1, text: $0.text) }
        return Oracle(fences: fences, headings: headings)
    }

    @Test(arguments: fixtures, TextVariant.allCases)
    func scannerAgreesWithCommonMark(_ name: String, _ variant: TextVariant) throws {
        let expected = try JSONDecoder().decode(Oracle.self, from: Data(try Fixtures.bytes(name + ".oracle.json")))
        let text = try Fixtures.string(name + ".md")
        let actual = Self.scan(variant.apply(text))
        #expect(actual.fences == expected.fences)
        #expect(actual.headings == expected.headings)
    }

    @Test func headingAndFenceColumnsAreByteOffsets() {
        let document = MarkdownDocument(source: SourceText("## Über\n\n  ```task\nid: x\n  ```\n"))
        #expect(document.headings.first?.textColumn == 3)
        #expect(document.fences.first?.fenceColumn == 2)
        #expect(document.fences.first?.contentStarts == [0])
    }

    @Test func thematicBreakAfterBlankLineIsNotFrontMatterOrHeading() {
        let document = MarkdownDocument(source: SourceText("---\nid: x\n---\n\nText\n\n---\n\n## Next\n"))
        #expect(document.frontMatter?.closeLine == 2)
        #expect(document.headings.map(\.text) == ["Next"])
    }

    @Test func lineEndingsAreLFCRLFOrLoneCR() {
        let text = SourceText(bytes: Array("a\nb\r\nc\rd".utf8))
        #expect(text.lines.count == 4)
        #expect(text.string(ofLine: 3) == "d")
        #expect(text.lineEnding == "\n")
        #expect(SourceText("x\r\ny\r\n").lineEnding == "\r\n")
    }
}

/// Block starts CommonMark reads in ways that are easy to get wrong.
@Suite struct BlockStartTests {
    static func workplan(_ body: String) -> String {
        Sample.frontMatter() + "\n# Example plan\n\n## Phase 1\n" + body
    }

    /// Start condition 5 is `<![CDATA[` exactly: `<![cdata[` is a paragraph, so a task fence
    /// after it is read, while one inside a real CDATA block is hidden.
    @Test(arguments: TextVariant.allCases)
    func onlyAnUpperCaseCDATAStartsAnHTMLBlock(_ variant: TextVariant) {
        let lower = Self.workplan("\n<![cdata[\n\n" + Sample.task())
        let read = WorkplanParser.parse(bytes: variant.apply(lower), path: "TEST-WP-0001.md")
        #expect(read.tasks.compactMap(\.id) == ["TEST-WP-0001-T01"])
        #expect(lint([("TEST-WP-0001.md", variant.apply(lower))]).isEmpty)
        let upper = Self.workplan("\n<![CDATA[\n\n" + Sample.task() + "]]>\n")
        let hidden = WorkplanParser.parse(bytes: variant.apply(upper), path: "TEST-WP-0001.md")
        #expect(hidden.tasks.isEmpty)
        #expect(lint([("TEST-WP-0001.md", variant.apply(upper))]).map(\.rule).contains("hidden-task-block"))
    }

    /// A tilde fence's info string may hold tildes (only a backtick fence's may not).
    @Test(arguments: TextVariant.allCases)
    func aTildeFenceWhoseInfoHoldsTildesIsATask(_ variant: TextVariant) {
        let text = Self.workplan("\n### One\n\n~~~task ~~~\nid: TEST-WP-0001-T01\nstatus: todo\n~~~\n")
        let workplan = WorkplanParser.parse(bytes: variant.apply(text), path: "TEST-WP-0001.md")
        #expect(workplan.tasks.compactMap(\.id) == ["TEST-WP-0001-T01"])
        #expect(lint([("TEST-WP-0001.md", variant.apply(text))]).isEmpty)
        let document = MarkdownDocument(source: SourceText(bytes: variant.apply(text)))
        #expect(document.fences.map(\.info) == ["task ~~~"])
    }
}
