/// A value an editor may complete at a place.
public struct Completion: Hashable, Sendable {
    public enum Kind: String, Sendable { case value, id }
    /// The text inserted.
    public var label: String
    /// A short description: an id's title, or what the value is for.
    public var detail: String?
    public var kind: Kind
    /// The bytes of the file the label replaces: what is typed of the value so far.
    public var range: Range<Int>
}

/// Completion: status, priority and type values where they go; ids in `depends_on`, `blocks`,
/// `carried_to` and `carried_from`; the next free task id after `id: ` in a task block.
extension EditorProject {
    /// At most this many ids are offered at once (the editor asks again as more is typed).
    public static let completionLimit = 200

    /// What may be typed at byte `offset` of the file, filtered by what is typed so far.
    public func completions(at offset: Int, in path: String) -> [Completion] {
        guard let workplan = workplan(at: path), let place = Self.valuePlace(at: offset, in: workplan) else {
            return []
        }
        let typed = place.typed
        let range = offset - typed.utf8.count..<offset
        func values(_ words: [String], _ detail: String) -> [Completion] {
            words.filter { $0.hasPrefix(typed) }.map {
                Completion(label: $0, detail: detail, kind: .value, range: range)
            }
        }
        switch (place.inTask, place.key) {
        case (true, "status"): return values(TaskStatus.allCases.map(\.rawValue), "task status")
        case (true, "priority"): return values(TaskPriority.allCases.map(\.rawValue), "task priority")
        case (false, "status"): return values(WorkplanStatus.allCases.map(\.rawValue), "workplan status")
        case (false, "type"): return values(["workplan"], "document type")
        case (false, "domain"):
            return values(workspace.configuration.domains?.domains.map(\.slug) ?? [], "domain")
        case (true, "depends_on"), (true, "carried_to"), (true, "carried_from"):
            return ids(tasks: true, typed: typed, range: range, except: place.taskID)
        case (false, "depends_on"), (false, "blocks"):
            return ids(tasks: false, typed: typed, range: range, except: workplan.id)
        case (true, "id") where typed.isEmpty:
            guard let workplanID = workplan.id else { return [] }
            let next = nextTaskID(of: workplanID, in: workplan, at: path)
            return [Completion(label: next, detail: "the next free task id", kind: .id, range: range)]
        default: return []
        }
    }

    private func ids(tasks: Bool, typed: String, range: Range<Int>, except: String?) -> [Completion] {
        var found: [Completion] = []
        for path in paths {
            for summary in summaries(at: path)
            where (summary.kind == .task) == tasks && summary.id != except && summary.id.hasPrefix(typed) {
                found.append(Completion(label: summary.id, detail: summary.title, kind: .id, range: range))
                if found.count == Self.completionLimit { return found }
            }
        }
        return found
    }

    /// The key whose value is being typed at `offset`, whether in a task block or the front
    /// matter, and what is typed of the value (an item of a flow list or of a `- ` list).
    static func valuePlace(
        at offset: Int, in workplan: Workplan
    ) -> (key: String, inTask: Bool, typed: String, taskID: String?)? {
        let source = workplan.document.source
        let location = source.location(ofOffset: offset)
        let line = location.line - 1
        guard line < source.lines.count, source.lines[line].start <= offset, offset <= source.lines[line].contentEnd
        else { return nil }
        var blockLines: Range<Int>
        var task: WorkplanTask?
        if let frontMatter = workplan.document.frontMatter, line > frontMatter.openLine,
            line < frontMatter.closeLine ?? source.lines.count
        {
            blockLines = frontMatter.openLine + 1..<line + 1
        } else if let found = workplan.tasks.first(where: { $0.block.contentLines.contains(line) }) {
            task = found
            blockLines = found.block.contentLines.lowerBound..<line + 1
        } else {
            return nil
        }
        let before = String(decoding: source.bytes[source.lines[line].start..<offset], as: UTF8.self)
        let typed = String(before.reversed().prefix { EditorProject.isIDCharacter($0.asciiValue ?? 0) }.reversed())
        // `key: value`, `key: [a, b`, or `- item` under `key:`.
        if let match = before.firstMatch(of: #/^\s*([A-Za-z_]+)\s*:\s*(\[[^\]]*)?[A-Za-z0-9_-]*$/#) {
            return (String(match.1), task != nil, typed, task?.id)
        }
        guard before.wholeMatch(of: #/\s*-\s+[A-Za-z0-9_-]*/#) != nil else { return nil }
        blockLines = blockLines.lowerBound..<line
        for above in blockLines.reversed() {
            let text = source.string(ofLine: above)
            if let match = text.firstMatch(of: #/^\s*([A-Za-z_]+)\s*:\s*$/#) {
                return (String(match.1), task != nil, typed, task?.id)
            }
            guard text.wholeMatch(of: #/\s*-.*/#) != nil else { return nil }
        }
        return nil
    }
}
