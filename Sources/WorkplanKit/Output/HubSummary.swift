import Foundation

/// `workplan status --all`: every repository of the store with its counts per domain.
public struct HubSummary: Sendable {
    public var store: String
    public var repositories: [RepositorySummary]

    public init(store: String, repositories: [RepositorySummary]) {
        self.store = store
        self.repositories = repositories
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
