import Foundation

/// The edits `workplan domain …` makes to the registry: byte insertions into the file that
/// declares it (`.workplan.yml`, or the `domains_file`), checked by reading the result back.
public enum DomainEditor {
    /// `domain add`: the change that declares `domain`. Without a registry, the new one also
    /// declares every slug the workplans already use (`used`), named after itself, so that
    /// adding a first domain turns none of them into an `unknown-domain` error.
    public static func add(
        _ domain: DomainRegistry.Domain, configuration: Configuration, used: [String]
    ) throws(EditRefusal) -> FileChange {
        guard ValueRules.isSlug(domain.slug) else { throw .invalidSlug(domain.slug) }
        guard !domain.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalidValue(key: "name", value: domain.name, allowed: ["a non-empty name"])
        }
        let registry = configuration.domains
        if let registry, registry.domain(domain.slug) != nil { throw .domainExists(domain.slug, file: registry.file) }
        let path =
            registry?.file ?? configuration.file?.path
            ?? configuration.root.appendingPathComponent(ConfigurationLoader.fileName).path
        let original = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        let source = SourceText(bytes: original)
        let ending = source.lines.isEmpty ? "\n" : source.lineEnding
        var added = [domain]
        if registry == nil {
            added += Set(used).subtracting([domain.slug]).sorted().map { DomainRegistry.Domain(slug: $0, name: $0) }
        }
        let (offset, indent, header) = try insertionPoint(in: source, registry: registry)
        var text = header.map { $0 + ending } ?? ""
        for entry in added { text += lines(entry, indent: indent).map { $0 + ending }.joined() }
        // A last line without a line ending gets one first.
        if offset == original.count, let last = source.lines.last, last.contentEnd == last.end {
            text = ending + text
        }
        var updated = original
        updated.insert(contentsOf: Array(text.utf8), at: offset)
        let change = FileChange(
            absolutePath: path, displayPath: WorkplanSource.display(path, relativeTo: configuration.root.path),
            original: original, updated: updated)
        try check(change, adds: added, to: registry, configuration: configuration)
        return change
    }

    /// Where the entries go: the byte offset, their indentation, and a `domains:` line to write
    /// first when the configuration has no registry.
    private static func insertionPoint(
        in source: SourceText, registry: DomainRegistry?
    ) throws(EditRefusal) -> (offset: Int, indent: String, header: String?) {
        guard let registry else { return (source.bytes.count, "  ", "domains:") }
        if registry.isWholeFile { return (source.bytes.count, "", nil) }
        guard case .success(let mapping) = YAMLRegion(lines: 0..<source.lines.count).parseMapping(in: source),
            let index = mapping.fields.firstIndex(where: { $0.key == "domains" })
        else { throw .inconsistentResult("cannot find 'domains:' in \(registry.file)") }
        let field = mapping.fields[index]
        var indent = "  "
        switch field.value {
        case .mapping(let entries, _):
            if let first = entries.first { indent = String(repeating: " ", count: first.keyLocation.column - 1) }
            guard entries.allSatisfy({ $0.keyLocation.line > field.keyLocation.line }) else {
                throw .inconsistentResult(
                    "'domains:' in \(registry.file) is written on one line: add the domain by hand")
            }
        case .scalar(let scalar) where scalar.isNull: break
        default: throw .inconsistentResult("'domains:' in \(registry.file) is not a mapping")
        }
        // After the block's last line that is not blank or a comment.
        let next =
            index + 1 < mapping.fields.count ? mapping.fields[index + 1].keyLocation.line - 1 : source.lines.count
        var last = field.keyLocation.line - 1
        for line in last..<next {
            let text = source.string(ofLine: line).trimmingCharacters(in: .whitespaces)
            if !text.isEmpty && !text.hasPrefix("#") { last = line }
        }
        return (source.lines[last].end, indent, nil)
    }

    /// The lines declaring `domain`, values double-quoted (JSON escapes are YAML's).
    private static func lines(_ domain: DomainRegistry.Domain, indent: String) -> [String] {
        func quoted(_ text: String) -> String {
            var bytes: [UInt8] = []
            JSONText.append(text, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        var lines = ["\(indent)\(domain.slug):", "\(indent)  name: \(quoted(domain.name))"]
        if let description = domain.description { lines.append("\(indent)  description: \(quoted(description))") }
        if domain.status != .active { lines.append("\(indent)  status: \(domain.status.rawValue)") }
        return lines
    }

    /// Refuses a change that does not read back as the registry plus `added`.
    private static func check(
        _ change: FileChange, adds added: [DomainRegistry.Domain], to registry: DomainRegistry?,
        configuration: Configuration
    ) throws(EditRefusal) {
        let reread: DomainRegistry?
        do {
            if registry?.isWholeFile == true {
                let source = SourceText(bytes: change.updated)
                guard case .success(let mapping) = YAMLRegion(lines: 0..<source.lines.count).parseMapping(in: source)
                else { throw EditRefusal.inconsistentResult(change.displayPath) }
                reread = try DomainRegistry.parse(mapping.fields, file: change.absolutePath, isWholeFile: true)
            } else {
                reread = try ConfigurationLoader.parse(
                    bytes: change.updated, path: change.absolutePath, root: configuration.root
                ).domains
            }
        } catch {
            throw .inconsistentResult("\(change.displayPath) would not read back: \(error.localizedDescription)")
        }
        guard reread?.domains == (registry?.domains ?? []) + added else {
            throw .inconsistentResult("\(change.displayPath) would not read back as the registry with the new domain")
        }
    }
}
