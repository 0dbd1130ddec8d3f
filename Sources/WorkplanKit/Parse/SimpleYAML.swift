/// A reader for the small part of YAML that workplans use, which builds no tree.
///
/// It answers only when every line of a region is one of these:
/// - blank, or a comment starting in the first column;
/// - `key: value` starting in the first column, the key made of at most 1,000 ASCII letters,
///   digits, `_` and `-`, each key once;
/// - `key:` followed by `- value` lines at one indentation (a block sequence).
///
/// A value is one of:
/// - a plain scalar that needs no YAML rule to read: it starts with no indicator, holds no
///   `: ` or ` #`, ends with no space or `:`;
/// - a single-line quoted scalar without escapes or inner quotes;
/// - a one-line flow sequence of such scalars.
///
/// Every character must be one libyaml accepts inside a scalar and that is no line break.
/// Anything else gives nil, and Yams reads the region. `SimpleYAMLTests` and the fuzz target
/// check that the two readers agree wherever this one answers.
struct SimpleYAML {
    let region: YAMLRegion
    let source: SourceText

    /// The mapping, or nil when the region is outside the subset.
    func mapping() -> YAMLMapping? {
        var fields: [YAMLField] = []
        fields.reserveCapacity(region.lines.count)
        var offset = 0
        while offset < region.lines.count {
            let (start, end) = bounds(offset)
            guard allPrintable(start, end) else { return nil }
            if isBlank(start, end) || source.bytes[start] == UInt8(ascii: "#") {
                offset += 1
                continue
            }
            guard let (key, colon) = key(start, end), !fields.contains(where: { $0.key == key }) else { return nil }
            let keyLocation = location(offset, start)
            var position = colon + 1
            if position == end {
                // `key:` alone: a block sequence must follow (an empty value is left to Yams).
                guard let (items, sequenceStart, next) = blockSequence(after: offset), !items.isEmpty else {
                    return nil
                }
                fields.append(YAMLField(key: key, keyLocation: keyLocation, value: .sequence(items, sequenceStart)))
                offset = next
                continue
            }
            guard source.bytes[position] == UInt8(ascii: " ") else { return nil }
            while position < end, source.bytes[position] == UInt8(ascii: " ") { position += 1 }
            guard position < end, let valueEnd = valueEnd(position, end), let value = value(offset, position, valueEnd)
            else {
                return nil
            }
            fields.append(YAMLField(key: key, keyLocation: keyLocation, value: value))
            offset += 1
        }
        return YAMLMapping(fields: fields)
    }

    // MARK: - Lines

    /// The byte range of a line of the region, after its stripped prefix.
    private func bounds(_ offset: Int) -> (start: Int, end: Int) {
        let line = source.lines[region.lines.lowerBound + offset]
        return (min(line.start + region.strippedPrefix[offset], line.contentEnd), line.contentEnd)
    }

    private func location(_ offset: Int, _ position: Int) -> SourceLocation {
        let index = region.lines.lowerBound + offset
        return SourceLocation(line: index + 1, column: position - source.lines[index].start + 1)
    }

    private func isBlank(_ start: Int, _ end: Int) -> Bool {
        source.bytes[start..<end].allSatisfy { $0 == UInt8(ascii: " ") }
    }

    /// A key at `start` and the offset of its colon.
    private func key(_ start: Int, _ end: Int) -> (String, Int)? {
        var position = start
        while position < end, Self.isKeyByte(source.bytes[position]) { position += 1 }
        // libyaml refuses an implicit key longer than 1,024 characters; leave long ones to it.
        guard position > start, position - start <= Self.maximumKeyLength, position < end,
            source.bytes[position] == UInt8(ascii: ":"), source.bytes[start] != UInt8(ascii: "-")
        else { return nil }
        let bytes = source.bytes[start..<position]
        // The format's keys longer than a small string's 15 bytes are written in every file:
        // named by a literal, they cost no allocation.
        if bytes.count > 15, let known = Self.longKeys.first(where: { $0.utf8.elementsEqual(bytes) }) {
            return (known, position)
        }
        return (String(decoding: bytes, as: UTF8.self), position)
    }

    private static let longKeys = ["state_hub_task_id", "state_hub_workstream_id"]

    /// The longest key this reader answers for, safely below libyaml's limit for implicit keys.
    static let maximumKeyLength = 1000

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// The `- value` lines after the line at `offset`, all at one indentation: the items, the
    /// location of the first dash and the offset of the line after the last item.
    private func blockSequence(after offset: Int) -> ([YAMLValue], SourceLocation, Int)? {
        var items: [YAMLValue] = []
        var indent: Int?
        var first: SourceLocation?
        var next = offset + 1
        while next < region.lines.count {
            let (start, end) = bounds(next)
            var dash = start
            while dash < end, source.bytes[dash] == UInt8(ascii: " ") { dash += 1 }
            guard dash + 1 < end, source.bytes[dash] == UInt8(ascii: "-"), source.bytes[dash + 1] == UInt8(ascii: " ")
            else { break }
            guard indent == nil || indent == dash - start else { return nil }
            indent = dash - start
            var position = dash + 1
            while position < end, source.bytes[position] == UInt8(ascii: " ") { position += 1 }
            guard allPrintable(start, end), position < end, let itemEnd = valueEnd(position, end),
                source.bytes[position] != UInt8(ascii: "["), let item = scalar(next, position, itemEnd, inFlow: false)
            else { return nil }
            first = first ?? location(next, dash)
            items.append(.scalar(item))
            next += 1
        }
        return first.map { (items, $0, next) }
    }

