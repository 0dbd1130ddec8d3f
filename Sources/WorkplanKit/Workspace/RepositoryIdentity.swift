import Foundation

/// A repository as a hub knows it: its name (the key of its rows) and its `origin` remote.
public struct RepositoryIdentity: Sendable, Hashable {
    public var name: String
    public var remote: String?
    /// The commit checked out when the run started, when the folder is a git repository.
    public var commit: String?
    /// The name the hub knew this repository by, when it was renamed (`sync --renamed-from`):
    /// its rows move to the new name instead of a second repository starting empty.
    public var renamedFrom: String?

    public init(name: String, remote: String? = nil, commit: String? = nil) {
        self.name = name
        self.remote = remote
        self.commit = commit
    }

    /// The identity of the repository at `directory`: `configured` (`repository:` in
    /// `.workplan.yml`) when set, else its normalised `origin` URL, else the folder's name.
    public static func resolve(configured: String?, directory: String) -> RepositoryIdentity {
        let remote = (try? Git.run(["config", "--get", "remote.origin.url"], in: directory))
            .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            .flatMap { $0.isEmpty ? nil : normalise(remote: $0) }
        let commit = (try? Git.run(["rev-parse", "--verify", "--quiet", "HEAD"], in: directory))
            .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            .flatMap { $0.isEmpty ? nil : $0 }
        let name =
            configured.flatMap { $0.isEmpty ? nil : $0 } ?? remote
            ?? URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
        return RepositoryIdentity(name: name, remote: remote, commit: commit)
    }

    /// A remote URL as `host/path`, whatever its form: `git@github.com:org/repo.git`,
    /// `https://user:token@github.com/org/repo`, `ssh://git@github.com:22/org/repo.git/` all give
    /// `github.com/org/repo`. The host is lowercased; credentials, ports and `.git` are dropped.
    public static func normalise(remote: String) -> String {
        var text = remote.trimmingCharacters(in: .whitespaces)
        if let scheme = text.range(of: "://") {
            text = String(text[scheme.upperBound...])
        } else if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("/") {
            // scp-like: user@host:path
            text = text[..<colon] + "/" + text[text.index(after: colon)...]
        }
        if let at = text.firstIndex(of: "@"), at < (text.firstIndex(of: "/") ?? text.endIndex) {
            text = String(text[text.index(after: at)...])
        }
        let slash = text.firstIndex(of: "/") ?? text.endIndex
        var host = text[..<slash].lowercased()
        if let port = host.lastIndex(of: ":"), host[host.index(after: port)...].allSatisfy(\.isNumber) {
            host = String(host[..<port])
        }
        var path = String(text[slash...])
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix(".git") { path.removeLast(4) }
        return host + path
    }
}
