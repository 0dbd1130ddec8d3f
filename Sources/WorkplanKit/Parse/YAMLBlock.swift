import Yams

/// A YAML scalar with the position of its first character in the file.
public struct YAMLScalar: Hashable, Sendable {
    /// The scalar's value as YAML reads it.
    public var text: String
    /// True for a plain (unquoted) scalar, which YAML may read as a boolean, number or null.
    public var isPlain: Bool
    /// Where the scalar starts in the file.
    public var location: SourceLocation

    /// True for YAML's null (nothing, `~` or `null`, unquoted): no value, wherever it is read.
    public var isNull: Bool {
        // By length first: every value read goes through this.
        guard isPlain else { return false }
        switch text.utf8.count {
        case 0: return true
        case 1: return text == "~"
        case 4: return text == "null" || text == "Null" || text == "NULL"
        default: return false
        }
    }
}

/// A YAML value: the shapes a workplan's keys can hold.
public enum YAMLValue: Hashable, Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLValue], SourceLocation)
    case mapping([YAMLField], SourceLocation)

    /// Where the value starts in the file.
    public var location: SourceLocation {
        switch self {
        case .scalar(let scalar): scalar.location
        case .sequence(_, let location), .mapping(_, let location): location
        }
    }

    /// The scalar, when the value is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    /// The items of a sequence, or a lone scalar as a one-item list; nil for other values.
    public var scalarList: [YAMLScalar]? {
        switch self {
        case .scalar(let scalar): scalar.isNull ? [] : [scalar]
        case .sequence(let items, _): items.compactMap(\.scalar).filter { !$0.isNull }
        case .mapping: nil
        }
    }
}

/// One key of a YAML mapping, with the positions of its key and value.
public struct YAMLField: Hashable, Sendable {
    /// The key.
    public var key: String
    /// Where the key starts.
    public var keyLocation: SourceLocation
    /// The value.
    public var value: YAMLValue
}

/// A YAML mapping whose keys keep their file order.
public struct YAMLMapping: Hashable, Sendable {
    /// The fields in file order.
    public var fields: [YAMLField]

    /// The first field with this key.
    public subscript(key: String) -> YAMLField? {
        index(of: key).map { fields[$0] }
    }

    /// The position of the first field with this key. The fields are compared in place: a loop
    /// over their copies retains every string of every field it passes.
    private func index(of key: String) -> Int? {
        // Lengths first: most keys differ in length, and a length is known without reading the text.
        let count = key.utf8.count
        for index in fields.indices where fields[index].key.utf8.count == count && fields[index].key == key {
            return index
        }
        return nil
    }

    /// The text of a scalar value, nil when the key is missing, not a scalar, or YAML's null
    /// (nothing after the colon, `~` or `null`, unquoted): the one reading of a value that the
    /// model, `show`, the store and the dashboard share.
    public func string(_ key: String) -> String? {
        guard let index = index(of: key), case .scalar(let scalar) = fields[index].value, !scalar.isNull else {
            return nil
        }
        return scalar.text
    }
}

/// A problem found while reading a YAML region.
public struct YAMLProblem: Error, Hashable, Sendable {
    /// `yaml-syntax` or `duplicate-key`.
    public var rule: RuleID
    /// What is wrong.
    public var message: String
    /// Where.
    public var location: SourceLocation
}

/// Reads a region of a file's lines as one YAML mapping, mapping every position back to the file.
public struct YAMLRegion: Sendable {
    /// The 0-based file lines of the region.
    public var lines: Range<Int>
    /// Bytes removed from the start of each line before YAML sees it (a fence's indentation).
    public var strippedPrefix: [Int]

    /// A region of whole lines.
    public init(lines: Range<Int>, strippedPrefix: [Int]? = nil) {
        self.lines = lines
        self.strippedPrefix = strippedPrefix ?? Array(repeating: 0, count: lines.count)
    }

