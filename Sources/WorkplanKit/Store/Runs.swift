/// A run that changed the store (a sync, the store update after a write command, a cleanup):
/// who ran it, where, with which tool, and from which tree. Every event references its run.
public struct RunRecord: Sendable, Hashable, Codable {
    /// What the run was.
    public enum Command: String, Sendable, Hashable, Codable {
        case sync, write, close, cleanup
    }

    public var id: Int64?
    public var at: String
    public var command: Command
    /// git's `user.email`, else the OS user; for the MCP server, the client's name.
    public var actor: String
    public var host: String
    /// `workplan 0.1.0`.
    public var tool: String
    /// The branch the tree was on (for a detached HEAD on a hub, the branch it was taken for).
    public var branch: String?
    /// The commit checked out.
    public var commit: String?
    /// Whether the workplan folders differed from that commit; nil when not looked at.
    public var dirty: Bool?
    /// Whether `--force-branch` let a tree the hub would refuse speak for the repository.
    public var forced = false

    public init(
        id: Int64? = nil, at: String, command: Command, actor: String, host: String, tool: String,
        branch: String? = nil, commit: String? = nil, dirty: Bool? = nil, forced: Bool = false
    ) {
        self.id = id
        self.at = at
        self.command = command
        self.actor = actor
        self.host = host
        self.tool = tool
        self.branch = branch
        self.commit = commit
        self.dirty = dirty
        self.forced = forced
    }

    enum CodingKeys: String, CodingKey {
        case id, at, command, actor, host, tool, branch, dirty, forced
        case commit = "commit_id"
    }

    /// `alice@example.com at 3f2a9c1 (main)`: who and which commit, as lists show them.
    public var provenance: String {
        var text = actor
        if let commit { text += " at " + String(commit.prefix(7)) + (dirty == true ? "+dirty" : "") }
        if let branch { text += " (\(branch)\(forced ? ", forced" : ""))" }
        return text
    }
}

/// What a hub holds of one repository: its identity, the branch it follows and the last
/// commit synced from it.
public struct HubRepository: Sendable, Hashable, Codable {
    public var name: String
    public var identitySource: RepositoryIdentity.Source?
    public var remote: String?
    /// The branch whose tree speaks for the repository (nil before its first sync).
    public var branch: String?
    /// The last commit of that branch a complete sync was accepted from.
    public var lastCommit: String?
    /// The last run that changed the repository's rows.
    public var lastRun: RunRecord?

    public init(
        name: String, identitySource: RepositoryIdentity.Source? = nil, remote: String? = nil, branch: String? = nil,
        lastCommit: String? = nil, lastRun: RunRecord? = nil
    ) {
        self.name = name
        self.identitySource = identitySource
        self.remote = remote
        self.branch = branch
        self.lastCommit = lastCommit
        self.lastRun = lastRun
    }

    /// Whether the hub already holds exactly `tree`: its last complete sync, clean and not
    /// forced, was of this very commit, and nothing ran since.
    func holds(_ tree: WorkingTree) -> Bool {
        guard let commit = tree.commit, !tree.dirty, lastCommit == commit, let lastRun else { return false }
        return lastRun.command == .sync && lastRun.commit == commit && lastRun.dirty == false && !lastRun.forced
    }
}

/// What a run that the hub accepted records of the repository: the branch it follows, and
/// the commit to hold as its last (nil: leave it, as a forced run does).
public struct RepositoryClaim: Sendable, Hashable {
    public var identity: RepositoryIdentity
    public var branch: String?
    public var commit: String?

    public init(identity: RepositoryIdentity, branch: String?, commit: String?) {
        self.identity = identity
        self.branch = branch
        self.commit = commit
    }
}
