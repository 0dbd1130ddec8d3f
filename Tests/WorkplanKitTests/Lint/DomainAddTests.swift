import Foundation
import Testing

@testable import WorkplanKit

/// `workplan domain add`: byte insertions into the registry's file, nothing else changed.
@Suite struct DomainAddTests {
    static func text(_ directory: TemporaryDirectory, _ name: String = ".workplan.yml") throws -> String {
        try String(contentsOfFile: directory.path + "/" + name, encoding: .utf8)
    }

    @Test(arguments: TextVariant.allCases)
    func aDomainGoesAtTheEndOfTheDomainsBlock(_ variant: TextVariant) throws {
        let directory = try DomainRegistryTests.project("")
        try directory.write(".workplan.yml", bytes: variant.apply(DomainRegistryTests.configuration))
        let run = try CommandLineTests.run(
            ["domain", "add", "billing", "--name", "Billing & Co", "--description", #"Says "hi""#], in: directory.path)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "billing: declared in .workplan.yml\n")
        let expected = DomainRegistryTests.configuration.replacingOccurrences(
            of: "    status: archived\n",
            with: "    status: archived\n  billing:\n    name: \"Billing & Co\"\n    description: \"Says \\\"hi\\\"\"\n"
        )
        #expect(
            [UInt8](try Data(contentsOf: directory.url.appendingPathComponent(".workplan.yml")))
                == variant.apply(expected))
        let domains = try DomainRegistryTests.load(directory).domains
        #expect(domains?.domain("billing")?.description == #"Says "hi""#)
    }

    @Test func aSharedFileGetsTheDomainAtItsEnd() throws {
        let directory = try DomainRegistryTests.project("domains_file: domains.yml\n")
        try directory.write("domains.yml", "customer:\n  name: Customer")
        let run = try CommandLineTests.run(["domain", "add", "billing", "--name", "Billing"], in: directory.path)
        #expect(run.status == 0, "\(run.errors)")
        #expect(
            try Self.text(directory, "domains.yml") == "customer:\n  name: Customer\nbilling:\n  name: \"Billing\"\n")
        #expect(try Self.text(directory) == "domains_file: domains.yml\n")
    }

    @Test func aFirstDomainAlsoDeclaresTheDomainsInUse() throws {
        let directory = try DomainRegistryTests.project(
            "folders: [workplans]\n", [("beta", "active", []), ("alpha", "active", [])])
        let run = try CommandLineTests.run(["domain", "add", "gamma", "--name", "Gamma"], in: directory.path)
        #expect(run.status == 0, "\(run.errors)")
        #expect(
            try Self.text(directory)
                == "folders: [workplans]\ndomains:\n  gamma:\n    name: \"Gamma\"\n  alpha:\n    name: \"alpha\"\n"
                + "  beta:\n    name: \"beta\"\n")
        #expect(try CommandLineTests.run(["lint"], in: directory.path).status == 0)
    }

    @Test func withoutAConfigurationFileOneIsCreated() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(
            atPath: directory.path + "/.git", withIntermediateDirectories: true)
        try directory.write("workplans/TEST-WP-0001.md", plan(tasks: []))
        let run = try CommandLineTests.run(["domain", "add", "testing", "--name", "Testing"], in: directory.path)
        #expect(run.status == 0, "\(run.errors)")
        #expect(try Self.text(directory) == "domains:\n  testing:\n    name: \"Testing\"\n")
    }

    @Test func aBadOrExistingSlugIsRefusedAndADryRunWritesNothing() throws {
        let directory = try DomainRegistryTests.project(DomainRegistryTests.configuration)
        let bad = try CommandLineTests.run(["domain", "add", "Billing", "--name", "B"], in: directory.path)
        #expect(bad.status == 1)
        #expect(bad.errors.contains("invalid domain slug 'Billing'"))
        let existing = try CommandLineTests.run(["domain", "add", "legacy", "--name", "L"], in: directory.path)
        #expect(existing.status == 1)
        #expect(existing.errors.contains("domain 'legacy' is already declared in"))
        let dryRun = try CommandLineTests.run(
            ["domain", "add", "billing", "--name", "Billing", "--dry-run"], in: directory.path)
        #expect(dryRun.status == 0)
        #expect(dryRun.output.contains("+  billing:\n+    name: \"Billing\"\n"), "\(dryRun.output)")
        #expect(try Self.text(directory) == DomainRegistryTests.configuration)
    }
}