    /// The YAML text of the region.
    func text(in source: SourceText) -> String {
        var bytes: [UInt8] = []
        for (offset, index) in lines.enumerated() {
            let line = source.lines[index]
            bytes.append(
                contentsOf: source.bytes[min(line.start + strippedPrefix[offset], line.contentEnd)..<line.contentEnd])
            bytes.append(0x0A)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Converts a libyaml mark (1-based line, column in Unicode scalars) to a file location.
    func location(of mark: Mark?, in source: SourceText) -> SourceLocation {
        guard let mark, !lines.isEmpty else {
            return SourceLocation(line: (lines.first ?? 0) + 1, column: 1)
        }
        if mark.line - 1 >= lines.count {
            return SourceLocation(line: lines.upperBound, column: 1)
        }
        let offset = max(mark.line - 1, 0)
        let fileLine = lines.lowerBound + offset
        let line = source.lines[fileLine]
        let start = min(line.start + strippedPrefix[offset], line.contentEnd)
        // Walk to the first byte of scalar number `column - 1` (continuation bytes start no scalar).
        var position = start
        var scalars = 0
        while position < line.contentEnd {
            if source.bytes[position] & 0xC0 != 0x80 {
                if scalars == mark.column - 1 { break }
                scalars += 1
            }
            position += 1
        }
        return SourceLocation(line: fileLine + 1, column: position - line.start + 1)
    }

    /// Parses the region. An empty region is an empty mapping; anything but a mapping is a problem.
    /// The simple lines workplans are made of are read without Yams; Yams reads everything else.
    public func parseMapping(in source: SourceText) -> Result<YAMLMapping, YAMLProblem> {
        if let mapping = parseSimpleMapping(in: source) { return .success(mapping) }
        return parseMappingWithYams(in: source)
    }

    /// The region read by the tree-free reader of the subset workplans use (`SimpleYAML`), or nil
    /// when the region is outside that subset.
    public func parseSimpleMapping(in source: SourceText) -> YAMLMapping? {
        SimpleYAML(region: self, source: source).mapping()
    }

    /// Parses the region with Yams (libyaml), the reference the simple reader is checked against.
    public func parseMappingWithYams(in source: SourceText) -> Result<YAMLMapping, YAMLProblem> {
        let yaml = text(in: source)
        let result = parseMappingWithYams(yaml, in: source)
        // Yams compares keys as Swift strings, which are equal when canonically equivalent (`é`
        // precomposed and decomposed); YAML compares code points. Read the text again with every
        // non-ASCII scalar replaced by its own private-use scalar: keys then differ exactly when
        // their code points do, and every value is mapped back.
        if case .failure(let problem) = result, problem.rule == .duplicateKey,
            let masked = ScalarMask(yaml),
            case .success(let mapping) = parseMappingWithYams(masked.text, in: source)
        {
            return .success(masked.unmask(mapping))
        }
        return result
    }

    private func parseMappingWithYams(_ yaml: String, in source: SourceText) -> Result<YAMLMapping, YAMLProblem> {
        do {
            // The encoding is given explicitly: its default is looked up in the environment on every call.
            let parser = try Parser(yaml: yaml, resolver: .basic, encoding: .utf8)
            guard let root = try parser.singleRoot() else { return .success(YAMLMapping(fields: [])) }
            if let anchored = firstAnchor(in: root) {
                return .failure(
                    YAMLProblem(
                        rule: .yamlSyntax, message: "anchors and aliases are not allowed in workplans",
                        location: location(of: anchored.mark, in: source)))
            }
            guard case .mapping(let mapping) = root else {
                if case .scalar(let scalar) = root, scalar.string.isEmpty, scalar.style == .plain {
                    return .success(YAMLMapping(fields: []))
                }
                return .failure(
                    YAMLProblem(
                        rule: .yamlSyntax, message: "expected a mapping of keys to values",
                        location: location(of: root.mark, in: source)))
            }
            return .success(YAMLMapping(fields: fields(of: mapping, in: source)))
        } catch let error as YamlError {
            return .failure(problem(for: error, in: source))
        } catch {
            return .failure(
                YAMLProblem(rule: .yamlSyntax, message: "\(error)", location: location(of: nil, in: source)))
        }
    }

    private func firstAnchor(in node: Node) -> Node? {
        if node.anchor != nil { return node }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let found = firstAnchor(in: key) ?? firstAnchor(in: value) { return found }
            }
        case .sequence(let sequence):
            for item in sequence {
                if let found = firstAnchor(in: item) { return found }
            }
        default:
            break
        }
        return nil
    }

    private func fields(of mapping: Node.Mapping, in source: SourceText) -> [YAMLField] {
        mapping.map { key, value in
            YAMLField(
                key: key.scalar?.string ?? "\(key)", keyLocation: location(of: key.mark, in: source),
                value: self.value(of: value, in: source))
        }
    }

