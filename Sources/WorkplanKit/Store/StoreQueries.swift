import Foundation

/// Why the store could not be read or changed.
public enum StoreError: LocalizedError, Sendable {
    case missing(String)
    case database(String)

    public var errorDescription: String? {
        switch self {
        case .missing(let path): "no state store at \(path): run 'workplan sync' first"
        case .database(let message): "state store: \(message)"
        }
    }
}

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

    /// Reads the summary, optionally for one domain, and compares recorded hashes with `files`
    /// (repository-relative path and content hash of every workplan file now).
    public static func read(
        databasePath: String, domain: String?, files: [(path: String, hash: String)]
    ) throws(StoreError) -> StatusReport {
        do {
            guard let store = try StateStores.openExisting(databasePath) else { throw StoreError.missing(databasePath) }
            let progress = try store.read { store in try store.progress(domain: domain) }
            var report = StatusReport()
            report.workstreams = progress.workstreams
            report.openTasks = progress.openTasks
            report.staleFiles = files.filter { progress.fileHashes[$0.path] != $0.hash }.map(\.path).sorted()
            return report
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database("\(error)")
        }
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

/// The daily cleanup: open tasks that exist only in the store, in closed workstreams, are cancelled.
public struct StaleCleanup: Sendable {
    /// What a run did.
    public struct Report: Encodable, Sendable {
        public var cancelled: [String]
        public var dryRun: Bool

        enum CodingKeys: String, CodingKey {
            case cancelled
            case dryRun = "dry_run"
        }

        /// One line.
        public var summary: String {
            let verb = dryRun ? "would cancel" : "cancelled"
            return "\(verb) \(cancelled.count) stale \(cancelled.count == 1 ? "task" : "tasks")"
                + (cancelled.isEmpty ? "" : ": " + cancelled.joined(separator: ", "))
        }
    }

    /// Cancels database-only open tasks of completed or archived workstreams and records one
    /// `cleanup` event with what it did (also when there was nothing to do).
    public static func run(databasePath: String, dryRun: Bool, now: String) throws(StoreError) -> Report {
        guard FileManager.default.fileExists(atPath: databasePath) else { throw .missing(databasePath) }
        do {
            if dryRun {
                let ids = try StateStores.openExisting(databasePath)?.read { try $0.staleTaskIDs() } ?? []
                return Report(cancelled: ids, dryRun: true)
            }
            return try StateStores.open(databasePath).write { store in
                let ids = try store.staleTaskIDs()
                try store.cancelTasks(ids, at: now)
                struct Detail: Encodable {
                    var count: Int
                    var tasks: [String]
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                let detail = String(decoding: try encoder.encode(Detail(count: ids.count, tasks: ids)), as: UTF8.self)
                try store.recordEvent(
                    EventRecord(id: nil, at: now, kind: "cleanup", subject: "cleanup-stale", detail: detail))
                return Report(cancelled: ids, dryRun: false)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database("\(error)")
        }
    }
}

/// Opening the state store a path names.
public enum StateStores {
    /// Opens the store at `path` for writing, creating and migrating it when needed.
    public static func open(_ path: String) throws -> any StateStore {
        try SQLiteStateStore(path: path)
    }

    /// Opens an existing store only to read it, without migrating it; nil when there is none.
    public static func openExisting(_ path: String) throws -> (any StateStore)? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try SQLiteStateStore(readingExisting: path)
    }

    /// Creates the folder that holds `path` when it is missing, with a `.gitignore` that keeps
    /// everything in it out of git: the store and caches are derived, never committed.
    public static func makeFolder(for path: String) throws {
        try SQLiteStateStore.makeFolder(for: path)
    }
}
