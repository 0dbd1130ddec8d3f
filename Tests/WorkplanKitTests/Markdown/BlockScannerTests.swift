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
