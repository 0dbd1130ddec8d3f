#if canImport(Glibc)
    import Glibc
#endif

/// A position in a source file: 1-based line, 1-based column counted in UTF-8 bytes.
///
/// On the first line of a file that starts with a UTF-8 byte order mark, columns are
/// counted after the mark, so a file with and without a BOM gives the same positions.
public struct SourceLocation: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The 1-based line.
    public var line: Int
    /// The 1-based column, in UTF-8 bytes.
    public var column: Int

    /// Creates a location from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// One line of a file as byte offsets into the file's bytes.
public struct SourceLine: Hashable, Sendable {
    /// Offset of the first byte of the line (after the BOM on the first line).
    public var start: Int
    /// Offset one past the last byte of the line's content, before its line ending.
    public var contentEnd: Int
    /// Offset one past the line ending (equal to `contentEnd` on a last line without one).
    public var end: Int
}

/// The bytes of a file split into lines, with conversions between offsets and locations.
///
/// Line endings are LF, CRLF or a lone CR, as CommonMark defines them. The bytes are never
/// normalised: every later edit is a byte-range replacement on exactly these bytes.
public struct SourceText: Sendable {
    /// The file's bytes, including any BOM.
    public let bytes: [UInt8]
    /// 3 when the file starts with a UTF-8 byte order mark, otherwise 0.
    public let bomLength: Int
    /// The lines of the file; index 0 is line 1.
    public let lines: [SourceLine]

    /// Splits `bytes` into lines.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        self.bomLength = bom
        var lines: [SourceLine] = []
        lines.reserveCapacity(bytes.count / 40 + 1)
        var start = bom
        var index = bom
        let count = bytes.count
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // Without a CR, lines end at each LF: found with memchr.
            if memchr(base + bom, 0x0D, count - bom) == nil {
                while index < count, let found = memchr(base + index, 0x0A, count - index) {
                    let newline = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                    lines.append(SourceLine(start: start, contentEnd: newline, end: newline + 1))
                    index = newline + 1
                    start = index
                }
                index = count
                return
            }
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A {
                    lines.append(SourceLine(start: start, contentEnd: index, end: index + 1))
                    index += 1
                    start = index
                } else if byte == 0x0D {
                    let end = index + 1 < count && buffer[index + 1] == 0x0A ? index + 2 : index + 1
                    lines.append(SourceLine(start: start, contentEnd: index, end: end))
                    index = end
                    start = index
                } else {
                    index += 1
                }
            }
        }
        if start < count {
            lines.append(SourceLine(start: start, contentEnd: count, end: count))
        }
        self.lines = lines
    }

    /// Creates the text of a string's UTF-8 bytes.
    public init(_ string: String) {
        self.init(bytes: Array(string.utf8))
    }

    /// The line ending the file uses: the ending of its first line that has one, LF otherwise.
    public var lineEnding: String {
        for line in lines where line.end > line.contentEnd {
            return line.end - line.contentEnd == 2 ? "\r\n" : (bytes[line.contentEnd] == 0x0D ? "\r" : "\n")
        }
        return "\n"
    }

    /// The content of the line at `index` (0-based), without its line ending.
    public func content(ofLine index: Int) -> ArraySlice<UInt8> {
        let line = lines[index]
        return bytes[line.start..<line.contentEnd]
    }

    /// The content of the line at `index` (0-based) as a string, without its line ending.
    public func string(ofLine index: Int) -> String {
        String(decoding: content(ofLine: index), as: UTF8.self)
    }

    /// The string of a byte range of the file.
    public func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The location of a byte offset.
    public func location(ofOffset offset: Int) -> SourceLocation {
        var low = 0
        var high = lines.count - 1
        guard high >= 0 else { return SourceLocation(line: 1, column: 1) }
        while low < high {
            let middle = (low + high + 1) / 2
            if lines[middle].start <= offset { low = middle } else { high = middle - 1 }
        }
        return SourceLocation(line: low + 1, column: max(offset - lines[low].start, 0) + 1)
    }

    /// The location of a 0-based line and a byte offset within it.
    public func location(line index: Int, byteInLine: Int = 0) -> SourceLocation {
        SourceLocation(line: index + 1, column: byteInLine + 1)
    }
}
