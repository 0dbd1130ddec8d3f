/// What one file declares that cross-file rules look up: its ids, store UUIDs and dependency
/// edges, with their places. Small enough to cache per file (`LintCache`), so that linting a few
/// files needs no parse of the others.
public struct IndexEntry: Hashable, Sendable {
    /// A text at a place in the file.
    public struct Declared: Hashable, Sendable {
        public var text: String
        public var location: SourceLocation
    }

    /// A dependency from one id to another, written at a place in the file.
    public struct Edge: Hashable, Sendable {
        public var from: String
        public var to: String
        public var location: SourceLocation
    }

    /// The file, as shown in diagnostics.
    public var path: String
    /// The workplan id (at most one).
    public var workplanIDs: [Declared] = []
    /// Every task id.
    public var taskIDs: [Declared] = []
    /// Every store UUID: the workstream's, the dependency bullets' and the tasks'.
    public var uuids: [Declared] = []
    /// Workplan and task dependencies.
    public var edges: [Edge] = []
    /// Every id a dependency, a `depends_on` or a `carried_from` names: each must be declared somewhere.
    public var references: [Declared] = []
    /// The `carried_to` targets of carried-forward tasks (other than themselves): each must be a task.
    public var carriedTo: [Declared] = []

    /// An entry with nothing declared.
    public init(path: String) {
        self.path = path
    }

    /// What a parsed workplan declares.
    public init(_ workplan: Workplan) {
        path = workplan.path
        // Sized once: a task declares an id and usually a UUID.
        taskIDs.reserveCapacity(workplan.tasks.count)
        uuids.reserveCapacity(workplan.tasks.count + 1)
        if let field = workplan.frontMatter?["id"], let id = field.value.scalar?.text {
            workplanIDs.append(Declared(text: id, location: field.value.location))
        }
        for dependency in workplan.dependencies {
            references.append(Declared(text: dependency.target, location: dependency.location))
        }
        if let id = workplan.frontMatter?["id"]?.value.scalar?.text {
            for dependency in workplan.dependencies {
                switch dependency.kind {
                case .dependsOn, .taskDependsOn:
                    edges.append(Edge(from: id, to: dependency.target, location: dependency.location))
                case .blocks: edges.append(Edge(from: dependency.target, to: id, location: dependency.location))
                }
            }
        }
        if let field = workplan.frontMatter?["state_hub_workstream_id"], let uuid = field.value.scalar?.text {
            uuids.append(Declared(text: uuid, location: field.value.location))
        }
        for dependency in workplan.dependencyBullets {
            if let uuid = dependency.uuid, !uuids.contains(Declared(text: uuid.text, location: uuid.location)) {
                uuids.append(Declared(text: uuid.text, location: uuid.location))
            }
        }
        for task in workplan.tasks {
            guard let fields = task.fields else { continue }
            for dependency in task.dependsOn {
                references.append(Declared(text: dependency.text, location: dependency.location))
            }
            if let from = fields["carried_from"]?.value.scalar {
                references.append(Declared(text: from.text, location: from.location))
            }
            if task.status == .carriedForward, let target = fields["carried_to"]?.value.scalar, !target.text.isEmpty,
                target.text != task.id
            {
                carriedTo.append(Declared(text: target.text, location: target.location))
            }
            if let field = fields["id"], let id = field.value.scalar?.text {
                taskIDs.append(Declared(text: id, location: field.value.location))
                for dependency in task.dependsOn {
                    edges.append(Edge(from: id, to: dependency.text, location: dependency.location))
                }
            }
            if let field = fields["state_hub_task_id"], let uuid = field.value.scalar?.text {
                uuids.append(Declared(text: uuid, location: field.value.location))
            }
        }
    }

    /// Every text the cross-file rules look up for this file.
    var lookedUp: [String] {
        [workplanIDs, taskIDs, uuids, references, carriedTo].flatMap { $0.map(\.text) }
    }
}
