import Testing

@testable import WorkplanKit

/// Where task blocks are and are not read, case by case: the departures from CommonMark that the
/// differential tests found in the first block scanner, each now read as CommonMark reads it.
@Suite struct TaskPlacementTests {
    struct Outcome {
        var taskIDs: [String]
        var titles: [String]
        var rules: [String]
    }

    static func read(_ body: String) -> Outcome {
        let text = Sample.frontMatter() + "\n# Example plan\n\n## Phase 1\n\n" + body
        let workplan = WorkplanParser.parse(bytes: Array(text.utf8), path: "TEST-WP-0001.md")
        let diagnostics = lint([(path: "TEST-WP-0001.md", bytes: Array(text.utf8))])
        return Outcome(
            taskIDs: workplan.tasks.compactMap(\.id), titles: workplan.tasks.map(\.title),
            rules: diagnostics.map(\.rule.rawValue).filter { $0 != "file-name" })
    }

    @Test func aFenceThatEndsWithItsListItemIsClosedThere() {
        let outcome = Self.read(
            "### One\n\n- ```task\n  id: TEST-WP-0001-T01\n  status: todo\n\n### Two\n\n```task\nid: TEST-WP-0001-T02\nstatus: todo\n```\n"
        )
        #expect(outcome.taskIDs == ["TEST-WP-0001-T01", "TEST-WP-0001-T02"])
        #expect(outcome.titles == ["One", "Two"])
        #expect(outcome.rules == ["unclosed-fence"])
    }

    @Test(arguments: ["1. First step\n2. ", "* a\n2. ", "1. a\n3) "])
    func aNewListItemAfterAListParagraphCanOpenATask(_ lead: String) {
        let outcome = Self.read("### One\n\n\(lead)```task\n   id: TEST-WP-0001-T01\n   status: todo\n   ```\n")
        #expect(outcome.taskIDs == ["TEST-WP-0001-T01"])
        #expect(outcome.rules.isEmpty)
    }

    @Test func anEmptyListItemEndsAtABlankLine() {
        let outcome = Self.read("### One\n\n-\n\n    ```task\n    id: TEST-WP-0001-T01\n    status: todo\n    ```\n")
        #expect(outcome.taskIDs.isEmpty)
    }

    @Test func anAutolinkLineIsAParagraphNotHTML() {
        let outcome = Self.read(
            "### One\n\n<https://example.com/design>\n```task\nid: TEST-WP-0001-T01\nstatus: todo\n```\n")
        #expect(outcome.taskIDs == ["TEST-WP-0001-T01"])
        #expect(outcome.rules.isEmpty)
    }

    @Test func aTagWithAQuotedGreaterThanStartsAnHTMLBlock() {
        let outcome = Self.read("### One\n\n<a href=\"x>y\">\n```task\nid: TEST-WP-0001-T01\nstatus: todo\n```\n")
        #expect(outcome.taskIDs.isEmpty)
        #expect(outcome.rules == ["hidden-task-block"])
    }

    @Test(arguments: [
        "- > ```task\n  > id: TEST-WP-0001-T01\n", "> - ```task\n>   id: TEST-WP-0001-T01\n",
        ">\t```task\n>\tid: TEST-WP-0001-T01\n",
    ])
    func aTaskInABlockQuoteInsideAListOrTheOtherWayRoundIsWarned(_ body: String) {
        let outcome = Self.read("### One\n\n" + body)
        #expect(outcome.taskIDs.isEmpty)
        #expect(outcome.rules == ["hidden-task-block"])
    }

    @Test func tabsAreColumnsInListItems() {
        let outcome = Self.read("### One\n\n1.\t```task\n\tid: TEST-WP-0001-T01\n\tstatus: todo\n\t```\n")
        #expect(outcome.taskIDs == ["TEST-WP-0001-T01"])
        #expect(outcome.rules.isEmpty)
    }

    @Test func aQuotedLineAboveDashesIsNotAHeading() {
        let outcome = Self.read("### One\n\n> quoted line\n---\n\n```task\nid: TEST-WP-0001-T01\nstatus: todo\n```\n")
        #expect(outcome.titles == ["One"])
    }

    @Test(arguments: ["t&#97;sk", "t&#x61;sk", "\\task", "task&Tab;extra"])
    func infoStringsAreDecodedBeforeTheirFirstWordIsCompared(_ info: String) {
        let outcome = Self.read("### One\n\n```\(info)\nid: TEST-WP-0001-T01\nstatus: todo\n```\n")
        let expected = info == "\\task" ? [] : ["TEST-WP-0001-T01"]
        #expect(outcome.taskIDs == expected)
    }

    @Test func aHeadingInABlockQuoteGivesNoTitle() {
        let outcome = Self.read("### One\n\n> ### Quoted\n\n```task\nid: TEST-WP-0001-T01\nstatus: todo\n```\n")
        #expect(outcome.titles == ["One"])
    }

    @Test func aTaskInAListItemKeepsFilePositions() {
        let text =
            Sample.frontMatter()
            + "\n## Phase 1\n\n### One\n\n- ```task\n  id: TEST-WP-0001-T01\n  status: nope\n  ```\n"
        let diagnostics = lint([(path: "TEST-WP-0001.md", bytes: Array(text.utf8))]).filter {
            $0.rule == "invalid-value"
        }
        #expect(diagnostics.map(\.line) == [16])
        #expect(diagnostics.map(\.column) == [11])
    }
}
