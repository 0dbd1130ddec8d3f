/// The statuses a workplan can have.
public enum WorkplanStatus: String, CaseIterable, Sendable, Codable {
    case draft, active, blocked, completed, archived

    /// Completed and archived workplans are closed.
    public var isClosed: Bool { self == .completed || self == .archived }
}

/// The statuses a task can have.
public enum TaskStatus: String, CaseIterable, Sendable, Codable {
    case todo
    case inProgress = "in_progress"
    case blocked, done, cancelled
    case carriedForward = "carried_forward"

    /// The open statuses: todo, in progress and blocked. The one definition; the stores'
    /// queries are built from it (`openSQL`), and their frozen views are checked against it.
    public static let open: [TaskStatus] = [.todo, .inProgress, .blocked]

    /// Whether a task with this status is open.
    public var isOpen: Bool { Self.open.contains(self) }

    /// Whether a stored status text is an open one.
    public static func isOpen(_ text: String) -> Bool { TaskStatus(rawValue: text)?.isOpen ?? false }

    /// The open statuses as an SQL list: `'todo', 'in_progress', 'blocked'`.
    public static let openSQL = open.map { "'\($0.rawValue)'" }.joined(separator: ", ")
}

/// The priorities a task can have.
public enum TaskPriority: String, CaseIterable, Sendable, Codable {
    case critical, high, medium, low
}

/// One task: a fenced `task` block with the heading above it.
///
/// Its parts are held in one shared box: rules and planners pass tasks around by the hundred
/// thousand, and a copy is then one reference, not one per part. The id and status are looked
/// up once.
public struct WorkplanTask: Sendable {
    private final class Parts: Sendable {
        let fields: YAMLMapping?
        let block: FencedBlock
        let location: SourceLocation
        let title: String
        let heading: Heading?
        let phase: String?
        let descriptionLines: ClosedRange<Int>?
        let source: SourceText
        let id: String?
        let statusText: String?

        init(
            fields: YAMLMapping?, block: FencedBlock, location: SourceLocation, title: String, heading: Heading?,
            phase: String?, descriptionLines: ClosedRange<Int>?, source: SourceText
        ) {
            self.fields = fields
            self.block = block
            self.location = location
            self.title = title
            self.heading = heading
            self.phase = phase
            self.descriptionLines = descriptionLines
            self.source = source
            id = fields?.string("id")
            statusText = fields?.string("status")
        }
    }

    private let parts: Parts

    init(
        fields: YAMLMapping?, block: FencedBlock, location: SourceLocation, title: String, heading: Heading?,
        phase: String?, descriptionLines: ClosedRange<Int>?, source: SourceText
    ) {
        parts = Parts(
            fields: fields, block: block, location: location, title: title, heading: heading, phase: phase,
            descriptionLines: descriptionLines, source: source)
    }

    /// The block's YAML, nil when it did not parse.
    public var fields: YAMLMapping? { parts.fields }
    /// The fenced block.
    public var block: FencedBlock { parts.block }
    /// Where the opening fence is.
    public var location: SourceLocation { parts.location }
    /// The nearest heading before the block, without its outline label; empty when none stands
    /// between the previous task block and this one.
    public var title: String { parts.title }
    /// The heading the title comes from.
    public var heading: Heading? { parts.heading }
    /// The text of the enclosing level-2 heading.
    public var phase: String? { parts.phase }
    /// The lines of the text after the block up to the next heading, without blank lines at
    /// either end or `---` lines at the end; nil when there is none.
    public var descriptionLines: ClosedRange<Int>? { parts.descriptionLines }
    /// The file's text, for the description: read only when asked for.
    var source: SourceText { parts.source }

    /// The text after the block up to the next heading, its lines joined by LF.
    public var description: String {
        descriptionLines.map { WorkplanParser.description(lines: $0, in: source) } ?? ""
    }

    /// The task id.
    public var id: String? { parts.id }
    /// The raw status text.
    public var statusText: String? { parts.statusText }
    /// The status, when it is a valid one.
    public var status: TaskStatus? { statusText.flatMap(TaskStatus.init(rawValue:)) }
    /// The priority, when it is a valid one.
    public var priority: TaskPriority? { fields?.string("priority").flatMap(TaskPriority.init(rawValue:)) }
    /// The state store's id for the task.
    public var uuid: String? { fields?.string("state_hub_task_id") }
    /// The task this one was carried forward to.
    public var carriedTo: String? { fields?.string("carried_to") }
    /// The task this one was carried forward from.
    public var carriedFrom: String? { fields?.string("carried_from") }
    /// The task ids this task depends on.
    public var dependsOn: [YAMLScalar] { fields?["depends_on"]?.value.scalarList ?? [] }
}

/// How a dependency bullet relates its workplan to the ids it names.
/// How two workplans or tasks relate; a dependency row of the store stores its raw value.
public enum DependencyKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// This workplan blocks the named one (the named one depends on this).
    case blocks
    /// This workplan depends on the named one.
    case dependsOn = "depends_on"
    /// A task's `depends_on`: it needs the named task done first (store rows only).
    case taskDependsOn = "task_depends_on"
}

