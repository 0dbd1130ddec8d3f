import Foundation

/// One entry of a workplan's outline: a phase (a level-2 heading that holds tasks) or a task.
public struct OutlineSymbol: Hashable, Sendable {
    public enum Kind: String, Sendable { case phase, task }
    public var kind: Kind
    public var name: String
    /// The task's id and status; nil for a phase.
    public var detail: String?
    /// The 0-based lines it spans, and the line that names it.
    public var lines: ClosedRange<Int>
    public var nameLine: Int
    public var children: [OutlineSymbol]
}

/// A single safe change that settles one finding.
public struct EditorFix: Hashable, Sendable {
    /// What the change does, as an editor's menu shows it.
    public var title: String
    /// The finding it settles: its rule and place.
    public var rule: RuleID
    public var location: SourceLocation
    /// The change, on the file's bytes.
    public var edits: [ByteEdit]
}

/// The outline, the fixes and the renames an editor offers; each change is byte edits on the
/// text the editor holds, which the editor applies.
extension EditorProject {
    /// The phases and tasks of the workplan at `path`, in file order: tasks under the phase
    /// that holds them, a task outside any phase at the top.
    public func outline(of path: String) -> [OutlineSymbol] {
        guard let workplan = workplan(at: path) else { return [] }
        let lineCount = workplan.document.source.lines.count
        let sections = workplan.document.headings.filter { $0.level <= 2 && !$0.inBlockQuote }
        var symbols: [OutlineSymbol] = []
        for task in workplan.tasks {
            let first = task.heading?.line ?? task.block.openLine
            let symbol = OutlineSymbol(
                kind: .task, name: [task.id ?? "", task.title].filter { !$0.isEmpty }.joined(separator: " "),
                detail: task.statusText, lines: first...max(first, task.block.lastLine), nameLine: first, children: [])
            let phase = sections.last { $0.level == 2 && $0.line <= task.block.openLine }
            guard let phase, phase.text == task.phase else {
                symbols.append(symbol)
                continue
            }
            if let last = symbols.indices.last, symbols[last].kind == .phase, symbols[last].nameLine == phase.line {
                symbols[last].children.append(symbol)
            } else {
                let end = (sections.first { $0.line > phase.line }?.line ?? lineCount) - 1
                symbols.append(
                    OutlineSymbol(
                        kind: .phase, name: phase.text, detail: nil, lines: phase.line...max(phase.line, end),
                        nameLine: phase.line, children: [symbol]))
            }
        }
        return symbols
    }

    /// The fixes for the findings in `diagnostics` of the file at `path` that have exactly one
    /// safe change: a status or priority with one close allowed word; a store id copied from
    /// another place, removed so that the next sync writes a new one; a task block without an
    /// id, given the next free one.
    public func fixes(for diagnostics: [Diagnostic], in path: String) -> [EditorFix] {
        guard let workplan = workplan(at: path) else { return [] }
        let source = workplan.document.source
        var fixes: [EditorFix] = []
        for diagnostic in diagnostics {
            switch diagnostic.rule {
            case .invalidValue:
                fixes += valueFix(diagnostic, in: workplan)
            case .duplicateUUID:
                let line = diagnostic.line - 1
                guard line < source.lines.count,
                    source.string(ofLine: line).contains(where: { $0 == ":" }),
                    source.string(ofLine: line).trimmingSpaces().hasPrefix("state_hub_")
                else { continue }
                fixes.append(
                    EditorFix(
                        title: "Remove the copied store id (the next sync writes a new one)", rule: diagnostic.rule,
                        location: diagnostic.location,
                        edits: [ByteEdit(range: source.lines[line].start..<source.lines[line].end, replacement: [])]))
            case .requiredKey where diagnostic.message == "task block has no 'id'":
                guard let workplanID = workplan.id,
                    let task = workplan.tasks.first(where: { $0.location == diagnostic.location }),
                    let first = task.block.contentLines.first, first < source.lines.count
                else { continue }
                let id = nextTaskID(of: workplanID, in: workplan, at: path)
                let line = source.lines[first]
                // The first key's indentation, so that the block stays one mapping.
                var end = line.start
                while end < line.contentEnd, source.bytes[end] == 0x20 || source.bytes[end] == 0x09 { end += 1 }
                let prefix = String(decoding: source.bytes[line.start..<end], as: UTF8.self)
                fixes.append(
                    EditorFix(
                        title: "Give the task the next free id, \(id)", rule: diagnostic.rule,
                        location: diagnostic.location,
                        edits: [.insert(prefix + "id: \(id)" + source.lineEnding, at: line.start)]))
            default: continue
            }
        }
        return fixes
    }

