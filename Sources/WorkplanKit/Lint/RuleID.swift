/// A rule's stable id: what output, configuration and suppressions name it by. Each rule's id
/// is a static member, so that code names rules only through them (SwiftLint's identifiers);
/// `init(_:)` is for ids read from a user's text.
public struct RuleID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// An id read from text (a configuration key, a suppression comment).
    public init(_ text: String) { rawValue = text }

    public var description: String { rawValue }

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    // MARK: - The rules

    public static let archivedDomain = RuleID("archived-domain")
    public static let carriedTo = RuleID("carried-to")
    public static let closureReviewMismatch = RuleID("closure-review-mismatch")
    public static let completedDate = RuleID("completed-date")
    public static let dateOrder = RuleID("date-order")
    public static let dependencyCycle = RuleID("dependency-cycle")
    public static let duplicateID = RuleID("duplicate-id")
    public static let duplicateKey = RuleID("duplicate-key")
    public static let duplicateUUID = RuleID("duplicate-uuid")
    public static let fileName = RuleID("file-name")
    public static let frontMatter = RuleID("front-matter")
    public static let hiddenTaskBlock = RuleID("hidden-task-block")
    public static let idFormat = RuleID("id-format")
    public static let idOnOtherBranch = RuleID("id-on-other-branch")
    public static let invalidDate = RuleID("invalid-date")
    public static let invalidUUID = RuleID("invalid-uuid")
    public static let invalidValue = RuleID("invalid-value")
    public static let missingClosureReview = RuleID("missing-closure-review")
    public static let openTaskInClosedWorkplan = RuleID("open-task-in-closed-workplan")
    public static let readyToClose = RuleID("ready-to-close")
    public static let requiredKey = RuleID("required-key")
    public static let suppression = RuleID("suppression")
    public static let taskHeading = RuleID("task-heading")
    public static let taskLikeBlock = RuleID("task-like-block")
    public static let unclosedFence = RuleID("unclosed-fence")
    public static let unknownDependency = RuleID("unknown-dependency")
    public static let unknownDomain = RuleID("unknown-domain")
    public static let unknownKey = RuleID("unknown-key")
    public static let unreadable = RuleID("unreadable")
    public static let yamlSyntax = RuleID("yaml-syntax")

    // MARK: - Lists the pipeline acts on

    /// Problems that make a file's model unreliable: commands that change state leave whatever
    /// they knew of such a file untouched.
    public static let unreliableModel: Set<RuleID> = [.unreadable, .frontMatter, .yamlSyntax, .duplicateKey]
    /// What makes sync skip a file and keep its rows: an unreliable model, or an id that another
    /// file declares too (syncing it would move the other file's rows).
    public static let skipsSync: Set<RuleID> = unreliableModel.union([.duplicateID])
}
