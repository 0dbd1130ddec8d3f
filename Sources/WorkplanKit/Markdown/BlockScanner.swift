/// A CommonMark block scanner that finds what a workplan needs, with exact byte positions:
/// ATX and setext headings, fenced code blocks, list items and HTML blocks.
///
/// It follows CommonMark's rules for fences (indentation, closing fence length and character,
/// no fence inside another fence or inside an indented code block), paragraphs and lazy
/// continuation lines, and list items as containers. Block quotes are read as paragraphs:
/// a fence inside a block quote is not a workplan block.
struct BlockScanner {
    let source: SourceText
    private(set) var headings: [Heading] = []
    private(set) var fences: [FencedBlock] = []
    private(set) var listItems: [ListItem] = []
    private(set) var htmlBlocks: [HTMLBlock] = []

    /// Content columns of the open list items, innermost last.
    private var containers: [Int] = []
    private var paragraph: (start: Int, texts: [String])?
    private var openFence: (block: FencedBlock, character: UInt8, length: Int, depth: Int)?
    private var openHTML: (start: Int, end: HTMLEnd, depth: Int)?

    init(source: SourceText) {
        self.source = source
    }

    /// What ends an HTML block.
    enum HTMLEnd: Equatable {
        case marker([UInt8])
        case markers([[UInt8]])
        case blankLine
    }

    /// A position inside a line: a byte offset and the column it stands at (tabs expanded).
    struct Cursor {
        var offset: Int
        var column: Int
    }

    mutating func scan(from firstLine: Int) {
        for index in firstLine..<source.lines.count {
            scanLine(index)
        }
        if let fence = openFence { fences.append(fence.block) }
        if let html = openHTML { htmlBlocks.append(HTMLBlock(startLine: html.start, endLine: source.lines.count - 1)) }
    }

    // MARK: - Lines

    private mutating func scanLine(_ index: Int) {
        let line = source.lines[index]
        let first = skipSpaces(Cursor(offset: line.start, column: 0), end: line.contentEnd)
        let blank = first.offset == line.contentEnd

        if var fence = openFence {
            if blank {
                fence.block.contentLines = fence.block.contentLines.lowerBound..<index + 1
                openFence = fence
                return
            }
            if fence.depth == 0 || first.column >= containers[fence.depth - 1] {
                let base = fence.depth == 0 ? 0 : containers[fence.depth - 1]
                if first.column - base <= 3, isClosingFence(first, end: line.contentEnd, character: fence.character, length: fence.length) {
                    fence.block.closeLine = index
                    fences.append(fence.block)
                    openFence = nil
                } else {
                    fence.block.contentLines = fence.block.contentLines.lowerBound..<index + 1
                    openFence = fence
                }
                return
            }
            fences.append(fence.block)
            openFence = nil
        }

        if let html = openHTML {
            // Blank lines stay inside; other lines must be indented into the block's list item.
            if blank || html.depth == 0 || first.column >= containers[html.depth - 1] {
                if html.end == .blankLine {
                    if blank {
                        htmlBlocks.append(HTMLBlock(startLine: html.start, endLine: index - 1))
                        openHTML = nil
                    }
                    return
                }
                if lineContains(html.end, from: line.start, to: line.contentEnd) {
                    htmlBlocks.append(HTMLBlock(startLine: html.start, endLine: index))
                    openHTML = nil
                }
                return
            }
            htmlBlocks.append(HTMLBlock(startLine: html.start, endLine: index - 1))
            openHTML = nil
        }

        if blank {
            endParagraph()
            return
        }

        // Leave the list items this line is not indented enough to belong to, unless it is a
        // lazy continuation of an open paragraph.
        var keep = containers.count
        while keep > 0, first.column < containers[keep - 1] { keep -= 1 }
        if keep < containers.count {
            let base = keep == 0 ? 0 : containers[keep - 1]
            if paragraph != nil, !startsBlock(first, end: line.contentEnd, base: base) {
                let text = trimmedText(first.offset, line.contentEnd)
                paragraph?.texts.append(text)
                return
            }
            containers.removeLast(containers.count - keep)
            endParagraph()
        }
        scanBlockStart(index, at: first, end: line.contentEnd)
    }