    // MARK: - Values

    /// Where the value starting at `start` ends: before a trailing ` # comment` and the spaces
    /// before it. A flow sequence may have no comment.
    private func valueEnd(_ start: Int, _ end: Int) -> Int? {
        let bytes = source.bytes
        var position = start
        let first = bytes[start]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            guard let close = bytes[(start + 1)..<end].firstIndex(of: first) else { return nil }
            position = close + 1
            var after = position
            skipSpaces(&after, end)
            guard after == end || (after > position && bytes[after] == UInt8(ascii: "#")) else { return nil }
            return position
        }
        while position < end, !(bytes[position] == UInt8(ascii: "#") && bytes[position - 1] == UInt8(ascii: " ")) {
            position += 1
        }
        if first == UInt8(ascii: "["), position < end { return nil }
        while position > start, bytes[position - 1] == UInt8(ascii: " ") { position -= 1 }
        return position
    }

    private func value(_ offset: Int, _ start: Int, _ end: Int) -> YAMLValue? {
        guard source.bytes[start] == UInt8(ascii: "[") else {
            return scalar(offset, start, end, inFlow: false).map(YAMLValue.scalar)
        }
        // A flow sequence on one line: `[a, "b", 'c']`.
        var items: [YAMLValue] = []
        var position = start + 1
        skipSpaces(&position, end)
        if position < end, source.bytes[position] == UInt8(ascii: "]") {
            return position + 1 == end ? .sequence([], location(offset, start)) : nil
        }
        while position < end {
            var itemEnd = position
            if source.bytes[position] == UInt8(ascii: "\"") || source.bytes[position] == UInt8(ascii: "'") {
                guard let close = source.bytes[(position + 1)..<end].firstIndex(of: source.bytes[position]) else {
                    return nil
                }
                itemEnd = close + 1
            } else {
                while itemEnd < end, !Self.isFlowIndicator(source.bytes[itemEnd]) { itemEnd += 1 }
                while itemEnd > position, source.bytes[itemEnd - 1] == UInt8(ascii: " ") { itemEnd -= 1 }
            }
            guard let item = scalar(offset, position, itemEnd, inFlow: true) else { return nil }
            items.append(.scalar(item))
            position = itemEnd
            skipSpaces(&position, end)
            guard position < end else { return nil }
            if source.bytes[position] == UInt8(ascii: "]") {
                return position + 1 == end ? .sequence(items, location(offset, start)) : nil
            }
            guard source.bytes[position] == UInt8(ascii: ",") else { return nil }
            position += 1
            skipSpaces(&position, end)
        }
        return nil
    }

    private func skipSpaces(_ position: inout Int, _ end: Int) {
        while position < end, source.bytes[position] == UInt8(ascii: " ") { position += 1 }
    }

    private static func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
            || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
    }

    /// A scalar filling exactly `start..<end`.
    private func scalar(_ offset: Int, _ start: Int, _ end: Int, inFlow: Bool) -> YAMLScalar? {
        guard start < end, allPrintable(start, end) else { return nil }
        let bytes = source.bytes
        let first = bytes[start]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            // Quoted: one line, no escapes, no inner quote.
            guard end - start >= 2, bytes[end - 1] == first,
                !bytes[(start + 1)..<(end - 1)].contains(where: { $0 == first || $0 == UInt8(ascii: "\\") })
            else { return nil }
            return YAMLScalar(
                text: String(decoding: bytes[(start + 1)..<(end - 1)], as: UTF8.self), isPlain: false,
                location: location(offset, start))
        }
        guard !Self.isIndicator(first), bytes[end - 1] != UInt8(ascii: " "), bytes[end - 1] != UInt8(ascii: ":") else {
            return nil
        }
        for position in start..<end {
            let byte = bytes[position]
            if byte == UInt8(ascii: ":"), bytes[position + 1] == UInt8(ascii: " ") { return nil }
            if byte == UInt8(ascii: "#"), bytes[position - 1] == UInt8(ascii: " ") { return nil }
            if inFlow, Self.isFlowIndicator(byte) || byte == UInt8(ascii: ":") { return nil }
        }
        return YAMLScalar(
            text: String(decoding: bytes[start..<end], as: UTF8.self), isPlain: true, location: location(offset, start))
    }

    private static let indicators = Set("-?:,[]{}#&*!|>'\"%@` ".utf8)

    private static func isIndicator(_ byte: UInt8) -> Bool {
        indicators.contains(byte)
    }

    /// Whether every character is one libyaml prints and reads as no line break: no control
    /// character (tab included), no C1 control, no line or paragraph separator, no byte order
    /// mark or non-character, and only well-formed UTF-8.
    private func allPrintable(_ start: Int, _ end: Int) -> Bool {
        source.bytes.withUnsafeBufferPointer { allPrintable($0, start, end) }
    }

    private func allPrintable(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard start >= 0, end <= bytes.count else { return false }
        var position = start
        while position < end {
            let byte = bytes[position]
            if byte < 0x80 {
                guard byte >= 0x20, byte != 0x7F else { return false }
                position += 1
                continue
            }
            guard let (scalar, length) = UTF8Check.scalar(at: position, in: bytes, end: end) else { return false }
            switch scalar {
            case 0x80..<0xA0, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: return false
            default: break
            }
            position += length
        }
        return true
    }
}
