/// A CommonMark block-structure parser for the blocks that decide where task fences are.
///
/// It follows the spec's two-phase line algorithm (match the open containers, then look for new
/// block starts, then lazy continuation) for block quotes, list items, fenced and indented code,
/// the seven kinds of HTML block, ATX and setext headings, thematic breaks and paragraphs, with
/// tabs as columns (tab stops of 4). It builds no tree and no inlines: it records headings,
/// fences, list items and HTML blocks with byte positions, and for every line of a fence the
/// byte where its content starts once container prefixes and fence indentation are removed.
struct BlockScanner {
    let source: SourceText
    private(set) var headings: [Heading] = []
    private(set) var fences: [FencedBlock] = []
    private(set) var listItems: [ListItem] = []
    private(set) var htmlBlocks: [HTMLBlock] = []

    var containers: [Container] = []
    var leaf: Leaf?
    /// The open paragraph's lines, each line's text start and end offsets: one buffer for every
    /// paragraph of the file, emptied when a paragraph starts, so that paragraphs allocate nothing.
    private var paragraphLines: [(start: Int, end: Int)] = []
    /// The line being scanned.
    var line = LineCursor(start: 0, end: 0)

    init(source: SourceText) {
        self.source = source
        // Room for what a workplan of this length usually holds (a heading in ten lines, a
        // fence in fifteen), so that the lists are not regrown one doubling at a time.
        let lines = source.lines.count
        headings.reserveCapacity(lines / 10 + 4)
        fences.reserveCapacity(lines / 15 + 2)
        listItems.reserveCapacity(lines / 10 + 4)
    }

    /// What ends an HTML block.
    enum HTMLEnd: Equatable {
        case marker([UInt8])
        case markers([[UInt8]])
        case blankLine
        /// Type 7 blocks also end at a blank line, but cannot interrupt a paragraph.
        case blankLineNoInterrupt
    }

    struct Container {
        enum Kind: Equatable {
            case blockQuote
            /// Columns a line must be indented by, past the parent's content, to stay in the item.
            case listItem(required: Int)
        }
        var kind: Kind
        var hasChildren = false
    }

    struct Paragraph {
        var startLine: Int
    }

    struct OpenFence {
        var block: FencedBlock
        var character: UInt8
        var length: Int
        var indent: Int
    }

    enum Leaf {
        case paragraph(Paragraph)
        case fence(OpenFence)
        case indentedCode
        case html(start: Int, end: HTMLEnd)
    }

    mutating func scan(from firstLine: Int) {
        var index = firstLine
        let count = source.lines.count
        while index < count {
            scanLine(index)
            index += 1
        }
        closeLeaf(lastLine: count - 1)
    }

    var insideBlockQuote: Bool {
        containers.contains { $0.kind == .blockQuote }
    }

    // MARK: - Lines

    private mutating func scanLine(_ index: Int) {
        let sourceLine = source.lines[index]
        line = LineCursor(start: sourceLine.start, end: sourceLine.contentEnd)

        // Phase 1: the open containers this line continues, then the open leaf.
        var matched = 0
        while matched < containers.count, continues(containers[matched]) { matched += 1 }
        let allContainersMatched = matched == containers.count
        var paragraphMatched = false
        if allContainersMatched, leaf != nil {
            guard let matchedParagraph = continueLeaf(index) else { return }
            paragraphMatched = matchedParagraph
        }

        // Phase 2: new block starts, from the deepest matched container.
        var depth = matched
        while true {
            findNextNonspace()
            if line.blank { break }
            if !line.indented, !mayStartBlock(source.bytes[line.nextNonspace]) { break }
            let interruptsParagraph = paragraphMatched && depth == containers.count
            let result = blockStart(index, depth: &depth, interruptsParagraph: interruptsParagraph)
            if result == .leaf { return }
            if result == .none { break }
            paragraphMatched = false
        }

        // Phase 3: lazy continuation, or a paragraph line.
        let lazy = depth == matched && !allContainersMatched
        if lazy, !line.blank, case .paragraph = leaf {
            addParagraphLine()
            return
        }
        if depth < containers.count { closeContainers(keeping: depth, lastLine: index - 1) }
        if line.blank { return }
        if case .paragraph = leaf {
            addParagraphLine()
            return
        }
        closeLeaf(lastLine: index - 1)
        markChild()
        leaf = .paragraph(Paragraph(startLine: index))
        paragraphLines.removeAll(keepingCapacity: true)
        paragraphLines.append((line.nextNonspace, line.end))
    }

    private mutating func addParagraphLine() {
        paragraphLines.append((line.nextNonspace, line.end))
    }

