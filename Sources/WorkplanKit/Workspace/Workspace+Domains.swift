import Foundation

/// What `domain add` wrote (or, in a dry run, would write).
public struct DomainWrite: Encodable, Sendable {
    public var slug: String
    /// The registry's file, as shown to people.
    public var file: String
    public var written: Bool
    /// The unified diff of the change.
    public var diff: String
}

/// The use cases of the domain registry: `domain list`, `domain add`.
extension Workspace {
    /// `domain list`: the declared domains and the slugs the workplans use, with their counts.
    public func domainList() throws(WorkplanRunError) -> DomainListing {
        DomainListing(try workplans(), registry: configuration.domains)
    }

    /// `domain list --hub`: every repository of the hub merged, from what their syncs recorded.
    public func hubDomainList() async throws(StoreError) -> DomainListing {
        try await StoreError.wrapping {
            _ = try store.hubBackend()
            let repositories = try await store.openToRead().read { try await $0.hubSummary() }
            return DomainListing(hub: repositories)
        }
    }

    /// `domain add`: declares `domain` in the registry (creating `domains:` in `.workplan.yml`,
    /// or the file itself, when there is none yet), unless `dryRun`.
    public func addDomain(_ domain: DomainRegistry.Domain, dryRun: Bool) throws -> DomainWrite {
        let used =
            configuration.domains == nil
            ? try workplans().entries.compactMap { $0.workplan.frontMatter?.string("domain") } : []
        let change = try DomainEditor.add(domain, configuration: configuration, used: used)
        return try apply(change, slug: domain.slug, dryRun: dryRun)
    }

    /// `domain archive`: marks the domain archived in the registry, unless open work uses it.
    public func archiveDomain(_ slug: String, dryRun: Bool) throws -> DomainWrite {
        try apply(
            try DomainEditor.archive(slug, configuration: configuration, set: try workplans()), slug: slug,
            dryRun: dryRun)
    }

    /// Writes a registry change unless `dryRun` (or it changes nothing): atomically, refusing a
    /// file changed since it was read, or creating `.workplan.yml` when there was none.
    private func apply(_ change: FileChange, slug: String, dryRun: Bool) throws -> DomainWrite {
        var result = DomainWrite(slug: slug, file: change.displayPath, written: false, diff: change.unifiedDiff)
        guard !dryRun, !change.isEmpty else { return result }
        do {
            if change.original.isEmpty, !FileManager.default.fileExists(atPath: change.absolutePath) {
                try WorkplanCreator.write(String(decoding: change.updated, as: UTF8.self), to: change.absolutePath)
            } else {
                try ChangeWriter.write([change])
            }
        } catch let error as WriteError {
            throw EditRefusal.write(error)
        } catch {
            throw EditRefusal.inconsistentResult("cannot create \(change.displayPath): \(error)")
        }
        result.written = true
        return result
    }
}

/// What `domain rename` wrote (or would write).
public struct DomainRenameResult: Encodable, Sendable {
    public var old: String
    public var new: String
    /// The files changed, as shown to people.
    public var files: [String]
    public var written: Bool
    /// Whether it finished a rename that a crash interrupted.
    public var resumed: Bool
    public var diff: String
}

extension Workspace {
    /// `domain rename`: the registry and every workplan naming `old`; the journal is written
    /// first and removed last, so that running it again finishes a rename a crash interrupted.
    public func renameDomain(_ old: String, to new: String, name: String?, dryRun: Bool) throws -> DomainRenameResult {
        let journal = stateFolder.domainRenameJournal
        let pending = DomainRename.pending(at: journal)
        let resuming = pending?.old == old && pending?.new == new
        let rename = DomainRename(old: old, new: new, name: name ?? (resuming ? pending?.name : nil))
        let changes = try rename.plan(configuration: configuration, set: try workplans(), resuming: resuming)
        var result = DomainRenameResult(
            old: old, new: new, files: changes.map(\.displayPath), written: false, resumed: resuming,
            diff: changes.map(\.unifiedDiff).joined())
        guard !dryRun else { return result }
        do {
            try StateFolder.create(for: journal)
            try JSONEncoder().encode(rename).write(to: URL(fileURLWithPath: journal), options: .atomic)
        } catch {
            throw EditRefusal.inconsistentResult("cannot write the rename journal \(journal): \(error)")
        }
        do {
            try ChangeWriter.write(changes)
        } catch {
            throw EditRefusal.write(error)
        }
        try? FileManager.default.removeItem(atPath: journal)
        result.written = true
        return result
    }
}
