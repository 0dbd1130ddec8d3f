import Foundation
import Synchronization

/// What a rule sees of one file: the workplan and the configuration.
public struct RuleContext: Sendable {
    /// The workplan being checked.
    public var workplan: Workplan
    /// The project's settings.
    public var configuration: Configuration
}

/// What a cross-file rule sees: what one file declares, and what every file declares.
public struct CrossFileContext: Sendable {
    /// The file being checked.
    public var entry: IndexEntry
    /// Every workplan under the configured folders.
    public var index: WorkplanIndex
    /// Ids other repositories of the hub hold (as of the last sync into it): known, not here.
    public var elsewhere: Set<String> = []
}

/// A sample file for a rule: its documentation and its test. `↓` marks where a finding is
/// expected (the marker is removed before linting).
public struct RuleExample: Sendable {
    /// The file text, with `↓` markers.
    public var text: String
    /// Other files linted alongside (path and text), for cross-file rules.
    public var others: [(path: String, text: String)]
    /// The path the example is linted under.
    public var path: String
    /// The `.workplan.yml` it is linted with (nil: the defaults).
    public var configuration: String?

    /// An example file.
    public init(
        _ text: String, path: String = "TEST-WP-0001.md", others: [(path: String, text: String)] = [],
        configuration: String? = nil
    ) {
        self.text = text
        self.path = path
        self.others = others
        self.configuration = configuration
    }
}

/// A lint rule: a stable id, what it checks, a default severity, examples, and pure checks: one
/// of each file's model, and one of what the file declares against what all files declare. The
/// second needs no model, so files are linted one at a time and dropped before the index exists.
public struct Rule: Sendable {
    /// The stable id used in output, configuration and suppressions.
    public var id: RuleID
    /// One line saying what the rule finds.
    public var summary: String
    /// The severity unless configured otherwise.
    public var defaultSeverity: Severity
    /// Files the rule must flag, with markers where.
    public var triggering: [RuleExample]
    /// Files the rule must leave alone.
    public var nonTriggering: [RuleExample]
    /// The check of one file's model.
    public var check: @Sendable (RuleContext) -> [Finding]
    /// The check of what one file declares against every file.
    public var crossFileCheck: (@Sendable (CrossFileContext) -> [Finding])?

    /// Creates a rule.
    public init(
        id: RuleID, summary: String, severity: Severity = .error,
        triggering: [RuleExample], nonTriggering: [RuleExample],
        check: @escaping @Sendable (RuleContext) -> [Finding] = { _ in [] },
        crossFile: (@Sendable (CrossFileContext) -> [Finding])? = nil
    ) {
        self.id = id
        self.summary = summary
        self.defaultSeverity = severity
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.check = check
        self.crossFileCheck = crossFile
    }

    /// A rule whose findings come from the parser.
    static func parseRule(id: RuleID, summary: String, triggering: [RuleExample], nonTriggering: [RuleExample]) -> Rule
    {
        Rule(id: id, summary: summary, triggering: triggering, nonTriggering: nonTriggering) { context in
            context.workplan.problems.filter { $0.rule == id }
        }
    }
}

/// Every rule the linter knows, in documentation order.
public enum RuleRegistry {
    /// All rules.
    public static let all: [Rule] = [
        ParseRules.unreadable, ParseRules.frontMatter, ParseRules.yamlSyntax, ParseRules.duplicateKey,
        KeyRules.requiredKey, KeyRules.unknownKey, ValueRules.invalidValue, DomainRules.unknownDomain,
        DomainRules.archivedDomain, IdentityRules.idFormat,
        IdentityRules.duplicateID, ValueRules.invalidUUID, IdentityRules.duplicateUUID,
        DateRules.invalidDate, DateRules.dateOrder, DateRules.completedDate,
        ClosureRules.openTaskInClosedWorkplan, ClosureRules.missingClosureReview, ClosureRules.closureReviewMismatch,
        DependencyRules.carriedTo, DependencyRules.unknownDependency, DependencyRules.dependencyCycle,
        ParseRules.unclosedFence, StructureRules.taskHeading, StructureRules.taskLikeBlock,
        StructureRules.hiddenTaskBlock, StructureRules.fileName,
        ClosureRules.readyToClose, SuppressionRule.rule,
    ]

    private static let byID: [RuleID: Rule] = Dictionary(
        all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    /// The rule with this id.
    public static func rule(_ id: RuleID) -> Rule? { byID[id] }

    /// The rule with an id read from text (configuration, a suppression comment).
    public static func rule(_ id: String) -> Rule? { byID[RuleID(id)] }
}

// MARK: - Shared vocabulary

/// Keys a workplan's front matter may hold.
let frontMatterKeys = [
    "id", "type", "title", "domain", "status", "owner", "topic_slug", "state_hub_workstream_id",
    "created", "updated", "completed", "depends_on", "blocks",
]
/// Keys a task block may hold.
let taskKeys = ["id", "status", "priority", "state_hub_task_id", "carried_to", "carried_from", "depends_on"]

/// Whether a string is a UUID written in lowercase hexadecimal.
func isLowercaseUUID(_ text: String) -> Bool {
    var text = text
    guard text.utf8.count == 36 else { return false }
    return text.withUTF8 { bytes in
        for (index, byte) in bytes.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) else { return false }
            }
        }
        return true
    }
}

/// What a YAML 1.1 reader would turn a plain scalar into, when not a string.
func yaml11Surprise(_ scalar: YAMLScalar) -> String? {
    guard scalar.isPlain else { return nil }
    let booleans: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
        "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ]
    if booleans.contains(scalar.text) { return "a boolean" }
    if scalar.isNull { return "null" }
    return nil
}

/// A pattern compiled once per configuration value.
final class PatternCache: Sendable {
    static let shared = PatternCache()
    private let patterns = Mutex<[String: NSRegularExpression]>([:])

    func matches(_ pattern: String, _ text: String) -> Bool {
        // The default pattern is matched by hand; only what that match refuses goes to the regular
        // expression (which also treats a final line break as the end).
        if pattern == Configuration.defaultIDPattern, Self.matchesDefault(text) { return true }
        let regex = patterns.withLock { patterns in
            let regex = patterns[pattern] ?? (try? NSRegularExpression(pattern: pattern))
            patterns[pattern] = regex
            return regex
        }
        guard let regex else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// `^[A-Z][A-Z0-9]*-WP-[0-9]{4,}$` on exactly the text.
    static func matchesDefault(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func isUpper(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        guard let first = bytes.first, isUpper(first) else { return false }
        var index = 1
        while index < bytes.count, isUpper(bytes[index]) || isDigit(bytes[index]) { index += 1 }
        guard bytes[index...].starts(with: "-WP-".utf8) else { return false }
        let digits = bytes[(index + 4)...]
        return digits.count >= 4 && digits.allSatisfy(isDigit)
    }
}
