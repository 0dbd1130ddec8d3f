import Foundation
import Testing

@testable import WorkplanKit

/// Each rule's examples are its tests: triggering examples must produce the rule exactly at the
/// marked places, non-triggering ones must not produce it, in LF, CRLF and BOM variants.
@Suite struct RuleExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var rule: RuleID
        var number: Int
        var triggering: Bool
        var testDescription: String { "\(rule) \(triggering ? "triggering" : "non-triggering") #\(number)" }
    }

    static let cases: [Case] = RuleRegistry.all.flatMap { rule in
        rule.triggering.indices.map { Case(rule: rule.id, number: $0, triggering: true) }
            + rule.nonTriggering.indices.map { Case(rule: rule.id, number: $0, triggering: false) }
    }

    @Test(arguments: cases, TextVariant.allCases)
    func exampleFindsExactlyTheMarkedPlaces(_ testCase: Case, _ variant: TextVariant) throws {
        let rule = try #require(RuleRegistry.rule(testCase.rule))
        let example = testCase.triggering ? rule.triggering[testCase.number] : rule.nonTriggering[testCase.number]
        let marked = MarkedText(example.text)
        let others = example.others.map { ($0.path, variant.apply(MarkedText($0.text).text)) }
        let diagnostics = lint(
            [(example.path, variant.apply(marked.text))] + others, configuration: try example.lintConfiguration()
        ).filter { $0.rule == rule.id }
        if testCase.triggering {
            #expect(!marked.locations.isEmpty, "a triggering example needs a ↓ marker")
            #expect(
                diagnostics.map(\.location).sorted() == marked.locations.sorted(),
                "\(diagnostics.map { "\($0.location) \($0.message)" })")
        } else {
            #expect(diagnostics.isEmpty, "\(diagnostics.map { "\($0.location) \($0.message)" })")
        }
    }

    @Test func nonTriggeringExamplesAreCleanOfErrors() throws {
        for rule in RuleRegistry.all {
            for example in rule.nonTriggering {
                let others = example.others.map { ($0.path, Array($0.text.utf8)) }
                let errors = lint(
                    [(example.path, Array(example.text.utf8))] + others, configuration: try example.lintConfiguration()
                ).filter { $0.severity == .error }
                #expect(errors.isEmpty, "\(rule.id): \(errors.map { "\($0.location) [\($0.rule)] \($0.message)" })")
            }
        }
    }
}

@Suite struct RuleRegistryTests {
    @Test func ruleIDsAreUniqueAndEveryRuleHasBothKindsOfExample() {
        let ids = RuleRegistry.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for rule in RuleRegistry.all {
            #expect(!rule.triggering.isEmpty, "\(rule.id) has no triggering example")
            #expect(!rule.nonTriggering.isEmpty, "\(rule.id) has no non-triggering example")
            #expect(rule.summary.first?.isLowercase ?? false || rule.summary.first == "`", "\(rule.id) summary")
        }
    }

    @Test(arguments: ["docs/rules.md", "README.md"])
    func ruleTableInTheDocsMatchesTheRegistry(_ file: String) throws {
        let docs = try String(contentsOf: Fixtures.projectRoot.appendingPathComponent(file), encoding: .utf8)
        let lines = docs.components(separatedBy: "\n")
        let header = try #require(lines.firstIndex(of: "| Rule | Default | What it finds |"))
        let rows = lines[(header + 2)...].prefix { $0.hasPrefix("| `") }
        let documented = rows.map { row -> (String, String) in
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return (cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")), cells[1])
        }
        #expect(documented.map(\.0) == RuleRegistry.all.map(\.id.rawValue))
        #expect(documented.map(\.1) == RuleRegistry.all.map(\.defaultSeverity.rawValue))
    }
}

extension RuleExample {
    /// The configuration the example is linted with.
    func lintConfiguration() throws -> WorkplanKit.Configuration {
        let root = URL(fileURLWithPath: "/tmp")
        guard let configuration else { return WorkplanKit.Configuration(root: root) }
        return try ConfigurationLoader.parse(bytes: Array(configuration.utf8), path: "/tmp/.workplan.yml", root: root)
    }
}
