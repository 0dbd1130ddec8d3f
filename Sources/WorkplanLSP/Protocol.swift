import WorkplanKit

// The parts of the Language Server Protocol 3.17 this server speaks, as Codable values.

/// A request's id: a number or a string.
enum RequestID: Codable, Hashable {
    case number(Int)
    case text(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        }
    }
}

/// What every message has: its id (a request or a response) and its method.
struct Envelope: Decodable {
    var id: RequestID?
    var method: String?
}

/// A message's parameters, decoded once the method is known.
struct WithParams<Params: Decodable>: Decodable {
    var params: Params
}

/// A response: a result (null included) or an error.
struct Response<Result: Encodable>: Encodable {
    var id: RequestID?
    var result: Result?
    var error: ResponseError?

    enum CodingKeys: String, CodingKey { case jsonrpc, id, result, error }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        try container.encode(id, forKey: .id)
        if let error {
            try container.encode(error, forKey: .error)
        } else {
            try container.encode(result, forKey: .result)
        }
    }
}

struct ResponseError: Encodable, Error {
    var code: Int
    var message: String

    static let parseError = -32700
    static let invalidRequest = -32600
    static let methodNotFound = -32601
    static let invalidParams = -32602
    static let serverNotInitialized = -32002
    static let requestFailed = -32803
}

/// A notification from the server.
struct Notification<Params: Encodable>: Encodable {
    var jsonrpc = "2.0"
    var method: String
    var params: Params
}

struct Position: Codable, Hashable {
    var line: Int
    var character: Int
}

struct LSPRange: Codable, Hashable {
    var start: Position
    var end: Position
}

struct Location: Codable, Hashable {
    var uri: String
    var range: LSPRange
}

struct TextDocumentIdentifier: Codable {
    var uri: String
}

struct TextDocumentPositionParams: Decodable {
    var textDocument: TextDocumentIdentifier
    var position: Position
}

// MARK: - Lifecycle

struct InitializeParams: Decodable {
    struct ClientCapabilities: Decodable {
        struct Workspace: Decodable {
            struct WorkspaceEdit: Decodable {
                var documentChanges: Bool?
                var resourceOperations: [String]?
            }
            var workspaceEdit: WorkspaceEdit?
        }
        var workspace: Workspace?
    }
    var rootUri: String?
    var rootPath: String?
    var capabilities: ClientCapabilities?
}

// MARK: - Documents

struct DidOpenParams: Decodable {
    struct Item: Decodable {
        var uri: String
        var version: Int?
        var text: String
    }
    var textDocument: Item
}

struct DidChangeParams: Decodable {
    struct Change: Decodable {
        var range: LSPRange?
        var text: String
    }
    struct Document: Decodable {
        var uri: String
        var version: Int?
    }
    var textDocument: Document
    var contentChanges: [Change]
}

struct DocumentParams: Decodable {
    var textDocument: TextDocumentIdentifier
}

// MARK: - Diagnostics

struct LSPDiagnostic: Codable, Hashable {
    struct CodeDescription: Codable, Hashable { var href: String }
    struct Related: Codable, Hashable {
        var location: Location
        var message: String
    }
    var range: LSPRange
    var severity: Int
    var code: String
    var codeDescription: CodeDescription?
    var source = "workplan"
    var message: String
    var relatedInformation: [Related]?
}

struct PublishDiagnosticsParams: Encodable {
    var uri: String
    var diagnostics: [LSPDiagnostic]
}

struct LogMessageParams: Encodable {
    /// 1 error, 2 warning, 3 info, 4 log.
    var type: Int
    var message: String
}

// MARK: - Features

struct ReferenceParams: Decodable {
    struct Context: Decodable { var includeDeclaration: Bool }
    var textDocument: TextDocumentIdentifier
    var position: Position
    var context: Context?
}

struct Hover: Encodable {
    struct Content: Encodable {
        var kind = "markdown"
        var value: String
    }
    var contents: Content
    var range: LSPRange?
}

struct CompletionItem: Encodable {
    struct Edit: Encodable {
        var range: LSPRange
        var newText: String
    }
    var label: String
    /// 12 value, 18 reference.
    var kind: Int
    var detail: String?
    var textEdit: Edit
}

struct CompletionList: Encodable {
    var isIncomplete: Bool
    var items: [CompletionItem]
}

struct RenameParams: Decodable {
    var textDocument: TextDocumentIdentifier
    var position: Position
    var newName: String
}

struct TextEdit: Encodable {
    var range: LSPRange
    var newText: String
}

/// A workspace edit: per-file changes, or (when the client supports them) document changes
/// with the file's rename.
struct WorkspaceEdit: Encodable {
    var changes: [String: [TextEdit]]?
    var documentChanges: [DocumentChange]?
}

enum DocumentChange: Encodable {
    struct VersionedIdentifier: Encodable {
        var uri: String
        var version: Int?

        enum CodingKeys: String, CodingKey { case uri, version }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(uri, forKey: .uri)
            try container.encode(version, forKey: .version)
        }
    }
    case edit(VersionedIdentifier, [TextEdit])
    case rename(from: String, to: String)

    enum CodingKeys: String, CodingKey { case textDocument, edits, kind, oldUri, newUri }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .edit(let document, let edits):
            try container.encode(document, forKey: .textDocument)
            try container.encode(edits, forKey: .edits)
        case .rename(let from, let to):
            try container.encode("rename", forKey: .kind)
            try container.encode(from, forKey: .oldUri)
            try container.encode(to, forKey: .newUri)
        }
    }
}

struct PrepareRenameResult: Encodable {
    var range: LSPRange
    var placeholder: String
}

struct CodeActionParams: Decodable {
    struct Context: Decodable { var diagnostics: [LSPDiagnostic] }
    var textDocument: TextDocumentIdentifier
    var range: LSPRange
    var context: Context
}

struct CodeAction: Encodable {
    var title: String
    var kind = "quickfix"
    var diagnostics: [LSPDiagnostic]
    var isPreferred = true
    var edit: WorkspaceEdit
}

struct DocumentSymbol: Encodable {
    var name: String
    var detail: String?
    /// 3 namespace (a phase), 12 function (a task): the kinds editors draw as sections and items.
    var kind: Int
    var range: LSPRange
    var selectionRange: LSPRange
    var children: [DocumentSymbol]
}
