import Foundation
import WorkplanKit

/// `workplan lsp`: the Language Server Protocol over standard input and output, for the workplan
/// files under the configured folders. A front end on `EditorProject`: it decodes messages,
/// converts positions (UTF-16 in the protocol, bytes in the tool) and encodes answers; what the
/// answers say comes from WorkplanKit. It reads only: every change is an edit the editor applies.
///
/// One thread, one loop: a message is read and answered before the next one. Diagnostics wait
/// until no message has come for `debounce` (a burst of keystrokes is linted once).
public final class LanguageServer {
    /// How long after the last change diagnostics wait.
    public var debounce: Duration = .milliseconds(50)
    /// The base of the rules' documentation links (`codeDescription`), to which `#rule-id` is
    /// added; nil: no link.
    public var ruleDocumentation: String?

    /// Resolves the workspace of a root folder (the client's `rootUri`; nil: the working directory).
    private let resolve: (String?) throws -> Workspace
    private let reader: MessageReader
    private let writer: MessageWriter
    private let encoder = JSONEncoder()
    private let decoder = JSONDecoder()
    private let version: String

    var project: EditorProject?
    /// Open documents by URI: the path and the version the client gave.
    var documents: [String: (path: String, version: Int?)] = [:]
    /// The last diagnostics sent per open workplan, for hover and code actions.
    var published: [String: [Diagnostic]] = [:]
    /// URIs outside the project already refused, to log each once.
    private var refused: Set<String> = []
    /// Open workplans whose diagnostics are due, and when.
    private var pending: Set<String> = []
    private var due: ContinuousClock.Instant?
    private var lastRefresh = ContinuousClock.now
    var supportsDocumentChanges = false
    var supportsRenameFile = false
    private var shutdownRequested = false

    /// A server that reads `input` and writes `output` (standard input and output by default).
    public init(
        version: String, input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO,
        resolve: @escaping (String?) throws -> Workspace
    ) {
        self.version = version
        self.resolve = resolve
        reader = MessageReader(descriptor: input)
        writer = MessageWriter(descriptor: output)
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
    }

    /// Serves until `exit` or the end of the input. Returns the exit status: 0 after `shutdown`
    /// then `exit`, 1 otherwise (as the protocol asks).
    public func run() -> Int32 {
        while true {
            // With nothing due, the loop wakes every 2 seconds to look for files changed on disk.
            let timeout = due.map { Self.milliseconds($0 - .now) } ?? 2000
            switch reader.next(timeout: timeout) {
            case .message(let body):
                if let status = handle(body) { return status }
                // Requests that keep coming do not hold back diagnostics that are due.
                if let due, due <= .now { publishPending() }
            case .malformed(let reason):
                log(reason, level: 2)
            case .timeout:
                if due == nil { refreshIdle() } else { publishPending() }
            case .end(let reason):
                if let reason { log(reason, level: 1) }
                return shutdownRequested ? 0 : 1
            }
        }
    }

    // MARK: - Messages

    /// Handles one message; returns an exit status when it was `exit`.
    private func handle(_ body: [UInt8]) -> Int32? {
        let data = Data(body)
        guard let envelope = try? decoder.decode(Envelope.self, from: data) else {
            respond(nil, error: ResponseError(code: ResponseError.parseError, message: "not a JSON-RPC message"))
            // A short body can hold the start of the next message: read on from there.
            if let next = Self.find(Array("Content-Length:".utf8), in: body) { reader.unread(body[next...]) }
            return nil
        }
        guard let method = envelope.method else { return nil }  // a response to us: nothing asked
        if method == "exit" { return shutdownRequested ? 0 : 1 }
        guard let id = envelope.id else {
            notification(method, data)
            return nil
        }
        do {
            try request(method, id: id, data)
        } catch let error as ResponseError {
            respond(id, error: error)
        } catch let error as DecodingError {
            respond(id, error: ResponseError(code: ResponseError.invalidParams, message: "invalid params: \(error)"))
        } catch {
            respond(id, error: ResponseError(code: ResponseError.requestFailed, message: "\(error)"))
        }
        return nil
    }

