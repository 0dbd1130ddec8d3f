import Foundation
import Testing

@testable import WorkplanKit

/// The domain registry: read from `.workplan.yml` or a shared file, linted against, listed with
/// counts from the files, and added to by byte insertions that read back.
@Suite struct DomainRegistryTests {
    static let configuration = """
        version: 1
        domains:
          customer:
            name: Customer
            description: "What customers see"
          legacy:
            name: Legacy
            status: archived
        # the folders
        folders: [workplans]

        """

    /// A project with `.workplan.yml` (`configuration`) and workplans in `domains` (slug,
    /// status, task statuses).
    static func project(
        _ configuration: String, _ workplans: [(domain: String, status: String, tasks: [String])] = []
    ) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write(".workplan.yml", configuration)
        for (number, workplan) in workplans.enumerated() {
            let id = String(format: "TEST-WP-%04d", number + 1)
            let text = plan(
                id, status: workplan.status,
                tasks: workplan.tasks.enumerated().map { (String(format: "%02d", $0 + 1), $1) })
            try directory.write(
                "workplans/\(id).md",
                text.replacingOccurrences(of: "domain: testing", with: "domain: \(workplan.domain)"))
        }
        return directory
    }

    static func load(_ directory: TemporaryDirectory) throws -> WorkplanKit.Configuration {
        try ConfigurationLoader.load(from: directory.url)
    }

    @Test func theRegistryIsReadFromTheConfigurationOrASharedFile() throws {
        let inline = try Self.load(try Self.project(Self.configuration))
        #expect(inline.domains?.slugs == ["customer", "legacy"])
        #expect(inline.domains?.domain("customer")?.description == "What customers see")
        #expect(inline.domains?.domain("legacy")?.status == .archived)

        let shared = try Self.project("domains_file: shared/domains.yml\n")
        try shared.write("shared/domains.yml", "billing:\n  name: Billing\n")
        let fromFile = try Self.load(shared)
        #expect(fromFile.domains?.slugs == ["billing"])
        #expect(fromFile.domains?.isWholeFile == true)
    }

    @Test(arguments: [
        ("domains:\n  Bad Slug:\n    name: X\n", 2, 3, "invalid domain slug 'Bad Slug'"),
        ("domains:\n  ok:\n    title: X\n", 3, 5, "unknown key 'title' in domain 'ok'"),
        ("domains:\n  ok:\n    name: X\n    status: gone\n", 4, 13, "must be active or archived"),
        ("domains:\n  ok:\n    name: X\ndomains_file: d.yml\n", 4, 1, "not both"),
        ("domains_file: missing.yml\n", 1, 15, "cannot read the domains file 'missing.yml'"),
    ])
    func aBrokenRegistryIsAnErrorAtItsPlace(_ text: String, _ line: Int, _ column: Int, _ message: String) throws {
        let directory = try Self.project(text)
        #expect {
            try Self.load(directory)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.location == SourceLocation(line: line, column: column) && error.message.contains(message)
        }
    }

    @Test func lintFlagsAnUnknownDomainWithASuggestionAndActiveWorkInAnArchivedOne() throws {
        let directory = try Self.project(
            Self.configuration,
            [("custmer", "active", ["todo"]), ("legacy", "active", []), ("legacy", "completed", ["done"])])
        let run = try CommandLineTests.run(["lint", "--format", "json"], in: directory.path)
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let findings = try #require(report["diagnostics"] as? [[String: Any]]).filter {
            ["unknown-domain", "archived-domain"].contains($0["rule"] as? String)
        }
        let summary = findings.map { "\($0["path"] ?? ""):\($0["line"] ?? ""):\($0["rule"] ?? "")" }.sorted()
        #expect(
            summary == [
                "workplans/TEST-WP-0001.md:5:unknown-domain", "workplans/TEST-WP-0002.md:5:archived-domain",
            ], "\(run.output)")
        #expect(run.output.contains("unknown domain 'custmer'; did you mean 'customer'?"))
    }

    @Test func theListCountsWhatTheFilesSay() throws {
        let directory = try Self.project(
            Self.configuration,
            [
                ("customer", "active", ["todo", "done", "in_progress"]), ("customer", "completed", ["done"]),
                ("other", "draft", ["blocked"]),
            ])
        var workspace = Workspace(configuration: try Self.load(directory), workingDirectory: directory.path)
        workspace.tool = "test"
        let listing = try workspace.domainList()
        #expect(listing.domains.map(\.slug) == ["customer", "legacy", "other"])
        #expect(listing.domains.map(\.declared) == [true, true, false])
        #expect(listing.domains.map(\.workstreams) == [2, 0, 1])
        #expect(listing.domains.map(\.activeWorkstreams) == [1, 0, 1])
        #expect(listing.domains.map(\.openTasks) == [2, 0, 1])
        #expect(listing.domains.map(\.doneTasks) == [2, 0, 0])
        #expect(listing.text.contains("other     -  not declared  1/1 active workstreams, 1 open tasks, 0 done"))
    }
}
