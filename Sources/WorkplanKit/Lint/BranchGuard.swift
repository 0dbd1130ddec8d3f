import Foundation

/// The guard before a merge (`id-on-other-branch`): an id the linted files declare that another
/// branch also declares, added on both sides since they parted (not declared at their merge
/// base), in a different file, with a different store id, or with a different task block. Two
/// branches that each add "the next" workplan both lint clean on their own; this finds the
/// clash before the merge. It reads git (refs, trees, blobs), so it runs with `lint --staged`,
/// `--branch-guard` or `--guard-ref`, not as a pure rule.
public enum BranchGuard {
    public static let ruleID = RuleID.idOnOtherBranch

    /// The refs checked by default: the default branch and its upstream.
    public static func defaultRefs(in directory: String) -> [String] {
        guard let branch = GitRefs.defaultBranch(in: directory) else { return [] }
        return [branch] + [GitRefs.upstream(of: branch, in: directory)].compactMap { $0 }
    }

    /// The clashes of `files` with `refs`, each with a free id to renumber to (`taken`: the ids
    /// declared elsewhere, asked for at the first clash).
    public static func diagnostics(
        for files: [(source: WorkplanSource, workplan: Workplan)], refs: [String], workingDirectory: String,
        taken: () async -> Set<String>
    ) async -> [Diagnostic] {
        guard let top = try? Git.topLevel(of: workingDirectory), !files.isEmpty else { return [] }
        var diagnostics: [Diagnostic] = []
        var used: Set<String>?
        for ref in refs {
            guard let base = try? Git.run(["merge-base", "HEAD", ref], in: top) else { continue }
            let baseCommit = String(decoding: base, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            for (source, workplan) in files {
                for clash in clashes(
                    of: workplan, at: IDCensus.relative(source.absolutePath, to: top), ref: ref, base: baseCommit,
                    top: top)
                {
                    if used == nil {
                        used = await taken()
                            .union(
                                files.flatMap { IDCensus.declared(in: $0.workplan.bytes, path: $0.source.displayPath) })
                    }
                    let suggestion = suggest(for: clash.id, used: used ?? [])
                    used?.insert(suggestion)
                    diagnostics.append(
                        Diagnostic(
                            rule: ruleID, severity: .error, path: source.displayPath, location: clash.location,
                            message:
                                "\(clash.id) is also declared on \(shortName(ref)) (\(clash.otherPath)); renumber with `workplan renumber \(clash.id) \(suggestion)`"
                        ))
                }
            }
        }
        return diagnostics
    }

    struct Clash {
        var id: String
        var location: SourceLocation
        var otherPath: String
    }

    /// What `workplan` (at repository path `path`) declares that `ref` declares differently,
    /// both added since `base`.
    static func clashes(of workplan: Workplan, at path: String, ref: String, base: String, top: String) -> [Clash] {
        guard let id = workplan.id, let location = workplan.frontMatter?["id"]?.value.scalar?.location else {
            return []
        }
        let folder = (path as NSString).deletingLastPathComponent
        let names =
            (try? Git.run(["ls-tree", "--name-only", ref, "--", folder.isEmpty ? "." : folder + "/"], in: top))
            .map { String(decoding: $0, as: UTF8.self).split(separator: "\n").map(String.init) } ?? []
        let candidates = names.filter { name in
            let file = (name as NSString).lastPathComponent
            return name == path || Renumberer.isNamed(file, after: id)
        }
        let specs = candidates.flatMap { ["\(ref):\($0)", "\(base):\($0)"] }
        let blobs = GitRefs.blobs(specs, in: top)
        func parse(_ spec: String) -> Workplan? { blobs[spec].map { WorkplanParser.parse(bytes: $0, path: spec) } }
        var found: [Clash] = []
        for candidate in candidates {
            guard let theirs = parse("\(ref):\(candidate)") else { continue }
            let before = parse("\(base):\(candidate)")
            if theirs.id == id, before?.id != id,
                candidate != path || (theirs.uuid != nil && workplan.uuid != nil && theirs.uuid != workplan.uuid)
            {
                found.append(Clash(id: id, location: location, otherPath: candidate))
            }
            guard candidate == path else { continue }
            let earlier = Set(before?.tasks.compactMap(\.id) ?? [])
            for task in workplan.tasks {
                guard let taskID = task.id, !earlier.contains(taskID), let other = theirs.task(taskID),
                    let taskLocation = task.fields?["id"]?.value.scalar?.location
                else { continue }
                if blockLines(other, in: theirs) != blockLines(task, in: workplan) {
                    found.append(Clash(id: taskID, location: taskLocation, otherPath: candidate))
                }
            }
        }
        return found
    }

    /// The lines of a task's block, without its store id line (which sync adds on each side).
    static func blockLines(_ task: WorkplanTask, in workplan: Workplan) -> [ArraySlice<UInt8>] {
        let source = workplan.document.source
        return task.block.contentLines.map { source.content(ofLine: $0) }.filter {
            !$0.starts(with: Array("state_hub_".utf8))
        }
    }

    static func suggest(for id: String, used: Set<String>) -> String {
        if let dash = id.range(of: "-T", options: .backwards), IDShape.isTask(id) {
            return Doctor.nextFree(
                String(id[..<dash.upperBound]), width: max(2, id.distance(from: dash.upperBound, to: id.endIndex)),
                used: used)
        }
        return Doctor.nextWorkplanID(after: id, used: used)
    }

    static func shortName(_ ref: String) -> String {
        for prefix in ["refs/heads/", "refs/remotes/"] where ref.hasPrefix(prefix) {
            return String(ref.dropFirst(prefix.count))
        }
        return ref
    }
}
