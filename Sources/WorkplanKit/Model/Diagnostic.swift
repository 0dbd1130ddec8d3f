/// How serious a finding is.
public enum Severity: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 2
        case .warning: 1
        case .note: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A secondary location attached to a diagnostic (for example the first place of a duplicate id).
public struct DiagnosticNote: Codable, Hashable, Sendable {
    /// What this place is.
    public var message: String
    /// The file, relative to the working directory, when the note points somewhere.
    public var path: String?
    /// 1-based line.
    public var line: Int?
    /// 1-based column in UTF-8 bytes.
    public var column: Int?

    /// A note pointing at a place in a file.
    public init(message: String, path: String? = nil, location: SourceLocation? = nil) {
        self.message = message
        self.path = path
        self.line = location?.line
        self.column = location?.column
    }
}

/// One finding about a workplan file: the single currency of lint, sync and close.
public struct Diagnostic: Codable, Hashable, Sendable, Comparable {
    /// The stable id of the rule that found it.
    public var rule: RuleID
    /// How serious it is.
    public var severity: Severity
    /// The file, as given to the linter.
    public var path: String
    /// 1-based line.
    public var line: Int
    /// 1-based column in UTF-8 bytes.
    public var column: Int
    /// What is wrong: lower case, no trailing period.
    public var message: String
    /// Other places that explain the finding.
    public var notes: [DiagnosticNote]

    /// Creates a diagnostic.
    public init(
        rule: RuleID, severity: Severity, path: String, location: SourceLocation,
        message: String, notes: [DiagnosticNote] = []
    ) {
        self.rule = rule
        self.severity = severity
        self.path = path
        self.line = location.line
        self.column = location.column
        self.message = message
        self.notes = notes
    }

    /// The diagnostic's position.
    public var location: SourceLocation { SourceLocation(line: line, column: column) }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.path, lhs.line, lhs.column, lhs.rule, lhs.message) < (
            rhs.path, rhs.line, rhs.column, rhs.rule, rhs.message
        )
    }
}

/// A finding before the linter gives it a severity and a path.
public struct Finding: Hashable, Sendable {
    /// The rule id.
    public var rule: RuleID
    /// Where.
    public var location: SourceLocation
    /// What is wrong.
    public var message: String
    /// Other places.
    public var notes: [DiagnosticNote]

    /// Creates a finding.
    public init(rule: RuleID, at location: SourceLocation, _ message: String, notes: [DiagnosticNote] = []) {
        self.rule = rule
        self.location = location
        self.message = message
        self.notes = notes
    }
}
