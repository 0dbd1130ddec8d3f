import Foundation

/// The workplan and task ids declared beyond the working tree: on every local and remote-tracking
/// branch, in every other worktree of the repository, and in the state store. `new` and
/// `task add` count them as taken, so that two branches do not pick the same next id.
///
/// Branches are read as what they add or change under the workplan folders compared with HEAD
/// (`git diff-tree`, then `git cat-file --batch` for those files): the files HEAD holds are
/// the working tree's already. Other worktrees are read as the workplan files `git status`
/// lists as changed or new there.
public enum IDCensus {
    public static func declaredElsewhere(
        _ configuration: Configuration, workingDirectory: String, prefix: String
    ) -> Set<String> {
        var ids = Set<String>()
        if let top = try? Git.topLevel(of: workingDirectory) {
            let folders = configuration.folderURLs.map { relative($0.path, to: top) }
            let changed = GitRefs.changedFiles(GitRefs.branches(in: top), since: "HEAD", under: folders, in: top)
            let specs = changed.flatMap { ref, paths in paths.map { "\(ref):\($0)" } }
            for (spec, bytes) in GitRefs.blobs(specs, in: top) {
                ids.formUnion(declared(in: bytes, path: spec))
            }
            for worktree in otherWorktrees(of: top) {
                for path in changedWorkplans(in: worktree, folders: folders) {
                    if case .success(let bytes) = FileReader.read(path, maxBytes: 16 << 20) {
                        ids.formUnion(declared(in: bytes, path: path))
                    }
                }
            }
        }
        let databasePath = SyncEngine(configuration: configuration, workingDirectory: workingDirectory)
            .databasePath(SyncOptions())
        if FileManager.default.fileExists(atPath: databasePath),
            let store = try? SQLiteStateStore(readingExisting: databasePath),
            let stored = try? store.read({ try $0.ids(withPrefix: prefix) })
        {
            ids.formUnion(stored)
        }
        return ids.filter { $0.hasPrefix(prefix) }
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
            guard text.count > 3, text.hasSuffix(".md"), !text.hasPrefix(" D"), !text.hasPrefix("D ") else { return nil }
            return worktree + "/" + text.dropFirst(3)
        }
    }
}
