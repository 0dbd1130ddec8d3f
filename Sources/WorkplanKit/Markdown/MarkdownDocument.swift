/// A heading (ATX or setext) found by the block scanner.
public struct Heading: Hashable, Sendable {
    /// 1 to 6.
    public var level: Int
    /// 0-based index of the heading's first line.
    public var line: Int
    /// The raw inline text of the heading (Markdown kept as written).
    public var text: String
    /// 0-based byte offset of the text within its line.
    public var textColumn: Int
    /// Whether the heading is inside a block quote.
    public var inBlockQuote: Bool = false
}

/// A fenced code block found by the block scanner, positioned as CommonMark places it.
public struct FencedBlock: Hashable, Sendable {
    /// The full info string, trimmed.
    public var info: String
    /// The first word of the info string (`task` for a task block).
    public var infoWord: String
    /// 0-based index of the opening fence line.
    public var openLine: Int
    /// 0-based index of the closing fence line, nil when the block runs to the end of its container.
    public var closeLine: Int?
    /// 0-based byte offset of the first fence character within its line.
    public var fenceColumn: Int
    /// The 0-based lines between the fences.
    public var contentLines: Range<Int>
    /// For each content line, the 0-based byte offset where its content starts, once the
    /// prefixes of its containers (list items, block quotes) and the fence's indentation are removed.
    public var contentStarts: [Int]
    /// The content lines that start with a tab only partly taken by the containers; their
    /// content starts after that tab.
    public var partialTabLines: [Int] = []
    /// Whether the block is inside a block quote (where a task block is not read).
    public var inBlockQuote: Bool = false

    /// The block's last line: its closing fence, or the last line of its content when it runs
    /// to the end of its container (a list item, or the file).
    public var lastLine: Int {
        closeLine ?? max(openLine, contentLines.upperBound - 1)
    }
}

/// A list item's first line: where its text starts and what it says.
public struct ListItem: Hashable, Sendable {
    /// 0-based line index.
    public var line: Int
    /// 0-based byte offset of the marker within the line.
    public var markerColumn: Int
    /// 0-based byte offset of the item's text within the line.
    public var textColumn: Int
    /// The text of the first line after the marker.
    public var text: String
}

/// An HTML block (comments included), by its lines.
public struct HTMLBlock: Hashable, Sendable {
    /// 0-based index of the first line.
    public var startLine: Int
    /// 0-based index of the last line.
    public var endLine: Int
}

/// The line range of a front matter block.
public struct FrontMatterRange: Hashable, Sendable {
    /// 0-based index of the opening `---` line (always 0).
    public var openLine: Int
    /// 0-based index of the closing `---` line, nil when it is never closed.
    public var closeLine: Int?
    /// The lines between the two markers.
    public var contentLines: Range<Int> {
        openLine + 1..<(closeLine ?? openLine + 1)
    }
}

/// The block structure of a workplan file: front matter and the CommonMark blocks that matter.
public struct MarkdownDocument: Sendable {
    /// The file's text.
    public let source: SourceText
    /// The front matter block, if the file starts with a `---` line.
    public let frontMatter: FrontMatterRange?
    /// 0-based index of the first line of the Markdown body.
    public let bodyStartLine: Int
    /// Every heading outside block quotes, in file order.
    public let headings: [Heading]
    /// Every fenced code block outside block quotes, in file order.
    public let fences: [FencedBlock]
    /// The headings and fenced code blocks inside block quotes: CommonMark sees them, the
    /// workplan format does not read them.
    public let quotedHeadings: [Heading]
    public let quotedFences: [FencedBlock]
    /// Every list item outside block quotes, in file order.
    public let listItems: [ListItem]
    /// Every HTML block, in file order.
    public let htmlBlocks: [HTMLBlock]

    /// Scans `source` into blocks.
    public init(source: SourceText) {
        self.source = source
        var frontMatter: FrontMatterRange?
        var bodyStart = 0
        if !source.lines.isEmpty, source.content(ofLine: 0).elementsEqual("---".utf8) {
            var close: Int?
            for index in 1..<source.lines.count where source.content(ofLine: index).elementsEqual("---".utf8) {
                close = index
                break
            }
            frontMatter = FrontMatterRange(openLine: 0, closeLine: close)
            if let close { bodyStart = close + 1 }
        }
        self.frontMatter = frontMatter
        self.bodyStartLine = bodyStart
        var scanner = BlockScanner(source: source)
        scanner.scan(from: bodyStart)
        // Most files quote no heading or fence: their lists are taken whole, not copied.
        let quotesHeadings = scanner.headings.contains(where: \.inBlockQuote)
        headings = quotesHeadings ? scanner.headings.filter { !$0.inBlockQuote } : scanner.headings
        quotedHeadings = quotesHeadings ? scanner.headings.filter(\.inBlockQuote) : []
        let quotesFences = scanner.fences.contains(where: \.inBlockQuote)
        fences = quotesFences ? scanner.fences.filter { !$0.inBlockQuote } : scanner.fences
        quotedFences = quotesFences ? scanner.fences.filter(\.inBlockQuote) : []
        listItems = scanner.listItems
        htmlBlocks = scanner.htmlBlocks
    }
}
