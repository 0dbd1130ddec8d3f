/// The scanner's place in the current line, moved by columns as CommonMark moves it: a tab
/// advances to the next multiple of 4, and may be only partly taken.
extension BlockScanner {
    /// A position inside the current line, with CommonMark's partially consumed tabs.
    struct LineCursor {
        var start: Int
        var end: Int
        var offset: Int
        var column = 0
        var partialTab = false
        var nextNonspace = 0
        var nextNonspaceColumn = 0

        init(start: Int, end: Int) {
            self.start = start
            self.end = end
            self.offset = start
            self.nextNonspace = start
        }

        var indent: Int { nextNonspaceColumn - column }
        var indented: Bool { indent >= 4 }
        var blank: Bool { nextNonspace == end }
    }

    mutating func findNextNonspace() {
        let bytes = source.bytes
        var index = line.offset
        var column = line.column
        while index < line.end {
            let byte = bytes[index]
            if byte == 0x20 {
                column += 1
            } else if byte == 0x09 {
                column += 4 - column % 4
            } else {
                break
            }
            index += 1
        }
        line.nextNonspace = index
        line.nextNonspaceColumn = column
    }

    mutating func advanceToNextNonspace() {
        line.offset = line.nextNonspace
        line.column = line.nextNonspaceColumn
        line.partialTab = false
    }

    mutating func advanceOffset(_ count: Int, columns: Bool) {
        var count = count
        let bytes = source.bytes
        while count > 0, line.offset < line.end {
            if bytes[line.offset] == 0x09 {
                let toTab = 4 - line.column % 4
                if columns {
                    line.partialTab = toTab > count
                    let advance = min(toTab, count)
                    line.column += advance
                    if !line.partialTab { line.offset += 1 }
                    count -= advance
                } else {
                    line.partialTab = false
                    line.column += toTab
                    line.offset += 1
                    count -= 1
                }
            } else {
                line.partialTab = false
                line.offset += 1
                line.column += 1
                count -= 1
            }
        }
    }
}
