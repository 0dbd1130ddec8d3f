import Foundation

/// Every workplan under the configured folders, parsed, with where each came from.
public struct WorkplanSet: Sendable {
    /// Each source with its parsed workplan, in path order.
    public var entries: [(source: WorkplanSource, workplan: Workplan)]

    /// A set of already parsed workplans.
    public init(entries: [(source: WorkplanSource, workplan: Workplan)]) {
        self.entries = entries
    }

    /// Loads the configured folders.
    public static func load(
        _ configuration: Configuration, workingDirectory: String
    ) throws(WorkplanRunError) -> WorkplanSet {
        let sources = try WorkplanLoader.configuredSources(configuration, workingDirectory: workingDirectory)
        let workplans = WorkplanLoader.load(sources, limits: configuration.limits)
        return WorkplanSet(entries: Array(zip(sources, workplans)))
    }

    /// The workplan with this id.
    public func workplan(_ id: String) -> (source: WorkplanSource, workplan: Workplan)? {
        entries.first { $0.workplan.id == id }
    }

    /// The workplan holding the task with this id.
    public func workplan(holdingTask id: String) -> (source: WorkplanSource, workplan: Workplan)? {
        entries.first { $0.workplan.tasks.contains { $0.id == id } }
    }
}

/// Why a change to a workplan was refused. Nothing is written when one is thrown.
public enum EditRefusal: LocalizedError, Sendable, Equatable {
    case unknownWorkplan(String)
    case unknownTask(String)
    case invalidValue(key: String, value: String, allowed: [String])
    case unreliable(String)
    case reopeningClosedWorkplan(task: String, workplan: String, status: String)
    case carriedToRequired(String)
    case openTasks(workplan: String, tasks: [String])
    case handWrittenReview(path: String, line: Int)
    case closedTarget(String, status: String)
    case sameTarget(String)
    case invalidDate(String)
    case inconsistentResult(String)
    case cannotAddKey(task: String, key: String)
    case reviewEnclosesTasks(path: String, line: Int)
    case write(WriteError)
    /// A compare-and-set write whose file or value is no longer what the caller saw.
    case stale(String)
    case taskHeadingRequired
    case addingToClosedWorkplan(String, status: String)
    case unknownWorkplanOrTask(String)
    case idTaken(String, path: String)
    /// A domain slug outside the format's slug rule.
    case invalidSlug(String)
    /// A domain the registry already declares.
    case domainExists(String, file: String)
    /// A domain the registry does not declare.
    case unknownDomain(String, declared: [String])
    /// A domain that open work still uses.
    case domainInUse(String, workplans: [String])

    public var errorDescription: String? {
        switch self {
        case .unknownWorkplan(let id): "no workplan with id \(id) under the configured folders"
        case .unknownTask(let id): "no task with id \(id) under the configured folders"
        case .invalidValue(let key, let value, let allowed):
            "invalid \(key) '\(value)'; valid values: \(allowed.joined(separator: ", "))"
        case .unreliable(let path):
            "\(path) has errors that make it unsafe to edit: run 'workplan lint \(path)' and fix them first"
        case .reopeningClosedWorkplan(let task, let workplan, let status):
            "\(task) belongs to \(workplan), which is \(status): reopening it needs --force"
        case .carriedToRequired(let task): "\(task) set to carried_forward needs --carried-to TASK-ID"
        case .openTasks(let workplan, let tasks):
            "\(workplan) has open tasks: \(tasks.joined(separator: ", ")); close it with --cancel-open to cancel them, or --carry-forward-to WP-ID to move them to another workplan"
        case .handWrittenReview(let path, let line):
            "\(path):\(line) has a Closure Review written by hand (no closure-review:begin/end markers): it is never overwritten; remove it or add the markers around it to let 'workplan close' regenerate it"
        case .closedTarget(let id, let status):
            "cannot carry tasks forward to \(id): it is \(status); choose an open workplan"
        case .sameTarget(let id): "cannot carry tasks of \(id) forward to itself"
        case .invalidDate(let date): "invalid date '\(date)': use YYYY-MM-DD"
        case .inconsistentResult(let detail): "refusing to write a result that would not lint clean: \(detail)"
        case .reviewEnclosesTasks(let path, let line):
            "\(path):\(line) is a task block between the Closure Review's closure-review:begin and end markers, which a new review replaces: move it out of the review first"
        case .cannotAddKey(let task, let key):
            "cannot add '\(key)' to \(task): its block is not written one key per line (a flow mapping); rewrite it as 'key: value' lines"
        case .write(let error): error.errorDescription
        case .stale(let detail): "\(detail): not written; read it again and retry"
        case .taskHeadingRequired: "a task needs a title on one line (--title)"
        case .addingToClosedWorkplan(let id, let status): "\(id) is \(status): adding a task to it needs --force"
        case .unknownWorkplanOrTask(let id): "no workplan or task with id \(id) under the configured folders"
        case .idTaken(let id, let path): "\(id) is already declared in \(path): choose a free id"
        case .invalidSlug(let slug):
            "invalid domain slug '\(slug)': use lower-case letters, digits, '-' and '_', starting with a letter"
        case .domainExists(let slug, let file): "domain '\(slug)' is already declared in \(file)"
        case .unknownDomain(let slug, let declared):
            "no domain '\(slug)' is declared"
                + (declared.isEmpty ? "" : " (declared: \(declared.joined(separator: ", ")))")
        case .domainInUse(let slug, let workplans):
            "domain '\(slug)' is used by open work: \(workplans.joined(separator: ", ")); close or move it first"
        }
    }

    /// Whether the refusal says the file or a value changed since the caller read it: the
    /// conflict of a compare-and-set write, which a caller settles by reading again.
    public var isConflict: Bool {
        switch self {
        case .stale, .write(.changedOnDisk): true
        default: false
        }
    }
}

/// What the caller of a write saw, for compare-and-set: the write is refused (`EditRefusal.stale`)
/// when the file or the value is no longer so. Nil parts are not checked.
public struct WriteExpectation: Sendable, Equatable {
    /// The status the caller saw: the task's for a task edit, the workplan's for `add` and `close`.
    public var status: String?
    /// The SHA-256 of the file as the caller read it (`sha256sum`), lowercase hexadecimal.
    public var hash: String?

    public init(status: String? = nil, hash: String? = nil) {
        self.status = status
        self.hash = hash?.lowercased()
    }

    /// Refuses unless `subject`'s status is `status` and the file's bytes hash to `hash`.
    func check(_ subject: String, status actual: String?, in workplan: Workplan) throws(EditRefusal) {
        if let status, actual != status {
            throw .stale("\(subject) is \(actual ?? "without a status"), not \(status) as expected")
        }
        if let hash {
            let current = SHA256.hex(workplan.bytes)
            if current != hash { throw .stale("\(workplan.path) has SHA-256 \(current), not \(hash) as expected") }
        }
    }
}
