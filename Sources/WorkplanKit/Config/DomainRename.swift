import Foundation

/// `workplan domain rename OLD NEW`: the registry's key (and, with a name, its name) and the
/// `domain:` value of every workplan that names OLD, each a byte replacement of just that
/// token. A journal written first makes a run that a crash interrupted finish when it is run
/// again: the plan covers whatever still says OLD.
public struct DomainRename: Codable, Sendable, Equatable {
    public var old: String
    public var new: String
    public var name: String?

    public init(old: String, new: String, name: String? = nil) {
        self.old = old
        self.new = new
        self.name = name
    }

    /// The rename a crash left unfinished, when the journal at `path` names one.
    public static func pending(at path: String) -> DomainRename? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(DomainRename.self, from: data)
    }

    /// The changes: the registry's entry, then each workplan naming OLD. `resuming`: the journal
    /// names this rename, so a registry that already declares NEW (and no longer OLD) is its
    /// own earlier write, not a clash.
    public func plan(configuration: Configuration, set: WorkplanSet, resuming: Bool) throws(EditRefusal) -> [FileChange]
    {
        guard ValueRules.isSlug(new) else { throw .invalidSlug(new) }
        var changes: [FileChange] = []
        if let registry = configuration.domains {
            let declaresOld = registry.domain(old) != nil
            let declaresNew = registry.domain(new) != nil
            if declaresNew && (declaresOld || !resuming) { throw .domainExists(new, file: registry.file) }
            if !declaresOld && !declaresNew { throw .unknownDomain(old, declared: registry.slugs) }
            if declaresOld { changes.append(try registryChange(registry, configuration: configuration)) }
        }
        for (source, workplan) in set.entries {
            guard let scalar = workplan.frontMatter?["domain"]?.value.scalar, scalar.text == old else { continue }
            guard workplan.isReliable else { throw .unreliable(source.displayPath) }
            let original = workplan.bytes
            let text = SourceText(bytes: original)
            let start = text.lines[scalar.location.line - 1].start + scalar.location.column - 1
            let length = DomainEditor.scalarLength(text.bytes[start..<text.lines[scalar.location.line - 1].contentEnd])
            var updated = original
            updated.replaceSubrange(start..<start + length, with: Array(new.utf8))
            // The same workplan, its domain aside.
            var expected = WorkplanOutline(workplan)
            for index in expected.frontMatter.indices where expected.frontMatter[index].key == "domain" {
                expected.frontMatter[index].text = new
            }
            guard WorkplanOutline(WorkplanParser.parse(bytes: updated, path: workplan.path)) == expected else {
                throw .inconsistentResult("\(source.displayPath) would not read back with domain '\(new)'")
            }
            changes.append(
                FileChange(
                    absolutePath: source.absolutePath, displayPath: source.displayPath, original: original,
                    updated: updated))
        }
        return changes
    }

    /// The registry with OLD's key (and name) replaced, checked by reading it back.
    private func registryChange(
        _ registry: DomainRegistry, configuration: Configuration
    ) throws(EditRefusal) -> FileChange {
        let original = [UInt8](FileManager.default.contents(atPath: registry.file) ?? Data())
        let source = SourceText(bytes: original)
        let (fields, keyLine) = try DomainEditor.entryFields(old, in: source, registry: registry)
        var replacements: [(Range<Int>, String)] = []
        let keyStart = source.lines[keyLine - 1].start
        let keyColumn = source.string(ofLine: keyLine - 1).utf8.prefix { $0 == UInt8(ascii: " ") }.count
        replacements.append((keyStart + keyColumn..<keyStart + keyColumn + old.utf8.count, new))
        if let name, let field = fields.first(where: { $0.key == "name" }) {
            let line = source.lines[field.value.location.line - 1]
            let start = line.start + field.value.location.column - 1
            var quoted: [UInt8] = []
            JSONText.append(name, to: &quoted)
            replacements.append(
                (
                    start..<start + DomainEditor.scalarLength(source.bytes[start..<line.contentEnd]),
                    String(decoding: quoted, as: UTF8.self)
                ))
        }
        var updated = original
        for (range, text) in replacements.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
            updated.replaceSubrange(range, with: Array(text.utf8))
        }
        let change = FileChange(
            absolutePath: registry.file,
            displayPath: WorkplanSource.display(registry.file, relativeTo: configuration.root.path),
            original: original, updated: updated)
        let expected = registry.domains.map { domain -> DomainRegistry.Domain in
            guard domain.slug == old else { return domain }
            var renamed = domain
            renamed.slug = new
            if let name { renamed.name = name }
            return renamed
        }
        try DomainEditor.checkReadBack(change, expecting: expected, registry: registry, configuration: configuration)
        return change
    }
}
