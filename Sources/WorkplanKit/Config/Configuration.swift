import Foundation

/// What the configuration can set a rule's severity to.
public enum RuleSetting: String, Sendable, CaseIterable {
    case error, warning, note, off

    /// The severity, nil for `off`.
    public var severity: Severity? { Severity(rawValue: rawValue) }
}

/// The project's settings, read from `.workplan.yml` (all keys optional).
public struct Configuration: Sendable {
    /// The folder the configuration belongs to (where `.workplan.yml` is, or the repository root).
    public var root: URL
    /// Where `.workplan.yml` was found, nil when defaults apply.
    public var file: URL?
    /// The declared domains (`domains:` or `domains_file:`); nil: every slug is accepted.
    public var domains: DomainRegistry?
    /// The keys `.workplan.yml` may hold.
    static let knownKeys = [
        "version", "folders", "database", "repository", "hub_branch", "id_pattern", "max_file_bytes",
        "max_block_bytes", "max_task_blocks", "rules", "domains", "domains_file",
    ]
    /// The folders that hold workplans, relative to `root`.
    public var folders: [String] = ["workplans"]
    /// The state store: a file relative to `root`, or a `postgres://` URL (a hub).
    public var database: String = ".workplan/state.sqlite"
    /// This repository's name on a hub; nil: its normalised `origin` remote (a hub refuses a
    /// repository with neither).
    public var repository: String?
    /// The branch whose tree speaks for this repository on a hub; nil: the remote's default
    /// branch, else the branch of the first hub sync.
    public var hubBranch: String?
    /// The pattern every workplan id must match.
    public var idPattern: String = Configuration.defaultIDPattern
    /// Severity overrides by rule id.
    public var rules: [String: RuleSetting] = [:]
    /// Files larger than this many bytes are not read.
    public var maxFileBytes: Int = ReadLimits().fileBytes
    /// Front matter or task blocks larger than this many bytes are not parsed.
    public var maxBlockBytes: Int = ReadLimits().blockBytes
    /// Files with more task blocks than this are not parsed.
    public var maxTaskBlocks: Int = ReadLimits().taskBlocks

    /// The limits on what is read, from the settings above.
    public var limits: ReadLimits {
        ReadLimits(fileBytes: maxFileBytes, blockBytes: maxBlockBytes, taskBlocks: maxTaskBlocks)
    }

    /// The default workplan id pattern.
    public static let defaultIDPattern = "^[A-Z][A-Z0-9]*-WP-[0-9]{4,}$"

    /// Defaults for a project rooted at `root`.
    public init(root: URL) {
        self.root = root
    }

    /// The folders to scan as absolute URLs.
    public var folderURLs: [URL] {
        folders.map(resolve)
    }

    /// The database path as an absolute URL.
    public var databaseURL: URL {
        resolve(database)
    }

    /// A path from the configuration made absolute against `root`.
    func resolve(_ path: String) -> URL {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: root.path, isDirectory: true)).standardizedFileURL
    }

    /// The severity a rule runs with, nil when it is off.
    public func severity(of rule: Rule) -> Severity? {
        if let setting = rules[rule.id.rawValue] { return setting.severity }
        return rule.defaultSeverity
    }
}

/// Why a configuration could not be loaded.
public struct ConfigurationError: LocalizedError, Sendable {
    /// The configuration file.
    public var path: String
    /// Where in it.
    public var location: SourceLocation
    /// What is wrong.
    public var message: String

    public var errorDescription: String? { "\(path):\(location.line):\(location.column): error: \(message)" }
}

/// Finds and reads `.workplan.yml`.
public enum ConfigurationLoader {
    /// The file name looked for.
    public static let fileName = ".workplan.yml"

