/// Turns the bytes of a workplan file into a `Workplan`. Never throws: every problem with the
/// bytes becomes a finding on the returned model.
public enum WorkplanParser {
    /// Parses already-read bytes. Invalid UTF-8 and NUL bytes make the file unreadable, and so
    /// do more task blocks than the limits allow; a block larger than they allow is not parsed.
    public static func parse(bytes: [UInt8], path: String, limits: ReadLimits = ReadLimits()) -> Workplan {
        if let problem = textProblem(in: bytes) {
            return .unreadable(path: path, message: problem)
        }
        let source = SourceText(bytes: bytes)
        let document = MarkdownDocument(source: source)
        let taskBlocks = document.fences.lazy.filter { $0.infoWord == "task" }.count
        if taskBlocks > limits.taskBlocks {
            return .unreadable(
                path: path,
                message:
                    "file has \(taskBlocks) task blocks, more than max_task_blocks (\(limits.taskBlocks)): not parsed")
        }
        let (frontMatter, frontMatterProblems) = frontMatter(of: document, limits: limits)
        var blocks = FencedBlockReader(document: document, limits: limits)
        blocks.read()
        return Workplan(
            path: path, document: document, frontMatter: frontMatter, tasks: blocks.tasks,
            taskLikeBlocks: blocks.taskLike, dependencyBullets: dependencyBullets(in: document),
            closureReview: closureReview(in: document), suppressions: suppressions(in: document),
            problems: frontMatterProblems + blocks.problems)
    }

    /// A finding when a region is larger than the block limit.
    static func oversized(_ region: YAMLRegion, _ what: String, in source: SourceText, limits: ReadLimits) -> Finding? {
        guard let first = region.lines.first, let last = region.lines.last else { return nil }
        let size = source.lines[last].end - source.lines[first].start
        guard size > limits.blockBytes else { return nil }
        return Finding(
            rule: .yamlSyntax, at: SourceLocation(line: first + 1, column: 1),
            "\(what) is \(size) bytes, more than max_block_bytes (\(limits.blockBytes)): not parsed")
    }

    /// The front matter's mapping, or the problems that kept it from being read.
    private static func frontMatter(of document: MarkdownDocument, limits: ReadLimits) -> (YAMLMapping?, [Finding]) {
        let source = document.source
        guard let range = document.frontMatter else {
            return (
                nil,
                [
                    Finding(
                        rule: .frontMatter, at: SourceLocation(line: 1, column: 1),
                        "missing front matter: a workplan starts with a '---' line, its keys and another '---' line")
                ]
            )
        }
        guard range.closeLine != nil else {
            return (
                nil,
                [
                    Finding(
                        rule: .frontMatter, at: SourceLocation(line: 1, column: 1),
                        "front matter is not closed: add a '---' line after its last key")
                ]
            )
        }
        let region = YAMLRegion(lines: range.contentLines)
        if let finding = oversized(region, "front matter", in: source, limits: limits) { return (nil, [finding]) }
        switch region.parseMapping(in: source) {
        case .success(let mapping):
            return (mapping, [])
        case .failure(let problem):
            let rule = problem.message == "expected a mapping of keys to values" ? .frontMatter : problem.rule
            let message = rule == .frontMatter ? "front matter is not a mapping of keys to values" : problem.message
            return (nil, [Finding(rule: rule, at: problem.location, message)])
        }
    }

    /// Why bytes are not readable text, or nil when they are.
    static func textProblem(in bytes: [UInt8]) -> String? {
        if UTF8Check.isValidText(bytes) { return nil }
        if bytes.contains(0) { return "file contains NUL bytes: not a text file" }
        return "file is not valid UTF-8 text"
    }

    // MARK: - Tasks

    /// The YAML region of a fence's content, without the container prefixes and indentation
    /// CommonMark removes.
    public static func contentRegion(of block: FencedBlock, in source: SourceText) -> YAMLRegion {
        YAMLRegion(lines: block.contentLines, strippedPrefix: block.contentStarts)
    }

