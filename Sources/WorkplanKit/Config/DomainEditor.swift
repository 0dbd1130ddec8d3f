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
        try checkReadBack(
            change, expecting: (registry?.domains ?? []) + added, registry: registry, configuration: configuration)
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
}

extension DomainEditor {
    /// `domain archive`: sets the domain's `status:` to `archived` (replacing its value, or adding
    /// the line after the domain's last one). Refused while draft, active or blocked work uses
    /// it, naming each such workplan; no change when it is archived already.
    public static func archive(
        _ slug: String, configuration: Configuration, set: WorkplanSet
    ) throws(EditRefusal) -> FileChange {
        guard let registry = configuration.domains, let domain = registry.domain(slug) else {
            throw .unknownDomain(slug, declared: configuration.domains?.slugs ?? [])
        }
        let open = set.entries.filter { _, workplan in
            workplan.frontMatter?.string("domain") == slug
                && workplan.statusText.map(DomainRegistry.openWorkplanStatuses.contains) == true
        }
        guard open.isEmpty else {
            throw .domainInUse(slug, workplans: open.map { "\($0.workplan.id ?? "?") (\($0.source.displayPath))" })
        }
        let original = [UInt8](FileManager.default.contents(atPath: registry.file) ?? Data())
        var change = FileChange(
            absolutePath: registry.file,
            displayPath: WorkplanSource.display(registry.file, relativeTo: configuration.root.path),
            original: original, updated: original)
        guard domain.status != .archived else { return change }
        let source = SourceText(bytes: original)
        let entry = try entryFields(slug, in: source, registry: registry)
        if let status = entry.fields.first(where: { $0.key == "status" }) {
            let line = source.lines[status.value.location.line - 1]
            let start = line.start + status.value.location.column - 1
            let token = scalarLength(source.bytes[start..<line.contentEnd])
            change.updated.replaceSubrange(start..<start + token, with: Array("archived".utf8))
        } else {
            let last = entry.fields.map(\.keyLocation.line).max() ?? entry.line
            let indent = String(repeating: " ", count: (entry.fields.first?.keyLocation.column ?? 3) - 1)
            let at = source.lines[last - 1].end
            var text = indent + "status: archived" + source.lineEnding
            if at == original.count, source.lines[last - 1].contentEnd == at { text = source.lineEnding + text }
            change.updated.insert(contentsOf: Array(text.utf8), at: at)
        }
        var expected = registry.domains
        if let index = expected.firstIndex(where: { $0.slug == slug }) { expected[index].status = .archived }
        try checkReadBack(change, expecting: expected, registry: registry, configuration: configuration)
        return change
    }

    /// The fields of the domain `slug`'s entry, and the line of its key.
    static func entryFields(
        _ slug: String, in source: SourceText, registry: DomainRegistry
    ) throws(EditRefusal) -> (fields: [YAMLField], line: Int) {
        guard case .success(let mapping) = YAMLRegion(lines: 0..<source.lines.count).parseMapping(in: source) else {
            throw .inconsistentResult("cannot read \(registry.file)")
        }
        var domains = mapping.fields
        if !registry.isWholeFile, case .mapping(let fields, _)? = mapping["domains"]?.value { domains = fields }
        guard let field = domains.first(where: { $0.key == slug }), case .mapping(let fields, _) = field.value,
            fields.allSatisfy({ $0.keyLocation.line > field.keyLocation.line })
        else { throw .inconsistentResult("domain '\(slug)' in \(registry.file) is not written one key per line") }
        return (fields, field.keyLocation.line)
    }

    /// The length of the scalar token at the start of `bytes`: a quoted string with its quotes,
    /// else up to a space or a comment.
    static func scalarLength(_ bytes: ArraySlice<UInt8>) -> Int {
        guard let first = bytes.first else { return 0 }
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            let close = bytes.dropFirst().firstIndex(of: first).map { $0 + 1 } ?? bytes.endIndex
            return close - bytes.startIndex
        }
        let end = bytes.firstIndex { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "#") }
        return (end ?? bytes.endIndex) - bytes.startIndex
    }

    /// Refuses a change whose file does not read back as `expected`.
    static func checkReadBack(
        _ change: FileChange, expecting expected: [DomainRegistry.Domain], registry: DomainRegistry?,
        configuration: Configuration
    ) throws(EditRefusal) {
        let reread: DomainRegistry?
        do {
            if registry?.isWholeFile == true {
                reread = try DomainRegistry.parse(wholeFile: change.updated, path: change.absolutePath)
            } else {
                reread = try ConfigurationLoader.parse(
                    bytes: change.updated, path: change.absolutePath, root: configuration.root
                ).domains
            }
        } catch {
            throw .inconsistentResult("\(change.displayPath) would not read back: \(error.localizedDescription)")
        }
        guard reread?.domains == expected else {
            throw .inconsistentResult("\(change.displayPath) would not read back as the registry changed as planned")
        }
    }
}