    private mutating func scanBlockStart(_ index: Int, at cursor: Cursor, end: Int) {
        let base = containers.last ?? 0
        let indent = cursor.column - base
        if indent >= 4 {
            if paragraph != nil {
                let text = trimmedText(cursor.offset, end)
                paragraph?.texts.append(text)
            }
            return
        }
        let lineStart = source.lines[index].start
        if let fence = fenceOpening(cursor, end: end) {
            endParagraph()
            let info = trimmedText(fence.infoStart, end)
            let block = FencedBlock(
                info: info,
                infoWord: String(info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? ""),
                openLine: index, closeLine: nil, fenceColumn: cursor.offset - lineStart,
                indent: indent, containerColumn: base, contentLines: index + 1..<index + 1)
            openFence = (block, fence.character, fence.length, containers.count)
            return
        }
        if let heading = atxHeading(cursor, end: end, line: index) {
            endParagraph()
            headings.append(heading)
            return
        }
        if let current = paragraph, let level = setextLevel(cursor, end: end) {
            let text = current.texts.joined(separator: "\n").trimmingSpaces()
            let start = source.lines[current.start].start
            let column = firstNonSpaceOffset(start, source.lines[current.start].contentEnd) - start
            headings.append(Heading(level: level, line: current.start, text: text, textColumn: column))
            paragraph = nil
            return
        }
        if isThematicBreak(cursor, end: end) {
            endParagraph()
            return
        }
        if let item = listMarker(cursor, end: end) {
            let interrupts = paragraph == nil || (!item.empty && (item.ordinal == nil || item.ordinal == 1))
            if interrupts {
                endParagraph()
                containers.append(item.contentColumn)
                listItems.append(ListItem(
                    line: index, markerColumn: cursor.offset - lineStart,
                    textColumn: item.content.offset - lineStart,
                    text: trimmedText(item.content.offset, end)))
                if !item.empty, !item.indentedCode {
                    scanBlockStart(index, at: item.content, end: end)
                }
                return
            }
        }
        if let htmlEnd = htmlBlockStart(cursor, end: end, canInterrupt: paragraph != nil) {
            endParagraph()
            if htmlEnd != .blankLine, lineContains(htmlEnd, from: cursor.offset, to: end) {
                htmlBlocks.append(HTMLBlock(startLine: index, endLine: index))
            } else {
                openHTML = (index, htmlEnd, containers.count)
            }
            return
        }
        let text = trimmedText(cursor.offset, end)
        if paragraph == nil { paragraph = (index, []) }
        paragraph?.texts.append(text)
    }

    private mutating func endParagraph() {
        paragraph = nil
    }

    /// Whether a line would start a block other than a paragraph continuation.
    private func startsBlock(_ cursor: Cursor, end: Int, base: Int) -> Bool {
        if cursor.column - base >= 4 { return false }
        if fenceOpening(cursor, end: end) != nil { return true }
        if atxHeading(cursor, end: end, line: 0) != nil { return true }
        if isThematicBreak(cursor, end: end) { return true }
        if let item = listMarker(cursor, end: end), !item.empty, item.ordinal == nil || item.ordinal == 1 { return true }
        if source.bytes[cursor.offset] == UInt8(ascii: ">") { return true }
        return htmlBlockStart(cursor, end: end, canInterrupt: true) != nil
    }

    // MARK: - Block starts

    private func fenceOpening(_ cursor: Cursor, end: Int) -> (character: UInt8, length: Int, infoStart: Int)? {
        let bytes = source.bytes
        let character = bytes[cursor.offset]
        guard character == UInt8(ascii: "`") || character == UInt8(ascii: "~") else { return nil }
        var position = cursor.offset
        while position < end, bytes[position] == character { position += 1 }
        let length = position - cursor.offset
        guard length >= 3 else { return nil }
        if character == UInt8(ascii: "`"), bytes[position..<end].contains(UInt8(ascii: "`")) { return nil }
        return (character, length, position)
    }

