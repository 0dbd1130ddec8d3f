import Foundation
import Testing

@testable import WorkplanKit

/// `workplan domain archive`: refused while open work uses the domain; otherwise the status
/// becomes archived, the value replaced or the line added, nothing else changed.
@Suite struct DomainArchiveTests {
    static let configuration = """
        domains:
          customer:
            name: Customer
            status: "active"  # still used
          billing:
            name: Billing
        folders: [workplans]

        """

    @Test func openWorkIsNamedAndNothingChanges() throws {
        let directory = try DomainRegistryTests.project(
            Self.configuration,
            [("billing", "active", ["todo"]), ("billing", "draft", []), ("billing", "completed", [])])
        let run = try CommandLineTests.run(["domain", "archive", "billing"], in: directory.path)
        #expect(run.status == 1)
        #expect(
            run.errors.contains(
                "domain 'billing' is used by open work: TEST-WP-0001 (workplans/TEST-WP-0001.md), "
                    + "TEST-WP-0002 (workplans/TEST-WP-0002.md)"), "\(run.errors)")
        #expect(try DomainAddTests.text(directory) == Self.configuration)
        let unknown = try CommandLineTests.run(["domain", "archive", "biling"], in: directory.path)
        #expect(unknown.status == 1)
        #expect(unknown.errors.contains("no domain 'biling' is declared (declared: customer, billing)"))
    }

    @Test(arguments: TextVariant.allCases)
    func theStatusIsReplacedOrAdded(_ variant: TextVariant) throws {
        let directory = try DomainRegistryTests.project(
            "", [("customer", "completed", []), ("billing", "archived", [])])
        try directory.write(".workplan.yml", bytes: variant.apply(Self.configuration))
        let dryRun = try CommandLineTests.run(["domain", "archive", "customer", "--dry-run"], in: directory.path)
        #expect(dryRun.status == 0)
        #expect(dryRun.output.contains("+    status: archived  # still used"), "\(dryRun.output)")
        for slug in ["customer", "billing"] {
            let run = try CommandLineTests.run(["domain", "archive", slug], in: directory.path)
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.output == "\(slug): archived in .workplan.yml\n")
        }
        let expected = Self.configuration.replacingOccurrences(of: "\"active\"", with: "archived")
            .replacingOccurrences(of: "    name: Billing\n", with: "    name: Billing\n    status: archived\n")
        #expect(
            [UInt8](try Data(contentsOf: directory.url.appendingPathComponent(".workplan.yml")))
                == variant.apply(expected))
        let again = try CommandLineTests.run(["domain", "archive", "billing"], in: directory.path)
        #expect(again.output == "billing: already archived\n")
        // Closed work may stay in an archived domain.
        let lint = try CommandLineTests.run(["lint", "--format", "json"], in: directory.path)
        #expect(!lint.output.contains("archived-domain") && lint.output.contains("\"diagnostics\""), "\(lint.output)")
    }
}
