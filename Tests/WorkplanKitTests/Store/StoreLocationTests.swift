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

    @Test func addressesReadTheURLThenTheEnvironmentThenPgpass() throws {
        let fromURL = try PostgresAddress(
            "postgres://ann:pw@[::1]:6543/hub?sslmode=verify-full", environment: ["PGPASSWORD": "env"], pgpass: nil)
        #expect(fromURL.host == "::1" && fromURL.port == 6543 && fromURL.database == "hub")
        #expect(fromURL.password == "pw" && fromURL.tls == .verifyFull)
        let defaults = try PostgresAddress("postgresql://db", environment: ["USER": "bob"], pgpass: nil)
        #expect(defaults.user == "bob" && defaults.database == "bob")
        #expect(defaults.port == 5432 && defaults.tls == .prefer)
        let pgpass = "# comment\nother:*:*:*:no\ndb:5432:hub:ann:pa\\:ss\\\\word\n"
        let fromFile = try PostgresAddress("postgres://ann@db/hub", environment: [:], pgpass: pgpass)
        #expect(fromFile.password == "pa:ss\\word")
        #expect {
            try PostgresAddress("postgres://ann:hunter2@db/hub?sslmode=maybe", environment: [:], pgpass: nil)
        } throws: { error in
            (error as? PostgresAddress.Invalid)?.message
                == "unknown sslmode 'maybe' in postgres://ann:***@db/hub?sslmode=maybe"
        }
    }
}