    private func isClosingFence(_ cursor: Cursor, end: Int, character: UInt8, length: Int) -> Bool {
        let bytes = source.bytes
        var position = cursor.offset
        while position < end, bytes[position] == character { position += 1 }
        guard position - cursor.offset >= length else { return false }
        return bytes[position..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    private func atxHeading(_ cursor: Cursor, end: Int, line: Int) -> Heading? {
        let bytes = source.bytes
        var position = cursor.offset
        while position < end, bytes[position] == UInt8(ascii: "#") { position += 1 }
        let level = position - cursor.offset
        guard (1...6).contains(level) else { return nil }
        guard position == end || bytes[position] == 0x20 || bytes[position] == 0x09 else { return nil }
        var textStart = position
        while textStart < end, bytes[textStart] == 0x20 || bytes[textStart] == 0x09 { textStart += 1 }
        var textEnd = end
        while textEnd > textStart, bytes[textEnd - 1] == 0x20 || bytes[textEnd - 1] == 0x09 { textEnd -= 1 }
        // A closing sequence of #s preceded by a space (or making up the whole text) is not text.
        var hashes = textEnd
        while hashes > textStart, bytes[hashes - 1] == UInt8(ascii: "#") { hashes -= 1 }
        if hashes < textEnd, hashes == textStart || bytes[hashes - 1] == 0x20 || bytes[hashes - 1] == 0x09 {
            textEnd = hashes
            while textEnd > textStart, bytes[textEnd - 1] == 0x20 || bytes[textEnd - 1] == 0x09 { textEnd -= 1 }
        }
        let lineStart = line < source.lines.count ? source.lines[line].start : 0
        return Heading(level: level, line: line, text: source.string(textStart..<textEnd), textColumn: textStart - lineStart)
    }

    private func setextLevel(_ cursor: Cursor, end: Int) -> Int? {
        let bytes = source.bytes
        let character = bytes[cursor.offset]
        guard character == UInt8(ascii: "=") || character == UInt8(ascii: "-") else { return nil }
        var position = cursor.offset
        while position < end, bytes[position] == character { position += 1 }
        guard bytes[position..<end].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return nil }
        return character == UInt8(ascii: "=") ? 1 : 2
    }

    private func isThematicBreak(_ cursor: Cursor, end: Int) -> Bool {
        let bytes = source.bytes
        let character = bytes[cursor.offset]
        guard character == UInt8(ascii: "-") || character == UInt8(ascii: "*") || character == UInt8(ascii: "_") else {
            return false
        }
        var count = 0
        for byte in bytes[cursor.offset..<end] {
            if byte == character { count += 1 } else if byte != 0x20 && byte != 0x09 { return false }
        }
        return count >= 3
    }

    private struct ListMarker {
        var ordinal: Int?
        var empty: Bool
        var indentedCode: Bool
        var contentColumn: Int
        var content: Cursor
    }

    private func listMarker(_ cursor: Cursor, end: Int) -> ListMarker? {
        let bytes = source.bytes
        var position = cursor.offset
        var ordinal: Int?
        let first = bytes[position]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "*") {
            position += 1
        } else {
            var value = 0
            var digits = 0
            while position < end, digits < 10, (0x30...0x39).contains(bytes[position]) {
                value = value * 10 + Int(bytes[position] - 0x30)
                position += 1
                digits += 1
            }
            guard (1...9).contains(digits), position < end,
                  bytes[position] == UInt8(ascii: ".") || bytes[position] == UInt8(ascii: ")") else { return nil }
            position += 1
            ordinal = value
        }
        let markerEndColumn = cursor.column + (position - cursor.offset)
        if position == end {
            return ListMarker(ordinal: ordinal, empty: true, indentedCode: false,
                              contentColumn: markerEndColumn + 1, content: Cursor(offset: end, column: markerEndColumn))
        }
        guard bytes[position] == 0x20 || bytes[position] == 0x09 else { return nil }
        let content = skipSpaces(Cursor(offset: position, column: markerEndColumn), end: end)
        if content.offset == end {
            return ListMarker(ordinal: ordinal, empty: true, indentedCode: false,
                              contentColumn: markerEndColumn + 1, content: content)
        }
        let spaces = content.column - markerEndColumn
        if spaces > 4 {
            return ListMarker(ordinal: ordinal, empty: false, indentedCode: true,
                              contentColumn: markerEndColumn + 1, content: content)
        }
        return ListMarker(ordinal: ordinal, empty: false, indentedCode: false,
                          contentColumn: content.column, content: content)
    }

