import Foundation
import Testing

@testable import WorkplanKit

/// A project in a scratch folder: `workplans/` with the given files.
private func project(_ files: [String: String]) throws -> (TemporaryDirectory, EditorProject) {
    let directory = try TemporaryDirectory()
    for (name, text) in files { try directory.write("workplans/" + name, text) }
    let configuration = WorkplanKit.Configuration(root: directory.url)
    let workspace = Workspace(
        configuration: configuration, workingDirectory: directory.path,
        databasePath: directory.path + "/.workplan/state.sqlite")
    var project = EditorProject(workspace: workspace)
    project.refresh()
    return (directory, project)
}

private func workplan(_ id: String, _ frontMatter: String = "", tasks: [(String, String)] = []) -> String {
    var text = """
        ---
        id: \(id)
        type: workplan
        title: "Workplan \(id)"
        domain: plans
        status: active
        created: "2026-01-05"
        \(frontMatter)
        ---

        # Workplan \(id)

        """
    for (number, fields) in tasks {
        text += "\n### Task \(number)\n\n```task\nid: \(id)-T\(number)\nstatus: todo\n\(fields)\n```\n"
    }
    return text
}

/// The byte offset where `id` first stands whole in the file at `path`.
private func firstPlace(of id: String, in path: String, _ project: EditorProject) throws -> Int {
    let text = try #require(project.workplan(at: path)).bytes
    return try #require(IDReferences.occurrences(of: Array(id.utf8), in: text, 0..<text.count, prefix: false).first)
}

/// What `workplan lint` reports for every file: the linter over every workplan of the project.
private func lintEverything(_ project: EditorProject) -> [Diagnostic] {
    let workplans = project.workplans.map(\.workplan)
    var linter = Linter(configuration: project.workspace.configuration)
    linter.elsewhere = []
    return linter.diagnostics(for: workplans)
}

@Suite("The editor's view of a project")
struct EditorProjectTests {
    /// Duplicates in other files, an unknown dependency and a cycle whose middle edge is a
    /// `blocks` written in the third file: the file's findings against the few files that
    /// matter are those of an index of every file.
    static let crossFile: [String: String] = [
        "A-WP-0001.md": workplan(
            "A-WP-0001", "depends_on: [B-WP-0001]", tasks: [("01", "depends_on: [B-WP-0001-T01, Z-WP-0009-T01]")]),
        "B-WP-0001.md": workplan("B-WP-0001", tasks: [("01", "")]),
        "C-WP-0001.md": workplan("C-WP-0001", "depends_on: [A-WP-0001]\nblocks: [B-WP-0001]"),
        "D-WP-0001.md": workplan("D-WP-0001", tasks: [("01", ""), ("02", "depends_on: [D-WP-0001-T01]")])
            .replacingOccurrences(of: "id: D-WP-0001-T02", with: "id: A-WP-0001-T01"),
        "E-WP-0001.md": workplan("E-WP-0001", tasks: [("01", "depends_on: [E-WP-0001-T02]"), ("02", "")]),
    ]

    @Test("each file's findings are what lint finds in it with every file indexed")
    func findingsMatchLint() throws {
        let (directory, project) = try project(Self.crossFile)
        let everything = lintEverything(project)
        #expect(Set(everything.map(\.rule)).isSuperset(of: ["duplicate-id", "unknown-dependency", "dependency-cycle"]))
        for name in Self.crossFile.keys.sorted() {
            let path = directory.path + "/workplans/" + name
            #expect(project.diagnostics(for: path) == everything.filter { $0.path == "workplans/" + name }, "\(name)")
        }
    }

    @Test("an open buffer's unsaved text stands for its file, for itself and for the others")
    func openBufferReplacesTheFile() throws {
        var (directory, project) = try project(Self.crossFile)
        let b = directory.path + "/workplans/B-WP-0001.md"
        let a = directory.path + "/workplans/A-WP-0001.md"
        // B no longer declares B-WP-0001-T01: A's dependency on it dangles, and the cycle stays.
        project.open(b, bytes: Array(workplan("B-WP-0001", tasks: [("02", "")]).utf8))
        let rules = project.diagnostics(for: a).map(\.rule.rawValue)
        #expect(rules.filter { $0 == "unknown-dependency" }.count == 2)
        #expect(rules.contains("dependency-cycle"))
        #expect(project.diagnostics(for: a) == lintEverything(project).filter { $0.path == "workplans/A-WP-0001.md" })
        project.close(b)
        #expect(project.diagnostics(for: a).map(\.rule.rawValue).filter { $0 == "unknown-dependency" }.count == 1)
    }

    @Test("a file outside the configured folders is not a workplan of the project")
    func outsideTheFolders() throws {
        let (directory, project) = try project(["A-WP-0001.md": workplan("A-WP-0001")])
        #expect(project.isWorkplan(directory.path + "/workplans/A-WP-0001.md"))
        #expect(!project.isWorkplan(directory.path + "/README.md"))
        #expect(!project.isWorkplan(directory.path + "/workplans/.drafts/A-WP-0002.md"))
        #expect(!project.isWorkplan(directory.path + "/workplans/notes.txt"))
        #expect(project.diagnostics(for: directory.path + "/README.md").isEmpty)
    }

    @Test("the id at a place, its declaration and every reference")
    func ids() throws {
        let (directory, project) = try project(Self.crossFile)
        let a = directory.path + "/workplans/A-WP-0001.md"
        let offset = try firstPlace(of: "B-WP-0001-T01", in: a, project)
        for place in [offset, offset + 5, offset + 13] {
            #expect(project.id(at: place, in: a)?.id == "B-WP-0001-T01")
        }
        #expect(project.id(at: offset - 2, in: a) == nil)
        let b = directory.path + "/workplans/B-WP-0001.md"
        let declared = try #require(project.declaration(of: "B-WP-0001-T01"))
        let bText = try #require(project.workplan(at: b)).bytes
        #expect(declared.path == b)
        #expect(String(decoding: bText[declared.range], as: UTF8.self) == "B-WP-0001-T01")
        #expect(project.references(to: "B-WP-0001-T01").map(\.path) == [a, b])
        #expect(project.summary(of: "B-WP-0001-T01")?.title == "Task 01")
        #expect(project.summary(of: "B-WP-0001")?.openTaskCount == 1)
    }

    @Test("a rename reads only the files it concerns and plans what renumber plans on every file")
    func renameAcrossFiles() throws {
        let (directory, project) = try project(Self.crossFile)
        let b = directory.path + "/workplans/B-WP-0001.md"
        let at = try firstPlace(of: "B-WP-0001", in: b, project)
        let plan = try project.rename(at: at, in: b, to: "B-WP-0007")
        let everywhere = try Renumberer.plan("B-WP-0001", to: "B-WP-0007", in: project.workplanSet)
        #expect(plan.changes == everywhere.changes)
        #expect(plan.rename?.to == everywhere.rename?.to)
        #expect(
            plan.changes.map(\.displayPath) == [
                "workplans/A-WP-0001.md", "workplans/C-WP-0001.md", "workplans/B-WP-0001.md",
            ])
        #expect(throws: EditRefusal.idTaken("E-WP-0001", path: "workplans/E-WP-0001.md")) {
            try project.rename(at: at, in: b, to: "E-WP-0001")
        }
    }
}