    private func value(of node: Node, in source: SourceText) -> YAMLValue {
        switch node {
        case .scalar(let scalar):
            return .scalar(
                YAMLScalar(
                    text: scalar.string, isPlain: scalar.style == .plain,
                    location: location(of: scalar.mark, in: source)))
        case .sequence(let sequence):
            return .sequence(sequence.map { value(of: $0, in: source) }, location(of: node.mark, in: source))
        case .mapping(let mapping):
            return .mapping(fields(of: mapping, in: source), location(of: node.mark, in: source))
        case .alias:
            return .scalar(YAMLScalar(text: "", isPlain: true, location: location(of: node.mark, in: source)))
        }
    }

    private func problem(for error: YamlError, in source: SourceText) -> YAMLProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // At the end of the block libyaml points past it; the context (where the construct began) is more useful.
            let useContext = mark.line > lines.count && context != nil
            let place = useContext ? context?.mark : mark
            let detail = context.map { " \($0.text)" } ?? ""
            return YAMLProblem(
                rule: .yamlSyntax, message: "invalid YAML: \(problem)\(detail)",
                location: location(of: place, in: source))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            return YAMLProblem(
                rule: .duplicateKey, message: "duplicate key '\(key)'",
                location: secondOccurrence(of: key, in: source) ?? location(of: context.mark, in: source))
        default:
            return YAMLProblem(rule: .yamlSyntax, message: "invalid YAML", location: location(of: nil, in: source))
        }
    }

    /// The position of the second line that starts with `key:`: Yams reports only the first.
    private func secondOccurrence(of key: String, in source: SourceText) -> SourceLocation? {
        var seen = false
        for (offset, index) in lines.enumerated() {
            let text = source.string(ofLine: index)
            let skip = min(strippedPrefix[offset], text.utf8.count)
            let body = text.utf8.dropFirst(skip)
            let indent = body.prefix { $0 == 0x20 }.count
            let rest = String(decoding: body.dropFirst(indent), as: UTF8.self)
            let candidates = [key + ":", "\"" + key + "\":", "'" + key + "':"]
            if candidates.contains(where: { rest.hasPrefix($0) }) {
                if seen { return SourceLocation(line: index + 1, column: skip + indent + 1) }
                seen = true
            }
        }
        return nil
    }
}

/// A text with every non-ASCII scalar (but YAML's line breaks and byte order mark) replaced by a
/// private-use scalar of its own, one for one, so positions counted in scalars do not move.
struct ScalarMask {
    let text: String
    private let originals: [Unicode.Scalar: Unicode.Scalar]

    /// Nil when the text has no non-ASCII scalar to mask, or too many distinct ones.
    init?(_ original: String) {
        var masks: [Unicode.Scalar: Unicode.Scalar] = [:]
        var originals: [Unicode.Scalar: Unicode.Scalar] = [:]
        var masked = String.UnicodeScalarView()
        for scalar in original.unicodeScalars {
            guard !scalar.isASCII, !["\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}"].contains(scalar) else {
                masked.append(scalar)
                continue
            }
            if let mask = masks[scalar] {
                masked.append(mask)
                continue
            }
            // Supplementary private use area A: 65,534 scalars with no decompositions.
            guard let mask = Unicode.Scalar(0xF0000 + UInt32(masks.count)), masks.count < 0xFFFE else { return nil }
            masks[scalar] = mask
            originals[mask] = scalar
            masked.append(mask)
        }
        guard !masks.isEmpty else { return nil }
        text = String(masked)
        self.originals = originals
    }

    /// The mapping with every masked scalar put back.
    func unmask(_ mapping: YAMLMapping) -> YAMLMapping {
        YAMLMapping(fields: mapping.fields.map(unmask))
    }

    private func unmask(_ field: YAMLField) -> YAMLField {
        YAMLField(key: unmask(field.key), keyLocation: field.keyLocation, value: unmask(field.value))
    }

    private func unmask(_ value: YAMLValue) -> YAMLValue {
        switch value {
        case .scalar(var scalar):
            scalar.text = unmask(scalar.text)
            return .scalar(scalar)
        case .sequence(let items, let location):
            return .sequence(items.map(unmask), location)
        case .mapping(let fields, let location):
            return .mapping(fields.map(unmask), location)
        }
    }

    private func unmask(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { originals[$0] ?? $0 }))
    }
}