    private static let blockTags: Set<String> = [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
        "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
        "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol",
        "optgroup", "option", "p", "param", "search", "section", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "title", "tr", "track", "ul",
    ]

    private func htmlBlockStart(_ cursor: Cursor, end: Int, canInterrupt: Bool) -> HTMLEnd? {
        let bytes = source.bytes
        guard bytes[cursor.offset] == UInt8(ascii: "<") else { return nil }
        let rest = Array(bytes[cursor.offset..<end])
        let lower = rest.map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 }
        func starts(_ prefix: String) -> Bool { lower.starts(with: prefix.utf8) }
        for name in ["script", "pre", "style", "textarea"] where starts("<" + name) {
            let after = lower.count > name.count + 1 ? lower[name.count + 1] : nil
            if after == nil || after == 0x20 || after == 0x09 || after == UInt8(ascii: ">") {
                return .markers(["</script>", "</pre>", "</style>", "</textarea>"].map { Array($0.utf8) })
            }
        }
        if starts("<!--") { return .marker(Array("-->".utf8)) }
        if starts("<?") { return .marker(Array("?>".utf8)) }
        if starts("<![cdata[") { return .marker(Array("]]>".utf8)) }
        if rest.count > 2, rest[1] == UInt8(ascii: "!"), (0x41...0x5A).contains(rest[2]) || (0x61...0x7A).contains(rest[2]) {
            return .marker(Array(">".utf8))
        }
        var position = 1
        if position < lower.count, lower[position] == UInt8(ascii: "/") { position += 1 }
        let nameStart = position
        while position < lower.count, (0x61...0x7A).contains(lower[position]) || (0x30...0x39).contains(lower[position]) {
            position += 1
        }
        let name = String(decoding: lower[nameStart..<position], as: UTF8.self)
        if Self.blockTags.contains(name) {
            let after = position < lower.count ? lower[position] : nil
            if after == nil || after == 0x20 || after == 0x09 || after == UInt8(ascii: ">")
                || (after == UInt8(ascii: "/") && position + 1 < lower.count && lower[position + 1] == UInt8(ascii: ">")) {
                return .blankLine
            }
        }
        // Type 7: a complete open or closing tag alone on the line; it cannot interrupt a paragraph.
        if !canInterrupt, !name.isEmpty, let last = rest.last(where: { $0 != 0x20 && $0 != 0x09 }),
           last == UInt8(ascii: ">"), rest.firstIndex(of: UInt8(ascii: ">")) == rest.lastIndex(of: last),
           (0x61...0x7A).contains(lower[nameStart]) {
            return .blankLine
        }
        return nil
    }

    private func lineContains(_ end: HTMLEnd, from start: Int, to stop: Int) -> Bool {
        let line = source.bytes[start..<stop].map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 }
        switch end {
        case .blankLine: return false
        case .marker(let marker): return contains(line, marker)
        case .markers(let markers): return markers.contains { contains(line, $0) }
        }
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return true
        }
        return false
    }

    // MARK: - Helpers

    private func skipSpaces(_ cursor: Cursor, end: Int) -> Cursor {
        var cursor = cursor
        let bytes = source.bytes
        while cursor.offset < end {
            if bytes[cursor.offset] == 0x20 {
                cursor.column += 1
            } else if bytes[cursor.offset] == 0x09 {
                cursor.column += 4 - cursor.column % 4
            } else {
                break
            }
            cursor.offset += 1
        }
        return cursor
    }

    private func firstNonSpaceOffset(_ start: Int, _ end: Int) -> Int {
        skipSpaces(Cursor(offset: start, column: 0), end: end).offset
    }

    private func trimmedText(_ start: Int, _ end: Int) -> String {
        source.string(start..<end).trimmingSpaces()
    }
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
