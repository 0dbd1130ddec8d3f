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

    private var containers: [Container] = []
    private var leaf: Leaf?
    /// The line being scanned.
    private var line = LineCursor(start: 0, end: 0)

    init(source: SourceText) {
        self.source = source
    }

    /// What ends an HTML block.
    enum HTMLEnd: Equatable {
        case marker([UInt8])
        case markers([[UInt8]])
        case blankLine
        /// Type 7 blocks also end at a blank line, but cannot interrupt a paragraph.
        case blankLineNoInterrupt
    }

    private struct Container {
        enum Kind: Equatable {
            case blockQuote
            /// Columns a line must be indented by, past the parent's content, to stay in the item.
            case listItem(required: Int)
        }
        var kind: Kind
        var hasChildren = false
    }

    private struct Paragraph {
        var startLine: Int
        /// Each line's text start and end offsets.
        var lines: [(start: Int, end: Int)]
    }

    private struct OpenFence {
        var block: FencedBlock
        var character: UInt8
        var length: Int
        var indent: Int
    }

    private enum Leaf {
        case paragraph(Paragraph)
        case fence(OpenFence)
        case indentedCode
        case html(start: Int, end: HTMLEnd)
    }

    /// A position inside the current line, with CommonMark's partially consumed tabs.
    struct LineCursor {
        var start: Int
        var end: Int
        var offset: Int
        var column = 0
        var partialTab = false
        var nextNonspace = 0
        var nextNonspaceColumn = 0

        init(start: Int, end: Int) {
            self.start = start
            self.end = end
            self.offset = start
            self.nextNonspace = start
        }

        var indent: Int { nextNonspaceColumn - column }
        var indented: Bool { indent >= 4 }
        var blank: Bool { nextNonspace == end }
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

    private var insideBlockQuote: Bool {
        containers.contains { $0.kind == .blockQuote }
    }

    // MARK: - Lines

    private mutating func scanLine(_ index: Int) {
        let sourceLine = source.lines[index]
        line = LineCursor(start: sourceLine.start, end: sourceLine.contentEnd)

        // Phase 1: the open containers this line continues.
        var matched = 0
        while matched < containers.count, continues(containers[matched]) { matched += 1 }
        let allContainersMatched = matched == containers.count

        // The open leaf, when every container matched.
        var paragraphMatched = false
        if allContainersMatched, let leaf {
            findNextNonspace()
            switch leaf {
            case .fence(var fence):
                if !line.indented, line.nextNonspace < line.end, source.bytes[line.nextNonspace] == fence.character,
                    isClosingFence(from: line.nextNonspace, length: fence.length, character: fence.character)
                {
                    fence.block.closeLine = index
                    fences.append(fence.block)
                    self.leaf = nil
                    return
                }
                var remaining = fence.indent
                while remaining > 0, line.offset < line.end, isSpaceOrTab(source.bytes[line.offset]) {
                    advanceOffset(1, columns: true)
                    remaining -= 1
                }
                addFenceLine(&fence, index)
                self.leaf = .fence(fence)
                return
            case .indentedCode:
                if line.indented || line.blank { return }
                closeLeaf(lastLine: index - 1)
            case .html(let start, let end):
                if line.blank, end == .blankLine || end == .blankLineNoInterrupt {
                    htmlBlocks.append(HTMLBlock(startLine: start, endLine: index - 1))
                    self.leaf = nil
                } else {
                    if lineContains(end, from: line.offset, to: line.end) {
                        htmlBlocks.append(HTMLBlock(startLine: start, endLine: index))
                        self.leaf = nil
                    }
                    return
                }
            case .paragraph:
                paragraphMatched = !line.blank
                if line.blank { self.leaf = nil }
            }
        }

        // Phase 2: new block starts, from the deepest matched container.
        var depth = matched
        while true {
            findNextNonspace()
            if line.blank { break }
            if !line.indented, !mayStartBlock(source.bytes[line.nextNonspace]) { break }
            let interruptsParagraph = paragraphMatched && depth == containers.count
            switch blockStart(index, depth: &depth, interruptsParagraph: interruptsParagraph) {
            case .container:
                paragraphMatched = false
                continue
            case .leaf:
                return
            case .none:
                break
            }
            break
        }

        // Phase 3: lazy continuation, or a paragraph line.
        if !line.blank, depth == matched, !allContainersMatched, case .paragraph(var paragraph) = leaf {
            paragraph.lines.append((line.nextNonspace, line.end))
            leaf = .paragraph(paragraph)
            return
        }
        if depth < containers.count { closeContainers(keeping: depth, lastLine: index - 1) }
        if line.blank { return }
        if case .paragraph(var paragraph) = leaf {
            paragraph.lines.append((line.nextNonspace, line.end))
            leaf = .paragraph(paragraph)
            return
        }
        closeLeaf(lastLine: index - 1)
        markChild()
        leaf = .paragraph(Paragraph(startLine: index, lines: [(line.nextNonspace, line.end)]))
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

    /// Tries every block start on the rest of the line, in CommonMark's order.
    private mutating func blockStart(_ index: Int, depth: inout Int, interruptsParagraph: Bool) -> StartResult {
        let bytes = source.bytes
        let first = bytes[line.nextNonspace]
        var leafIsParagraph: Bool {
            if case .paragraph = leaf { true } else { false }
        }
        if line.indented {
            // Indented code cannot interrupt a paragraph, lazy or not.
            if leafIsParagraph { return .none }
            enter(depth: &depth, lastLine: index - 1)
            advanceOffset(4, columns: true)
            markChild()
            leaf = .indentedCode
            return .leaf
        }
        if first == UInt8(ascii: ">") {
            advanceToNextNonspace()
            advanceOffset(1, columns: false)
            if line.offset < line.end, isSpaceOrTab(bytes[line.offset]) { advanceOffset(1, columns: true) }
            enter(depth: &depth, lastLine: index - 1)
            markChild()
            containers.append(Container(kind: .blockQuote))
            depth += 1
            return .container
        }
        if var heading = atxHeading(line.nextNonspace, line: index) {
            enter(depth: &depth, lastLine: index - 1)
            markChild()
            heading.inBlockQuote = insideBlockQuote
            headings.append(heading)
            return .leaf
        }
        if let fence = fenceOpening(line.nextNonspace) {
            let indent = line.indent
            enter(depth: &depth, lastLine: index - 1)
            markChild()
            let info = InfoString.decode(trimmedString(fence.infoStart, line.end))
            let block = FencedBlock(
                info: info,
                infoWord: String(info.split(whereSeparator: \.isWhitespace).first ?? ""),
                openLine: index, closeLine: nil, fenceColumn: line.nextNonspace - line.start,
                contentLines: index + 1..<index + 1, contentStarts: [], partialTabLines: [],
                inBlockQuote: insideBlockQuote)
            leaf = .fence(OpenFence(block: block, character: fence.character, length: fence.length, indent: indent))
            return .leaf
        }
        if first == UInt8(ascii: "<"), let end = htmlBlockStart(line.nextNonspace) {
            if end != .blankLineNoInterrupt || !leafIsParagraph {
                enter(depth: &depth, lastLine: index - 1)
                markChild()
                if lineContains(end, from: line.nextNonspace, to: line.end) {
                    htmlBlocks.append(HTMLBlock(startLine: index, endLine: index))
                } else {
                    leaf = .html(start: index, end: end)
                }
                return .leaf
            }
        }
        if interruptsParagraph, case .paragraph(var paragraph) = leaf, let level = setextLevel(line.nextNonspace) {
            let definitions = LinkReferenceDefinitions.leadingLineCount(
                paragraph.lines.map { source.bytes[$0.start..<$0.end] })
            if definitions < paragraph.lines.count {
                paragraph.startLine += definitions
                paragraph.lines.removeFirst(definitions)
                headings.append(setextHeading(paragraph, level: level))
                leaf = nil
                return .leaf
            }
        }
        if isThematicBreak(line.nextNonspace) {
            enter(depth: &depth, lastLine: index - 1)
            markChild()
            return .leaf
        }
        if let item = listItemStart(interruptsParagraph: interruptsParagraph) {
            enter(depth: &depth, lastLine: index - 1)
            markChild()
            let quoted = insideBlockQuote
            containers.append(Container(kind: .listItem(required: item.required)))
            depth += 1
            if !quoted {
                listItems.append(
                    ListItem(
                        line: index, markerColumn: item.markerOffset - line.start,
                        textColumn: item.textOffset - line.start,
                        text: trimmedString(item.textOffset, line.end)))
            }
            return .container
        }
        return .none
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
        let text = paragraph.lines.map { trimmedString($0.start, $0.end) }.joined(separator: "\n").trimmingSpaces()
        let first = paragraph.lines[0]
        return Heading(
            level: level, line: paragraph.startLine, text: text,
            textColumn: first.start - source.lines[paragraph.startLine].start, inBlockQuote: insideBlockQuote)
    }

    // MARK: - Cursor

    private mutating func findNextNonspace() {
        let bytes = source.bytes
        var index = line.offset
        var column = line.column
        while index < line.end {
            let byte = bytes[index]
            if byte == 0x20 {
                column += 1
            } else if byte == 0x09 {
                column += 4 - column % 4
            } else {
                break
            }
            index += 1
        }
        line.nextNonspace = index
        line.nextNonspaceColumn = column
    }

    private mutating func advanceToNextNonspace() {
        line.offset = line.nextNonspace
        line.column = line.nextNonspaceColumn
        line.partialTab = false
    }

    private mutating func advanceOffset(_ count: Int, columns: Bool) {
        var count = count
        let bytes = source.bytes
        while count > 0, line.offset < line.end {
            if bytes[line.offset] == 0x09 {
                let toTab = 4 - line.column % 4
                if columns {
                    line.partialTab = toTab > count
                    let advance = min(toTab, count)
                    line.column += advance
                    if !line.partialTab { line.offset += 1 }
                    count -= advance
                } else {
                    line.partialTab = false
                    line.column += toTab
                    line.offset += 1
                    count -= 1
                }
            } else {
                line.partialTab = false
                line.offset += 1
                line.column += 1
                count -= 1
            }
        }
    }

    // MARK: - Block starts

    private func mayStartBlock(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "#"), UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: "_"), UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "-"):
            return true
        default:
            return (0x30...0x39).contains(byte)
        }
    }

    private func fenceOpening(_ start: Int) -> (character: UInt8, length: Int, infoStart: Int)? {
        let bytes = source.bytes
        let character = bytes[start]
        guard character == UInt8(ascii: "`") || character == UInt8(ascii: "~") else { return nil }
        var position = start
        while position < line.end, bytes[position] == character { position += 1 }
        let length = position - start
        guard length >= 3 else { return nil }
        if character == UInt8(ascii: "`"), bytes[position..<line.end].contains(UInt8(ascii: "`")) { return nil }
        return (character, length, position)
    }

    private func isClosingFence(from start: Int, length: Int, character: UInt8) -> Bool {
        let bytes = source.bytes
        var position = start
        while position < line.end, bytes[position] == character { position += 1 }
        guard position - start >= length else { return false }
        return bytes[position..<line.end].allSatisfy(isSpaceOrTab)
    }

    private func atxHeading(_ start: Int, line index: Int) -> Heading? {
        let bytes = source.bytes
        let end = line.end
        var position = start
        while position < end, bytes[position] == UInt8(ascii: "#") { position += 1 }
        let level = position - start
        guard (1...6).contains(level) else { return nil }
        guard position == end || isSpaceOrTab(bytes[position]) else { return nil }
        var textStart = position
        while textStart < end, isSpaceOrTab(bytes[textStart]) { textStart += 1 }
        var textEnd = end
        while textEnd > textStart, isSpaceOrTab(bytes[textEnd - 1]) { textEnd -= 1 }
        // A closing sequence of #s preceded by a space (or making up the whole text) is not text.
        var hashes = textEnd
        while hashes > textStart, bytes[hashes - 1] == UInt8(ascii: "#") { hashes -= 1 }
        if hashes < textEnd, hashes == textStart || isSpaceOrTab(bytes[hashes - 1]) {
            textEnd = hashes
            while textEnd > textStart, isSpaceOrTab(bytes[textEnd - 1]) { textEnd -= 1 }
        }
        return Heading(
            level: level, line: index, text: source.string(textStart..<textEnd),
            textColumn: textStart - line.start, inBlockQuote: insideBlockQuote)
    }

    private func setextLevel(_ start: Int) -> Int? {
        let bytes = source.bytes
        let character = bytes[start]
        guard character == UInt8(ascii: "=") || character == UInt8(ascii: "-") else { return nil }
        var position = start
        while position < line.end, bytes[position] == character { position += 1 }
        guard bytes[position..<line.end].allSatisfy(isSpaceOrTab) else { return nil }
        return character == UInt8(ascii: "=") ? 1 : 2
    }

    private func isThematicBreak(_ start: Int) -> Bool {
        let bytes = source.bytes
        let character = bytes[start]
        guard character == UInt8(ascii: "-") || character == UInt8(ascii: "*") || character == UInt8(ascii: "_") else {
            return false
        }
        var count = 0
        for byte in bytes[start..<line.end] {
            if byte == character { count += 1 } else if !isSpaceOrTab(byte) { return false }
        }
        return count >= 3
    }

    private struct ListItemStart {
        var required: Int
        var markerOffset: Int
        var textOffset: Int
    }

    /// A list marker at the next non-space byte; consumes the marker and the spaces after it.
    private mutating func listItemStart(interruptsParagraph: Bool) -> ListItemStart? {
        let bytes = source.bytes
        let start = line.nextNonspace
        var position = start
        let first = bytes[position]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "*") {
            position += 1
        } else {
            var value = 0
            while position < line.end, position - start < 10, (0x30...0x39).contains(bytes[position]) {
                value = value * 10 + Int(bytes[position] - 0x30)
                position += 1
            }
            let digits = position - start
            guard (1...9).contains(digits), position < line.end,
                bytes[position] == UInt8(ascii: ".") || bytes[position] == UInt8(ascii: ")")
            else { return nil }
            guard !interruptsParagraph || value == 1 else { return nil }
            position += 1
        }
        guard position == line.end || isSpaceOrTab(bytes[position]) else { return nil }
        if interruptsParagraph, bytes[position..<line.end].allSatisfy(isSpaceOrTab) { return nil }
        let markerIndent = line.indent
        let markerLength = position - start
        advanceToNextNonspace()
        advanceOffset(markerLength, columns: true)
        let spacesStart = (offset: line.offset, column: line.column, partialTab: line.partialTab)
        repeat {
            advanceOffset(1, columns: true)
        } while line.column - spacesStart.column < 5 && line.offset < line.end && isSpaceOrTab(bytes[line.offset])
        let blankItem = line.offset == line.end
        let spaces = line.column - spacesStart.column
        var padding = markerLength + spaces
        if spaces >= 5 || spaces < 1 || blankItem {
            padding = markerLength + 1
            line.offset = spacesStart.offset
            line.column = spacesStart.column
            line.partialTab = spacesStart.partialTab
            if line.offset < line.end, isSpaceOrTab(bytes[line.offset]) { advanceOffset(1, columns: true) }
        }
        var text = line.offset
        while text < line.end, isSpaceOrTab(bytes[text]) { text += 1 }
        return ListItemStart(required: markerIndent + padding, markerOffset: start, textOffset: text)
    }

    private static let blockTags: Set<String> = [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
        "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
        "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol",
        "optgroup", "option", "p", "param", "search", "section", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "title", "tr", "track", "ul",
    ]

    /// The end condition of an HTML block starting at `start`, or nil when none starts there.
    private func htmlBlockStart(_ start: Int) -> HTMLEnd? {
        let rest = source.bytes[start..<line.end]
        let lower = rest.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        func starts(_ prefix: String) -> Bool { lower.starts(with: prefix.utf8) }
        for name in ["script", "pre", "style", "textarea"] where starts("<" + name) {
            let after = lower.count > name.count + 1 ? lower[name.count + 1] : nil
            if after == nil || isSpaceOrTab(after ?? 0) || after == UInt8(ascii: ">") {
                return .markers(["</script>", "</pre>", "</style>", "</textarea>"].map { Array($0.utf8) })
            }
        }
        if starts("<!--") { return .marker(Array("-->".utf8)) }
        if starts("<?") { return .marker(Array("?>".utf8)) }
        if starts("<![cdata[") { return .marker(Array("]]>".utf8)) }
        if lower.count > 2, lower[1] == UInt8(ascii: "!"), (0x61...0x7A).contains(lower[2]) {
            return .marker(Array(">".utf8))
        }
        var position = 1
        if position < lower.count, lower[position] == UInt8(ascii: "/") { position += 1 }
        let nameStart = position
        while position < lower.count, isASCIIAlphanumeric(lower[position]) { position += 1 }
        if position > nameStart, Self.blockTags.contains(String(decoding: lower[nameStart..<position], as: UTF8.self)) {
            let after = position < lower.count ? lower[position] : nil
            if after == nil || isSpaceOrTab(after ?? 0) || after == UInt8(ascii: ">")
                || (after == UInt8(ascii: "/") && position + 1 < lower.count
                    && lower[position + 1] == UInt8(ascii: ">"))
            {
                return .blankLine
            }
        }
        return HTMLTag.isCompleteTagLine(Array(rest)) ? .blankLineNoInterrupt : nil
    }

    private func lineContains(_ end: HTMLEnd, from start: Int, to stop: Int) -> Bool {
        switch end {
        case .blankLine, .blankLineNoInterrupt: return false
        case .marker(let marker): return containsIgnoringCase(marker, from: start, to: stop)
        case .markers(let markers): return markers.contains { containsIgnoringCase($0, from: start, to: stop) }
        }
    }

    private func containsIgnoringCase(_ needle: [UInt8], from start: Int, to stop: Int) -> Bool {
        let bytes = source.bytes
        guard needle.count <= stop - start else { return false }
        var candidate = start
        while candidate + needle.count <= stop {
            var index = 0
            while index < needle.count {
                let byte = bytes[candidate + index]
                let folded = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                if folded != needle[index] { break }
                index += 1
            }
            if index == needle.count { return true }
            candidate += 1
        }
        return false
    }

    // MARK: - Helpers

    private func trimmedString(_ start: Int, _ end: Int) -> String {
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
