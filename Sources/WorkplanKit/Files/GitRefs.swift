import Foundation

/// What other branches and worktrees of a repository declare, read with git plumbing: no
/// checkout, no network.
public enum GitRefs {
    /// Every local and remote-tracking branch (`refs/remotes/*/HEAD` aside), by full ref name.
    public static func branches(in directory: String) -> [String] {
        guard
            let data = try? Git.run(
                ["for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes"], in: directory)
        else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            .filter { !$0.hasSuffix("/HEAD") }
    }

    /// The repository's default branch: `origin/HEAD`'s target, else `main` or `master`; nil when
    /// there is none (or no repository).
    public static func defaultBranch(in directory: String) -> String? {
        if let data = try? Git.run(["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"], in: directory) {
            let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !name.isEmpty { return name }
        }
        for name in ["refs/heads/main", "refs/heads/master"]
        where (try? Git.run(["rev-parse", "--verify", "--quiet", name], in: directory)) != nil {
            return name
        }
        return nil
    }

    /// The upstream of `branch` (`refs/remotes/origin/main` for `refs/heads/main`), if set.
    public static func upstream(of branch: String, in directory: String) -> String? {
        guard let data = try? Git.run(["rev-parse", "--symbolic-full-name", branch + "@{upstream}"], in: directory)
        else { return nil }
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

    /// The `.md` files (repository-relative paths) that each ref adds or changes under `folders`
    /// compared with `base`, in one `git diff-tree --stdin` process (refs at the same commit as
    /// `base`, or as each other, cost nothing more).
    public static func changedFiles(
        _ refs: [String], since base: String, under folders: [String], in directory: String
    ) -> [String: [String]] {
        guard !refs.isEmpty,
            let resolved = try? Git.run(["rev-parse", base] + refs, in: directory)
        else { return [:] }
        let oids = String(decoding: resolved, as: UTF8.self).split(separator: "\n").map(String.init)
        guard oids.count == refs.count + 1 else { return [:] }
        let baseOID = oids[0]
        let commits = Array(Set(oids.dropFirst()).subtracting([baseOID])).sorted()
        guard !commits.isEmpty else { return [:] }
        let input = commits.map { "\($0) \(baseOID)" }.joined(separator: "\n") + "\n"
        guard
            let data = try? Git.run(
                ["diff-tree", "--stdin", "-r", "--no-renames", "--name-only", "-z", "--diff-filter=AM", "--"] + folders,
                in: directory, input: Data(input.utf8))
        else { return [:] }
        var byCommit: [String: [String]] = [:]
        var current: String?
        for token in data.split(separator: 0).map({ String(decoding: $0, as: UTF8.self) }) {
            if commits.contains(token) {
                current = token
            } else if let current, token.hasSuffix(".md") {
                byCommit[current, default: []].append(token)
            }
        }
        var result: [String: [String]] = [:]
        for (ref, oid) in zip(refs, oids.dropFirst()) { result[ref] = byCommit[oid] ?? [] }
        return result
    }

    /// The tree ids of `folders` on each ref, joined (`-` for a folder a ref lacks), in one
    /// `git cat-file --batch-check` process.
    public static func folderTrees(_ refs: [String], folders: [String], in directory: String) -> [String: String] {
        let specs = refs.flatMap { ref in folders.map { "\(ref):\($0)" } }
        guard !specs.isEmpty,
            let data = try? Git.run(
                ["cat-file", "--batch-check=%(objectname)"], in: directory,
                input: Data((specs.joined(separator: "\n") + "\n").utf8))
        else { return [:] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var result: [String: String] = [:]
        for (index, ref) in refs.enumerated() {
            result[ref] = (0..<folders.count).map { folder in
                let line = index * folders.count + folder < lines.count ? lines[index * folders.count + folder] : ""
                return line.hasSuffix(" missing") || line.isEmpty ? "-" : String(line)
            }.joined(separator: ",")
        }
        return result
    }

    /// The bytes of each `ref:path`, in one `git cat-file --batch` process; missing ones are absent.
    public static func blobs(_ specs: [String], in directory: String) -> [String: [UInt8]] {
        guard !specs.isEmpty,
            let data = try? Git.run(
                ["cat-file", "--batch"], in: directory, input: Data((specs.joined(separator: "\n") + "\n").utf8))
        else { return [:] }
        return parseBatch([UInt8](data), specs: specs)
    }

    /// Reads `git cat-file --batch` output: per request, `<oid> <type> <size>\n<bytes>\n` or `<spec> missing\n`.
    static func parseBatch(_ data: [UInt8], specs: [String]) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        var index = 0
        for spec in specs {
            guard let newline = data[index...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let header = String(decoding: data[index..<newline], as: UTF8.self).split(separator: " ")
            index = newline + 1
            guard header.count == 3, let size = Int(header[2]), index + size <= data.count else { continue }
            result[spec] = Array(data[index..<index + size])
            index += size + 1
        }
        return result
    }

    /// When `path` (repository-relative) was first added, as seconds since 1970; nil when git
    /// does not know it.
    public static func firstAdded(_ path: String, in directory: String) -> Int? {
        guard
            let data = try? Git.run(
                ["log", "--diff-filter=A", "--format=%ct", "--reverse", "--", path], in: directory)
        else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").first.flatMap { Int($0) }
    }

    /// Whether `ref` holds `path` (repository-relative).
    public static func holds(_ ref: String, _ path: String, in directory: String) -> Bool {
        (try? Git.run(["cat-file", "-e", "\(ref):\(path)"], in: directory)) != nil
    }
}
