/// A byte range of one file of the project.
public struct FileSpan: Hashable, Sendable {
    /// The file's absolute path.
    public var path: String
    /// The bytes, as offsets into the file's bytes (the open buffer's when it is open).
    public var range: Range<Int>

    public init(path: String, range: Range<Int>) {
        self.path = path
        self.range = range
    }
}

/// What an editor shows of an id: the task's or the workplan's own words.
public struct IDSummary: Hashable, Sendable {
    public enum Kind: String, Sendable { case workplan, task }
    public var kind: Kind
    public var id: String
    public var title: String
    public var status: String?
    public var priority: String?
    /// The workplan: its id and title (for a task, the workplan that holds it).
    public var workplanID: String?
    public var workplanTitle: String?
    /// The declaring file, as shown in diagnostics, and the 1-based line of the declaration.
    public var path: String
    public var line: Int
    /// For a workplan: how many tasks it has, and how many are open.
    public var taskCount: Int?
    public var openTaskCount: Int?
}

/// Ids in the editor: which one stands at a place, where it is declared, every place that names
/// it, and what it is. The places are those `workplan renumber` changes, and every other line
/// outside fenced blocks (headings and prose).
extension EditorProject {
    /// The workplan or task id at byte `offset` of the file (or just before it, at the end of
    /// an id), with its range.
    public func id(at offset: Int, in path: String) -> (id: String, range: Range<Int>)? {
        guard let bytes = workplan(at: path)?.bytes, offset >= 0, offset <= bytes.count else { return nil }
        var start = offset
        if start == bytes.count || !Self.isIDCharacter(bytes[start]) {
            guard start > 0, Self.isIDCharacter(bytes[start - 1]) else { return nil }
            start -= 1
        }
        var end = start
        while start > 0, Self.isIDCharacter(bytes[start - 1]) { start -= 1 }
        while end < bytes.count, Self.isIDCharacter(bytes[end]) { end += 1 }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        guard IDShape.isWorkplan(text) || IDShape.isTask(text) else { return nil }
        return (text, start..<end)
    }

    /// Where `id` is declared: the value of the front matter's `id:` of the workplan, or of the
    /// task block's `id:`. The first declaration in path order, when it is declared twice.
    public func declaration(of id: String) -> FileSpan? {
        for (path, workplan) in workplans(among: candidates(declaring: id)) {
            var fields: [YAMLField?] = [workplan.id == id ? workplan.frontMatter?["id"] : nil]
            fields += workplan.tasks.lazy.filter { $0.id == id }.map { $0.fields?["id"] }
            for field in fields.compactMap({ $0 }) {
                if let range = Self.span(of: id, at: field.value.location, in: workplan.document.source) {
                    return FileSpan(path: path, range: range)
                }
            }
        }
        return nil
    }

    /// Every place that names `id` whole, in path and offset order, its declaration included.
    /// Only the files whose bytes hold the id are parsed.
    public func references(to id: String) -> [FileSpan] {
        let target = Array(id.utf8)
        let holding = paths.filter { path in
            guard buffers[path] == nil, let file = disk[path] else { return true }
            return Self.contains(file.bytes, target)
        }
        var spans: [FileSpan] = []
        for (path, workplan) in workplans(among: holding) {
            let source = workplan.document.source
            for line in IDReferences.referenceLines(in: workplan, text: true) where line < source.lines.count {
                let range = source.lines[line].start..<source.lines[line].contentEnd
                for start in IDReferences.occurrences(of: target, in: source.bytes, range, prefix: false) {
                    spans.append(FileSpan(path: path, range: start..<start + target.count))
                }
            }
        }
        return spans
    }

    /// What `id` is: its title, status and place (the first declaration in path order); nil
    /// when nothing declares it.
    public func summary(of id: String) -> IDSummary? {
        let found = candidates(declaring: id).sorted().lazy.compactMap { path in
            self.summaries(at: path).first { $0.id == id }
        }
        return found.first
    }

    /// What an editor shows of every id the file at `path` declares.
    func summaries(at path: String) -> [IDSummary] {
        if let buffer = buffers[path] { return Self.summaries(of: buffer.workplan) }
        return disk[path]?.summaries ?? []
    }

    /// The workplan's id and its tasks' ids, each with its title, status and place.
    static func summaries(of workplan: Workplan) -> [IDSummary] {
        var found: [IDSummary] = []
        if let id = workplan.id {
            found.append(
                IDSummary(
                    kind: .workplan, id: id, title: workplan.title ?? "", status: workplan.statusText,
                    priority: nil, workplanID: id, workplanTitle: workplan.title, path: workplan.path,
                    line: workplan.frontMatter?["id"]?.keyLocation.line ?? 1, taskCount: workplan.tasks.count,
                    openTaskCount: workplan.tasks.filter { $0.status?.isOpen ?? false }.count))
        }
        for task in workplan.tasks {
            guard let id = task.id else { continue }
            found.append(
                IDSummary(
                    kind: .task, id: id, title: task.title, status: task.statusText,
                    priority: task.fields?.string("priority"), workplanID: workplan.id,
                    workplanTitle: workplan.title, path: workplan.path,
                    line: task.fields?["id"]?.keyLocation.line ?? task.location.line))
        }
        return found
    }

    /// The byte range of `id` on the line of `location`, at or after its column (past a quote).
    static func span(of id: String, at location: SourceLocation, in source: SourceText) -> Range<Int>? {
        guard location.line >= 1, location.line <= source.lines.count else { return nil }
        let line = source.lines[location.line - 1]
        let from = min(line.start + location.column - 1, line.contentEnd)
        let target = Array(id.utf8)
        return IDReferences.occurrences(of: target, in: source.bytes, from..<line.contentEnd, prefix: false).first
            .map { $0..<$0 + target.count }
    }

    /// Whether a byte can be part of an id: an ASCII letter or digit, `-` or `_`.
    public static func isIDCharacter(_ byte: UInt8) -> Bool { IDReferences.isIDByte(byte) }
}
