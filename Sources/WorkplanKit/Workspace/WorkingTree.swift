import Foundation

/// The git tree a run writes from, as a hub judges it: the commit checked out, the branch (nil
/// when HEAD is detached), whether the workplan folders differ from the commit, and the
/// remote's default branch.
public struct WorkingTree: Sendable, Hashable {
    public var commit: String?
    public var branch: String?
    public var dirty = false
    public var remoteDefault: String?
    /// The folder git runs in (nil: not a git checkout).
    var directory: String?

    public init(commit: String?, branch: String?, dirty: Bool = false, remoteDefault: String? = nil) {
        self.commit = commit
        self.branch = branch
        self.dirty = dirty
        self.remoteDefault = remoteDefault
    }

    /// The tree at `directory`, its workplan `folders` looked at for changes.
    public static func inspect(_ directory: String, folders: [String]) -> WorkingTree {
        guard let heads = try? lines(["rev-parse", "--verify", "--quiet", "HEAD"], directory), let commit = heads.first
        else { return WorkingTree(commit: nil, branch: nil) }
        let branch = (try? lines(["symbolic-ref", "--quiet", "--short", "HEAD"], directory))?.first
        let changed = (try? lines(["status", "--porcelain", "--"] + folders, directory)) ?? []
        let remote = (try? lines(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"], directory))?
            .first.map { $0.hasPrefix("origin/") ? String($0.dropFirst(7)) : $0 }
        var tree = WorkingTree(commit: commit, branch: branch, dirty: !changed.isEmpty, remoteDefault: remote)
        tree.directory = directory
        return tree
    }

    /// Whether HEAD is the tip of `branch`, locally or as `origin` has it (a CI checkout).
    func isTip(of branch: String, remoteOnly: Bool = false) -> Bool {
        guard let directory, let commit else { return false }
        let refs = (remoteOnly ? [] : ["refs/heads/" + branch]) + ["refs/remotes/origin/" + branch]
        return refs.contains { ref in
            (try? Self.lines(["rev-parse", "--verify", "--quiet", ref + "^{commit}"], directory))?.first == commit
        }
    }

    /// Whether the clone is shallow (its history cut off, as CI checkouts often are).
    var isShallow: Bool {
        guard let directory else { return false }
        return (try? Self.lines(["rev-parse", "--is-shallow-repository"], directory))?.first == "true"
    }

    /// Whether `ancestor` is HEAD or one of its ancestors; nil when this clone cannot tell (it
    /// lacks that commit, or its history is cut off).
    func descends(from ancestor: String) -> Bool? {
        guard let directory, let commit else { return nil }
        if ancestor == commit { return true }
        guard (try? Self.lines(["cat-file", "-e", ancestor + "^{commit}"], directory)) != nil else { return nil }
        if (try? Git.run(["merge-base", "--is-ancestor", ancestor, commit], in: directory)) != nil { return true }
        // A shallow clone's history is cut off: it cannot tell.
        return isShallow ? nil : false
    }

    private static func lines(_ arguments: [String], _ directory: String) throws -> [String] {
        String(decoding: try Git.run(arguments, in: directory), as: UTF8.self)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// One tree speaks for a repository on a hub: the rule a sync into the hub must pass before it
/// changes anything. The hub follows one branch (`hub_branch:`, else what the hub recorded,
/// else the remote's default branch, else the branch of the first sync) and accepts a tree on
/// that branch whose HEAD descends from the last commit synced; `--force-branch` accepts any
/// tree, and is recorded.
public enum BranchRule {
    /// What the run may do: the branch to record as followed, the commit to hold as the
    /// hub's last (nil: a forced run leaves it), and whether it was forced.
    public struct Verdict: Sendable, Hashable {
        public var followed: String?
        public var branch: String?
        public var commit: String?
        public var forced: Bool
    }

    /// The verdict for `tree` against what `hub` holds, or the refusal (naming the branch and
    /// commit the hub has) thrown as `StoreError.refused`.
    public static func judge(
        _ tree: WorkingTree, hub: HubRepository?, configured: String?, claimed: String?, force: Bool
    ) throws(StoreError) -> Verdict {
        let followed = configured ?? hub?.branch ?? tree.remoteDefault ?? tree.branch ?? claimed
        if force { return Verdict(followed: followed, branch: tree.branch ?? claimed, commit: nil, forced: true) }
        let short = { (commit: String) in String(commit.prefix(7)) }
        let at = hub?.lastCommit.map { " at " + short($0) } ?? ""
        guard let commit = tree.commit else {
            guard hub?.lastCommit == nil else {
                throw .refused("the hub follows \(followed ?? "a branch")\(at); this folder is not a git checkout")
            }
            return Verdict(followed: followed, branch: nil, commit: nil, forced: false)
        }
        guard let followed else {
            throw .refused(
                "this checkout's HEAD \(short(commit)) is detached and the hub follows no branch of it yet: "
                    + "name the branch with --branch NAME, or 'hub_branch: NAME' in .workplan.yml")
        }
        let onBranch = tree.branch.map { $0 == followed } ?? (claimed == followed || tree.isTip(of: followed))
        guard onBranch else {
            let here =
                tree.branch.map { "this checkout is on \($0)" } ?? "this checkout's HEAD \(short(commit)) is detached"
            throw .refused(
                "the hub follows \(followed)\(at); \(here): sync from \(followed) "
                    + "(a detached HEAD: --branch \(followed)), or override with --force-branch")
        }
        if let last = hub?.lastCommit {
            switch tree.descends(from: last) {
            case true?: break
            // A shallow clone (CI) cannot see the hub's commit: its HEAD at the tip that origin
            // has now is taken as current.
            case nil where tree.isShallow && tree.isTip(of: followed, remoteOnly: true):
                break
            case nil:
                throw .refused(
                    "the hub follows \(followed) at \(short(last)), a commit this checkout does not have: pull first")
            case false?:
                let newer = WorkingTree.isAncestor(commit, of: last, tree: tree)
                throw .refused(
                    "the hub follows \(followed) at \(short(last)), "
                        + (newer
                            ? "newer than your HEAD \(short(commit)): pull first"
                            : "which your HEAD \(short(commit)) does not descend from: pull (or rebase) first"))
            }
        }
        return Verdict(followed: followed, branch: followed, commit: commit, forced: false)
    }
}

extension WorkingTree {
    /// Whether `commit` is an ancestor of `other` in `tree`'s repository.
    static func isAncestor(_ commit: String, of other: String, tree: WorkingTree) -> Bool {
        guard let directory = tree.directory else { return false }
        return (try? Git.run(["merge-base", "--is-ancestor", commit, other], in: directory)) != nil
    }
}
