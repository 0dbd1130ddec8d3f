/// A replacement of a byte range of a file's original bytes. Every change the tool makes to a
/// user's file is a list of these, so bytes outside the ranges are untouched by construction.
public struct ByteEdit: Hashable, Sendable {
    /// The range of the original bytes to replace (empty for an insertion).
    public var range: Range<Int>
    /// The new bytes.
    public var replacement: [UInt8]

    /// Creates an edit.
    public init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }

    /// An insertion of text before `offset`.
    public static func insert(_ text: String, at offset: Int) -> ByteEdit {
        ByteEdit(range: offset..<offset, replacement: Array(text.utf8))
    }

    /// Applies non-overlapping edits to `bytes`, back to front. Overlapping edits are a programming
    /// error in the caller and are rejected by returning nil.
    public static func apply(_ edits: [ByteEdit], to bytes: [UInt8]) -> [UInt8]? {
        let sorted = edits.sorted {
            ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound)
        }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.range.upperBound > next.range.lowerBound
        {
            return nil
        }
        guard sorted.allSatisfy({ $0.range.lowerBound >= 0 && $0.range.upperBound <= bytes.count }) else { return nil }
        var result = bytes
        for edit in sorted.reversed() {
            result.replaceSubrange(edit.range, with: edit.replacement)
        }
        return result
    }
}

extension SourceText {
    /// An edit that inserts `key: value` as a new line right after the line at `index` (0-based),
    /// with that line's indentation and line ending.
    func insertLine(after index: Int, key: String, value: String) -> ByteEdit {
        let line = lines[index]
        let indentation = bytes[line.start..<line.contentEnd].prefix { $0 == 0x20 || $0 == 0x09 }
        var ending = Array(bytes[line.contentEnd..<line.end])
        var prefix: [UInt8] = []
        if ending.isEmpty {
            // The last line of the file has no ending: give it the file's, and the new line none.
            prefix = Array(lineEnding.utf8)
            ending = []
        }
        let text = prefix + Array(indentation) + Array("\(key): \(value)".utf8) + ending
        return ByteEdit(range: line.end..<line.end, replacement: text)
    }
}
