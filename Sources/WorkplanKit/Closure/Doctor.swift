import Foundation

/// A problem `workplan doctor` finds in the tree, typically after a merge, and what fixes it.
public struct DoctorIssue: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case duplicateWorkplanID = "duplicate-workplan-id"
        case duplicateTaskID = "duplicate-task-id"
        case duplicateUUID = "duplicate-uuid"
        case unfinishedRenumber = "unfinished-renumber"
        case unfinishedDomainRename = "unfinished-domain-rename"
    }

    /// One way to fix it.
    public enum Fix: Sendable, Codable, Equatable {
        /// `renumber OLD NEW` within `scope`.
        case renumber(old: String, new: String, scope: RenumberScope)
        /// A fresh UUID for the declaration at `path`:`line` (1-based), so the next sync gives it a row of its own.
        case newUUID(path: String, line: Int)
        /// Finishing the renumbering a crash interrupted.
        case finishRenumber(old: String, new: String)
        /// Finishing the domain rename a crash interrupted (`domain rename OLD NEW` again).
        case finishDomainRename(old: String, new: String)
    }

    public var kind: Kind
    public var id: String
    /// Who keeps the id: the declaration on the default branch, else the oldest in git, else the first by path.
    public var keeper: String?
    /// The places that lose it, `path:line`.
    public var others: [String]
    public var fix: Fix

    /// One line for people.
    public var description: String {
        switch fix {
        case .renumber(let old, let new, _):
            "\(kind.rawValue): \(id) is declared in \(keeper ?? "?") and \(others.joined(separator: ", ")); keep it in \(keeper ?? "?"), renumber \(old) to \(new) in \(others.first ?? "?")"
        case .newUUID:
            "\(kind.rawValue): \(id) is the store id of \(keeper ?? "?") and \(others.joined(separator: ", ")); give \(others.first ?? "?") a new one"
        case .finishRenumber(let old, let new):
            "\(kind.rawValue): renumbering \(old) to \(new) was interrupted; finish it"
        case .finishDomainRename(let old, let new):
            "\(kind.rawValue): renaming domain \(old) to \(new) was interrupted; finish it "
                + "(workplan domain rename \(old) \(new))"
        }
    }
}

/// Decides who keeps a duplicated id: the lowest rank wins.
public struct KeeperRank: Comparable, Sendable {
    /// Whether the declaring file is on the default branch (true ranks first).
    public var onDefaultBranch: Bool
    /// When git first saw the file (older ranks first; unknown last).
    public var added: Int?
    public var path: String

    public init(onDefaultBranch: Bool, added: Int?, path: String) {
        self.onDefaultBranch = onDefaultBranch
        self.added = added
        self.path = path
    }

    public static func < (left: KeeperRank, right: KeeperRank) -> Bool {
        if left.onDefaultBranch != right.onDefaultBranch { return left.onDefaultBranch }
        if left.added != right.added { return (left.added ?? .max) < (right.added ?? .max) }
        return left.path < right.path
    }
}

/// `workplan doctor`: finds duplicate workplan ids, task ids and UUIDs and an interrupted
/// renumbering, and plans each fix. Pure: git answers come in through `rank`, ids taken
/// elsewhere through `taken`.
public enum Doctor {
    public static func diagnose(
        _ set: WorkplanSet, pending: RenumberJournal?, taken: Set<String>, rank: (String) -> KeeperRank,
        pendingDomainRename: DomainRename? = nil
    ) -> [DoctorIssue] {
        var issues: [DoctorIssue] = []
        if let rename = pendingDomainRename {
            issues.append(
                DoctorIssue(
                    kind: .unfinishedDomainRename, id: rename.old, keeper: nil, others: [],
                    fix: .finishDomainRename(old: rename.old, new: rename.new)))
        }
        if let pending {
            issues.append(
                DoctorIssue(
                    kind: .unfinishedRenumber, id: pending.old, keeper: nil, others: [],
                    fix: .finishRenumber(old: pending.old, new: pending.new)))
        }
        var used = taken.union(
            set.entries.flatMap { [$0.workplan.id].compactMap { $0 } + $0.workplan.tasks.compactMap(\.id) })
        // Workplan ids: the losing files are renumbered (with their tasks) to the next free id.
        let workplans = Dictionary(grouping: set.entries.filter { $0.workplan.id != nil }) { $0.workplan.id ?? "" }
        for (id, entries) in workplans.sorted(by: { $0.key < $1.key }) where entries.count > 1 {
            let ordered = entries.sorted { rank($0.source.displayPath) < rank($1.source.displayPath) }
            for loser in ordered.dropFirst() {
                let new = nextWorkplanID(after: id, used: used)
                used.insert(new)
                issues.append(
                    DoctorIssue(
                        kind: .duplicateWorkplanID, id: id, keeper: ordered[0].source.displayPath,
                        others: [loser.source.displayPath],
                        fix: .renumber(old: id, new: new, scope: .file(loser.source.displayPath))))
            }
        }
        // Tasks of a duplicated workplan follow their workplan's renumbering.
        let duplicated = Set(workplans.filter { $0.value.count > 1 }.keys)
        issues += taskIssues(set, used: &used, rank: rank).filter { issue in
            !duplicated.contains { issue.id.hasPrefix($0 + "-T") }
        }
        issues += uuidIssues(set, rank: rank)
        return issues
    }

