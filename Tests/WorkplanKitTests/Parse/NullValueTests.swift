import Foundation
import Testing

@testable import WorkplanKit

/// YAML's null (`~`, `null`, nothing after the colon) is no value, wherever a value is read: the
/// model, `show`, the store and the dependencies agree.
@Suite struct NullValueTests {
    static let text =
        Sample.frontMatter("owner: ~", "topic_slug: null", "updated:", "depends_on: ~")
        + "\n# Example plan\n\n## Phase 1\n"
        + Sample.task("01", "priority: ~", "carried_to: null")

    @Test(arguments: TextVariant.allCases)
    func aNullIsNoValueInTheModelAndInShow(_ variant: TextVariant) throws {
        let workplan = WorkplanParser.parse(bytes: variant.apply(Self.text), path: "TEST-WP-0001.md")
        #expect(workplan.frontMatter?.string("owner") == nil)
        #expect(workplan.frontMatter?.string("topic_slug") == nil)
        #expect(workplan.frontMatter?.string("updated") == nil)
        #expect(workplan.dependencies.isEmpty)
        #expect(workplan.tasks.first?.priority == nil && workplan.tasks.first?.carriedTo == nil)
        let json = JSONRenderer.encode(WorkplanSummary(workplan))
        #expect(!json.contains("\"owner\"") && !json.contains("\"topic_slug\"") && !json.contains("\"updated\""))
        #expect(!json.contains("\"~\"") && !json.contains("\"null\""))
    }

    @Test func theStoreKeepsNoTextForANull() async throws {
        let fixture = try SyncFixture()
        try fixture.write("TEST-WP-0001.md", Self.text)
        let report = try await fixture.sync()
        #expect(report.skippedFiles.isEmpty)
        let workstream = try #require(try fixture.workstreams()["TEST-WP-0001"])
        #expect(workstream.owner == nil && workstream.topicSlug == nil && workstream.updated == nil)
        let task = try #require(try fixture.tasks()["TEST-WP-0001-T01"])
        #expect(task.priority == nil && task.carriedTo == nil)
        #expect(try fixture.strings("SELECT from_id FROM dependencies").isEmpty)
        // The null values were not taken for text: a second sync changes nothing.
        #expect(!(try await fixture.sync { $0.full = true }).hasChanges)
    }

    @Test func aStoreIDWithNoValueIsReportedAndNoSecondKeyIsInserted() async throws {
        let fixture = try SyncFixture()
        let text = Sample.frontMatter("state_hub_workstream_id: ~") + "\n# Example plan\n\n## Phase 1\n" + Sample.task()
        try fixture.write("TEST-WP-0001.md", text)
        let diagnostics = lint([("TEST-WP-0001.md", Array(text.utf8))])
        #expect(
            diagnostics.map { "\($0.rule) \($0.message)" } == [
                "invalid-uuid the UUID has no value: remove the line, and sync writes one"
            ])
        try await fixture.sync()
        let written = String(decoding: try fixture.bytes("TEST-WP-0001.md"), as: UTF8.self)
        #expect(written.components(separatedBy: "state_hub_workstream_id").count == 2)
        #expect(written.contains("state_hub_task_id: "))
    }
}
