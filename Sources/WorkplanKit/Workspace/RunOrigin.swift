import Foundation

/// Who runs a change and from where: what the store records of every run (`runs`), and on a
/// hub the tree the run writes from.
public struct RunOrigin: Sendable, Hashable {
    public var actor: String
    public var host: String
    public var tool: String
    /// The git tree, looked at for a hub only.
    public var tree: WorkingTree?

    public init(actor: String, host: String, tool: String, tree: WorkingTree? = nil) {
        self.actor = actor
        self.host = host
        self.tool = tool
        self.tree = tree
    }

    /// The origin of a run at `root`: `actor` when a front end knows it (the MCP server: its
    /// client's name), else git's `user.email`, else the OS user; the tree when `hub`.
    static func gather(actor: String?, tool: String, root: String, folders: [String], hub: Bool) -> RunOrigin {
        RunOrigin(
            actor: actor ?? defaultActor(root), host: ProcessInfo.processInfo.hostName, tool: tool,
            tree: hub ? WorkingTree.inspect(root, folders: folders) : nil)
    }

    /// git's `user.email` at `root`, else the OS user.
    static func defaultActor(_ root: String) -> String {
        if let data = try? Git.run(["config", "--get", "user.email"], in: root) {
            let email = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !email.isEmpty { return email }
        }
        let environment = ProcessInfo.processInfo.environment
        return environment["USER"] ?? environment["LOGNAME"] ?? ProcessInfo.processInfo.userName
    }

    /// The record of a run of `command` at `at`.
    func record(_ command: RunRecord.Command, at: String) -> RunRecord {
        RunRecord(
            at: at, command: command, actor: actor, host: host, tool: tool, branch: tree?.branch,
            commit: tree?.commit, dirty: tree?.dirty)
    }
}

extension Workspace {
    /// Who runs a change that no tree decides (a cleanup, an owner's command): the tree is not
    /// looked at.
    func runOrigin() -> RunOrigin {
        RunOrigin.gather(actor: actor, tool: tool, root: configuration.root.path, folders: [], hub: false)
    }
}
