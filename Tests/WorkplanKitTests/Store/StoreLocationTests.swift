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

    @Test func aSchemeNoStoreHasIsRefusedAndNothingIsCreated() throws {
        let directory = try TemporaryDirectory()
        let configuration = Configuration(root: directory.url)
        #expect(throws: WorkspaceError.unknownScheme("postgre://u@127.0.0.1:5/hub", scheme: "postgre")) {
            try Workspace(
                configuration: configuration, workingDirectory: directory.path, database: "postgre://u@127.0.0.1:5/hub",
                environment: [:])
        }
        #expect(throws: WorkspaceError.unknownScheme("mysql://db/x", scheme: "mysql")) {
            try Workspace(
                configuration: configuration, workingDirectory: directory.path,
                environment: ["WORKPLAN_DATABASE_URL": "mysql://db/x"])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func aHubURLNeedsABuildWithItsBackend() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: WorkspaceError.withoutBackend("postgres://ann:***@db/hub")) {
            try Workspace(
                configuration: Configuration(root: directory.url), workingDirectory: directory.path,
                database: "postgres://ann:pw@db/hub", environment: [:])
        }
    }

    @Test func theStoreComesFromTheOptionThenTheEnvironmentThenTheConfiguration() throws {
        let directory = try TemporaryDirectory()
        var configuration = Configuration(root: directory.url)
        configuration.database = "data/state.db"
        let configured = try Workspace(configuration: configuration, workingDirectory: "/elsewhere", environment: [:])
        #expect(configured.store.location.database == directory.url.path + "/data/state.db")
        #expect(configured.stateFolder.path == directory.url.path + "/data")
        #expect(configured.stateFolder.lintCache == directory.url.path + "/data/lint-cache")
        let environment = try Workspace(
            configuration: configuration, workingDirectory: "/work", environment: ["WORKPLAN_DATABASE_URL": "env.db"])
        #expect(environment.store.location.database == "/work/env.db")
        let option = try Workspace(
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
