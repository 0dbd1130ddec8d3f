import Foundation
import Testing

@testable import WorkplanKit

@Suite("UTF-16 positions")
struct UTF16PositionTests {
    // "é" is 2 bytes and 1 unit; "🚀" 4 bytes and 2 units; CRLF and a BOM are not characters.
    let text = SourceText(bytes: [0xEF, 0xBB, 0xBF] + Array("ab\r\né🚀x\nlast".utf8))

    @Test("byte offsets and UTF-16 positions convert exactly, both ways")
    func roundTrip() {
        let cases: [(offset: Int, line: Int, character: Int)] = [
            (3, 0, 0), (5, 0, 2), (7, 1, 0), (9, 1, 1), (13, 1, 3), (14, 1, 4), (15, 2, 0), (19, 2, 4),
        ]
        for (offset, line, character) in cases {
            #expect(text.utf16Position(ofOffset: offset) == UTF16Position(line: line, character: character))
            #expect(text.offset(of: UTF16Position(line: line, character: character)) == offset)
        }
    }

    @Test("a position past a line's end, inside a surrogate pair or past the text is clamped")
    func clamping() {
        #expect(text.offset(of: UTF16Position(line: 0, character: 99)) == 5)
        #expect(text.offset(of: UTF16Position(line: 1, character: 2)) == 9)
        #expect(text.offset(of: UTF16Position(line: 7, character: 0)) == text.bytes.count)
        #expect(text.utf16Position(ofOffset: 11) == UTF16Position(line: 1, character: 1))
    }
}

@Suite("The editor's completions, outline and fixes")
struct EditorEditsTests {
    static let text = """
        ---
        id: A-WP-0001
        type: workplan
        title: "A"
        domain: plans
        status: actve
        created: "2026-01-05"
        ---

        # A

        ## Phase one

        ### First

        ```task
        id: A-WP-0001-T01
        status: todo
        priority: hgh
        ```

        ### Second

        ```task
        status: todo
        depends_on:
          - A-WP
        ```

        ## Phase two

        ### Third

        ```task
        id: A-WP-0001-T07
        state_hub_task_id: 2271eb55-62ca-4bcc-8d9f-f9aacd6922d6
        status: done
        ```

        ```task
        id: A-WP-0001-T08
        state_hub_task_id: 2271eb55-62ca-4bcc-8d9f-f9aacd6922d6
        status: done
        ```
        """

    func project() throws -> (TemporaryDirectory, EditorProject, String) {
        let directory = try TemporaryDirectory()
        let path = try directory.write("workplans/A-WP-0001.md", Self.text)
        let workspace = Workspace(
            configuration: WorkplanKit.Configuration(root: directory.url), workingDirectory: directory.path,
            databasePath: directory.path + "/.workplan/state.sqlite")
        var project = EditorProject(workspace: workspace)
        project.refresh()
        return (directory, project, path)
    }

    func offset(after marker: String, in text: String = EditorEditsTests.text) throws -> Int {
        let range = try #require(text.range(of: marker))
        return text.utf8.distance(from: text.startIndex, to: range.upperBound)
    }

    @Test("values, ids in a `- ` list and the next free task id")
    func completions() throws {
        let (_, project, path) = try project()
        let list = project.completions(at: try offset(after: "  - A-WP"), in: path)
        #expect(list.map(\.label) == ["A-WP-0001-T01", "A-WP-0001-T07", "A-WP-0001-T08"])
        #expect(list.allSatisfy { $0.range.count == 4 })
        let status = project.completions(at: try offset(after: "status: act"), in: path)
        #expect(status.map(\.label) == ["active"])
        #expect(
            project.completions(at: try offset(after: "status: "), in: path).map(\.label)
                == WorkplanStatus.allCases.map(\.rawValue))
        // Outside a block: nothing.
        #expect(project.completions(at: try offset(after: "# A"), in: path).isEmpty)
        var edited = project
        let text = Self.text.replacingOccurrences(
            of: "```task\nstatus: todo\ndepends_on", with: "```task\nid: \nstatus: todo\ndepends_on")
        edited.open(path, bytes: Array(text.utf8))
        #expect(
            edited.completions(at: try offset(after: "```task\nid: ", in: text), in: path).map(\.label) == [
                "A-WP-0001-T09"
            ])
    }

    @Test("phases hold their tasks in the outline")
    func outline() throws {
        let (_, project, path) = try project()
        let outline = project.outline(of: path)
        #expect(outline.map(\.name) == ["Phase one", "Phase two"])
        #expect(outline[0].children.map(\.name) == ["A-WP-0001-T01 First", "Second"])
        #expect(outline[1].children.map(\.name) == ["A-WP-0001-T07 Third", "A-WP-0001-T08"])
        #expect(outline[0].lines == 11...28)
    }

    @Test("each finding with one safe change gets it, and applying it settles the finding")
    func fixes() throws {
        let (_, project, path) = try project()
        let diagnostics = project.diagnostics(for: path)
        let fixes = project.fixes(for: diagnostics, in: path)
        #expect(
            fixes.map(\.title) == [
                "Change status to 'active'", "Change priority to 'high'",
                "Give the task the next free id, A-WP-0001-T09",
                "Remove the copied store id (the next sync writes a new one)",
            ])
        var bytes = Array(Self.text.utf8)
        let edits = fixes.flatMap(\.edits)
        bytes = try #require(ByteEdit.apply(edits, to: bytes))
        var fixed = project
        fixed.open(path, bytes: bytes)
        let left = fixed.diagnostics(for: path).map(\.rule.rawValue)
        #expect(!left.contains("invalid-value") && !left.contains("required-key") && !left.contains("duplicate-uuid"))
    }

    @Test("a rename plans what renumber plans, and refuses an id that exists")
    func rename() throws {
        let (_, project, path) = try project()
        let at = try offset(after: "id: A-WP-0001-T0")
        let plan = try project.rename(at: at, in: path, to: "A-WP-0001-T02")
        let expected = try Renumberer.plan("A-WP-0001-T01", to: "A-WP-0001-T02", in: project.workplanSet)
        #expect(plan.changes == expected.changes)
        #expect(plan.edits[path]?.count == 1)
        #expect(throws: EditRefusal.idTaken("A-WP-0001-T07", path: "workplans/A-WP-0001.md")) {
            try project.rename(at: at, in: path, to: "A-WP-0001-T07")
        }
        #expect(try project.renameTarget(at: at, in: path).id == "A-WP-0001-T01")
    }
}
