import Foundation

/// Where a state store is and whose rows a run reads and writes there: a SQLite file (one
/// repository, the default), or a PostgreSQL server that many repositories share (a hub).
public struct StoreLocation: Sendable, Hashable {
    /// A file path, or a `postgres://` (`postgresql://`) URL.
    public var database: String
    /// The repository this run syncs: a hub's rows are scoped to it; a SQLite file ignores it.
    public var repository: RepositoryIdentity

    public init(database: String, repository: RepositoryIdentity) {
        self.database = database
        self.repository = repository
    }

    /// Whether the database is a server's URL rather than a file.
    public var isServer: Bool { Self.scheme(of: database) != nil }

    /// The scheme of a URL (`postgres` in `postgres://…`), nil for a file path: any text that
    /// starts with letters, digits, `+`, `-` or `.` followed by `://`.
    public static func scheme(of text: String) -> String? {
        guard let separator = text.range(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return scheme.lowercased()
    }

    /// A database as given (`--db`, `WORKPLAN_DATABASE_URL`, `database:`): a URL of a scheme
    /// in `schemes` as written, a file's path made absolute against `directory`; any other
    /// `scheme://` is refused, so that a typo never becomes a file of that name.
    public static func database(
        _ text: String, relativeTo directory: String, schemes: Set<String>
    ) throws(WorkspaceError) -> String {
        guard let scheme = scheme(of: text) else {
            return URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: directory, isDirectory: true))
                .standardizedFileURL.path
        }
        guard StoreLocation.serverSchemes.contains(scheme) else {
            throw .unknownScheme(redacting(text), scheme: scheme)
        }
        guard schemes.contains(scheme) else { throw .withoutBackend(redacting(text)) }
        return text
    }

    /// The schemes of the servers a store can be on: PostgreSQL's.
    public static let serverSchemes: Set<String> = ["postgres", "postgresql"]

    /// The database for messages: a URL's password replaced by `***`.
    public var display: String { Self.redacting(database) }

    /// `text` with the password of any `scheme://user:password@` in it replaced by `***`.
    public static func redacting(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let scheme = rest.range(of: "://") {
            result += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == " " } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                result += authority[..<colon] + ":***" + authority[at...]
            } else {
                result += authority
            }
            rest = rest[authorityEnd...]
        }
        return result + rest
    }
}