    private func request(_ method: String, id: RequestID, _ data: Data) throws {
        if method == "initialize" { return respond(id, try initialize(params(data))) }
        guard let project, !shutdownRequested else {
            throw ResponseError(
                code: shutdownRequested ? ResponseError.invalidRequest : ResponseError.serverNotInitialized,
                message: shutdownRequested ? "the server is shutting down" : "initialize first")
        }
        switch method {
        case "shutdown":
            shutdownRequested = true
            respond(id, Optional<Int>.none)
        case "textDocument/hover": respond(id, try hover(params(data), project))
        case "textDocument/definition": respond(id, try definition(params(data), project))
        case "textDocument/references": respond(id, try references(params(data), project))
        case "textDocument/completion": respond(id, try completion(params(data), project))
        case "textDocument/prepareRename": respond(id, try prepareRename(params(data), project))
        case "textDocument/rename": respond(id, try rename(params(data), project))
        case "textDocument/codeAction": respond(id, try codeActions(params(data), project))
        case "textDocument/documentSymbol": respond(id, try symbols(params(data), project))
        default:
            throw ResponseError(code: ResponseError.methodNotFound, message: "unknown method \(method)")
        }
    }

    private func notification(_ method: String, _ data: Data) {
        do {
            switch method {
            case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration": break
            case "textDocument/didOpen": try didOpen(params(data))
            case "textDocument/didChange": try didChange(params(data))
            case "textDocument/didSave": didSave()
            case "textDocument/didClose": try didClose(params(data))
            case "workspace/didChangeWatchedFiles": didSave()
            default: if !method.hasPrefix("$/") { log("ignored the notification \(method)", level: 4) }
            }
        } catch {
            log("could not read the parameters of \(method): \(error)", level: 1)
        }
    }

    private func params<P: Decodable>(_ data: Data) throws -> P {
        try decoder.decode(WithParams<P>.self, from: data).params
    }

    // MARK: - Lifecycle

    private struct InitializeResult: Encodable {
        struct ServerInfo: Encodable {
            var name: String
            var version: String
        }
        var capabilities: Capabilities
        var serverInfo: ServerInfo
    }

    private struct Capabilities: Encodable {
        struct Sync: Encodable {
            var openClose = true
            var change = 2
            var save = true
        }
        struct CompletionOptions: Encodable { var triggerCharacters = [" ", "[", ",", "-"] }
        struct RenameOptions: Encodable { var prepareProvider = true }
        struct CodeActionOptions: Encodable { var codeActionKinds = ["quickfix"] }
        var positionEncoding = "utf-16"
        var textDocumentSync = Sync()
        var hoverProvider = true
        var definitionProvider = true
        var referencesProvider = true
        var completionProvider = CompletionOptions()
        var renameProvider = RenameOptions()
        var codeActionProvider = CodeActionOptions()
        var documentSymbolProvider = true
    }

    private func initialize(_ params: InitializeParams) throws -> InitializeResult {
        let root = (params.rootUri.flatMap(Self.path(of:)) ?? params.rootPath)
        let workspace: Workspace
        do {
            workspace = try resolve(root)
        } catch {
            throw ResponseError(code: ResponseError.requestFailed, message: "cannot read the configuration: \(error)")
        }
        var project = EditorProject(workspace: workspace)
        project.refresh()
        self.project = project
        lastRefresh = .now
        let edits = params.capabilities?.workspace?.workspaceEdit
        supportsDocumentChanges = edits?.documentChanges ?? false
        supportsRenameFile = supportsDocumentChanges && (edits?.resourceOperations?.contains("rename") ?? false)
        return InitializeResult(
            capabilities: Capabilities(), serverInfo: .init(name: "workplan", version: version))
    }

    // MARK: - Documents

    private func didOpen(_ params: DidOpenParams) throws {
        guard let path = workplanPath(params.textDocument.uri) else { return }
        documents[params.textDocument.uri] = (path, params.textDocument.version)
        project?.open(path, bytes: Array(params.textDocument.text.utf8))
        publish(params.textDocument.uri)
        schedule(others: params.textDocument.uri)
    }

