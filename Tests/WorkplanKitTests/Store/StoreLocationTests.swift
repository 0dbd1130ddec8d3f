import Foundation
import Testing

@testable import WorkplanKit

/// Repository names, password redaction and PostgreSQL addresses: no server needed.
@Suite struct StoreLocationTests {
    @Test(arguments: [
        ("git@github.com:Org/Repo.git", "github.com/Org/Repo"),
        ("https://user:token@GitHub.com/org/repo", "github.com/org/repo"),
        ("ssh://git@github.com:22/org/repo.git/", "github.com/org/repo"),
        ("https://gitlab.example.com/group/sub/project.git", "gitlab.example.com/group/sub/project"),
    ])
    func remotesAreNormalised(_ remote: String, _ expected: String) {
        #expect(RepositoryIdentity.normalise(remote: remote) == expected)
    }

    @Test func aConfiguredNameWinsAndAFolderWithoutRemoteIsNamedByItsFolder() throws {
        let directory = try TemporaryDirectory()
        #expect(RepositoryIdentity.resolve(configured: "team/api", directory: directory.path).name == "team/api")
        #expect(
            RepositoryIdentity.resolve(configured: nil, directory: directory.path).name
                == directory.url.standardizedFileURL.lastPathComponent)
    }

    @Test func passwordsAreRedactedWhereverTheyAppear() {
        #expect(
            StoreLocation.redacting("cannot reach postgres://ann:s3cret@db:5432/hub?sslmode=require, retrying")
                == "cannot reach postgres://ann:***@db:5432/hub?sslmode=require, retrying")
        #expect(StoreLocation.redacting("postgres://ann@db/hub") == "postgres://ann@db/hub")
        #expect(StoreLocation.redacting("/work/.workplan/state.sqlite") == "/work/.workplan/state.sqlite")
    }

    @Test func aSchemeNoStoreHasIsRefusedAndNothingIsCreated() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("workplans/TEST-WP-0001.md", Sample.workplan())
        let configuration = Configuration(root: directory.url)
        let typo = Workspace(
            configuration: configuration, workingDirectory: directory.path, database: "postgre://u@127.0.0.1:5/hub",
            environment: [:])
        #expect(typo.storeProblem == .unknownScheme("postgre://u@127.0.0.1:5/hub", scheme: "postgre"))
        let fromEnvironment = Workspace(
            configuration: configuration, workingDirectory: directory.path,
            environment: ["WORKPLAN_DATABASE_URL": "mysql://db/x"])
        #expect(fromEnvironment.storeProblem == .unknownScheme("mysql://db/x", scheme: "mysql"))
        // Every use of the store refuses; what needs none still works.
        for use in [{ _ = try await typo.sync(SyncOptions()) }, { _ = try await typo.status(domain: nil) }]
            as [@Sendable () async throws -> Void]
        {
            await #expect {
                try await use()
            } throws: { error in
                error.localizedDescription.contains("no state store has the scheme 'postgre://'")
            }
        }
        let lint = try await typo.lint(useCache: false)
        #expect(lint.fileCount == 1 && lint.diagnostics.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["workplans"])
    }

    @Test func aHubURLNeedsABuildWithItsBackend() throws {
        let directory = try TemporaryDirectory()
        let workspace = Workspace(
            configuration: Configuration(root: directory.url), workingDirectory: directory.path,
            database: "postgres://ann:pw@db/hub", environment: [:])
        #expect(workspace.storeProblem == .withoutBackend("postgres://ann:***@db/hub"))
    }

    @Test func theStoreComesFromTheOptionThenTheEnvironmentThenTheConfiguration() throws {
        let directory = try TemporaryDirectory()
        var configuration = Configuration(root: directory.url)
        configuration.database = "data/state.db"
        let configured = Workspace(configuration: configuration, workingDirectory: "/elsewhere", environment: [:])
        #expect(configured.store.location.database == directory.url.path + "/data/state.db")
        #expect(configured.stateFolder.path == directory.url.path + "/data")
        #expect(configured.stateFolder.lintCache == directory.url.path + "/data/lint-cache")
        let environment = Workspace(
            configuration: configuration, workingDirectory: "/work", environment: ["WORKPLAN_DATABASE_URL": "env.db"])
        #expect(environment.store.location.database == "/work/env.db")
        let option = Workspace(
            configuration: configuration, workingDirectory: "/work", database: "cli.db",
            environment: ["WORKPLAN_DATABASE_URL": "env.db"])
        #expect(option.store.location.database == "/work/cli.db")
        // The state folder (caches, journal) does not follow --db: lint and renumber have no such option.
        #expect(option.stateFolder == configured.stateFolder)
        #expect(!option.store.location.isServer && option.store.location.repository.name.isEmpty)
    }

    @Test func schemesAreReadOnlyBeforeTheirSeparator() {
        #expect(StoreLocation.scheme(of: "postgres://db/hub") == "postgres")
        #expect(StoreLocation.scheme(of: "PostgreSQL://db/hub") == "postgresql")
        #expect(StoreLocation.scheme(of: "./postgres:/db") == nil)
        #expect(StoreLocation.scheme(of: "/tmp/a://b") == nil)
        #expect(StoreLocation.scheme(of: "state.sqlite") == nil)
    }
}
