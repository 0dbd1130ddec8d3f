/// What a workplan says, without positions: the values every command reads. Two files with equal
/// outlines mean the same to the tool, which is how an edit is checked to have changed only what
/// it meant to.
public struct WorkplanOutline: Hashable, Sendable {
    /// One task's values.
    public struct Task: Hashable, Sendable {
        public var id: String?
        public var uuid: String?
        public var status: String?
        public var title: String
        public var phase: String?
        /// Every top-level key with its scalar text (nil for a list or mapping), in file order.
        public var fields: [Field]
    }

    /// A key and its scalar text.
    public struct Field: Hashable, Sendable {
        public var key: String
        public var text: String?
    }

    /// The front matter's keys in file order.
    public var frontMatter: [Field]
    /// The tasks in file order.
    public var tasks: [Task]
    /// The ids the Closure Review classifies, with their classification.
    public var closureItems: [String]
    /// The rules of the problems met while reading.
    public var problems: [RuleID]

    /// The outline of a parsed workplan.
    public init(_ workplan: Workplan) {
        func fields(_ mapping: YAMLMapping?) -> [Field] {
            (mapping?.fields ?? []).map { Field(key: $0.key, text: $0.value.scalar?.text) }
        }
        frontMatter = fields(workplan.frontMatter)
        tasks = workplan.tasks.map {
            Task(
                id: $0.id, uuid: $0.uuid, status: $0.statusText, title: $0.title, phase: $0.phase,
                fields: fields($0.fields))
        }
        closureItems = (workplan.closureReview?.items ?? []).map { "\($0.taskID)=\($0.classification.rawValue)" }
        problems = workplan.problems.map(\.rule)
    }

    /// This outline with a front matter key set (added after `anchor`, or at the end, when missing).
    public func settingFrontMatter(_ key: String, to text: String, after anchor: String? = nil) -> WorkplanOutline {
        var copy = self
        copy.frontMatter = Self.setting(key, to: text, in: frontMatter, after: anchor)
        return copy
    }

    /// This outline with a task key set (added after `after` when missing).
    public func settingTask(at index: Int, _ key: String, to text: String, after anchor: String) -> WorkplanOutline {
        var copy = self
        guard copy.tasks.indices.contains(index) else { return copy }
        copy.tasks[index].fields = Self.setting(key, to: text, in: copy.tasks[index].fields, after: anchor)
        switch key {
        case "state_hub_task_id": copy.tasks[index].uuid = text
        case "status": copy.tasks[index].status = text
        default: break
        }
        return copy
    }

    private static func setting(_ key: String, to text: String, in fields: [Field], after anchor: String?) -> [Field] {
        var fields = fields
        if let index = fields.firstIndex(where: { $0.key == key }) {
            fields[index].text = text
        } else if let anchor, let index = fields.firstIndex(where: { $0.key == anchor }) {
            fields.insert(Field(key: key, text: text), at: index + 1)
        } else {
            fields.append(Field(key: key, text: text))
        }
        return fields
    }
}
