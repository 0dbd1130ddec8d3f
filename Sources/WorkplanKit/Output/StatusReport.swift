import Foundation

/// The state hub's summary, read from the store: what `workplan status` prints.
public struct StatusReport: Encodable, Sendable {
    /// One workstream's task counts.
    public struct Workstream: Encodable, Sendable, Hashable {
        public var id: String
        public var title: String
        public var domain: String?
        public var status: String
        public var tasks: Int
        public var done: Int
        public var cancelled: Int
        public var carriedForward: Int
        public var open: Int

        public init(
            id: String, title: String, domain: String?, status: String, tasks: Int, done: Int, cancelled: Int,
            carriedForward: Int, open: Int
        ) {
            self.id = id
            self.title = title
            self.domain = domain
            self.status = status
            self.tasks = tasks
            self.done = done
            self.cancelled = cancelled
            self.carriedForward = carriedForward
            self.open = open
        }

        enum CodingKeys: String, CodingKey {
            case id, title, domain, status, tasks, done, cancelled, open
            case carriedForward = "carried_forward"
        }
    }

    /// One open task.
    public struct OpenTask: Encodable, Sendable, Hashable {
        public var id: String
        public var title: String
        public var status: String
        public var priority: String?
        public var workstream: String?

        public init(id: String, title: String, status: String, priority: String?, workstream: String?) {
            self.id = id
            self.title = title
            self.status = status
            self.priority = priority
            self.workstream = workstream
        }
    }

    public var workstreams: [Workstream] = []
    public var openTasks: [OpenTask] = []
    /// Workplan files whose content differs from what the last sync recorded (or that it never saw).
    public var staleFiles: [String] = []

    enum CodingKeys: String, CodingKey {
        case workstreams
        case openTasks = "open_tasks"
        case staleFiles = "stale_files"
    }

    /// A human-readable summary; `bars` draws progress bars.
    public func text(bars: Bool) -> String {
        var out = ""
        var domain: String?? = .none
        for workstream in workstreams {
            if domain != .some(workstream.domain) {
                domain = .some(workstream.domain)
                out += "\(workstream.domain ?? "(no domain)")\n"
            }
            let finished = workstream.done + workstream.cancelled + workstream.carriedForward
            let bar = bars ? Self.bar(finished, of: workstream.tasks) + " " : ""
            out +=
                "  \(workstream.id)  \(bar)\(finished)/\(workstream.tasks) finished, \(workstream.open) open  [\(workstream.status)]  \(workstream.title)\n"
        }
        out += "\(openTasks.count) open \(openTasks.count == 1 ? "task" : "tasks")\n"
        for task in openTasks {
            out +=
                "  \((task.priority ?? "-").padding(toLength: 8, withPad: " ", startingAt: 0)) \(task.id)  \(task.status)  \(task.title)\n"
        }
        if !staleFiles.isEmpty {
            out +=
                "warning: the store is older than \(staleFiles.count) workplan \(staleFiles.count == 1 ? "file" : "files"): run 'workplan sync'\n"
            for path in staleFiles.prefix(10) { out += "  \(path)\n" }
        }
        return out
    }

    static func bar(_ done: Int, of total: Int, width: Int = 20) -> String {
        let filled = total == 0 ? 0 : done * width / total
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }
}
