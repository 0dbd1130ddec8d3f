#if PostgreSQL
    import Foundation
    import WorkplanKit

    /// A PostgreSQL URL taken apart the way libpq reads it: `postgres://user:password@host:port/db`
    /// with `?sslmode=`, the password from the URL, else `PGPASSWORD`, else `~/.pgpass`. Pure apart
    /// from reading the environment and `~/.pgpass` it is handed.
    struct PostgresAddress: Sendable, Hashable {
        enum TLSMode: String, Sendable {
            case disable, allow, prefer, require
            case verifyCA = "verify-ca"
            case verifyFull = "verify-full"
        }

        var host: String
        var port: Int
        var user: String
        var password: String?
        var database: String
        var tls: TLSMode

        /// Why a URL cannot be used; never shows the password.
        struct Invalid: Error, Sendable { var message: String }

        /// Parses `url`; `environment` gives `PGPASSWORD`, `PGUSER` and `USER`, `pgpass` the text of
        /// `~/.pgpass` when it may be used (libpq ignores a file others can read).
        init(_ url: String, environment: [String: String], pgpass: String?) throws(Invalid) {
            let display = StoreLocation.redacting(url)
            guard StoreLocation.scheme(of: url).map(StoreLocation.serverSchemes.contains) == true,
                let components = URLComponents(string: url)
            else {
                throw Invalid(message: "not a PostgreSQL URL: \(display)")
            }
            guard let host = components.host, !host.isEmpty else {
                throw Invalid(message: "\(display) names no host")
            }
            self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
            port = components.port ?? 5432
            user = components.user ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
            let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            database = path.isEmpty ? user : path
            var mode = TLSMode.prefer
            for item in components.queryItems ?? [] {
                switch item.name {
                case "sslmode":
                    guard let value = item.value.flatMap(TLSMode.init(rawValue:)) else {
                        throw Invalid(message: "unknown sslmode '\(item.value ?? "")' in \(display)")
                    }
                    mode = value
                case "application_name", "connect_timeout": break
                default: throw Invalid(message: "unsupported parameter '\(item.name)' in \(display)")
                }
            }
            tls = mode
            password =
                components.password ?? environment["PGPASSWORD"]
                ?? pgpass.flatMap { Self.password(in: $0, host: self.host, port: port, database: database, user: user) }
        }

        /// The password `~/.pgpass` gives these connection parameters: the first line
        /// `host:port:database:user:password` whose fields match (`*` matches anything; `\:` and
        /// `\\` escape).
        static func password(in pgpass: String, host: String, port: Int, database: String, user: String) -> String? {
            for line in pgpass.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
                var fields: [String] = [""]
                var escaped = false
                for character in line {
                    if escaped {
                        fields[fields.count - 1].append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == ":" && fields.count < 5 {
                        fields.append("")
                    } else {
                        fields[fields.count - 1].append(character)
                    }
                }
                guard fields.count == 5 else { continue }
                let wanted = [host, String(port), database, user]
                if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
            }
            return nil
        }

        /// `~/.pgpass`, when it exists and only its owner can read it (as libpq requires).
        static func pgpassFile(environment: [String: String]) -> String? {
            let path = environment["PGPASSFILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let permissions = attributes[.posixPermissions] as? Int, permissions & 0o077 == 0
            else { return nil }
            return try? String(contentsOfFile: path, encoding: .utf8)
        }
    }
#endif