    /// Continues the open leaf on a line every container took. Nil when the line is used up (a
    /// code or HTML line, a closing fence); otherwise whether a paragraph goes on.
    private mutating func continueLeaf(_ index: Int) -> Bool? {
        findNextNonspace()
        switch leaf {
        case .fence(var fence):
            // Emptied first, so that the fence's line lists are held once and grow in place.
            leaf = nil
            if !line.indented, line.nextNonspace < line.end, source.bytes[line.nextNonspace] == fence.character,
                isClosingFence(from: line.nextNonspace, length: fence.length, character: fence.character)
            {
                fence.block.closeLine = index
                fences.append(fence.block)
                return nil
            }
            var remaining = fence.indent
            while remaining > 0, line.offset < line.end, isSpaceOrTab(source.bytes[line.offset]) {
                advanceOffset(1, columns: true)
                remaining -= 1
            }
            addFenceLine(&fence, index)
            leaf = .fence(fence)
            return nil
        case .indentedCode:
            if line.indented || line.blank { return nil }
            closeLeaf(lastLine: index - 1)
            return false
        case .html(let start, let end):
            guard line.blank, end == .blankLine || end == .blankLineNoInterrupt else {
                if lineContains(end, from: line.offset, to: line.end) {
                    htmlBlocks.append(HTMLBlock(startLine: start, endLine: index))
                    leaf = nil
                }
                return nil
            }
            htmlBlocks.append(HTMLBlock(startLine: start, endLine: index - 1))
            leaf = nil
            return false
        case .paragraph:
            if line.blank { leaf = nil }
            return !line.blank
        case nil:
            return false
        }
    }

    /// Whether the current line continues an open container, consuming its prefix when it does.
    private mutating func continues(_ container: Container) -> Bool {
        findNextNonspace()
        switch container.kind {
        case .blockQuote:
            guard !line.indented, line.nextNonspace < line.end, source.bytes[line.nextNonspace] == UInt8(ascii: ">")
            else {
                return false
            }
            advanceToNextNonspace()
            advanceOffset(1, columns: false)
            if line.offset < line.end, isSpaceOrTab(source.bytes[line.offset]) { advanceOffset(1, columns: true) }
            return true
        case .listItem(let required):
            if line.blank {
                guard container.hasChildren else { return false }
                advanceToNextNonspace()
                return true
            }
            guard line.indent >= required else { return false }
            advanceOffset(required, columns: true)
            return true
        }
    }

    private enum StartResult { case container, leaf, none }

    private var leafIsParagraph: Bool {
        if case .paragraph = leaf { true } else { false }
    }

    /// Tries every block start on the rest of the line, in CommonMark's order.
    private mutating func blockStart(_ index: Int, depth: inout Int, interruptsParagraph: Bool) -> StartResult {
        if line.indented {
            // Indented code cannot interrupt a paragraph, lazy or not.
            if leafIsParagraph { return .none }
            enter(depth: &depth, lastLine: index - 1)
            advanceOffset(4, columns: true)
            markChild()
            leaf = .indentedCode
            return .leaf
        }
        if source.bytes[line.nextNonspace] == UInt8(ascii: ">") {
            advanceToNextNonspace()
            advanceOffset(1, columns: false)
            if line.offset < line.end, isSpaceOrTab(source.bytes[line.offset]) { advanceOffset(1, columns: true) }
            enter(depth: &depth, lastLine: index - 1)
            markChild()
            containers.append(Container(kind: .blockQuote))
            depth += 1
            return .container
        }
        if leafStart(index, depth: &depth, interruptsParagraph: interruptsParagraph) { return .leaf }
        if let item = listItemStart(interruptsParagraph: interruptsParagraph) {
            enter(depth: &depth, lastLine: index - 1)
            markChild()
            if !insideBlockQuote {
                listItems.append(
                    ListItem(
                        line: index, markerColumn: item.markerOffset - line.start,
                        textColumn: item.textOffset - line.start,
                        text: trimmedString(item.textOffset, line.end)))
            }
            containers.append(Container(kind: .listItem(required: item.required)))
            depth += 1
            return .container
        }
        return .none
    }

