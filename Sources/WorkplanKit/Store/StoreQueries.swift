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

    /// Any error as the text of a `database` message: a store error's own text, others as they print.
    public static func message(_ error: any Error) -> String {
        switch error as? StoreError {
        case .database(let message): message
        case .missing(let location): "no state store at \(location): run 'workplan sync' first"
        case nil: "\(error)"
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
        location: StoreLocation, domain: String?, files: [(path: String, hash: String)]
    ) throws(StoreError) -> StatusReport {
        do {
            guard let store = try StateStores.openExisting(location) else { throw StoreError.missing(location.display) }
            let progress = try store.read { store in try store.progress(domain: domain) }
            var report = StatusReport()
            report.workstreams = progress.workstreams
            report.openTasks = progress.openTasks
            report.staleFiles = files.filter { progress.fileHashes[$0.path] != $0.hash }.map(\.path).sorted()
            return report
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(StoreError.message(error))
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
    public static func run(location: StoreLocation, dryRun: Bool, now: String) throws(StoreError) -> Report {
        guard StateStores.exists(location) else { throw .missing(location.display) }
        do {
            if dryRun {
                let ids = try StateStores.openExisting(location)?.read { try $0.staleTaskIDs() } ?? []
                return Report(cancelled: ids, dryRun: true)
            }
            return try StateStores.open(location).write { store in
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
            throw .database(StoreError.message(error))
        }
    }
}

/// Opening the state store a path names.
public enum StateStores {
    /// Opens the store at `location` for writing, creating and migrating it when needed.
    public static func open(_ location: StoreLocation) throws -> any StateStore {
        guard location.isServer else { return try SQLiteStateStore(path: location.database) }
        #if PostgreSQL
            return try PostgresStateStore(location)
        #else
            throw StoreError.database(withoutPostgreSQL(location))
        #endif
    }

    /// Opens an existing store only to read it, without migrating it; nil when there is none
    /// (no file, or a server that holds no workplan schema).
    public static func openExisting(_ location: StoreLocation) throws -> (any StateStore)? {
        guard location.isServer else {
            guard FileManager.default.fileExists(atPath: location.database) else { return nil }
            return try SQLiteStateStore(readingExisting: location.database)
        }
        #if PostgreSQL
            let store = try PostgresStateStore(location, migrate: false)
            return try store.holdsSchema() ? store : nil
        #else
            throw StoreError.database(withoutPostgreSQL(location))
        #endif
    }

    /// Whether there may be a store at `location`: its file exists, or it is a server (which
    /// answers for itself when it is opened).
    public static func exists(_ location: StoreLocation) -> Bool {
        location.isServer || FileManager.default.fileExists(atPath: location.database)
    }

    static func withoutPostgreSQL(_ location: StoreLocation) -> String {
        "\(location.display) is a PostgreSQL hub, and this workplan was built without PostgreSQL support "
            + "(install it with 'make install', or build with 'swift build --traits PostgreSQL')"
    }

    /// Creates the folder that holds `path` when it is missing, with a `.gitignore` that keeps
    /// everything in it out of git: the store and caches are derived, never committed.
    public static func makeFolder(for path: String) throws {
        try SQLiteStateStore.makeFolder(for: path)
    }
}

/// `workplan status --all`: every repository of the store with its counts per domain.
public struct HubSummary: Sendable {
    public var store: String
    public var repositories: [RepositorySummary]

    /// Reads the summary, for one repository or domain when they are given.
    public static func read(
        _ location: StoreLocation, repository: String?, domain: String?
    ) throws(StoreError) -> HubSummary {
        do {
            guard let store = try StateStores.openExisting(location) else { throw StoreError.missing(location.display) }
            var repositories = try store.read { try $0.hubSummary() }
            if let repository { repositories = repositories.filter { $0.repository == repository } }
            if let domain {
                for index in repositories.indices { repositories[index].domains.removeAll { $0.domain != domain } }
            }
            return HubSummary(store: location.display, repositories: repositories)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(StoreError.message(error))
        }
    }

    /// One block per repository: its name, remote and last sync, then a line per domain.
    public var text: String {
        var out = "\(store): \(repositories.count) \(repositories.count == 1 ? "repository" : "repositories")\n"
        for repository in repositories {
            let name = repository.repository.isEmpty ? "(this repository)" : repository.repository
            let commit = repository.lastCommit.map { " at \($0.prefix(12))" } ?? ""
            out += "\n\(name)  \(repository.workstreams) workstreams, \(repository.openTasks) open tasks, "
            out += "\(repository.doneTasks) done; last sync \(repository.lastSyncAt ?? "never")\(commit)\n"
            for domain in repository.domains {
                out += "  \(domain.domain ?? "(no domain)"): \(domain.workstreams) workstreams, "
                out += "\(domain.openTasks) open, \(domain.doneTasks) done\n"
            }
        }
        return out
    }
}