    static func looksLikeTask(_ region: YAMLRegion, in source: SourceText) -> Bool {
        region.lines.contains { source.content(ofLine: $0).starts(with: "id:".utf8) }
    }

    /// Whether an id has the shape of a task id (`<workplan id>-T<digits>`).
    static func isTaskShaped(_ id: String) -> Bool {
        // Bytes, not characters: every byte compared is ASCII, and no ASCII byte is part of a
        // multi-byte character in UTF-8. Read in place: a copy cost an allocation per id.
        var id = id
        return id.withUTF8 { bytes in
            var digitsStart = bytes.count
            while digitsStart > 0, (0x30...0x39).contains(bytes[digitsStart - 1]) { digitsStart -= 1 }
            guard digitsStart < bytes.count, digitsStart >= 2, bytes[digitsStart - 2] == UInt8(ascii: "-"),
                bytes[digitsStart - 1] == UInt8(ascii: "T")
            else { return false }
            return bytes.indices.dropLast(3).contains {
                bytes[$0] == UInt8(ascii: "-") && bytes[$0 + 1] == UInt8(ascii: "W")
                    && bytes[$0 + 2] == UInt8(ascii: "P") && bytes[$0 + 3] == UInt8(ascii: "-")
            }
        }
    }

    /// A heading's text without a leading outline label such as `P1.1 —`, `1.2:` or `3.`.
    public static func stripOutlineLabel(_ text: String) -> String {
        // Bytes: every byte a label holds is ASCII but the dashes, compared as their UTF-8 bytes.
        var text = text
        return text.withUTF8 { bytes -> String? in
            let count = bytes.count
            func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
            func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
            func skipBlanks(_ position: inout Int) {
                while position < count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
            }
            var index = 0
            while index < count, index < 3, isLetter(bytes[index]) { index += 1 }
            var sawDigit = false
            var lastWasDot = false
            while index < count, isDigit(bytes[index]) || (sawDigit && bytes[index] == UInt8(ascii: ".")) {
                sawDigit = sawDigit || isDigit(bytes[index])
                lastWasDot = bytes[index] == UInt8(ascii: ".")
                index += 1
            }
            guard sawDigit else { return nil }
            var rest = index
            skipBlanks(&rest)
            // "-", ":", ")", or an em or en dash (E2 80 94, E2 80 93).
            if rest < count, [UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: ")")].contains(bytes[rest]) {
                rest += 1
            } else if rest + 2 < count, bytes[rest] == 0xE2, bytes[rest + 1] == 0x80,
                bytes[rest + 2] == 0x94 || bytes[rest + 2] == 0x93
            {
                rest += 3
            } else if !(lastWasDot && rest > index) {
                return nil
            }
            skipBlanks(&rest)
            guard rest < count else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[rest...]), as: UTF8.self)
        } ?? text
    }

    /// The lines of a task's description: after its block, up to the next heading or task block.
    static func descriptionLines(
        after block: FencedBlock, until nextTask: Int, headings: [Heading], from cursor: Int,
        in source: SourceText
    ) -> ClosedRange<Int>? {
        let start = block.lastLine + 1
        let end = min(cursor < headings.count ? headings[cursor].line : source.lines.count, nextTask)
        // Blank lines are dropped at both ends, and `---` lines at the end. Spaces and tabs are
        // ASCII, so a line is compared as bytes.
        func trimmed(_ line: Int) -> ArraySlice<UInt8> {
            var content = source.content(ofLine: line)
            while let first = content.first, first == 0x20 || first == 0x09 { content.removeFirst() }
            while let last = content.last, last == 0x20 || last == 0x09 { content.removeLast() }
            return content
        }
        var first = start
        while first < end, trimmed(first).isEmpty { first += 1 }
        var last = end - 1
        while last >= first, trimmed(last).isEmpty || trimmed(last).elementsEqual("---".utf8) { last -= 1 }
        return first <= last ? first...last : nil
    }

    /// The text of description lines, joined by LF.
    static func description(lines: ClosedRange<Int>, in source: SourceText) -> String {
        let (first, last) = (lines.lowerBound, lines.upperBound)
        // When each line already ends with LF, that is the bytes as they are.
        if (first..<last).allSatisfy({ source.lines[$0].end == source.lines[$0].contentEnd + 1 })
            && (first..<last).allSatisfy({ source.bytes[source.lines[$0].contentEnd] == 0x0A })
        {
            return source.string(source.lines[first].start..<source.lines[last].contentEnd)
        }
        return lines.map { source.string(ofLine: $0) }.joined(separator: "\n")
    }

    // MARK: - Sections

    /// The 0-based lines of each level-2 section whose heading text satisfies `matches`.
    private static func sections(
        in document: MarkdownDocument, where matches: (String) -> Bool
    ) -> [(Heading, Range<Int>)] {
        var result: [(Heading, Range<Int>)] = []
        let headings = document.headings
        for (index, heading) in headings.enumerated() where heading.level == 2 && matches(heading.text) {
            let end = headings[(index + 1)...].first { $0.level <= 2 }?.line ?? document.source.lines.count
            result.append((heading, heading.line..<end))
        }
        return result
    }

    private static func dependencyBullets(in document: MarkdownDocument) -> [WorkplanDependency] {
        var result: [WorkplanDependency] = []
        let source = document.source
        for (_, lines) in sections(in: document, where: { $0.hasPrefix("Dependencies") }) {
            var lastGroup: Range<Int>?
            for item in document.listItems where lines.contains(item.line) {
                let text = item.text
                let lineStart = source.lines[item.line].start
                let textOffset = lineStart + item.textColumn
                if text.hasPrefix("state_hub_dependency_id:") {
                    let value = text.dropFirst("state_hub_dependency_id:".count)
                    let trimmed = String(value).trimmingSpaces()
                    let valueOffset =
                        textOffset + text.utf8.count - value.utf8.count
                        + (value.utf8.count - value.drop(while: { $0 == " " }).utf8.count)
                    let scalar = YAMLScalar(
                        text: trimmed, isPlain: true, location: source.location(ofOffset: valueOffset))
                    if let group = lastGroup {
                        for index in group { result[index].uuid = scalar }
                    }
                    lastGroup = nil
                    continue
                }
                let kinds: [(String, DependencyKind)] = [
                    ("Blocks:", .blocks), ("Depends on:", .dependsOn), ("Blocked by:", .dependsOn),
                ]
                guard let (prefix, kind) = kinds.first(where: { text.hasPrefix($0.0) }) else {
                    lastGroup = nil
                    continue
                }
                let first = result.count
                for (id, offset) in codeSpans(in: text, from: prefix.utf8.count) where isIdentifierLike(id) {
                    result.append(
                        WorkplanDependency(
                            kind: kind, target: id, location: source.location(ofOffset: textOffset + offset)))
                }
                lastGroup = first..<result.count
            }
        }
        return result
    }

    /// The backtick code spans of a line, with the byte offset of each span's text.
    private static func codeSpans(in text: String, from start: Int) -> [(String, Int)] {
        let bytes = Array(text.utf8)
        var result: [(String, Int)] = []
        var index = start
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "`") else {
                index += 1
                continue
            }
            guard let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "`")) else { break }
            result.append((String(decoding: bytes[(index + 1)..<close], as: UTF8.self), index + 1))
            index = close + 1
        }
        return result
    }

    private static func isIdentifierLike(_ text: String) -> Bool {
        !text.isEmpty && text.contains("-")
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0.isASCIIDigit || $0 == "-" || $0 == "_"
                    || $0 == "."
            }
    }

    private static func closureReview(in document: MarkdownDocument) -> ClosureReview? {
        guard let (heading, lines) = sections(in: document, where: { $0.hasPrefix("Closure Review") }).first else {
            return nil
        }
        let source = document.source
        var date: String?
        let rest = heading.text.dropFirst("Closure Review".count).trimmingCharacters(in: " —–-:")
        if rest.count == 10, isDate(String(rest)) { date = String(rest) }

        var items: [ClosureItem] = []
        let subHeadings = document.headings.filter {
            lines.contains($0.line) && $0.line > heading.line && $0.level <= 3
        }
        for (index, sub) in subHeadings.enumerated() where sub.level == 3 {
            guard let classification = ClosureClassification.allCases.first(where: { sub.text.hasPrefix($0.rawValue) })
            else { continue }
            let end = index + 1 < subHeadings.count ? subHeadings[index + 1].line : lines.upperBound
            for item in document.listItems where item.line > sub.line && item.line < end {
                var word = Substring(item.text.prefix { $0 != " " && $0 != "\t" })
                var skipped = 0
                if word.hasPrefix("`") {
                    word = word.dropFirst()
                    skipped = 1
                }
                word = word.prefix { $0 != "`" && $0 != ":" && $0 != "," }
                guard isTaskShaped(String(word)) else { continue }
                let offset = source.lines[item.line].start + item.textColumn + skipped
                items.append(
                    ClosureItem(
                        taskID: String(word), location: source.location(ofOffset: offset),
                        classification: classification))
            }
        }
        var begin: Int?
        var end: Int?
        for block in document.htmlBlocks {
            let text = source.string(ofLine: block.startLine).trimmingSpaces()
            if text == "<!-- closure-review:begin -->" { begin = block.startLine }
            if text == "<!-- closure-review:end -->" { end = block.startLine }
        }
        let markers: (Int, Int)? =
            if let begin, let end, begin < heading.line, end >= heading.line { (begin, end) } else { nil }
        return ClosureReview(heading: heading, date: date, items: items, markers: markers, lines: lines)
    }

    private static func suppressions(in document: MarkdownDocument) -> [Suppression] {
        var result: [Suppression] = []
        let source = document.source
        for block in document.htmlBlocks where block.startLine == block.endLine {
            let text = source.string(ofLine: block.startLine).trimmingSpaces()
            guard text.hasPrefix("<!--"), text.hasSuffix("-->") else { continue }
            let inner = text.dropFirst(4).dropLast(3).trimmingSpaces()
            let words = inner.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard words.count >= 2, words[0] == "workplan-lint",
                let scope = Suppression.Scope(rawValue: String(words[1]))
            else { continue }
            let rules =
                words.count > 2 ? words[2].split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty } : []
            let lineStart = source.lines[block.startLine].start
            let column = source.bytes[lineStart...].firstIndex(of: UInt8(ascii: "<")).map { $0 - lineStart } ?? 0
            var covered = (block.startLine + 2)...(block.startLine + 2)
            if let fence = document.fences.first(where: { $0.openLine == block.startLine + 1 }) {
                covered = (fence.openLine + 1)...(fence.lastLine + 1)
            }
            result.append(
                Suppression(
                    scope: scope, rules: rules,
                    location: source.location(line: block.startLine, byteInLine: column), lines: covered))
        }
        return result
    }

    /// Whether `text` is a real calendar date written `YYYY-MM-DD`.
    public static func isDate(_ text: String) -> Bool {
        // Read in place: a copy of the bytes cost an allocation per date.
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for byte in bytes[range] {
                    guard (0x30...0x39).contains(byte) else { return nil }
                    value = value * 10 + Int(byte - 0x30)
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
                (1...12).contains(month)
            else { return false }
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            let days =
                switch month {
                case 2: leap ? 29 : 28
                case 4, 6, 9, 11: 30
                default: 31
                }
            return (1...days).contains(day)
        }
    }
}

extension Unicode.Scalar {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> Substring {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return Substring(slice)
    }
}