/// A dependency between this workplan and another workplan or task.
public struct WorkplanDependency: Hashable, Sendable {
    /// How they relate.
    public var kind: DependencyKind
    /// The other id.
    public var target: String
    /// Where the other id is written.
    public var location: SourceLocation
    /// The state store's id for the dependency (from a `state_hub_dependency_id` bullet).
    public var uuid: YAMLScalar?
}

/// The classifications of a Closure Review.
public enum ClosureClassification: String, Sendable, CaseIterable {
    case completed = "Completed"
    case cancelled = "Cancelled"
    case carriedForward = "Carried forward"

    /// The task status that belongs under this classification.
    public var status: TaskStatus {
        switch self {
        case .completed: .done
        case .cancelled: .cancelled
        case .carriedForward: .carriedForward
        }
    }
}

/// A task id listed in a Closure Review.
public struct ClosureItem: Hashable, Sendable {
    /// The task id the list item begins with.
    public var taskID: String
    /// Where the id is.
    public var location: SourceLocation
    /// The classification it is listed under.
    public var classification: ClosureClassification
}

/// A workplan's Closure Review section.
public struct ClosureReview: Sendable {
    /// The `## Closure Review` heading.
    public var heading: Heading
    /// The date after the heading, when given.
    public var date: String?
    /// Every task id listed under a classification.
    public var items: [ClosureItem]
    /// The lines of the `closure-review:begin` and `closure-review:end` markers, when generated.
    public var markers: (begin: Int, end: Int)?
    /// The 0-based lines the section covers, from its heading to the next level-1 or level-2 heading.
    public var lines: Range<Int>
}

/// An inline lint suppression comment.
public struct Suppression: Hashable, Sendable {
    /// `disable-next-line` or `disable-file`.
    public enum Scope: String, Sendable {
        case nextLine = "disable-next-line"
        case file = "disable-file"
    }
    /// What it covers.
    public var scope: Scope
    /// The rule ids it names.
    public var rules: [String]
    /// Where the comment is.
    public var location: SourceLocation
    /// The 1-based lines it covers (for `disable-next-line`).
    public var lines: ClosedRange<Int>
}

/// A problem found while reading a file, before any rule runs.
public typealias ParseProblem = Finding

/// A parsed workplan file: the model every command works from, with positions for everything.
public struct Workplan: Sendable {
    /// The file's path as given.
    public var path: String
    /// The file's blocks and bytes.
    public var document: MarkdownDocument
    /// The front matter, nil when missing or not a mapping.
    public var frontMatter: YAMLMapping?
    /// Every `task` block, in file order.
    public var tasks: [WorkplanTask]
    /// Fenced blocks with another info string whose YAML has a task-shaped id.
    public var taskLikeBlocks: [(block: FencedBlock, id: String)]
    /// Dependencies written as bullets under `## Dependencies`.
    public var dependencyBullets: [WorkplanDependency]
    /// The Closure Review section, when there is one.
    public var closureReview: ClosureReview?
    /// Lint suppression comments.
    public var suppressions: [Suppression]
    /// Problems found while reading (unreadable, front matter, YAML, unclosed fences).
    public var problems: [ParseProblem]

    /// False when the file could not be read or parsed well enough to trust its model: commands
    /// that change state must leave whatever they knew of such a file untouched.
    public var isReliable: Bool {
        !problems.contains { RuleID.unreliableModel.contains($0.rule) }
    }

    /// The workplan id.
    public var id: String? { frontMatter?.string("id") }
    /// The title.
    public var title: String? { frontMatter?.string("title") }
    /// The raw status text.
    public var statusText: String? { frontMatter?.string("status") }
    /// The status, when valid.
    public var status: WorkplanStatus? { statusText.flatMap(WorkplanStatus.init(rawValue:)) }
    /// The state store's id for the workstream.
    public var uuid: String? { frontMatter?.string("state_hub_workstream_id") }
    /// Whether the workplan or any of its tasks has no state store id yet.
    public var lacksStoreIDs: Bool { uuid == nil || tasks.contains { $0.uuid == nil } }

    /// Every dependency of the workplan: front matter `depends_on` and `blocks`, then the bullets.
    public var dependencies: [WorkplanDependency] {
        var result: [WorkplanDependency] = []
        for (key, kind) in [("depends_on", DependencyKind.dependsOn), ("blocks", .blocks)] {
            for item in frontMatter?[key]?.value.scalarList ?? [] {
                result.append(WorkplanDependency(kind: kind, target: item.text, location: item.location))
            }
        }
        return result + dependencyBullets
    }

    /// A workplan for a file that could not be read at all.
    public static func unreadable(path: String, message: String) -> Workplan {
        let document = MarkdownDocument(source: SourceText(bytes: []))
        return Workplan(
            path: path, document: document, frontMatter: nil, tasks: [], taskLikeBlocks: [],
            dependencyBullets: [], closureReview: nil, suppressions: [],
            problems: [Finding(rule: .unreadable, at: SourceLocation(line: 1, column: 1), message)])
    }
}
