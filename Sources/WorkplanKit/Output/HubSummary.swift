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
            if let run = repository.lastRun { out += "  last change: \(run.command.rawValue) by \(run.provenance)\n" }
            for domain in repository.domains {
                out += "  \(domain.domain ?? "(no domain)"): \(domain.workstreams) workstreams, "
                out += "\(domain.openTasks) open, \(domain.doneTasks) done\n"
            }
        }
        return out
    }

    /// `workplan hub repos`: one line per repository (its identity, the branch the hub follows,
    /// the last commit, its live workstreams and tasks) and one below it for its last run.
    public var repositoryList: String {
        var out = "\(store): \(repositories.count) \(repositories.count == 1 ? "repository" : "repositories")\n"
        for repository in repositories {
            let source = repository.identitySource.map { " (\($0.rawValue))" } ?? ""
            let branch = repository.branch.map { "follows \($0)" } ?? "follows no branch yet"
            let commit = repository.lastCommit.map { " at \($0.prefix(7))" } ?? ""
            out += "\n\(repository.repository)\(source)  \(branch)\(commit); "
            out += "\(repository.workstreams) live workstreams, \(repository.openTasks + repository.doneTasks) tasks "
            out += "(\(repository.openTasks) open)\n"
            if let run = repository.lastRun {
                out += "  last \(run.command.rawValue) \(run.at) by \(run.provenance) on \(run.host)\n"
            }
        }
        let conflicts = DomainConflict.find(in: repositories)
        if !conflicts.isEmpty { out += "\n" + conflicts.map { $0.text + "\n" }.joined() }
        return out
    }

    /// `workplan hub repos --format json`: the repositories, and the domains they name differently.
    public var repositoryListJSON: RepositoryList {
        RepositoryList(
            store: store, repositories: repositories, domainConflicts: DomainConflict.find(in: repositories))
    }

    /// What `repositoryListJSON` encodes.
    public struct RepositoryList: Encodable, Sendable {
        public var store: String
        public var repositories: [RepositorySummary]
        public var domainConflicts: [DomainConflict]

        enum CodingKeys: String, CodingKey {
            case store, repositories
            case domainConflicts = "domain_conflicts"
        }
    }
}
