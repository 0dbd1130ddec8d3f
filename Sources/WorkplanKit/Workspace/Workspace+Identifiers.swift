import Foundation

/// The use cases that give out or change ids: `new`, `renumber`, `doctor`.
extension Workspace {
    /// What `new` created.
    public struct Created: Sendable {
        public var id: String
        public var path: String
        /// The store's outcome; nil when there is no store.
        public var store: StoreUpdate?
    }

    /// `new`: a workplan with the next id free in the tree, on other branches and in the store,
    /// written without replacing any file; then synced into the store when there is one.
    public func newWorkplan(domain: String, title: String, prefix: String?) async throws -> Created {
        // Only the workplan ids: read from the front matter at the head of each file.
        let ids = try FrontMatterIDs.ids(configuration, workingDirectory: workingDirectory)
        let taken = await takenIDs(prefix: try WorkplanCreator.prefix(prefix, ids: ids) + "-WP-")
        let folder = configuration.folderURLs.first?.path ?? configuration.root.path
        let plan = try WorkplanCreator.plan(
            domain: domain, title: title, prefix: prefix, today: today(), folder: folder,
            configuration: configuration, ids: ids, taken: taken)
        try WorkplanCreator.write(plan.text, to: plan.path)
        return Created(id: plan.id, path: plan.path, store: await updateStore(paths: [plan.path], closure: nil))
    }

    /// The renumbering `renumber OLD NEW` makes. A renumbering a crash left unfinished (the
    /// journal names the same ids) is resumed, with the `text` option it started with: the one
    /// place this rule lives, for `renumber` and `doctor --fix`.
    public func planRenumber(
        _ old: String, to new: String, scope: RenumberScope = .everywhere, text: Bool = false
    ) throws -> (plan: RenumberPlan, text: Bool) {
        let set = try workplans()
        let pending = RenumberJournal.pending(at: stateFolder.renumberJournal)
        let resuming = pending?.old == old && pending?.new == new
        let text = text || (resuming && pending?.text == true)
        return (try Renumberer.plan(old, to: new, scope: scope, text: text, resuming: resuming, in: set), text)
    }

    /// Carries out a renumbering: the journal first, then the files, the rename, and the
    /// journal's removal (`RenumberJournal`).
    public func apply(_ plan: RenumberPlan, text: Bool) throws(EditRefusal) {
        try RenumberJournal.apply(plan, text: text, journalPath: stateFolder.renumberJournal)
    }

    /// `doctor`: duplicate workplan, task and store ids, and an unfinished renumbering, ranking
    /// duplicate places with git (the default branch, then the first commit that added the
    /// file, then the path).
    public func diagnoseDuplicates() async throws(WorkplanRunError) -> [DoctorIssue] {
        let set = try workplans()
        let top = try? Git.topLevel(of: workingDirectory)
        let defaultBranch = top.flatMap { GitRefs.defaultBranch(in: $0) }
        var ranks: [String: KeeperRank] = [:]
        func rank(_ path: String) -> KeeperRank {
            if let known = ranks[path] { return known }
            let absolute = WorkplanLoader.absolutePath(path, workingDirectory: workingDirectory)
            let relative = top.map { IDCensus.relative(absolute, to: $0) } ?? path
            let rank = KeeperRank(
                onDefaultBranch: top.flatMap { top in defaultBranch.map { GitRefs.holds($0, relative, in: top) } }
                    ?? false,
                added: top.flatMap { GitRefs.firstAdded(relative, in: $0) }, path: path)
            ranks[path] = rank
            return rank
        }
        let taken = await takenIDs(prefix: "")
        return Doctor.diagnose(
            set, pending: RenumberJournal.pending(at: stateFolder.renumberJournal), taken: taken, rank: rank,
            pendingDomainRename: DomainRename.pending(at: stateFolder.domainRenameJournal))
            + Doctor.hubCopyIssues(set, heldElsewhere: await heldByOtherRepositories(set))
    }

    /// On a hub: the store ids of `set` that another repository holds live, with where (a
    /// workplan copied from there); empty without a hub, or when it cannot be read.
    private func heldByOtherRepositories(_ set: WorkplanSet) async -> [String: String] {
        guard store.isHub, storeProblem == nil, store.location.repository.undeclaredProblem == nil else { return [:] }
        let scope = SnapshotScope.touching(workplans: set.entries.map(\.workplan), paths: [], workstreams: [])
        guard let foreign = try? await store.openExisting()?.read({ try await $0.snapshot(scope) }).foreign else {
            return [:]
        }
        var held: [String: String] = [:]
        for row in foreign.workstreams where row.record.removedAt == nil {
            if let uuid = row.record.uuid { held[uuid] = "\(row.repository): \(row.record.path ?? row.record.id)" }
        }
        for row in foreign.tasks where row.record.removedAt == nil {
            if let uuid = row.record.uuid { held[uuid] = "\(row.repository): \(row.record.id)" }
        }
        return held
    }

    /// `doctor --fix`: fixes every issue, one at a time, diagnosing again after each (a
    /// workplan's renumbering also settles its tasks'). Returns the issues fixed, in order;
    /// stops at the first refusal.
    public func fixDuplicates() async throws -> [DoctorIssue] {
        var fixed: [DoctorIssue] = []
        for _ in 0..<1000 {
            guard let issue = try await diagnoseDuplicates().first else { break }
            switch issue.fix {
            case .renumber(let old, let new, let scope):
                let (plan, text) = try planRenumber(old, to: new, scope: scope)
                try apply(plan, text: text)
            case .finishRenumber(let old, let new):
                let (plan, text) = try planRenumber(old, to: new)
                try apply(plan, text: text)
            case .finishDomainRename(let old, let new):
                _ = try renameDomain(old, to: new, name: nil, dryRun: false)
            case .newUUID(let path, let line):
                let set = try workplans()
                guard let (source, workplan) = set.entries.first(where: { $0.source.displayPath == path }),
                    let change = Doctor.newUUIDChange(source, workplan, line: line, uuid: newUUID())
                else { throw EditRefusal.inconsistentResult("cannot give \(path):\(line) a new store id") }
                try ChangeWriter.write([change])
            }
            fixed.append(issue)
        }
        return fixed
    }
}
