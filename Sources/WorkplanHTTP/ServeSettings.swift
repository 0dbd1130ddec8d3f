#if HTTP
    import Foundation

    /// How `workplan serve` listens, and who may ask: checked before anything binds.
    public struct ServeSettings: Sendable {
        public var host: String
        public var port: Int
        /// Bearer tokens (one per line of the token file); empty: no token is asked for.
        public var tokens: [String]

        /// The refusal to start, when there is one: a non-loopback address without tokens.
        public static func validate(host: String, port: Int, tokenFile: String?) throws(ServeError) -> ServeSettings {
            guard (0...65535).contains(port) else { throw .invalid("port \(port) is not a TCP port") }
            var tokens: [String] = []
            if let tokenFile {
                guard let data = FileManager.default.contents(atPath: tokenFile) else {
                    throw .invalid("cannot read the token file \(tokenFile)")
                }
                tokens = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
                guard !tokens.isEmpty else { throw .invalid("the token file \(tokenFile) holds no token") }
            }
            if tokens.isEmpty, !isLoopback(host) {
                throw .invalid(
                    "refusing to serve on \(host) without --token-file: only 127.0.0.1, ::1 and localhost are served "
                        + "without a token")
            }
            return ServeSettings(host: host, port: port, tokens: tokens)
        }

        static func isLoopback(_ host: String) -> Bool {
            host == "localhost" || host == "::1" || host.hasPrefix("127.")
        }

        /// Whether `header` (an `Authorization` value) carries one of the tokens, compared in
        /// constant time (every token, every byte).
        func authorizes(_ header: String?) -> Bool {
            guard !tokens.isEmpty else { return true }
            guard let header, header.hasPrefix("Bearer ") else { return false }
            let offered = Array(header.utf8.dropFirst(7))
            var matched = false
            for token in tokens {
                let expected = Array(token.utf8)
                var difference: UInt8 = expected.count == offered.count ? 0 : 1
                for index in 0..<expected.count {
                    difference |= expected[index] ^ (index < offered.count ? offered[index] : 0)
                }
                matched = matched || difference == 0
            }
            return matched
        }
    }

    /// Why `workplan serve` cannot start.
    public enum ServeError: Error, LocalizedError {
        case invalid(String)

        public var errorDescription: String? {
            switch self {
            case .invalid(let message): message
            }
        }
    }
#endif