    private func didChange(_ params: DidChangeParams) throws {
        let uri = params.textDocument.uri
        guard let (path, _) = documents[uri], var bytes = project?.text(at: path) else { return }
        for change in params.contentChanges {
            guard let range = change.range else {
                bytes = Array(change.text.utf8)
                continue
            }
            let text = SourceText(bytes: bytes)
            let start = text.offset(of: UTF16Position(line: range.start.line, character: range.start.character))
            let end = text.offset(of: UTF16Position(line: range.end.line, character: range.end.character))
            bytes.replaceSubrange(min(start, end)..<max(start, end), with: Array(change.text.utf8))
        }
        documents[uri]?.version = params.textDocument.version
        project?.open(path, bytes: bytes)
        schedule(others: nil)
    }

    private func didSave() {
        project?.refresh()
        lastRefresh = .now
        schedule(others: nil)
    }

    private func didClose(_ params: DocumentParams) throws {
        let uri = params.textDocument.uri
        guard let (path, _) = documents.removeValue(forKey: uri) else { return }
        project?.close(path)
        published[uri] = nil
        pending.remove(uri)
        send("textDocument/publishDiagnostics", PublishDiagnosticsParams(uri: uri, diagnostics: []))
        schedule(others: nil)
    }

    /// Diagnostics for every open workplan (but `except`) become due after the debounce.
    private func schedule(others except: String?) {
        pending.formUnion(documents.keys.filter { $0 != except })
        if !pending.isEmpty { due = .now + debounce }
    }

    private func publishPending() {
        due = nil
        for uri in pending.sorted() { publish(uri) }
        pending = []
    }

    /// Files changed on disk (a checkout, another editor) are read again when no message has
    /// come for 2 seconds, never between a keystroke and its diagnostics.
    private func refreshIdle() {
        guard ContinuousClock.now - lastRefresh >= .seconds(2), let changed = project?.refresh() else { return }
        lastRefresh = .now
        if !changed.isEmpty { schedule(others: nil) }
    }

    /// Lints the open document and sends its diagnostics.
    func publish(_ uri: String) {
        guard let project, let (path, _) = documents[uri], let workplan = project.workplan(at: path) else { return }
        let diagnostics = project.diagnostics(for: path)
        published[uri] = diagnostics
        let converted = diagnostics.map { convert($0, text: workplan.document.source, project: project) }
        send("textDocument/publishDiagnostics", PublishDiagnosticsParams(uri: uri, diagnostics: converted))
    }

    /// The path of a URI when it names a workplan of the project; otherwise nil, logged once.
    func workplanPath(_ uri: String) -> String? {
        guard let project, let path = Self.path(of: uri) else { return nil }
        if project.isWorkplan(path) { return path }
        if refused.insert(uri).inserted {
            log("\(uri) is not a workplan under the configured folders: not served", level: 3)
        }
        return nil
    }

    // MARK: - Output

    func respond<R: Encodable>(_ id: RequestID?, _ result: R?) {
        write(Response(id: id, result: result, error: nil))
    }

    func respond(_ id: RequestID?, error: ResponseError) {
        write(Response<Int>(id: id, result: nil, error: error))
    }

    func send<P: Encodable>(_ method: String, _ params: P) {
        write(Notification(method: method, params: params))
    }

    /// A message in the client's log (1 error, 2 warning, 3 info, 4 log), and on standard error.
    func log(_ message: String, level: Int) {
        FileHandle.standardError.write(Data(("workplan lsp: " + message + "\n").utf8))
        send("window/logMessage", LogMessageParams(type: level, message: message))
    }

    private func write<M: Encodable>(_ message: M) {
        guard let body = try? encoder.encode(message) else { return }
        writer.write(Array(body))
    }

    // MARK: - Helpers

    /// The file path of a `file://` URI.
    static func path(of uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.standardizedFileURL.path
    }

    /// The `file://` URI of a path.
    static func uri(of path: String) -> String {
        URL(fileURLWithPath: path).absoluteString
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(0, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// Where `needle` starts in `bytes` after the first byte.
    static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard needle.count < bytes.count else { return nil }
        for start in 1...(bytes.count - needle.count) where bytes[start..<start + needle.count].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
