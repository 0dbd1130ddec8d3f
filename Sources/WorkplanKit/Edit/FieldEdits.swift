import Foundation

/// Edits of single YAML values in a workplan, as byte ranges: quoting, comments, key order and
/// line endings around the value stay as they are.
extension Workplan {
    /// The bytes of the file the model was parsed from.
    public var bytes: [UInt8] { document.source.bytes }

    /// Replaces the value of `field` with `value`, written in the same quoting style.
    public func setValue(of field: YAMLField, to value: String) -> ByteEdit {
        let source = document.source
        let keyLine = source.lines[field.keyLocation.line - 1]
        let keyStart = keyLine.start + field.keyLocation.column - 1
        let colon = source.bytes[keyStart..<keyLine.contentEnd].firstIndex(of: UInt8(ascii: ":")) ?? keyLine.contentEnd
        let valueLocation = field.value.location
        guard valueLocation.line == field.keyLocation.line, colon < keyLine.contentEnd else {
            // An empty value: write one after the colon.
            let at = min(colon + 1, keyLine.contentEnd)
            return ByteEdit(range: at..<keyLine.contentEnd, replacement: Array(" \(value)".utf8))
        }
        let start = keyLine.start + valueLocation.column - 1
        // A key that does not start its line is inside a flow mapping (`{id: X, status: todo}`).
        let inFlow = IDWriteBack.blockKeyLine(field, in: source) == nil
        let range = Self.scalarRange(in: source.bytes, from: start, to: keyLine.contentEnd, inFlow: inFlow)
        let first = start < keyLine.contentEnd ? source.bytes[start] : 0
        let written: String
        switch first {
        case UInt8(ascii: "\""):
            written =
                "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        case UInt8(ascii: "'"): written = "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        default: written = value
        }
        return ByteEdit(range: range, replacement: Array(written.utf8))
    }

    /// Sets a front matter key, editing its value in place or adding `key: value` after the last key.
    /// Dates take the quoting of `created`.
    public func setFrontMatter(_ key: String, to value: String) -> ByteEdit? {
        if let field = frontMatter?[key] { return setValue(of: field, to: value) }
        guard let close = document.frontMatter?.closeLine else { return nil }
        let quoted =
            frontMatter?["created"].map { field in
                let offset = document.source.offset(of: field.value.location)
                return offset < document.source.bytes.count && document.source.bytes[offset] == UInt8(ascii: "\"")
            } ?? false
        let text = quoted ? "\"\(value)\"" : value
        let source = document.source
        let ending =
            close > 0
            ? Array(source.bytes[source.lines[close - 1].contentEnd..<source.lines[close - 1].end])
            : Array(source.lineEnding.utf8)
        return ByteEdit(
            range: source.lines[close].start..<source.lines[close].start,
            replacement: Array("\(key): \(text)".utf8) + (ending.isEmpty ? Array(source.lineEnding.utf8) : ending))
    }

    /// Sets a task key, editing its value in place or adding it after the `status:` line (or `id:`).
    /// Nil when the key must be added to a block not written one key per line (a flow mapping).
    public func setTaskValue(_ task: WorkplanTask, _ key: String, to value: String) -> ByteEdit? {
        if let field = task.fields?[key] { return setValue(of: field, to: value) }
        guard let anchor = task.fields?["status"] ?? task.fields?["id"],
            let line = IDWriteBack.blockKeyLine(anchor, in: document.source)
        else { return nil }
        return document.source.insertLine(after: line, key: key, value: value)
    }

    /// The task with this id.
    public func task(_ id: String) -> WorkplanTask? {
        tasks.first { $0.id == id }
    }

    /// The byte range of a scalar starting at `start`: quotes included; a plain scalar ends before
    /// a comment or trailing blanks, and inside a flow collection before `,`, `]` or `}`.
    static func scalarRange(in bytes: [UInt8], from start: Int, to end: Int, inFlow: Bool = false) -> Range<Int> {
        guard start < end else { return start..<start }
        let quote = bytes[start]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            var index = start + 1
            while index < end {
                if quote == UInt8(ascii: "\""), bytes[index] == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if bytes[index] == quote {
                    if quote == UInt8(ascii: "'"), index + 1 < end, bytes[index + 1] == quote {
                        index += 2
                        continue
                    }
                    return start..<(index + 1)
                }
                index += 1
            }
            return start..<end
        }
        var stop = start
        while stop < end {
            if bytes[stop] == UInt8(ascii: "#"), stop > start, bytes[stop - 1] == 0x20 || bytes[stop - 1] == 0x09 {
                break
            }
            if inFlow, [UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(bytes[stop]) { break }
            stop += 1
        }
        while stop > start, bytes[stop - 1] == 0x20 || bytes[stop - 1] == 0x09 { stop -= 1 }
        return start..<stop
    }
}

extension SourceText {
    /// The byte offset of a location.
    func offset(of location: SourceLocation) -> Int {
        guard !lines.isEmpty else { return bomLength }
        let line = lines[min(max(location.line - 1, 0), lines.count - 1)]
        return min(line.start + location.column - 1, line.contentEnd)
    }
}
