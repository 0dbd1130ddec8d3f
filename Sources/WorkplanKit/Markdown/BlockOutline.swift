/// Where the block scanner puts the blocks of a Markdown text that decide task fences, in the
/// shape the CommonMark differential tests compare (1-based lines of the text).
public struct BlockOutline: Codable, Equatable, Sendable {
    /// A fenced code block.
    public struct Fence: Codable, Equatable, Sendable {
        /// The info string, escapes and character references decoded.
        public var info: String
        public var open: Int
        /// Nil when the block runs to the end of its container.
        public var close: Int?
        /// The first and last content lines, nil when there are none.
        public var content: [Int]?
        /// The content as CommonMark gives it: container prefixes and fence indentation removed.
        public var text: String
        /// Inside a block quote.
        public var quoted: Bool
        /// 1-based lines whose content starts after a tab only partly taken by the containers
        /// (compared without their leading white space; nil when there are none).
        public var partialTabs: [Int]?

        /// Whether two fences agree: lines after a partly taken tab (all lines when `loose`) are
        /// compared without leading white space, blank lines without their white space.
        public func agrees(with other: Fence, loose: Bool = false) -> Bool {
            var mine = self
            var theirs = other
            mine.partialTabs = nil
            theirs.partialTabs = nil
            guard let first = content?.first, let last = content?.last else { return mine == theirs }
            let lines = loose ? Array(first...last) : partialTabs ?? other.partialTabs ?? []
            mine.text = Self.normalize(text, partialTabs: lines, first: first)
            theirs.text = Self.normalize(other.text, partialTabs: lines, first: first)
            return mine == theirs
        }

        /// The text with leading white space removed on the given lines, and blank lines emptied
        /// (markdown-it keeps white space past a container's indentation on a blank line;
        /// cmark and commonmark.js do not).
        private static func normalize(_ text: String, partialTabs lines: [Int], first: Int) -> String {
            var split = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for line in lines where line - first < split.count {
                split[line - first] = String(split[line - first].drop { $0 == " " || $0 == "\t" })
            }
            return split.map { $0.allSatisfy { $0 == " " || $0 == "\t" } ? "" : $0 }.joined(separator: "\n")
        }
    }

    /// A heading: its level, line, text (lines trimmed) and whether it is inside a block quote.
    public struct HeadingEntry: Codable, Equatable, Sendable {
        public var level: Int
        public var line: Int
        public var text: String
        public var quoted: Bool
    }

    public var fences: [Fence]
    public var headings: [HeadingEntry]
    /// The first and last line of each HTML block.
    public var html: [[Int]]

    /// Whether two outlines agree (see `Fence.agrees(with:)`).
    public func agrees(with other: BlockOutline) -> Bool {
        headings == other.headings && html == other.html && fences.count == other.fences.count
            && zip(fences, other.fences).allSatisfy { $0.agrees(with: $1) }
    }

    /// Scans the whole of `source` as a Markdown body (no front matter).
    public init(body source: SourceText) {
        var scanner = BlockScanner(source: source)
        scanner.scan(from: 0)
        fences = scanner.fences.map { fence in
            var text: [UInt8] = []
            for (line, start) in zip(fence.contentLines, fence.contentStarts) {
                let range = source.lines[line]
                text.append(contentsOf: source.bytes[min(range.start + start, range.contentEnd)..<range.contentEnd])
                text.append(0x0A)
            }
            return Fence(
                info: fence.info, open: fence.openLine + 1, close: fence.closeLine.map { $0 + 1 },
                content: fence.contentLines.isEmpty
                    ? nil : [fence.contentLines.lowerBound + 1, fence.contentLines.upperBound],
                text: String(decoding: text, as: UTF8.self), quoted: fence.inBlockQuote,
                partialTabs: fence.partialTabLines.isEmpty ? nil : fence.partialTabLines.map { $0 + 1 })
        }
        headings = scanner.headings.map {
            HeadingEntry(level: $0.level, line: $0.line + 1, text: $0.text, quoted: $0.inBlockQuote)
        }
        html = scanner.htmlBlocks.map { [$0.startLine + 1, $0.endLine + 1] }
    }
}