    /// A status or priority outside the allowed words, replaced by the one close match.
    private func valueFix(_ diagnostic: Diagnostic, in workplan: Workplan) -> [EditorFix] {
        var candidates: [(YAMLField, [String])] = []
        if let status = workplan.frontMatter?["status"] {
            candidates.append((status, WorkplanStatus.allCases.map(\.rawValue)))
        }
        for task in workplan.tasks {
            if let status = task.fields?["status"] { candidates.append((status, TaskStatus.allCases.map(\.rawValue))) }
            if let priority = task.fields?["priority"] {
                candidates.append((priority, TaskPriority.allCases.map(\.rawValue)))
            }
        }
        for (field, allowed) in candidates {
            guard let scalar = field.value.scalar, scalar.location == diagnostic.location,
                !allowed.contains(scalar.text), let match = closestMatch(to: scalar.text, in: allowed)
            else { continue }
            // The value replaced as `task set-status` replaces it: quoting and comments kept.
            return [
                EditorFix(
                    title: "Change \(field.key) to '\(match)'", rule: diagnostic.rule, location: diagnostic.location,
                    edits: [workplan.setValue(of: field, to: match)])
            ]
        }
        return []
    }

    /// The renaming of the id at `offset` of the file to `new`: exactly what
    /// `workplan renumber OLD NEW` would write, planned on the editor's text. Only the files
    /// that can take part are parsed: those whose bytes hold the old id (every edit, declaration
    /// and mention is there) and those that declare the new id or its task ids (the refusals).
    public func rename(at offset: Int, in path: String, to new: String) throws(EditRefusal) -> RenumberPlan {
        guard let (old, _) = id(at: offset, in: path) else { throw .unknownWorkplanOrTask("(no id here)") }
        let target = Array(old.utf8)
        let holding = paths.filter { path in
            guard buffers[path] == nil, let file = disk[path] else { return true }
            return Self.contains(file.bytes, target)
        }
        let taking = declarers.lazy.filter { $0.key == new || $0.key.hasPrefix(new + "-T") }.flatMap(\.value)
        return try Renumberer.plan(old, to: new, in: workplanSet(of: workplans(among: holding + taking)))
    }

    /// Whether `needle` occurs in `bytes`.
    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, bytes.count >= needle.count else { return false }
        return bytes.withUnsafeBufferPointer { haystack in
            guard let base = haystack.baseAddress else { return false }
            // Each place of the first byte (found with memchr), compared with the rest.
            var start = 0
            let last = haystack.count - needle.count
            while start <= last, let found = memchr(base + start, Int32(needle[0]), last - start + 1) {
                let index = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                if haystack[index..<index + needle.count].elementsEqual(needle) { return true }
                start = index + 1
            }
            return false
        }
    }

    /// The id a rename at `offset` would change, with its range; refused when no file declares it.
    public func renameTarget(at offset: Int, in path: String) throws(EditRefusal) -> (id: String, range: Range<Int>) {
        guard let found = id(at: offset, in: path) else { throw .unknownWorkplanOrTask("(no id here)") }
        guard declaration(of: found.id) != nil else { throw .unknownWorkplanOrTask(found.id) }
        return found
    }
}