    /// Walks up from `directory` to the repository root (the first folder with `.git`) looking for
    /// `.workplan.yml`. Without one, defaults apply, rooted at the repository root (or `directory`).
    public static func load(from directory: URL) throws -> Configuration {
        let manager = FileManager.default
        var current = directory.standardizedFileURL
        var repositoryRoot: URL?
        while true {
            let candidate = current.appendingPathComponent(fileName)
            if manager.fileExists(atPath: candidate.path) {
                return try read(candidate)
            }
            if manager.fileExists(atPath: current.appendingPathComponent(".git").path) {
                repositoryRoot = current
                break
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        return Configuration(root: repositoryRoot ?? directory.standardizedFileURL)
    }

    /// Reads one configuration file.
    public static func read(_ url: URL) throws -> Configuration {
        let path = url.path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(
                path: path, location: SourceLocation(line: 1, column: 1), message: "cannot read the configuration file")
        }
        return try parse(bytes: [UInt8](data), path: path, root: url.deletingLastPathComponent())
    }

    /// Parses configuration bytes.
    public static func parse(bytes: [UInt8], path: String, root: URL) throws -> Configuration {
        func fail(_ location: SourceLocation, _ message: String) -> ConfigurationError {
            ConfigurationError(path: path, location: location, message: message)
        }
        let mapping = try topMapping(bytes, fail: fail)
        var configuration = Configuration(root: root.standardizedFileURL)
        configuration.file = URL(fileURLWithPath: path)
        for field in mapping.fields {
            switch field.key {
            case "version":
                guard field.value.scalar?.text == "1" else {
                    throw fail(field.value.location, "unsupported version: only 1 is known")
                }
            case "folders":
                guard let list = field.value.scalarList, !list.isEmpty else {
                    throw fail(field.value.location, "'folders' must be a list of folder paths")
                }
                configuration.folders = list.map(\.text)
            case "database":
                guard let text = field.value.scalar?.text, !text.isEmpty else {
                    throw fail(field.value.location, "'database' must be a file path or a postgres:// URL")
                }
                configuration.database = text
            case "repository":
                guard let text = field.value.scalar?.text, !text.isEmpty else {
                    throw fail(field.value.location, "'repository' must be a name")
                }
                configuration.repository = text
            case "hub_branch":
                guard let text = field.value.scalar?.text, !text.isEmpty else {
                    throw fail(field.value.location, "'hub_branch' must be a branch name")
                }
                configuration.hubBranch = text
            case "id_pattern":
                guard let text = field.value.scalar?.text, (try? NSRegularExpression(pattern: text)) != nil else {
                    throw fail(field.value.location, "'id_pattern' must be a valid regular expression")
                }
                configuration.idPattern = text
            case "max_file_bytes", "max_block_bytes", "max_task_blocks":
                guard let text = field.value.scalar?.text, let value = Int(text), value > 0 else {
                    throw fail(field.value.location, "'\(field.key)' must be a positive whole number")
                }
                switch field.key {
                case "max_file_bytes": configuration.maxFileBytes = value
                case "max_block_bytes": configuration.maxBlockBytes = value
                default: configuration.maxTaskBlocks = value
                }
            case "domains", "domains_file":
                configuration.domains = try domainRegistry(
                    field, once: configuration.domains, path: path, root: root, fail: fail)
            case "rules":
                guard case .mapping(let rules, _) = field.value else {
                    throw fail(field.value.location, "'rules' must map rule ids to error, warning, note or off")
                }
                for rule in rules { configuration.rules[rule.key] = try ruleSetting(rule, fail: fail) }
            default:
                let suggestion =
                    closestMatch(to: field.key, in: Configuration.knownKeys).map { "; did you mean '\($0)'?" } ?? ""
                throw fail(field.keyLocation, "unknown configuration key '\(field.key)'\(suggestion)")
            }
        }
        return configuration
    }
}

extension ConfigurationLoader {
    /// One `rules:` entry: a known rule and a severity.
    /// The mapping a configuration's bytes hold, or the error at its place.
    static func topMapping(
        _ bytes: [UInt8], fail: (SourceLocation, String) -> ConfigurationError
    ) throws -> YAMLMapping {
        if let problem = WorkplanParser.textProblem(in: bytes) {
            throw fail(SourceLocation(line: 1, column: 1), problem)
        }
        let source = SourceText(bytes: bytes)
        switch YAMLRegion(lines: 0..<source.lines.count).parseMapping(in: source) {
        case .success(let value): return value
        case .failure(let problem): throw fail(problem.location, problem.message)
        }
    }

    /// The registry `domains:` declares, or the file `domains_file:` names (relative to `root`);
    /// refused when the other one declared it already (`earlier`).
    fileprivate static func domainRegistry(
        _ field: YAMLField, once earlier: DomainRegistry?, path: String, root: URL,
        fail: (SourceLocation, String) -> ConfigurationError
    ) throws -> DomainRegistry {
        guard earlier == nil else {
            throw fail(field.keyLocation, "declare the domains with 'domains' or 'domains_file', not both")
        }
        if field.key == "domains" {
            if field.value.scalar?.isNull == true { return DomainRegistry(domains: [], file: path) }
            guard case .mapping(let fields, _) = field.value else {
                throw fail(
                    field.value.location, "'domains' must map each domain's slug to its name, description and status")
            }
            return try DomainRegistry.parse(fields, file: path, isWholeFile: false)
        }
        guard let name = field.value.scalar?.text, !name.isEmpty else {
            throw fail(field.value.location, "'domains_file' must be a file path")
        }
        let file = WorkplanLoader.absolutePath(name, workingDirectory: root.standardizedFileURL.path)
        return try DomainRegistry.read(file: file, named: name, at: field.value.location, in: path)
    }

    fileprivate static func ruleSetting(
        _ rule: YAMLField, fail: (SourceLocation, String) -> ConfigurationError
    ) throws
        -> RuleSetting
    {
        guard RuleRegistry.rule(rule.key) != nil else {
            let suggestion =
                closestMatch(to: rule.key, in: RuleRegistry.all.map(\.id.rawValue)).map { "; did you mean '\($0)'?" }
                ?? ""
            throw fail(rule.keyLocation, "unknown rule '\(rule.key)'\(suggestion)")
        }
        guard let text = rule.value.scalar?.text, let setting = RuleSetting(rawValue: text) else {
            throw fail(rule.value.location, "severity of '\(rule.key)' must be one of: error, warning, note, off")
        }
        return setting
    }
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a likely typo.
func closestMatch(to word: String, in candidates: [String]) -> String? {
    if word.count >= 3, let prefixed = candidates.first(where: { $0.hasPrefix(word) }) { return prefixed }
    let scored = candidates.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
    guard let (best, distance) = scored, distance <= max(2, word.count / 3) else { return nil }
    return best
}

/// Levenshtein distance between two strings.
func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let a = Array(lhs.unicodeScalars)
    let b = Array(rhs.unicodeScalars)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

/// Bounds on what one file may cost to read, so that a hostile file cannot exhaust time or memory.
public struct ReadLimits: Hashable, Sendable {
    /// Files larger than this many bytes are not read (`max_file_bytes`).
    public var fileBytes = 8 * 1024 * 1024
    /// Front matter or task blocks larger than this many bytes are not parsed (`max_block_bytes`).
    public var blockBytes = 64 * 1024
    /// Files with more task blocks than this are not parsed (`max_task_blocks`).
    public var taskBlocks = 10_000

    /// The defaults, or the given limits.
    public init(fileBytes: Int = 8 * 1024 * 1024, blockBytes: Int = 64 * 1024, taskBlocks: Int = 10_000) {
        self.fileBytes = fileBytes
        self.blockBytes = blockBytes
        self.taskBlocks = taskBlocks
    }
}
