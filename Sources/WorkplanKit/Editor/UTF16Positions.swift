/// A position as editors count it (the Language Server Protocol's default): a 0-based line and a
/// 0-based offset in UTF-16 code units within the line.
public struct UTF16Position: Hashable, Sendable, Codable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }
}

/// Exact conversions between byte offsets (the tool's columns are UTF-8 bytes) and UTF-16
/// positions. A line is the text between line endings (LF, CRLF or CR), its first after the BOM.
extension SourceText {
    /// The UTF-16 position of byte `offset`. An offset inside a character counts as the
    /// character's start; past a line's content, as the end of its content.
    public func utf16Position(ofOffset offset: Int) -> UTF16Position {
        guard !lines.isEmpty else { return UTF16Position(line: 0, character: 0) }
        let location = location(ofOffset: max(offset, 0))
        let line = lines[location.line - 1]
        let end = min(max(offset, line.start), line.contentEnd)
        var units = 0
        var index = line.start
        while index < end {
            let width = Self.utf8Width(bytes[index])
            guard index + width <= end else { break }
            units += width == 4 ? 2 : 1
            index += width
        }
        return UTF16Position(line: location.line - 1, character: units)
    }

    /// The byte offset of a UTF-16 position. A line past the end is the end of the text; a
    /// character past the line's content is the end of its content; one inside a surrogate
    /// pair is the pair's character.
    public func offset(of position: UTF16Position) -> Int {
        guard position.line >= 0 else { return bomLength }
        guard position.line < lines.count else {
            // The line after a final line ending starts at the end of the text.
            return bytes.count
        }
        let line = lines[position.line]
        var units = 0
        var index = line.start
        while index < line.contentEnd, units < position.character {
            let width = Self.utf8Width(bytes[index])
            units += width == 4 ? 2 : 1
            if units > position.character { break }
            index = min(index + width, line.contentEnd)
        }
        return index
    }

    /// How many bytes the UTF-8 sequence that starts with `lead` takes (1 for a stray byte).
    static func utf8Width(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...0xF7: 4
        case 0xE0...0xEF: 3
        case 0xC0...0xDF: 2
        default: 1
        }
    }
}