    /// An ATX heading, a fence, an HTML block, a setext underline or a thematic break.
    private mutating func leafStart(_ index: Int, depth: inout Int, interruptsParagraph: Bool) -> Bool {
        if var heading = atxHeading(line.nextNonspace, line: index) {
            enter(depth: &depth, lastLine: index - 1)
            markChild()
            heading.inBlockQuote = insideBlockQuote
            headings.append(heading)
            return true
        }
        if let fence = fenceOpening(line.nextNonspace) {
            let indent = line.indent
            enter(depth: &depth, lastLine: index - 1)
            markChild()
            let info = InfoString.decode(trimmedString(fence.infoStart, line.end))
            let block = FencedBlock(
                info: info, infoWord: InfoString.firstWord(of: info),
                openLine: index, closeLine: nil, fenceColumn: line.nextNonspace - line.start,
                contentLines: index + 1..<index + 1, contentStarts: Self.contentStartsBuffer(), partialTabLines: [],
                inBlockQuote: insideBlockQuote)
            leaf = .fence(OpenFence(block: block, character: fence.character, length: fence.length, indent: indent))
            return true
        }
        if source.bytes[line.nextNonspace] == UInt8(ascii: "<"), let end = htmlBlockStart(line.nextNonspace),
            end != .blankLineNoInterrupt || !leafIsParagraph
        {
            enter(depth: &depth, lastLine: index - 1)
            markChild()
            if lineContains(end, from: line.nextNonspace, to: line.end) {
                htmlBlocks.append(HTMLBlock(startLine: index, endLine: index))
            } else {
                leaf = .html(start: index, end: end)
            }
            return true
        }
        if interruptsParagraph, setextUnderline(index) { return true }
        if isThematicBreak(line.nextNonspace) {
            enter(depth: &depth, lastLine: index - 1)
            markChild()
            return true
        }
        return false
    }

    /// Turns the open paragraph into a setext heading when this line underlines it and the
    /// paragraph holds more than link reference definitions.
    private mutating func setextUnderline(_ index: Int) -> Bool {
        guard case .paragraph(var paragraph) = leaf, let level = setextLevel(line.nextNonspace) else { return false }
        let definitions = LinkReferenceDefinitions.leadingLineCount(
            paragraphLines.map { source.bytes[$0.start..<$0.end] })
        guard definitions < paragraphLines.count else { return false }
        paragraph.startLine += definitions
        paragraphLines.removeFirst(definitions)
        headings.append(setextHeading(paragraph, level: level))
        leaf = nil
        return true
    }

    /// Closes what a new block at `depth` ends: the containers past it and the open leaf.
    private mutating func enter(depth: inout Int, lastLine: Int) {
        closeContainers(keeping: depth, lastLine: lastLine)
        closeLeaf(lastLine: lastLine)
    }

    private mutating func markChild() {
        if !containers.isEmpty { containers[containers.count - 1].hasChildren = true }
    }

    private mutating func closeContainers(keeping depth: Int, lastLine: Int) {
        guard depth < containers.count else { return }
        closeLeaf(lastLine: lastLine)
        containers.removeLast(containers.count - depth)
    }

    private mutating func closeLeaf(lastLine: Int) {
        switch leaf {
        case .fence(let fence): fences.append(fence.block)
        case .html(let start, _): htmlBlocks.append(HTMLBlock(startLine: start, endLine: max(start, lastLine)))
        default: break
        }
        leaf = nil
    }

    private mutating func addFenceLine(_ fence: inout OpenFence, _ index: Int) {
        fence.block.contentLines = fence.block.contentLines.lowerBound..<index + 1
        if line.partialTab {
            // CommonMark reads the columns of the tab its containers did not take as spaces; byte
            // ranges cannot, so the content starts after the tab (docs/format.md).
            fence.block.contentStarts.append(line.offset + 1 - line.start)
            fence.block.partialTabLines.append(index)
        } else {
            fence.block.contentStarts.append(line.offset - line.start)
        }
    }

    private func setextHeading(_ paragraph: Paragraph, level: Int) -> Heading {
        let text = paragraphLines.map { trimmedString($0.start, $0.end) }.joined(separator: "\n").trimmingSpaces()
        let first = paragraphLines[0]
        return Heading(
            level: level, line: paragraph.startLine, text: text,
            textColumn: first.start - source.lines[paragraph.startLine].start, inBlockQuote: insideBlockQuote)
    }

    // MARK: - Helpers

    /// An empty list with room for a task block's lines, so that it is allocated once, not
    /// regrown line by line.
    private static func contentStartsBuffer() -> [Int] {
        var starts: [Int] = []
        starts.reserveCapacity(12)
        return starts
    }

    func trimmedString(_ start: Int, _ end: Int) -> String {
        let bytes = source.bytes
        var from = start
        var to = end
        while from < to, isSpaceOrTab(bytes[from]) { from += 1 }
        while to > from, isSpaceOrTab(bytes[to - 1]) { to -= 1 }
        return source.string(from..<to)
    }
}

@inline(__always)
func isSpaceOrTab(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09
}

@inline(__always)
func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    (0x61...0x7A).contains(byte | 0x20) || (0x30...0x39).contains(byte)
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
