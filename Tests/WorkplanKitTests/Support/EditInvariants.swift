import Foundation
import WorkplanKit

/// The invariants every input must keep, from bytes to diagnostics and through every edit the
/// tool makes (id write-back, set-status, close with and without carry-forward). The fuzz target
/// (`Fuzz/`) traps on any failure; the regression tests run the same checks on kept inputs.
enum EditInvariants {
    static let path = "workplans/FUZZ.md"
    static let targetPath = "workplans/FUZZ-TARGET.md"
    static let date = "2026-01-02"
    static let target = Array(
        """
        ---
        id: FUZZ-WP-9999
        title: "Target"
        domain: fuzz
        status: active
        created: 2026-01-01
        updated: 2026-01-01
        ---

        ### First

        ```task
        id: FUZZ-WP-9999-T01
        status: todo
        ```

        """.utf8)

    /// The failures found for `bytes`; empty when every invariant holds.
    static func check(_ bytes: [UInt8]) -> [String] {
        let workplan = WorkplanParser.parse(bytes: bytes, path: path)
        let again = WorkplanParser.parse(bytes: bytes, path: path)
        guard WorkplanOutline(workplan) == WorkplanOutline(again) else { return ["parsing is not deterministic"] }

        let linter = Linter(configuration: Configuration(root: URL(fileURLWithPath: "/fuzz")))
        let diagnostics = linter.diagnostics(for: [workplan])
        var failures: [String] = []
        if diagnostics != linter.diagnostics(for: [again]) { failures.append("lint is not deterministic") }
        let lineCount = bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) } + bytes.reduce(0) { $0 + ($1 == 0x0D ? 1 : 0) }
        for diagnostic in diagnostics
        where diagnostic.location.line < 1 || diagnostic.location.column < 1
            || diagnostic.location.line > lineCount + 1
        {
            failures.append(
                "\(diagnostic.rule) at \(diagnostic.location.line):\(diagnostic.location.column) is outside the file")
        }
        failures += checkYAMLReaders(bytes, windows: 4)
        failures += checkBlockStructure(bytes)
        guard workplan.isReliable else { return failures }
        // Files without errors are the ones users keep: every edit must succeed on them.
        let clean = !diagnostics.contains { $0.severity == .error }
        failures += checkIDWriteBack(workplan, clean: clean)
        failures += checkTaskEdits(workplan, clean: clean)
        failures += checkClose(workplan, clean: clean)
        failures += checkAddAndRenumber(workplan)
        return failures
    }

    /// `task add` and `renumber` never crash; what they plan reads back as planned, and a
    /// renumbering changes nothing but the id where it stands.
    static func checkAddAndRenumber(_ workplan: Workplan) -> [String] {
        guard let id = workplan.id else { return [] }
        let set = WorkplanSet(entries: [
            (WorkplanSource(absolutePath: "/fuzz/" + path, workingDirectory: "/fuzz"), workplan)
        ])
        var failures: [String] = []
        if let (change, taskID) = try? TaskAdder.plan(
            NewTask(title: "Fuzz added"), to: id, force: true, today: date, in: set)
        {
            let reread = WorkplanParser.parse(bytes: change.updated, path: path)
            if reread.task(taskID)?.title != "Fuzz added" || reread.tasks.count != workplan.tasks.count + 1 {
                failures.append("task add: the result does not hold the added task")
            }
        }
        let new = "QQ-WP-0042"
        let newBytes = Array(new.utf8)
        let holdsNew =
            workplan.bytes.count >= newBytes.count
            && (0...(workplan.bytes.count - newBytes.count)).contains {
                workplan.bytes[$0..<$0 + newBytes.count].elementsEqual(newBytes)
            }
        guard !holdsNew, id.wholeMatch(of: #/[A-Za-z][A-Za-z0-9]*-WP-[0-9]+/#) != nil,
            let plan = try? Renumberer.plan(id, to: new, in: set)
        else { return failures }
        for change in plan.changes {
            // Every new id put back gives the original bytes.
            var back: [UInt8] = []
            var index = 0
            let updated = change.updated
            while index < updated.count {
                if index + newBytes.count <= updated.count,
                    updated[index..<index + newBytes.count].elementsEqual(newBytes)
                {
                    back += Array(id.utf8)
                    index += newBytes.count
                } else {
                    back.append(updated[index])
                    index += 1
                }
            }
            if back != change.original {
                failures.append("renumber: bytes other than the id changed")
            }
        }
        return failures
    }

    // MARK: - Blocks

    /// The block scanner's answer is well formed: blocks in order and inside the file, no block
    /// inside another leaf block, every content start inside its line; and it is deterministic.
    static func checkBlockStructure(_ bytes: [UInt8]) -> [String] {
        let source = SourceText(bytes: bytes)
        let outline = BlockOutline(body: source)
        guard outline == BlockOutline(body: source) else { return ["block scanning is not deterministic"] }
        let document = MarkdownDocument(source: source)
        var failures: [String] = []
        let count = source.lines.count
        var leafLines: [Range<Int>] = []
        for fence in document.fences + document.quotedFences {
            let range = fence.openLine..<(fence.lastLine + 1)
            if fence.contentLines.count != fence.contentStarts.count {
                failures.append(
                    "fence at line \(fence.openLine + 1): \(fence.contentStarts.count) content starts for \(fence.contentLines.count) lines"
                )
            }
            if range.upperBound > count || fence.contentLines.lowerBound != fence.openLine + 1 {
                failures.append("fence at line \(fence.openLine + 1) runs outside the file or skips lines")
            }
            for (line, start) in zip(fence.contentLines, fence.contentStarts) where line < count {
                let length = source.lines[line].contentEnd - source.lines[line].start
                if start < 0 || start > length { failures.append("content of line \(line + 1) starts outside it") }
            }
            leafLines.append(range)
        }
        for block in document.htmlBlocks {
            if block.startLine > block.endLine || block.endLine >= max(count, 1) {
                failures.append("HTML block \(block.startLine + 1)-\(block.endLine + 1) is not inside the file")
            }
            leafLines.append(block.startLine..<(block.endLine + 1))
        }
        leafLines.sort { $0.lowerBound < $1.lowerBound }
        for (first, second) in zip(leafLines, leafLines.dropFirst()) where first.overlaps(second) {
            failures.append("blocks at lines \(first.lowerBound + 1) and \(second.lowerBound + 1) overlap")
        }
        let headingLines = (document.headings + document.quotedHeadings).map(\.line)
        if Set(headingLines).count != headingLines.count { failures.append("two headings on one line") }
        for line in headingLines where leafLines.contains(where: { $0.contains(line) }) {
            failures.append("heading at line \(line + 1) is inside a code or HTML block")
        }
        return failures
    }

    // MARK: - YAML

    /// The regions of a file a YAML reader may be given: the front matter, every fence's
    /// content, and every run of up to `windows` lines.
    static func yamlRegions(_ source: SourceText, windows: Int) -> [YAMLRegion] {
        let document = MarkdownDocument(source: source)
        var regions = document.fences.map { WorkplanParser.contentRegion(of: $0, in: source) }
        let count = source.lines.count
        if count > 0, source.string(ofLine: 0) == "---",
            let close = (1..<count).first(where: { ["---", "..."].contains(source.string(ofLine: $0)) })
        {
            regions.append(YAMLRegion(lines: 1..<close))
        }
        for start in 0..<count {
            for length in 1...windows where start + length <= count {
                regions.append(YAMLRegion(lines: start..<(start + length)))
            }
        }
        return regions
    }

    /// Wherever the simple YAML reader answers, it must give exactly what Yams gives. Returns the
    /// failures and how many regions the simple reader answered.
    static func compareYAMLReaders(_ bytes: [UInt8], windows: Int) -> (failures: [String], answered: Int) {
        let source = SourceText(bytes: bytes)
        var failures: [String] = []
        var answered = 0
        for region in yamlRegions(source, windows: windows) {
            guard let simple = region.parseSimpleMapping(in: source) else { continue }
            answered += 1
            let yams = region.parseMappingWithYams(in: source)
            if yams != Result<YAMLMapping, YAMLProblem>.success(simple) {
                failures.append(
                    "YAML readers disagree on lines \(region.lines.lowerBound + 1)..<\(region.lines.upperBound + 1): "
                        + "simple \(simple), Yams \(yams)")
            }
        }
        return (failures, answered)
    }

    static func checkYAMLReaders(_ bytes: [UInt8], windows: Int) -> [String] {
        compareYAMLReaders(bytes, windows: windows).failures
    }

    // MARK: - Edits

    static func checkIDWriteBack(_ workplan: Workplan, clean: Bool) -> [String] {
        var taskUUIDs: [String: String] = [:]
        for (index, task) in workplan.tasks.enumerated() {
            if let id = task.id { taskUUIDs[id] = String(format: "00000000-0000-4000-8000-%012d", index + 1) }
        }
        let writeBack = IDWriteBack(
            workplan, workstreamUUID: "00000000-0000-4000-8000-000000000000", taskUUIDs: taskUUIDs)
        guard let edited = ByteEdit.apply(writeBack.edits, to: workplan.bytes) else {
            return ["id write-back: overlapping edits"]
        }
        var failures = outsideRanges(workplan.bytes, edited, writeBack.edits, "id write-back")
        if writeBack.edits.contains(where: { !$0.range.isEmpty }) {
            failures.append("id write-back replaced bytes instead of inserting")
        }
        let reread = WorkplanOutline(WorkplanParser.parse(bytes: edited, path: path))
        if clean, reread != writeBack.expected {
            failures.append("id write-back: the result does not read back as the plan with its ids")
        }
        return failures
    }

    /// `task set-status` (to done or cancelled, then to carried_forward) and `task set-priority`
    /// on the first task.
    static func checkTaskEdits(_ workplan: Workplan, clean: Bool) -> [String] {
        guard
            let (index, task) = workplan.tasks.enumerated().first(where: {
                $0.element.id != nil && $0.element.statusText != nil
            }),
            let id = task.id
        else { return [] }
        let set = WorkplanSet(entries: [
            (WorkplanSource(absolutePath: "/fuzz/" + path, workingDirectory: "/fuzz"), workplan)
        ])
        // Keys are added only to blocks written one key per line: a flow mapping is refused.
        let blockStyle =
            task.fields?["status"].map { status in
                task.fields?["id"].map {
                    $0.keyLocation.line != status.keyLocation.line && $0.keyLocation.column == status.keyLocation.column
                } ?? false
            } ?? false
        let unique = workplan.tasks.filter { $0.id == id }.count == 1 && blockStyle
        let outline = WorkplanOutline(workplan)
        let finished = task.status == .done ? "cancelled" : "done"
        let priority = task.priority == .low ? "high" : "low"
        let edits: [(String, () throws(EditRefusal) -> FileChange, WorkplanOutline, Int)] = [
            (
                "set-status \(finished)",
                { () throws(EditRefusal) in
                    try TaskEditor.setStatus(id, to: finished, force: true, today: date, in: set)
                },
                outline.settingTask(at: index, "status", to: finished, after: "id"), 0
            ),
            (
                "set-status carried_forward",
                { () throws(EditRefusal) in
                    try TaskEditor.setStatus(
                        id, to: "carried_forward", carriedTo: "FUZZ-WP-9999-T01", force: true, today: date, in: set)
                },
                outline.settingTask(at: index, "status", to: "carried_forward", after: "id")
                    .settingTask(at: index, "carried_to", to: "FUZZ-WP-9999-T01", after: "status"), 1
            ),
            (
                "set-priority \(priority)",
                { () throws(EditRefusal) in try TaskEditor.setPriority(id, to: priority, today: date, in: set) },
                outline.settingTask(at: index, "priority", to: priority, after: "status"), 1
            ),
        ]
        var failures: [String] = []
        for (name, edit, expectedTask, insertions) in edits {
            let change: FileChange
            do {
                change = try edit()
            } catch {
                if clean, unique {
                    failures.append("\(name) refused a lint-clean file: \(error.errorDescription ?? "")")
                }
                continue
            }
            var expected = expectedTask
            if !change.isEmpty, workplan.document.frontMatter?.closeLine != nil {
                expected = expected.settingFrontMatter("updated", to: date)
            }
            failures += onlyValuesChanged(change, changed: 3, inserted: insertions + 1, name)
            let reread = WorkplanOutline(WorkplanParser.parse(bytes: change.updated, path: path))
            if clean, reread != expected {
                failures.append("\(name): the result does not read back as the plan with the new value")
            }
        }
        return failures
    }

    static func checkClose(_ workplan: Workplan, clean: Bool) -> [String] {
        guard let id = workplan.id, id != "FUZZ-WP-9999" else { return [] }
        let entries = [
            (WorkplanSource(absolutePath: "/fuzz/" + path, workingDirectory: "/fuzz"), workplan),
            (
                WorkplanSource(absolutePath: "/fuzz/" + targetPath, workingDirectory: "/fuzz"),
                WorkplanParser.parse(bytes: target, path: targetPath)
            ),
        ]
        var failures: [String] = []
        for carry in [false, true] {
            let plan: ClosurePlan
            do {
                plan = try WorkplanCloser.plan(
                    id, date: date, cancelOpen: !carry, carryForwardTo: carry ? "FUZZ-WP-9999" : nil,
                    today: date, in: WorkplanSet(entries: entries))
            } catch {
                continue  // Refusals are allowed: the tool writes nothing then.
            }
            guard let closed = plan.changes.last else { return ["close: no change for the workplan"] }
            let reread = WorkplanParser.parse(bytes: closed.updated, path: path)
            let before = WorkplanOutline(workplan).tasks
            let after = WorkplanOutline(reread).tasks
            if before.map(\.id) != after.map(\.id) || before.map(\.title) != after.map(\.title)
                || before.map(\.uuid) != after.map(\.uuid)
            {
                failures.append("close: the tasks' ids, titles or store ids changed")
            }
            if reread.status != .completed { failures.append("close: the workplan does not read back as completed") }
            if reread.tasks.contains(where: { $0.status?.isOpen ?? false }) {
                failures.append("close: open tasks remain")
            }
            if reread.closureReview?.markers == nil { failures.append("close: no generated Closure Review") }
            let prefix = reread.closureReview.map {
                closed.updated.prefix(reread.document.source.lines[$0.lines.lowerBound].start)
            }
            let originalPrefix =
                workplan.closureReview.map {
                    workplan.bytes.prefix(workplan.document.source.lines[$0.lines.lowerBound].start)
                }
                ?? workplan.bytes[...]
            if let prefix, !sameExceptValues(Array(prefix), Array(originalPrefix)) {
                failures.append("close: bytes before the review changed beyond the values it sets")
            }
            if carry, plan.changes.count == 2 {
                let moved = WorkplanParser.parse(bytes: plan.changes[0].updated, path: targetPath)
                let carriedFrom = moved.tasks.compactMap(\.carriedFrom)
                if carriedFrom != plan.carried.map(\.from) {
                    failures.append("close: the target does not hold the carried tasks")
                }
                if !plan.changes[0].updated.starts(with: target.dropLast()) {
                    failures.append("close: the target's own bytes changed")
                }
            }
        }
        return failures
    }

    // MARK: - Byte checks

    /// Bytes outside the edits' ranges are the same, in order, in `edited`.
    static func outsideRanges(_ original: [UInt8], _ edited: [UInt8], _ edits: [ByteEdit], _ what: String) -> [String] {
        var cursor = 0
        var shift = 0
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            let kept = original[cursor..<edit.range.lowerBound]
            if !edited[(cursor + shift)...].starts(with: kept) { return ["\(what): bytes outside the edits changed"] }
            shift += edit.replacement.count - edit.range.count
            cursor = edit.range.upperBound
        }
        return original[cursor...].elementsEqual(edited[(cursor + shift)...])
            ? [] : ["\(what): bytes outside the edits changed"]
    }

    /// At most `changed` lines differ, each only after its `key:`, and at most `inserted`
    /// `key: value` lines were added (lines matched in order, an equal line first).
    static func onlyValuesChanged(_ change: FileChange, changed: Int, inserted: Int, _ what: String) -> [String] {
        let before = lines(change.original)
        let after = lines(change.updated)
        var (i, j, changes, insertions) = (0, 0, 0, 0)
        while i < before.count || j < after.count {
            if i < before.count, j < after.count, before[i] == after[j] {
                i += 1
                j += 1
            } else if i < before.count, j < after.count, changes < changed, isKeyValueLine(before[i]),
                isKeyValueLine(after[j]),
                key(of: before[i]) == key(of: after[j])
            {
                changes += 1
                i += 1
                j += 1
            } else if j < after.count, insertions < inserted, isKeyValueLine(after[j]) {
                insertions += 1
                j += 1
            } else {
                return ["\(what): bytes other than the values it sets changed"]
            }
        }
        return []
    }

    /// Whether two texts have the same lines except for `key: value` lines whose key is the same.
    static func sameExceptValues(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        // Blank lines are left out: the review is set off from the text before it by one.
        func meaningful(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
            lines(bytes).filter { line in
                !isKeyValueLine(line) && line.contains { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 }
            }
            .map { line in line.prefix { $0 != 0x0A && $0 != 0x0D } }
        }
        return meaningful(a) == meaningful(b)
    }

    /// The lines of `bytes`, each with its ending: LF, CRLF or a lone CR, as the parser reads them.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for (index, byte) in bytes.enumerated()
        where byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) {
            result.append(bytes[start...index])
            start = index + 1
        }
        if start < bytes.count { result.append(bytes[start...]) }
        return result
    }

    static func key(of line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.prefix { $0 != UInt8(ascii: ":") }
    }

    static func isKeyValueLine(_ line: ArraySlice<UInt8>) -> Bool {
        line.contains(UInt8(ascii: ":"))
    }
}
