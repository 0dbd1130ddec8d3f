import Foundation

/// The use cases that read: lint, sync, the store's summaries, the workplans.
extension Workspace {
    /// Lints `paths` (the configured folders when empty), or the staged workplan files; see
    /// `LintRunner`. `guardRefs` runs the branch guard against those refs (empty: the default
    /// branch and its upstream).
    public func lint(
        paths: [String] = [], staged: Bool = false, useCache: Bool = true, guardRefs: [String]? = nil
    ) async throws(WorkplanRunError) -> LintReport {
        try await LintRunner.run(
            paths: paths, staged: staged, workspace: self, useCache: useCache, guardRefs: guardRefs)
    }

    /// Reconciles the workplans into the store (ADR-001); see `SyncEngine`.
    public func sync(_ options: SyncOptions) async throws(SyncError) -> SyncReport {
        try await SyncEngine(self).run(options)
    }

    /// The configured workplans, parsed.
    public func workplans() throws(WorkplanRunError) -> WorkplanSet {
        try WorkplanSet.load(configuration, workingDirectory: workingDirectory)
    }

    /// The tasks that can be started now, read from the files.
    public func ready(domain: String?, workplan: String?) throws(WorkplanRunError) -> [ReadyTask] {
        ReadyTasks.find(in: try workplans(), domain: domain, workplan: workplan)
    }

    /// `status`: progress per workstream and the open tasks, for one domain or all, with the
    /// files whose content differs from what the last sync recorded.
    public func status(domain: String?) async throws -> StatusReport {
        async let hashes = fileHashes()
        let progress = try await StoreError.wrapping {
            try await store.openToRead().read { try await $0.progress(domain: domain) }
        }
        let files = try await hashes
        var report = StatusReport()
        report.workstreams = progress.workstreams
        report.openTasks = progress.openTasks
        report.staleFiles = files.filter { progress.fileHashes[$0.path] != $0.hash }.map(\.path).sorted()
        return report
    }

    /// `status --all`: every repository of the store with its counts per domain, for one
    /// repository or domain when they are given.
    public func hubSummary(repository: String?, domain: String?) async throws(StoreError) -> HubSummary {
        try await StoreError.wrapping {
            var repositories = try await store.openToRead().read { try await $0.hubSummary() }
            if let repository { repositories = repositories.filter { $0.repository == repository } }
            if let domain {
                for index in repositories.indices { repositories[index].domains.removeAll { $0.domain != domain } }
            }
            return HubSummary(store: store.location.display, repositories: repositories)
        }
    }

    /// `cleanup-stale`: cancels the store-only open tasks of closed workstreams.
    public func cleanupStale(dryRun: Bool) async throws(StoreError) -> StaleCleanup.Report {
        return try await StaleCleanup.run(store, dryRun: dryRun, now: now(), origin: runOrigin())
    }

    /// `dashboard`: the site of every repository the store holds, with what this working tree
    /// says of itself (files changed since the last sync).
    public func staticSite(_ options: StaticSite.Options) async throws -> StaticSite {
        async let hashes = fileHashes()
        let local = localRepositoryName
        let (rows, events, lastSync, recorded) = try await StoreError.wrapping {
            try await store.openToRead().read { reader in
                let events = try await reader.eventFeed(EventQuery(limit: .max))
                let recorded = try await reader.syncState().files.mapValues(\.contentHash)
                return (try await reader.readRows(), events, try await reader.lastSyncRun(), recorded)
            }
        }
        let named = events.map { event in
            var named = event
            if named.repository.isEmpty { named.repository = local }
            return named
        }
        let model = ReadModel(rows.naming("", local), token: "")
        let changed = try await hashes.filter { recorded[$0.path] != $0.hash }.map(\.path).sorted()
        let now = named.map(\.event.at).max() ?? ""
        let health = SiteHealth(changedFiles: changed, lastSync: lastSync, events: named, now: now)
        return StaticSite(
            model, events: named, health: health, local: store.isHub ? repositoryName : local, options: options)
    }

    /// The path and content hash of every configured workplan file, read on a thread of their
    /// own: callers await them beside the store's read.
    private func fileHashes() async throws(SyncError) -> [(path: String, hash: String)] {
        let engine = SyncEngine(self)
        return try await offThePool { Result { () throws(SyncError) in try engine.currentFileHashes() } }.get()
    }

    /// The ids starting with `prefix` that are taken beyond the working tree: declared on
    /// other branches and worktrees, or held by the store (removed rows included). `new` and
    /// `task add` skip them, so that two branches do not pick the same next id.
    public func takenIDs(prefix: String) async -> Set<String> {
        var ids = IDCensus.declaredInGit(
            configuration, workingDirectory: workingDirectory, prefix: prefix, cachePath: stateFolder.censusCache)
        if store.mayExist, let stored = try? await store.openExisting()?.read({ try await $0.ids(withPrefix: prefix) })
        {
            ids.formUnion(stored)
        }
        return ids
    }
}

extension Workspace {
    /// `show`: one workplan, by id or path (a path outside the configured folders too).
    public func show(_ workplan: String) throws(WorkplanRunError) -> Workplan {
        try WorkplanFinder.find(workplan, configuration: configuration, workingDirectory: workingDirectory)
    }

    /// The latest `limit` changes the store recorded of workstream `id`, with their runs; nil
    /// when there is no store to ask (or it cannot be read).
    public func history(of id: String, limit: Int = 10) async -> [WorkplanSummary.Change]? {
        guard store.mayExist, storeProblem == nil else { return nil }
        return try? await store.openExisting()?.read { reader in
            let events = try await reader.events(subject: id).suffix(limit)
            let runs = try await reader.runs(ids: Set(events.compactMap(\.run)).sorted())
            let byID = Dictionary(runs.compactMap { run in run.id.map { ($0, run) } }, uniquingKeysWith: { a, _ in a })
            return events.reversed().map {
                WorkplanSummary.Change(at: $0.at, kind: $0.kind.rawValue, run: $0.run.flatMap { byID[$0] })
            }
        }
    }
}

extension Workspace {
    /// A file store holds one repository, unnamed in its rows: it is shown under this name
    /// (none on a hub, whose rows name theirs).
    var localRepositoryName: String {
        store.isHub ? "" : repositoryName
    }

    /// This repository's name: on a hub, the identity the workspace resolved for it when it was
    /// opened (the one its rows are written under); otherwise as the configuration, the `origin`
    /// remote or the folder gives it.
    var repositoryName: String {
        store.isHub
            ? store.location.repository.name
            : RepositoryIdentity.resolve(configured: configuration.repository, directory: configuration.root.path).name
    }

    /// `serve`: the store opened once, read-only, for the read API; refused when there is none.
    public func readCache() async throws(StoreError) -> ReadCache {
        try await StoreError.wrapping {
            ReadCache(store: try await store.openToRead(), localName: localRepositoryName)
        }
    }
}

extension Workspace {
    /// `ready --hub`: the ready tasks of every repository of the hub (dependencies followed
    /// across repositories, as `/api/v1/tasks?ready=true` does), by priority then list order.
    public func hubReady(domain: String?, workplan: String?) async throws(StoreError) -> [ReadValues.Task] {
        try await StoreError.wrapping {
            _ = try store.hubBackend()
            let model = try await ReadCache(store: try await store.openToRead()).current()
            let filter = TaskFilter(domain: domain, ready: true, workstream: workplan)
            return TaskPriority.ordered(model.tasks(filter, offset: 0, limit: .max).items, by: \.priority)
        }
    }
}
