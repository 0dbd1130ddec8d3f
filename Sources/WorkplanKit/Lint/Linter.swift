/// One file linted on its own: what it declares, and the findings of the rules that need only
/// its model. Small: its model can be dropped before the cross-file rules run.
public struct LintedFile: Sendable {
    /// What the file declares, for the index and the cross-file rules.
    public var entry: IndexEntry
    /// The findings of single-file rules, with their configured severities, before suppressions.
    var findings: [(Finding, Severity)]
    /// The file's suppression comments.
    var suppressions: [Suppression]
}

/// Runs every enabled rule over workplans and applies suppression comments, in two stages: each
/// file on its own (`lint(_:)`), then what each declares against the index of all of them
/// (`diagnostics(for:index:)`).
public struct Linter: Sendable {
    /// The project's settings.
    public var configuration: Configuration
    /// Ids a hub's other repositories hold (`HubIDs`), which `unknown-dependency` accepts.
    public var elsewhere: Set<String> = []
    // The enabled rules' checks alone: a whole `Rule` (its examples and texts) copied per file
    // and rule cost more retains than most checks of a clean file.
    private let fileChecks: [(check: @Sendable (RuleContext) -> [Finding], severity: Severity)]
    private let crossFileChecks: [(check: @Sendable (CrossFileContext) -> [Finding], severity: Severity)]

    /// Creates a linter.
    public init(configuration: Configuration) {
        self.configuration = configuration
        let enabled = RuleRegistry.all.compactMap { rule in
            rule.id == SuppressionRule.rule.id ? nil : configuration.severity(of: rule).map { (rule, $0) }
        }
        fileChecks = enabled.map { ($0.0.check, $0.1) }
        crossFileChecks = enabled.compactMap { rule, severity in rule.crossFileCheck.map { ($0, severity) } }
    }

    /// Diagnostics for the workplans at `reportedPaths` (all of them when nil), with every workplan
    /// in `workplans` visible to cross-file rules. Sorted by path, line and column.
    public func diagnostics(
        for workplans: [Workplan], reportingOn reportedPaths: Set<String>? = nil,
        index: WorkplanIndex? = nil
    ) -> [Diagnostic] {
        let index = index ?? WorkplanIndex(workplans: workplans)
        let reported = workplans.filter { reportedPaths?.contains($0.path) ?? true }
        // Each file is checked on its own against the shared index: on all cores.
        return concurrentPerformMap(reported) { diagnostics(for: lint($0), index: index) }.flatMap { $0 }.sorted()
    }

    /// The first stage: the single-file rules, and what the file declares.
    public func lint(_ workplan: Workplan) -> LintedFile {
        let context = RuleContext(workplan: workplan, configuration: configuration)
        var findings: [(Finding, Severity)] = []
        for (check, severity) in fileChecks {
            findings += check(context).map { ($0, severity) }
        }
        return LintedFile(entry: IndexEntry(workplan), findings: findings, suppressions: workplan.suppressions)
    }

    /// The second stage: the cross-file rules against `index`, then the file's suppressions.
    public func diagnostics(for file: LintedFile, index: WorkplanIndex) -> [Diagnostic] {
        let context = CrossFileContext(entry: file.entry, index: index, elsewhere: elsewhere)
        var findings = file.findings
        for (check, severity) in crossFileChecks {
            findings += check(context).map { ($0, severity) }
        }
        let (kept, suppressionFindings) = applySuppressions(findings, file.suppressions)
        var all = kept
        if let severity = configuration.severity(of: SuppressionRule.rule) {
            all += suppressionFindings.map { ($0, severity) }
        }
        return all.map { finding, severity in
            Diagnostic(
                rule: finding.rule, severity: severity, path: file.entry.path, location: finding.location,
                message: finding.message, notes: finding.notes)
        }
    }

    /// Drops suppressed findings; returns what is left and the findings about the suppressions.
    private func applySuppressions(
        _ findings: [(Finding, Severity)], _ suppressions: [Suppression]
    ) -> ([(Finding, Severity)], [Finding]) {
        guard !suppressions.isEmpty else { return (findings, []) }
        var used = Array(repeating: false, count: suppressions.count)
        let kept = findings.filter { finding, _ in
            for (number, suppression) in suppressions.enumerated()
            where suppression.rules.contains(finding.rule.rawValue) {
                if suppression.scope == .file || suppression.lines.contains(finding.location.line) {
                    used[number] = true
                    return false
                }
            }
            return true
        }
        var notes: [Finding] = []
        for (number, suppression) in suppressions.enumerated() {
            let unknown = suppression.rules.filter { RuleRegistry.rule($0) == nil }
            if suppression.rules.isEmpty {
                notes.append(Finding(rule: .suppression, at: suppression.location, "suppression names no rule"))
            } else if !unknown.isEmpty {
                for name in unknown {
                    let hint =
                        closestMatch(to: name, in: RuleRegistry.all.map(\.id.rawValue)).map {
                            "; did you mean '\($0)'?"
                        } ?? ""
                    notes.append(
                        Finding(
                            rule: .suppression, at: suppression.location,
                            "suppression names unknown rule '\(name)'\(hint)"))
                }
            } else if !used[number] {
                notes.append(
                    Finding(
                        rule: .suppression, at: suppression.location,
                        "suppression of \(suppression.rules.joined(separator: ", ")) suppresses nothing"))
            }
        }
        return (kept, notes)
    }
}
