/// The few pieces of CommonMark's inline syntax that decide block structure: the tags that start
/// an HTML block of kind 7, and the escapes and character references of a fence's info string.
enum HTMLTag {
    /// Whether `line` (from its first non-space byte) is one complete open or closing tag followed
    /// only by whitespace: the start of an HTML block of kind 7.
    static func isCompleteTagLine(_ line: [UInt8]) -> Bool {
        var scanner = TagScanner(bytes: line)
        guard scanner.take(UInt8(ascii: "<")) else { return false }
        if scanner.take(UInt8(ascii: "/")) {
            guard scanner.tagName() else { return false }
            scanner.skipWhitespace()
            guard scanner.take(UInt8(ascii: ">")) else { return false }
        } else {
            guard scanner.tagName() else { return false }
            while scanner.attribute() {}
            scanner.skipWhitespace()
            _ = scanner.take(UInt8(ascii: "/"))
            guard scanner.take(UInt8(ascii: ">")) else { return false }
        }
        scanner.skipWhitespace()
        return scanner.atEnd
    }

    private struct TagScanner {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0B || byte == 0x0C || byte == 0x0D
        }

        static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }

        mutating func skipWhitespace() {
            while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
        }

        /// `[A-Za-z][A-Za-z0-9-]*`
        mutating func tagName() -> Bool {
            guard position < bytes.count, Self.isLetter(bytes[position]) else { return false }
            position += 1
            while position < bytes.count, isASCIIAlphanumeric(bytes[position]) || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            return true
        }

        /// Whitespace, an attribute name, and an optional `= value`; restores the position on failure.
        mutating func attribute() -> Bool {
            let saved = position
            skipWhitespace()
            guard position > saved, position < bytes.count else {
                position = saved
                return false
            }
            let first = bytes[position]
            guard Self.isLetter(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: ":") else {
                position = saved
                return false
            }
            position += 1
            while position < bytes.count, isASCIIAlphanumeric(bytes[position]) || ":._-".utf8.contains(bytes[position])
            {
                position += 1
            }
            let afterName = position
            skipWhitespace()
            guard take(UInt8(ascii: "=")) else {
                position = afterName
                return true
            }
            skipWhitespace()
            guard attributeValue() else {
                position = afterName
                return true
            }
            return true
        }

        mutating func attributeValue() -> Bool {
            guard position < bytes.count else { return false }
            let quote = bytes[position]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                guard let close = bytes[(position + 1)...].firstIndex(of: quote) else { return false }
                position = close + 1
                return true
            }
            let start = position
            while position < bytes.count, bytes[position] > 0x20, !"\"'=<>`".utf8.contains(bytes[position]) {
                position += 1
            }
            return position > start
        }
    }
}

/// Decoding of a fence's info string, as CommonMark reads it before taking its first word.
enum InfoString {
    /// The info string's first word: up to its first whitespace character, leading whitespace
    /// skipped. ASCII text is read as bytes; anything else as characters, so that Unicode white
    /// space counts as it does for `Character.isWhitespace`.
    static func firstWord(of info: String) -> String {
        let bytes = info.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            return String(info.split(whereSeparator: \.isWhitespace).first ?? "")
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        let start = bytes.firstIndex { !isSpace($0) } ?? bytes.endIndex
        let end = bytes[start...].firstIndex(where: isSpace) ?? bytes.endIndex
        return String(info[start..<end])
    }

    /// The info string with backslash escapes and character references replaced.
    static func decode(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "&") }) else { return text }
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, isASCIIPunctuation(bytes[index + 1]) {
                result.append(bytes[index + 1])
                index += 2
            } else if byte == UInt8(ascii: "&"), let (decoded, length) = reference(bytes, at: index) {
                result.append(contentsOf: decoded.utf8)
                index += length
            } else {
                result.append(byte)
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte)
            || (0x7B...0x7E).contains(byte)
    }

    /// A numeric or named character reference at `start`, with its length in bytes.
    private static func reference(_ bytes: [UInt8], at start: Int) -> (String, Int)? {
        guard let semicolon = bytes[start...].prefix(40).firstIndex(of: UInt8(ascii: ";")) else { return nil }
        let body = bytes[(start + 1)..<semicolon]
        let length = semicolon - start + 1
        if body.first == UInt8(ascii: "#") {
            var digits = body.dropFirst()
            var radix = 10
            if let x = digits.first, x | 0x20 == UInt8(ascii: "x") {
                radix = 16
                digits = digits.dropFirst()
            }
            let isDigit: (UInt8) -> Bool = radix == 10 ? { (0x30...0x39).contains($0) } : { $0.isHexDigit }
            guard !digits.isEmpty, digits.count <= (radix == 10 ? 7 : 6), digits.allSatisfy(isDigit),
                let value = UInt32(String(decoding: digits, as: UTF8.self), radix: radix)
            else { return nil }
            guard value != 0, let scalar = Unicode.Scalar(value) else { return ("\u{FFFD}", length) }
            return (String(scalar), length)
        }
        guard let decoded = HTMLEntities.table[String(decoding: body, as: UTF8.self)] else { return nil }
        return (decoded, length)
    }

}

