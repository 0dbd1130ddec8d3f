import Foundation
import Testing

@testable import WorkplanKit

/// `workplan domain rename`: the registry and every `domain:` naming the old slug, nothing else;
/// an interrupted rename finished by running it again.
@Suite struct DomainRenameTests {
    static let configuration =
        "domains:\n  custodian:\n    name: Custodian  # the keepers\n  tooling:\n    name: Tooling\n"

    /// A project holding the seed workplan (as `variant`) and a second one in `tooling`.
    static func project(_ variant: TextVariant) throws -> TemporaryDirectory {
        let directory = try DomainRegistryTests.project(Self.configuration, [("tooling", "active", ["todo"])])
        try directory.write("workplans/CUST-WP-0005.md", bytes: variant.apply(try Fixtures.string("CUST-WP-0005.md")))
        return directory
    }

    @Test(arguments: TextVariant.allCases)
    func theSeedChangesOnlyItsDomainLine(_ variant: TextVariant) throws {
        let directory = try Self.project(variant)
        let run = try CommandLineTests.run(
            ["domain", "rename", "custodian", "stewardship", "--name", "Stewardship"], in: directory.path)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "custodian -> stewardship: 2 files changed\n")
        let golden = Fixtures.directory.appendingPathComponent("domains/CUST-WP-0005.renamed.md")
        let renamed = [UInt8](try Data(contentsOf: directory.url.appendingPathComponent("workplans/CUST-WP-0005.md")))
        if variant == .lf, ProcessInfo.processInfo.environment["WORKPLAN_RECORD_GOLDEN"] == "1" {
            try Data(renamed).write(to: golden)
        }
        #expect(renamed == variant.apply(try String(contentsOf: golden, encoding: .utf8)))
        #expect(
            try DomainAddTests.text(directory)
                == "domains:\n  stewardship:\n    name: \"Stewardship\"  # the keepers\n  tooling:\n    name: Tooling\n"
        )
        #expect(
            try CommandLineTests.run(["lint", "--format", "json"], in: directory.path).output.contains("unknown-domain")
                == false)
    }

    /// CRLF line endings and a byte order mark in one file.
    @Test func aFileWithCRLFAndABOMKeepsBoth() throws {
        let directory = try Self.project(.lf)
        let crlf = { (text: String) in
            [0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        }
        try directory.write("workplans/CUST-WP-0005.md", bytes: crlf(try Fixtures.string("CUST-WP-0005.md")))
        let run = try CommandLineTests.run(["domain", "rename", "custodian", "stewardship"], in: directory.path)
        #expect(run.status == 0, "\(run.errors)")
        let golden = try String(
            contentsOf: Fixtures.directory.appendingPathComponent("domains/CUST-WP-0005.renamed.md"), encoding: .utf8)
        #expect(
            [UInt8](try Data(contentsOf: directory.url.appendingPathComponent("workplans/CUST-WP-0005.md")))
                == crlf(golden))
    }

    /// The seed's project as a crash leaves a rename: the journal written, the registry renamed,
    /// the workplan not yet.
    static func interruptedRename() throws -> TemporaryDirectory {
        let directory = try project(.lf)
        try directory.write(".workplan/domain-rename.json", #"{"old":"custodian","new":"stewardship"}"#)
        try directory.write(
            ".workplan.yml", configuration.replacingOccurrences(of: "  custodian:", with: "  stewardship:"))
        return directory
    }

    @Test func anInterruptedRenameIsFinishedByRunningItAgain() throws {
        let directory = try Self.interruptedRename()
        let seed = try Fixtures.string("CUST-WP-0005.md")
        let run = try CommandLineTests.run(["domain", "rename", "custodian", "stewardship"], in: directory.path)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "custodian -> stewardship: 1 file changed (an interrupted rename finished)\n")
        #expect(
            try DomainAddTests.text(directory, "workplans/CUST-WP-0005.md")
                == seed.replacingOccurrences(of: "domain: custodian", with: "domain: stewardship"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/.workplan/domain-rename.json"))
    }

    @Test func doctorReportsAnInterruptedRenameAndFixFinishesIt() throws {
        let directory = try Self.interruptedRename()
        let seed = try Fixtures.string("CUST-WP-0005.md")
        let doctor = try CommandLineTests.run(["doctor"], in: directory.path)
        #expect(doctor.status == 1)
        #expect(
            doctor.output.contains(
                "unfinished-domain-rename: renaming domain custodian to stewardship was interrupted; finish it"),
            "\(doctor.output)")
        let fix = try CommandLineTests.run(["doctor", "--fix"], in: directory.path)
        #expect(fix.status == 0, "\(fix.errors)")
        #expect(
            try DomainAddTests.text(directory, "workplans/CUST-WP-0005.md")
                == seed.replacingOccurrences(of: "domain: custodian", with: "domain: stewardship"))
        #expect(try CommandLineTests.run(["doctor"], in: directory.path).status == 0)
    }

    @Test func refusalsChangeNothingAndSyncRecordsTheRename() throws {
        let directory = try Self.project(.lf)
        for (arguments, message) in [
            (["nobody", "other"], "no domain 'nobody' is declared"),
            (["custodian", "tooling"], "domain 'tooling' is already declared"),
            (["custodian", "Bad"], "invalid domain slug 'Bad'"),
        ] {
            let run = try CommandLineTests.run(["domain", "rename"] + arguments, in: directory.path)
            #expect(run.status == 1 && run.errors.contains(message), "\(arguments): \(run.errors)")
        }
        #expect(try DomainAddTests.text(directory) == Self.configuration)
        #expect(try CommandLineTests.run(["sync"], in: directory.path).status == 0)
        #expect(try CommandLineTests.run(["domain", "rename", "tooling", "tools"], in: directory.path).status == 0)
        let sync = try CommandLineTests.run(["sync", "--format", "json"], in: directory.path)
        #expect(sync.output.contains(#"\"domain\":\"tools\"},\"old\":{"#), "\(sync.output)")
        #expect(sync.output.contains(#"\"domain\":\"tooling\"}}"#), "\(sync.output)")
    }
}
