import Foundation

/// Which declarations a renumbering changes.
public enum RenumberScope: Sendable, Equatable, Codable {
    /// The id's declaration and every reference to it, in every workplan.
    case everywhere
    /// Only this file (by display path): its declaration of the id and its own references. What
    /// `doctor` uses for the losing side of a duplicate, whose references elsewhere are the
    /// keeper's.
    case file(String)
    /// Only the `id:` of the task block opening at this 1-based line of this file.
    case taskBlock(path: String, line: Int)
}

/// A planned renumbering: the file edits and the file rename.
public struct RenumberPlan: Sendable {
    public var old: String
    public var new: String
    /// Every file that changes, the declaring file last.
    public var changes: [FileChange]
    /// The declaring file's rename, when its name starts with the old workplan id.
    public var rename: (from: String, to: String)?
    /// How many ids were replaced.
    public var replacements: Int
    /// The byte edits of each changed file, by absolute path: what `changes` applies.
    public var edits: [String: [ByteEdit]] = [:]
}

/// `workplan renumber OLD NEW`: changes a workplan or task id and every reference to it (the
/// front matter's `id`, `depends_on` and `blocks`; task blocks' `id`, `depends_on`,
/// `carried_to`, `carried_from`; dependency bullets; the Closure Review; and, with `text`,
/// headings and prose), byte-preserving, checked by parsing every result. A workplan's task ids
/// follow its id. UUIDs stay, so the next sync renames the rows in place.
public enum Renumberer {
    public static func plan(
        _ old: String, to new: String, scope: RenumberScope = .everywhere, text: Bool = false,
        resuming: Bool = false, in set: WorkplanSet
    ) throws(EditRefusal) -> RenumberPlan {
        let isWorkplan = set.workplan(old) != nil || (resuming && set.workplan(new) != nil)
        try validate(old, new, isWorkplan: isWorkplan, scope: scope, resuming: resuming, in: set)
        var changes: [FileChange] = []
        var declaring: FileChange?
        var rename: (from: String, to: String)?
        var replacements = 0
        var editsByPath: [String: [ByteEdit]] = [:]
        for (source, workplan) in set.entries {
            if case .file(let path) = scope, source.displayPath != path { continue }
            if case .taskBlock(let path, _) = scope, source.displayPath != path { continue }
            let edits = IDReferences.edits(
                replacing: old, with: new, prefix: isWorkplan, in: workplan, text: text, scope: scope)
            let declares = [old, new].contains(workplan.id) && isWorkplan
            let renamed = declares ? renamedPath(source.absolutePath, old: old, new: new) : nil
            guard !edits.isEmpty || renamed != nil else { continue }
            guard let bytes = ByteEdit.apply(edits, to: workplan.bytes) else {
                throw .inconsistentResult("overlapping edits in \(source.displayPath)")
            }
            try check(bytes, of: workplan, old: old, new: new, prefix: isWorkplan)
            replacements += edits.count
            if !edits.isEmpty { editsByPath[source.absolutePath] = edits }
            let change = FileChange(
                absolutePath: source.absolutePath, displayPath: source.displayPath, original: workplan.bytes,
                updated: bytes)
            if declares || workplan.tasks.contains(where: { $0.id == old }) {
                declaring = change
            } else {
                changes.append(change)
            }
            if let renamed { rename = (source.absolutePath, renamed) }
        }
        if let declaring { changes.append(declaring) }
        if let rename, FileManager.default.fileExists(atPath: rename.to) {
            throw .idTaken(new, path: rename.to)
        }
        return RenumberPlan(
            old: old, new: new, changes: changes, rename: rename, replacements: replacements, edits: editsByPath)
    }

