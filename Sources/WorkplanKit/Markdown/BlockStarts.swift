/// The block starts and ends the scanner recognises, each a test on the current line.
extension BlockScanner {
    func mayStartBlock(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "#"), UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: "_"), UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "-"):
            return true
        default:
            return (0x30...0x39).contains(byte)
        }
    }

    func fenceOpening(_ start: Int) -> (character: UInt8, length: Int, infoStart: Int)? {
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

    func isClosingFence(from start: Int, length: Int, character: UInt8) -> Bool {
        let bytes = source.bytes
        var position = start
        while position < line.end, bytes[position] == character { position += 1 }
        guard position - start >= length else { return false }
        return bytes[position..<line.end].allSatisfy(isSpaceOrTab)
    }

    func atxHeading(_ start: Int, line index: Int) -> Heading? {
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

    func setextLevel(_ start: Int) -> Int? {
        let bytes = source.bytes
        let character = bytes[start]
        guard character == UInt8(ascii: "=") || character == UInt8(ascii: "-") else { return nil }
        var position = start
        while position < line.end, bytes[position] == character { position += 1 }
        guard bytes[position..<line.end].allSatisfy(isSpaceOrTab) else { return nil }
        return character == UInt8(ascii: "=") ? 1 : 2
    }

    func isThematicBreak(_ start: Int) -> Bool {
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

    struct ListItemStart {
        var required: Int
        var markerOffset: Int
        var textOffset: Int
    }

    /// A list marker at the next non-space byte; consumes the marker and the spaces after it.
    mutating func listItemStart(interruptsParagraph: Bool) -> ListItemStart? {
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

    static let blockTags: Set<String> = [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
        "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
        "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol",
        "optgroup", "option", "p", "param", "search", "section", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "title", "tr", "track", "ul",
    ]

    /// The end condition of an HTML block starting at `start`, or nil when none starts there.
    func htmlBlockStart(_ start: Int) -> HTMLEnd? {
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
        // The only case-sensitive start (CommonMark's condition 5): `<![cdata[` starts nothing.
        if rest.starts(with: "<![CDATA[".utf8) { return .marker(Array("]]>".utf8)) }
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

    func lineContains(_ end: HTMLEnd, from start: Int, to stop: Int) -> Bool {
        switch end {
        case .blankLine, .blankLineNoInterrupt: return false
        case .marker(let marker): return containsIgnoringCase(marker, from: start, to: stop)
        case .markers(let markers): return markers.contains { containsIgnoringCase($0, from: start, to: stop) }
        }
    }

    func containsIgnoringCase(_ needle: [UInt8], from start: Int, to stop: Int) -> Bool {
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
}
