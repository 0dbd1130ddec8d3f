import Foundation

/// The domains a project declares: `domains:` in `.workplan.yml`, or the YAML file that
/// `domains_file:` names (several repositories can share one). Each slug has a name, an
/// optional description and a status. Without a registry, every slug is accepted.
public struct DomainRegistry: Sendable, Hashable {
    /// One declared domain.
    public struct Domain: Sendable, Hashable, Codable {
        /// Whether new work may use it.
        public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
            case active, archived
        }

        public var slug: String
        public var name: String
        public var description: String?
        public var status: Status

        public init(slug: String, name: String, description: String? = nil, status: Status = .active) {
            self.slug = slug
            self.name = name
            self.description = description
            self.status = status
        }
    }

    /// The domains, in the order they are declared.
    public var domains: [Domain]
    /// The file that declares them (`.workplan.yml` or the `domains_file`), which edits rewrite.
    public var file: String
    /// Whether the domains are the whole of that file (`domains_file`) or its `domains:` key.
    public var isWholeFile: Bool

    public init(domains: [Domain], file: String, isWholeFile: Bool = false) {
        self.domains = domains
        self.file = file
        self.isWholeFile = isWholeFile
    }

    /// The statuses of work not closed: what an archived domain may not hold, and what
    /// `domain list` counts as active.
    public static let openWorkplanStatuses: Set<String> = ["draft", "active", "blocked"]

    /// The domain `slug`, when declared.
    public func domain(_ slug: String) -> Domain? { domains.first { $0.slug == slug } }

    /// The declared slugs, in order.
    public var slugs: [String] { domains.map(\.slug) }

    /// The registry a YAML mapping declares (`slug: {name, description, status}`), or the
    /// error at its place in `path`.
    static func parse(_ fields: [YAMLField], file path: String, isWholeFile: Bool) throws -> DomainRegistry {
        func fail(_ location: SourceLocation, _ message: String) -> ConfigurationError {
            ConfigurationError(path: path, location: location, message: message)
        }
        var domains: [Domain] = []
        for field in fields {
            guard ValueRules.isSlug(field.key) else {
                throw fail(
                    field.keyLocation,
                    "invalid domain slug '\(field.key)': use lower-case letters, digits, '-' and '_', starting with a letter"
                )
            }
            guard case .mapping(let entries, let location) = field.value else {
                throw fail(field.value.location, "domain '\(field.key)' must map name, description and status")
            }
            let entry = YAMLMapping(fields: entries)
            for key in entry.fields.map(\.key) where !["name", "description", "status"].contains(key) {
                let place = entry[key]?.keyLocation ?? location
                throw fail(
                    place, "unknown key '\(key)' in domain '\(field.key)': it takes name, description and status")
            }
            guard let name = entry.string("name"), !name.isEmpty else {
                throw fail(location, "domain '\(field.key)' needs a name")
            }
            var status = Domain.Status.active
            if let value = entry["status"]?.value {
                guard let parsed = value.scalar.flatMap({ Domain.Status(rawValue: $0.text) }) else {
                    throw fail(value.location, "the status of domain '\(field.key)' must be active or archived")
                }
                status = parsed
            }
            domains.append(
                Domain(slug: field.key, name: name, description: entry.string("description"), status: status))
        }
        return DomainRegistry(domains: domains, file: path, isWholeFile: isWholeFile)
    }

    /// Reads the `domains_file` at `path`: a YAML mapping of slugs (empty: no domain yet).
    static func read(
        file path: String, named name: String, at location: SourceLocation, in configuration: String
    )
        throws -> DomainRegistry
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(
                path: configuration, location: location, message: "cannot read the domains file '\(name)'")
        }
        return try parse(wholeFile: [UInt8](data), path: path)
    }

    /// The registry a `domains_file`'s bytes declare.
    static func parse(wholeFile bytes: [UInt8], path: String) throws -> DomainRegistry {
        let mapping = try ConfigurationLoader.topMapping(bytes) {
            ConfigurationError(path: path, location: $0, message: $1)
        }
        return try parse(mapping.fields, file: path, isWholeFile: true)
    }
}