    private static func validate(
        _ old: String, _ new: String, isWorkplan: Bool, scope: RenumberScope, resuming: Bool, in set: WorkplanSet
    ) throws(EditRefusal) {
        let oldTask = set.workplan(holdingTask: old)
        guard isWorkplan || oldTask != nil || resuming else { throw .unknownWorkplanOrTask(old) }
        guard old != new, IDShape.sameKind(old, new) else {
            throw .invalidValue(key: "new id", value: new, allowed: [IDShape.example(like: old)])
        }
        if !resuming {
            if let (source, _) = set.workplan(new) ?? set.workplan(holdingTask: new) {
                throw .idTaken(new, path: source.displayPath)
            }
            if isWorkplan,
                let (source, _) = set.entries.first(where: { entry in
                    entry.workplan.tasks.contains { $0.id?.hasPrefix(new + "-T") ?? false } && entry.workplan.id != old
                })
            {
                throw .idTaken(new, path: source.displayPath)
            }
        }
        for (source, workplan) in set.entries where !workplan.isReliable {
            if IDReferences.mentions(old, in: workplan) { throw .unreliable(source.displayPath) }
        }
    }

    /// The declaring file's new path when its name starts with the old id (`OLD-slug.md`, `OLD.md`).
    static func renamedPath(_ path: String, old: String, new: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        guard isNamed(name, after: old) else { return nil }
        return url.deletingLastPathComponent().appendingPathComponent(new + name.dropFirst(old.count)).path
    }

    /// Whether a file name starts with `id` as a whole word: `ID-slug.md` or `ID.md`.
    static func isNamed(_ name: String, after id: String) -> Bool {
        guard name.hasPrefix(id), let next = name.dropFirst(id.count).first else { return false }
        return next == "-" || next == "."
    }

    /// Refuses a result that does not read back as the same workplan with the ids renumbered.
    private static func check(
        _ bytes: [UInt8], of workplan: Workplan, old: String, new: String, prefix: Bool
    ) throws(EditRefusal) {
        let reread = WorkplanParser.parse(bytes: bytes, path: workplan.path)
        func renumbered(_ id: String?) -> String? {
            guard let id else { return nil }
            if id == old { return new }
            if prefix, id.hasPrefix(old + "-T") { return new + id.dropFirst(old.count) }
            return id
        }
        // Each id reads back as it was or renumbered (a scoped renumbering changes some only).
        let tasksMatch =
            reread.tasks.count == workplan.tasks.count
            && zip(workplan.tasks, reread.tasks).allSatisfy { $1.id == $0.id || $1.id == renumbered($0.id) }
        guard reread.isReliable == workplan.isReliable, tasksMatch,
            reread.id == renumbered(workplan.id) || reread.id == workplan.id,
            reread.tasks.map(\.uuid) == workplan.tasks.map(\.uuid), reread.uuid == workplan.uuid,
            reread.closureReview?.items.count == workplan.closureReview?.items.count,
            reread.dependencies.count == workplan.dependencies.count
        else {
            throw .inconsistentResult("\(workplan.path) would not read back with \(old) renumbered to \(new)")
        }
    }
}

/// The shapes of ids: `PREFIX-WP-NNNN` for workplans, `PREFIX-WP-NNNN-TNN` for tasks.
enum IDShape {
    static func isTask(_ id: String) -> Bool { id.wholeMatch(of: #/[A-Za-z][A-Za-z0-9]*-WP-[0-9]+-T[0-9]+/#) != nil }
    static func isWorkplan(_ id: String) -> Bool { id.wholeMatch(of: #/[A-Za-z][A-Za-z0-9]*-WP-[0-9]+/#) != nil }

    /// Whether `new` can replace `old`: both workplan ids, or both task ids of the same workplan.
    static func sameKind(_ old: String, _ new: String) -> Bool {
        if isWorkplan(old) { return isWorkplan(new) }
        guard isTask(old), isTask(new), let oldDash = old.range(of: "-T", options: .backwards),
            let newDash = new.range(of: "-T", options: .backwards)
        else { return false }
        return old[..<oldDash.lowerBound] == new[..<newDash.lowerBound]
    }

    static func example(like old: String) -> String {
        isTask(old) ? "a task id of the same workplan, like \(old)" : "a workplan id, like \(old)"
    }
}