    /// Task ids declared twice (both branches added the next task): the later declaration is renumbered.
    static func taskIssues(_ set: WorkplanSet, used: inout Set<String>, rank: (String) -> KeeperRank) -> [DoctorIssue] {
        var places: [String: [(path: String, line: Int)]] = [:]
        for (source, workplan) in set.entries {
            for task in workplan.tasks {
                if let id = task.id { places[id, default: []].append((source.displayPath, task.block.openLine + 1)) }
            }
        }
        var issues: [DoctorIssue] = []
        for (id, found) in places.sorted(by: { $0.key < $1.key }) where found.count > 1 {
            let ordered = found.sorted { left, right in
                left.path == right.path ? left.line < right.line : rank(left.path) < rank(right.path)
            }
            for loser in ordered.dropFirst() {
                guard let dash = id.range(of: "-T", options: .backwards) else { continue }
                let workplanID = String(id[..<dash.lowerBound])
                let width = id.count - dash.upperBound.utf16Offset(in: id)
                let new = nextFree(workplanID + "-T", width: max(2, width), used: used)
                used.insert(new)
                issues.append(
                    DoctorIssue(
                        kind: .duplicateTaskID, id: id, keeper: "\(ordered[0].path):\(ordered[0].line)",
                        others: ["\(loser.path):\(loser.line)"],
                        fix: .renumber(old: id, new: new, scope: .taskBlock(path: loser.path, line: loser.line))))
            }
        }
        return issues
    }

    static func uuidIssues(_ set: WorkplanSet, rank: (String) -> KeeperRank) -> [DoctorIssue] {
        var places: [String: [(path: String, line: Int)]] = [:]
        for (source, workplan) in set.entries {
            if let uuid = workplan.uuid, let field = workplan.frontMatter?["state_hub_workstream_id"] {
                places[uuid, default: []].append((source.displayPath, field.keyLocation.line))
            }
            for task in workplan.tasks {
                if let uuid = task.uuid, let field = task.fields?["state_hub_task_id"] {
                    places[uuid, default: []].append((source.displayPath, field.keyLocation.line))
                }
            }
        }
        return places.sorted(by: { $0.key < $1.key }).filter { $0.value.count > 1 }.flatMap { uuid, found in
            let ordered = found.sorted { left, right in
                left.path == right.path ? left.line < right.line : rank(left.path) < rank(right.path)
            }
            return ordered.dropFirst().map { loser in
                DoctorIssue(
                    kind: .duplicateUUID, id: uuid, keeper: "\(ordered[0].path):\(ordered[0].line)",
                    others: ["\(loser.path):\(loser.line)"], fix: .newUUID(path: loser.path, line: loser.line))
            }
        }
    }

    /// Store ids that another repository of the hub holds live (`heldElsewhere`: UUID to where
    /// it is held): the files here are copies, and each such declaration gets a new store id.
    static func hubCopyIssues(_ set: WorkplanSet, heldElsewhere: [String: String]) -> [DoctorIssue] {
        guard !heldElsewhere.isEmpty else { return [] }
        var issues: [DoctorIssue] = []
        for (source, workplan) in set.entries {
            var declared: [(uuid: String?, field: YAMLField?)] = [
                (workplan.uuid, workplan.frontMatter?["state_hub_workstream_id"])
            ]
            declared += workplan.tasks.map { ($0.uuid, $0.fields?["state_hub_task_id"]) }
            for case (let uuid?, let field?) in declared {
                guard let holder = heldElsewhere[uuid] else { continue }
                let line = field.keyLocation.line
                issues.append(
                    DoctorIssue(
                        kind: .duplicateUUID, id: uuid, keeper: holder, others: ["\(source.displayPath):\(line)"],
                        fix: .newUUID(path: source.displayPath, line: line)))
            }
        }
        return issues
    }

    /// The next workplan id with `id`'s prefix and width that nothing uses.
    static func nextWorkplanID(after id: String, used: Set<String>) -> String {
        guard let range = id.range(of: "-WP-") else { return id }
        return nextFree(
            String(id[..<range.upperBound]), width: id.count - range.upperBound.utf16Offset(in: id), used: used)
    }

    /// `prefix` followed by the number after the highest `used` one, `width` digits at least.
    static func nextFree(_ prefix: String, width: Int, used: Set<String>) -> String {
        let numbers = used.filter { $0.hasPrefix(prefix) }.compactMap {
            Int($0.dropFirst(prefix.count).prefix { $0.isNumber })
        }
        let number = String((numbers.max() ?? 0) + 1)
        return prefix + String(repeating: "0", count: max(0, width - number.count)) + number
    }

    /// The edit that gives the declaration at `line` (1-based) of `workplan` a fresh store id.
    public static func newUUIDChange(
        _ source: WorkplanSource, _ workplan: Workplan, line: Int, uuid: String
    ) -> FileChange? {
        let fields =
            [workplan.frontMatter?["state_hub_workstream_id"]] + workplan.tasks.map { $0.fields?["state_hub_task_id"] }
        guard let field = fields.compactMap({ $0 }).first(where: { $0.keyLocation.line == line }),
            let bytes = ByteEdit.apply([workplan.setValue(of: field, to: uuid)], to: workplan.bytes)
        else { return nil }
        return FileChange(
            absolutePath: source.absolutePath, displayPath: source.displayPath, original: workplan.bytes, updated: bytes
        )
    }
}
