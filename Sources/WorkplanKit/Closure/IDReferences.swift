/// Where a workplan refers to ids, and the byte edits that replace one id there: the front
/// matter's `id`, `depends_on` and `blocks`; task blocks' `id`, `depends_on`, `carried_to` and
/// `carried_from`; dependency bullets; the Closure Review; and, when asked, every other line
/// outside fenced blocks (headings and prose). An id is replaced where it stands whole (not
/// inside a longer id), or, for a workplan id with `prefix`, also where a task id starts with it.
enum IDReferences {
    static let frontMatterKeys: Set<String> = ["id", "depends_on", "blocks"]
    static let taskKeys: Set<String> = ["id", "depends_on", "carried_to", "carried_from"]

    static func edits(
        replacing old: String, with new: String, prefix: Bool, in workplan: Workplan, text: Bool, scope: RenumberScope
    ) -> [ByteEdit] {
        let lines: [Int]
        if case .taskBlock(_, let line) = scope {
            guard let task = workplan.tasks.first(where: { $0.block.openLine + 1 == line }),
                let field = task.fields?["id"]
            else { return [] }
            lines = [field.keyLocation.line - 1]
        } else {
            lines = referenceLines(in: workplan, text: text)
        }
        let source = workplan.document.source
        let target = Array(old.utf8)
        let replacement = Array(new.utf8)
        var edits: [ByteEdit] = []
        for line in lines where line < source.lines.count {
            let range = source.lines[line].start..<source.lines[line].contentEnd
            for start in occurrences(of: target, in: source.bytes, range, prefix: prefix) {
                edits.append(ByteEdit(range: start..<start + target.count, replacement: replacement))
            }
        }
        return edits
    }

    /// Whether `id` stands anywhere in the workplan's reference places.
    static func mentions(_ id: String, in workplan: Workplan) -> Bool {
        let source = workplan.document.source
        let target = Array(id.utf8)
        return (0..<source.lines.count).contains { line in
            !occurrences(
                of: target, in: source.bytes, source.lines[line].start..<source.lines[line].contentEnd, prefix: true
            ).isEmpty
        }
    }

    /// The 0-based lines that may hold references, in order, each once.
    static func referenceLines(in workplan: Workplan, text: Bool) -> [Int] {
        let source = workplan.document.source
        var lines = Set<Int>()
        func addFields(_ mapping: YAMLMapping?, keys: Set<String>, end: Int) {
            guard let fields = mapping?.fields else { return }
            for (index, field) in fields.enumerated() where keys.contains(field.key) {
                let first = field.keyLocation.line - 1
                let next = index + 1 < fields.count ? fields[index + 1].keyLocation.line - 1 : end
                lines.formUnion(first..<max(first + 1, next))
            }
        }
        if let frontMatter = workplan.document.frontMatter {
            addFields(workplan.frontMatter, keys: frontMatterKeys, end: frontMatter.closeLine ?? source.lines.count)
        }
        for task in workplan.tasks {
            addFields(task.fields, keys: taskKeys, end: task.block.contentLines.upperBound)
        }
        for dependency in workplan.dependencyBullets { lines.insert(dependency.location.line - 1) }
        if let review = workplan.closureReview { lines.formUnion(review.lines) }
        if text {
            var fenced = Set<Int>()
            for block in workplan.document.fences { fenced.formUnion(block.openLine...block.lastLine) }
            if let frontMatter = workplan.document.frontMatter {
                fenced.formUnion(frontMatter.openLine...(frontMatter.closeLine ?? frontMatter.openLine))
            }
            lines.formUnion((0..<source.lines.count).filter { !fenced.contains($0) })
        }
        return lines.sorted()
    }

    /// Whether a byte can be part of an id: an ASCII letter or digit, `-` or `_`.
    static func isIDByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// The byte offsets in `range` where `target` stands as a whole id, or (with `prefix`) as the
    /// start of a task id (`TARGET-T12`).
    static func occurrences(of target: [UInt8], in bytes: [UInt8], _ range: Range<Int>, prefix: Bool) -> [Int] {
        guard !target.isEmpty, range.count >= target.count else { return [] }
        var found: [Int] = []
        var index = range.lowerBound
        while index + target.count <= range.upperBound {
            guard bytes[index] == target[0], bytes[index..<index + target.count].elementsEqual(target) else {
                index += 1
                continue
            }
            let end = index + target.count
            let before = index == range.lowerBound || !isIDByte(bytes[index - 1])
            var after = end == range.upperBound || !isIDByte(bytes[end])
            if !after, prefix, end + 2 <= range.upperBound, bytes[end] == UInt8(ascii: "-"),
                bytes[end + 1] == UInt8(ascii: "T")
            {
                var digit = end + 2
                while digit < range.upperBound, (0x30...0x39).contains(bytes[digit]) { digit += 1 }
                after = digit > end + 2 && (digit == range.upperBound || !isIDByte(bytes[digit]))
            }
            if before && after { found.append(index) }
            index = before && after ? end : index + 1
        }
        return found
    }
}
