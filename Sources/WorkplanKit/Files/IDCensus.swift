import Foundation

/// The workplan and task ids declared beyond the working tree: on every local and remote-tracking
/// branch, in every other worktree of the repository, and in the state store. `new` and
/// `task add` count them as taken, so that two branches do not pick the same next id.
///
/// Branches are read as what they add or change under the workplan folders compared with HEAD
/// (`git diff-tree`, then `git cat-file --batch` for those files; cached per pair of trees): the
/// files HEAD holds are the working tree's already. Other worktrees are read as the workplan files `git status`
/// lists as changed or new there.
public enum IDCensus {
    /// The ids starting with `prefix` that other branches and worktrees declare (the store's
    /// are added by `Workspace.takenIDs`); `cachePath` keeps what branches declare.
    public static func declaredInGit(
        _ configuration: Configuration, workingDirectory: String, prefix: String, cachePath: String
    ) -> Set<String> {
        var ids = Set<String>()
        if let top = try? Git.topLevel(of: workingDirectory) {
            let folders = configuration.folderURLs.map { relative($0.path, to: top) }
            ids.formUnion(branchIDs(folders: folders, top: top, cachePath: cachePath))
            for worktree in otherWorktrees(of: top) {
                for path in changedWorkplans(in: worktree, folders: folders) {
                    if case .success(let bytes) = FileReader.read(path, maxBytes: 16 << 20) {
                        ids.formUnion(declared(in: bytes, path: path))
                    }
                }
            }
        }
        return ids.filter { $0.hasPrefix(prefix) }
    }

    /// The ids the branches add or change under `folders` compared with HEAD. A branch's answer
    /// is cached by the trees of those folders on HEAD and on the branch (`.workplan/census-cache.json`):
    /// git is asked again only about branches whose folders, or HEAD's, changed since.
    static func branchIDs(folders: [String], top: String, cachePath: String) -> Set<String> {
        let refs = GitRefs.branches(in: top)
        let trees = GitRefs.folderTrees(["HEAD"] + refs, folders: folders, in: top)
        let head = trees["HEAD"] ?? ""
        var cache =
            (FileManager.default.contents(atPath: cachePath)).flatMap {
                try? JSONDecoder().decode([String: [String]].self, from: $0)
            } ?? [:]
        func key(_ ref: String) -> String { head + ">" + (trees[ref] ?? ref) }
        let unknown = refs.filter { cache[key($0)] == nil }
        let changed = GitRefs.changedFiles(unknown, since: "HEAD", under: folders, in: top)
        let blobs = GitRefs.blobs(changed.flatMap { ref, paths in paths.map { "\(ref):\($0)" } }, in: top)
        for ref in unknown {
            cache[key(ref)] = (changed[ref] ?? []).flatMap { path in
                blobs["\(ref):\(path)"].map { declared(in: $0, path: path) } ?? []
            }
        }
        let current = Set(refs.map(key))
        if !unknown.isEmpty || cache.keys.contains(where: { !current.contains($0) }),
            let data = try? JSONEncoder().encode(cache.filter { current.contains($0.key) })
        {
            try? StateFolder.create(for: cachePath)
            try? data.write(to: URL(fileURLWithPath: cachePath), options: .atomic)
        }
        return Set(refs.flatMap { cache[key($0)] ?? [] })
    }

    /// The workplan id and task ids a file declares.
    static func declared(in bytes: [UInt8], path: String) -> [String] {
        let workplan = WorkplanParser.parse(bytes: bytes, path: path)
        return [workplan.id].compactMap { $0 } + workplan.tasks.compactMap(\.id)
    }

    static func relative(_ path: String, to top: String) -> String {
        path.hasPrefix(top + "/") ? String(path.dropFirst(top.count + 1)) : path == top ? "." : path
    }

    /// The folders of the repository's other worktrees.
    static func otherWorktrees(of top: String) -> [String] {
        guard let data = try? Git.run(["worktree", "list", "--porcelain"], in: top) else { return [] }
        let own = URL(fileURLWithPath: top).resolvingSymlinksInPath().path
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix("worktree ") }.map { String($0.dropFirst("worktree ".count)) }
            .filter { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path != own }
    }

    /// The absolute paths of the workplan files changed or new in a worktree.
    static func changedWorkplans(in worktree: String, folders: [String]) -> [String] {
        guard
            let data = try? Git.run(
                ["status", "--porcelain", "-z", "--untracked-files=all", "--"] + folders, in: worktree)
        else { return [] }
        return data.split(separator: 0).compactMap { entry -> String? in
            let text = String(decoding: entry, as: UTF8.self)
            guard text.count > 3, text.hasSuffix(".md"), !text.hasPrefix(" D"), !text.hasPrefix("D ") else {
                return nil
            }
            return worktree + "/" + text.dropFirst(3)
        }
    }
}
