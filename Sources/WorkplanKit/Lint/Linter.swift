/// Runs every enabled rule over workplans and applies suppression comments.
public struct Linter: Sendable {
    /// The project's settings.
    public var configuration: Configuration

    /// Creates a linter.
    public init(configuration: Configuration) {
        self.configuration = configuration
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
        return concurrentPerformMap(reported) { diagnostics(for: $0, index: index) }.flatMap { $0 }.sorted()
    }

    /// Diagnostics for one workplan.
    public func diagnostics(for workplan: Workplan, index: WorkplanIndex) -> [Diagnostic] {
        let context = RuleContext(workplan: workplan, index: index, configuration: configuration)
        var findings: [(Finding, Severity)] = []
        for rule in RuleRegistry.all where rule.id != SuppressionRule.rule.id {
            guard let severity = configuration.severity(of: rule) else { continue }
            findings += rule.check(context).map { ($0, severity) }
        }
        let (kept, suppressionFindings) = applySuppressions(findings, in: workplan)
        var all = kept
        if let severity = configuration.severity(of: SuppressionRule.rule) {
            all += suppressionFindings.map { ($0, severity) }
        }
        return all.map { finding, severity in
            Diagnostic(
                rule: finding.rule, severity: severity, path: workplan.path, location: finding.location,
                message: finding.message, notes: finding.notes)
        }
    }

    /// Drops suppressed findings; returns what is left and the findings about the suppressions.
    private func applySuppressions(
        _ findings: [(Finding, Severity)], in workplan: Workplan
    ) -> ([(Finding, Severity)], [Finding]) {
        let suppressions = workplan.suppressions
        guard !suppressions.isEmpty else { return (findings, []) }
        var used = Array(repeating: false, count: suppressions.count)
        let kept = findings.filter { finding, _ in
            for (number, suppression) in suppressions.enumerated() where suppression.rules.contains(finding.rule) {
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
                notes.append(Finding(rule: "suppression", at: suppression.location, "suppression names no rule"))
            } else if !unknown.isEmpty {
                for name in unknown {
                    let hint =
                        closestMatch(to: name, in: RuleRegistry.all.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                    notes.append(
                        Finding(
                            rule: "suppression", at: suppression.location,
                            "suppression names unknown rule '\(name)'\(hint)"))
                }
            } else if !used[number] {
                notes.append(
                    Finding(
                        rule: "suppression", at: suppression.location,
                        "suppression of \(suppression.rules.joined(separator: ", ")) suppresses nothing"))
            }
        }
        return (kept, notes)
    }
}
