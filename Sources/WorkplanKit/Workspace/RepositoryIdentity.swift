import Foundation

/// A repository as a hub knows it: its name (the key of its rows), where that name came from,
/// and its `origin` remote.
public struct RepositoryIdentity: Sendable, Hashable {
    /// Where a repository's name on a hub came from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// `repository:` in `.workplan.yml`.
        case configured
        /// The normalised URL of the `origin` remote.
        case origin
        /// Neither: the folder's name, which a hub never takes (an unrelated checkout may share it).
        case undeclared
    }

    public var name: String
    public var source: Source
    public var remote: String?
    /// The name the hub knew this repository by, when it was renamed (`sync --renamed-from`):
    /// its rows move to the new name instead of a second repository starting empty.
    public var renamedFrom: String?

    public init(name: String, source: Source = .configured, remote: String? = nil) {
        self.name = name
        self.source = source
        self.remote = remote
    }

    /// The identity of the repository at `directory`: `configured` (`repository:` in
    /// `.workplan.yml`) when set, else its normalised `origin` URL, else undeclared (the
    /// folder's name, for reading only).
    public static func resolve(configured: String?, directory: String) -> RepositoryIdentity {
        let remote = (try? Git.run(["config", "--get", "remote.origin.url"], in: directory))
            .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            .flatMap { $0.isEmpty ? nil : normalise(remote: $0) }
        if let configured, !configured.isEmpty {
            return RepositoryIdentity(name: configured, source: .configured, remote: remote)
        }
        if let remote { return RepositoryIdentity(name: remote, source: .origin, remote: remote) }
        return RepositoryIdentity(
            name: URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent, source: .undeclared)
    }

    /// Why a hub refuses this identity for writing, nil when it is declared.
    public var undeclaredProblem: String? {
        guard source == .undeclared else { return nil }
        return "this repository has no identity on the hub: it has no 'origin' remote and .workplan.yml "
            + "names none; add the line 'repository: NAME' to .workplan.yml (a name no other repository "
            + "on the hub uses), or add an origin remote"
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
