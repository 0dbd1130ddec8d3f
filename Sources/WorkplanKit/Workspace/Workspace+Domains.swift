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

    /// `domain add`: declares `domain` in the registry (creating `domains:` in `.workplan.yml`,
    /// or the file itself, when there is none yet), unless `dryRun`.
    public func addDomain(_ domain: DomainRegistry.Domain, dryRun: Bool) throws -> DomainWrite {
        let used =
            configuration.domains == nil
            ? try workplans().entries.compactMap { $0.workplan.frontMatter?.string("domain") } : []
        let change = try DomainEditor.add(domain, configuration: configuration, used: used)
        var result = DomainWrite(slug: domain.slug, file: change.displayPath, written: false, diff: change.unifiedDiff)
        guard !dryRun else { return result }
        if change.original.isEmpty, !FileManager.default.fileExists(atPath: change.absolutePath) {
            do {
                try WorkplanCreator.write(String(decoding: change.updated, as: UTF8.self), to: change.absolutePath)
            } catch {
                throw EditRefusal.inconsistentResult("cannot create \(change.displayPath): \(error)")
            }
        } else {
            do {
                try ChangeWriter.write([change])
            } catch {
                throw EditRefusal.write(error)
            }
        }
        result.written = true
        return result
    }
}
