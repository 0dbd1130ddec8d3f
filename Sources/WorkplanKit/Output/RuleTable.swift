/// The rule table of the documentation, made from the registry so the two cannot disagree.
public enum RuleTable {
    /// A Markdown table: rule id, default severity, what it finds.
    public static var markdown: String {
        var out = "| Rule | Default | What it finds |\n|---|---|---|\n"
        for rule in RuleRegistry.all {
            out +=
                "| `\(rule.id)` | \(rule.defaultSeverity.rawValue) | \(rule.summary.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        return out
    }

    /// Plain text: one rule a line.
    public static var text: String {
        let width = RuleRegistry.all.map(\.id.rawValue.count).max() ?? 0
        return RuleRegistry.all.map { rule in
            rule.id.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + rule.defaultSeverity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + rule.summary
        }.joined(separator: "\n") + "\n"
    }
}