/// Link reference definitions at the start of a paragraph (`[label]: destination "title"`):
/// CommonMark takes them out of the paragraph, so a setext underline only makes a heading of
/// the lines after them.
enum LinkReferenceDefinitions {
    /// How many of `lines` (a paragraph's lines, without leading indentation) the definitions at
    /// its start take up.
    static func leadingLineCount(_ lines: [ArraySlice<UInt8>]) -> Int {
        guard lines.first?.first == UInt8(ascii: "[") else { return 0 }
        var text: [UInt8] = []
        var lineEnds: [Int] = []
        for line in lines {
            text.append(contentsOf: line)
            text.append(0x0A)
            lineEnds.append(text.count)
        }
        var position = 0
        while position < text.count, let end = definition(in: text, at: position) {
            position = end
        }
        return lineEnds.firstIndex { $0 >= position }.map { lineEnds[$0] == position ? $0 + 1 : $0 } ?? lines.count
    }

    /// The end of a definition starting at `start` (just past its line's newline), or nil.
    private static func definition(in text: [UInt8], at start: Int) -> Int? {
        var scanner = Scanner(text: text, position: start)
        guard scanner.label(), scanner.take(UInt8(ascii: ":")) else { return nil }
        scanner.skipSpaceAndOneNewline()
        guard scanner.destination() else { return nil }
        let beforeTitle = scanner.position
        scanner.skipSpaceAndOneNewline()
        if scanner.position != beforeTitle, scanner.title(), let end = scanner.lineEnd() {
            return end
        }
        scanner.position = beforeTitle
        return scanner.lineEnd()
    }

    private struct Scanner {
        let text: [UInt8]
        var position: Int

        mutating func take(_ byte: UInt8) -> Bool {
            guard position < text.count, text[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func skipSpaces() {
            while position < text.count, isSpaceOrTab(text[position]) { position += 1 }
        }

        mutating func skipSpaceAndOneNewline() {
            skipSpaces()
            if take(0x0A) { skipSpaces() }
        }

        /// Past the newline that ends the line, when only spaces are left on it.
        mutating func lineEnd() -> Int? {
            skipSpaces()
            if position == text.count { return position }
            return take(0x0A) ? position : nil
        }

        /// `[label]`: at most 999 characters, no unescaped brackets, not only whitespace.
        mutating func label() -> Bool {
            guard take(UInt8(ascii: "[")) else { return false }
            let start = position
            var nonSpace = false
            while position < text.count, position - start <= 999 {
                let byte = text[position]
                if byte == UInt8(ascii: "]") {
                    position += 1
                    return nonSpace
                }
                if byte == UInt8(ascii: "[") { return false }
                if byte == UInt8(ascii: "\\"), position + 1 < text.count,
                    InfoString.isASCIIPunctuation(text[position + 1])
                {
                    position += 1
                }
                if !isSpaceOrTab(byte), byte != 0x0A { nonSpace = true }
                position += 1
            }
            return false
        }

        /// `<...>` on one line, or a run of non-space, non-control bytes with balanced parentheses.
        mutating func destination() -> Bool {
            if take(UInt8(ascii: "<")) {
                while position < text.count {
                    let byte = text[position]
                    if byte == UInt8(ascii: ">") {
                        position += 1
                        return true
                    }
                    if byte == 0x0A || byte == UInt8(ascii: "<") { return false }
                    if byte == UInt8(ascii: "\\"), position + 1 < text.count,
                        InfoString.isASCIIPunctuation(text[position + 1])
                    {
                        position += 1
                    }
                    position += 1
                }
                return false
            }
            let start = position
            var depth = 0
            while position < text.count {
                let byte = text[position]
                if byte <= 0x20 || byte == 0x7F { break }
                if byte == UInt8(ascii: "\\"), position + 1 < text.count,
                    InfoString.isASCIIPunctuation(text[position + 1])
                {
                    position += 2
                    continue
                }
                if byte == UInt8(ascii: "(") {
                    depth += 1
                    if depth > 32 { return false }
                } else if byte == UInt8(ascii: ")") {
                    if depth == 0 { break }
                    depth -= 1
                }
                position += 1
            }
            return position > start && depth == 0
        }

        /// `"..."`, `'...'` or `(...)`, possibly over several lines but not across a blank one.
        mutating func title() -> Bool {
            guard position < text.count else { return false }
            let open = text[position]
            let close: UInt8
            switch open {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): close = open
            case UInt8(ascii: "("): close = UInt8(ascii: ")")
            default: return false
            }
            position += 1
            while position < text.count {
                let byte = text[position]
                if byte == close {
                    position += 1
                    return true
                }
                if open == UInt8(ascii: "("), byte == UInt8(ascii: "(") { return false }
                if byte == 0x0A, position + 1 < text.count, text[position + 1] == 0x0A { return false }
                if byte == UInt8(ascii: "\\"), position + 1 < text.count,
                    InfoString.isASCIIPunctuation(text[position + 1])
                {
                    position += 1
                }
                position += 1
            }
            return false
        }
    }
}

extension UInt8 {
    var isHexDigit: Bool { (0x30...0x39).contains(self) || (0x61...0x66).contains(self | 0x20) }
}
