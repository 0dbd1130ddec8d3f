#if HTTP
    import ArgumentParser
    import Foundation
    import WorkplanHTTP
    import WorkplanKit

    extension WorkplanCommand {
        /// `workplan serve`.
        struct Serve: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "serve",
                abstract:
                    "Serve the state store read-only over HTTP: the JSON API under /api/v1 and the live dashboard.",
                discussion:
                    "Reads a hub (postgres://, a read-only role such as workplan_reader is enough) or a SQLite file, never writes. Binds 127.0.0.1 by default; any other address needs --token-file (bearer tokens, one per line). The API is described by docs/openapi.yaml, served at /api/v1/openapi.json. Exit status: 0 stopped; 2 could not start."
            )

            @OptionGroup var global: GlobalOptions
            @OptionGroup var store: StoreOptions

            @Option(help: "The address to listen on.")
            var host = "127.0.0.1"

            @Option(help: "The TCP port (0: any free one, printed at start).")
            var port = 8080

            @Option(help: "A file of bearer tokens, one per line; required on any address but loopback.")
            var tokenFile: String?

            func run() async throws {
                let settings = try await ExitStatus.run("serve") {
                    try ServeSettings.validate(host: host, port: port, tokenFile: tokenFile)
                }
                let workspace = try global.workspace(store)
                let cache = try await ExitStatus.run("serve") { try await workspace.readCache() }
                let display = workspace.store.location.display
                try await ExitStatus.run("serve") {
                    try await ReadServer.run(cache: cache, settings: settings) { port in
                        Terminal.error("serving \(display) on http://\(settings.host):\(port)/")
                    }
                }
            }
        }
    }
#endif
