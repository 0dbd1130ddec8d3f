import Foundation
import WorkplanKit

/// The answers: each asks `EditorProject` in byte offsets and converts to the protocol's
/// UTF-16 positions with the text of the file the answer is about.
extension LanguageServer {
    /// The open document's path and text, and the byte offset of a position in it; nil (and
    /// logged) for a document outside the project or not open.
    private func place(
        _ document: TextDocumentIdentifier, _ position: Position?, _ project: EditorProject
    ) -> (path: String, text: SourceText, offset: Int)? {
        guard let path = workplanPath(document.uri), let workplan = project.workplan(at: path) else { return nil }
        let text = workplan.document.source
        let offset = position.map { text.offset(of: UTF16Position(line: $0.line, character: $0.character)) } ?? 0
        return (path, text, offset)
    }

    func range(_ bytes: Swift.Range<Int>, in text: SourceText) -> LSPRange {
        let start = text.utf16Position(ofOffset: bytes.lowerBound)
        let end = text.utf16Position(ofOffset: bytes.upperBound)
        return LSPRange(
            start: Position(line: start.line, character: start.character),
            end: Position(line: end.line, character: end.character))
    }

    private func location(_ span: FileSpan, _ project: EditorProject) -> Location? {
        guard let text = project.workplan(at: span.path)?.document.source else { return nil }
        return Location(uri: Self.uri(of: span.path), range: range(span.range, in: text))
    }

    // MARK: - Diagnostics

    /// A diagnostic's range: from its column over the id or word there (to the end of the line's
    /// content when none starts there).
    func convert(_ diagnostic: Diagnostic, text: SourceText, project: EditorProject) -> LSPDiagnostic {
        func span(line: Int, column: Int, in text: SourceText) -> Swift.Range<Int> {
            guard line >= 1, line <= text.lines.count else { return text.bytes.count..<text.bytes.count }
            let content = text.lines[line - 1]
            let start = min(content.start + max(column - 1, 0), content.contentEnd)
            var end = start
            if end < content.contentEnd, EditorProject.isIDCharacter(text.bytes[end]) {
                while end < content.contentEnd, EditorProject.isIDCharacter(text.bytes[end]) { end += 1 }
            } else {
                while end < content.contentEnd, text.bytes[end] != 0x20, text.bytes[end] != 0x09 { end += 1 }
            }
            return start..<(end == start ? content.contentEnd : end)
        }
        var related: [LSPDiagnostic.Related] = []
        var message = diagnostic.message
        for note in diagnostic.notes {
            guard let path = note.path, let line = note.line else {
                message += "\n" + note.message
                continue
            }
            let absolute = project.absolutePath(path)
            guard let noteText = project.workplan(at: absolute)?.document.source else {
                message += "\n\(note.message) (\(path):\(line))"
                continue
            }
            related.append(
                .init(
                    location: Location(
                        uri: Self.uri(of: absolute),
                        range: range(span(line: line, column: note.column ?? 1, in: noteText), in: noteText)),
                    message: note.message))
        }
        return LSPDiagnostic(
            range: range(span(line: diagnostic.line, column: diagnostic.column, in: text), in: text),
            severity: diagnostic.severity == .error ? 1 : diagnostic.severity == .warning ? 2 : 3,
            code: diagnostic.rule.rawValue,
            codeDescription: ruleDocumentation.map { .init(href: $0 + "#" + diagnostic.rule.rawValue) },
            message: message, relatedInformation: related.isEmpty ? nil : related)
    }

    // MARK: - Ids

    func definition(_ params: TextDocumentPositionParams, _ project: EditorProject) throws -> Location? {
        guard let (path, _, offset) = place(params.textDocument, params.position, project),
            let (id, _) = project.id(at: offset, in: path), let declared = project.declaration(of: id)
        else { return nil }
        return location(declared, project)
    }

    func references(_ params: ReferenceParams, _ project: EditorProject) throws -> [Location]? {
        guard let (path, _, offset) = place(params.textDocument, params.position, project),
            let (id, _) = project.id(at: offset, in: path)
        else { return nil }
        let declared = params.context?.includeDeclaration == false ? project.declaration(of: id) : nil
        return project.references(to: id).filter { $0 != declared }.compactMap { location($0, project) }
    }

    func hover(_ params: TextDocumentPositionParams, _ project: EditorProject) throws -> Hover? {
        guard let (path, text, offset) = place(params.textDocument, params.position, project) else { return nil }
        var parts: [String] = []
        var hovered: LSPRange?
        if let (id, bytes) = project.id(at: offset, in: path), let summary = project.summary(of: id) {
            parts.append(Self.describe(summary))
            hovered = range(bytes, in: text)
        }
        let uri = Self.uri(of: path)
        for diagnostic in published[uri] ?? [] {
            let shown = convert(diagnostic, text: text, project: project).range
            let at = Position(line: params.position.line, character: params.position.character)
            guard (shown.start.line, shown.start.character) <= (at.line, at.character),
                (at.line, at.character) <= (shown.end.line, shown.end.character),
                let rule = RuleRegistry.rule(diagnostic.rule.rawValue)
            else { continue }
            parts.append("`\(rule.id.rawValue)` (\(diagnostic.severity.rawValue)): \(rule.summary)")
        }
        return parts.isEmpty
            ? nil : Hover(contents: .init(value: parts.joined(separator: "\n\n---\n\n")), range: hovered)
    }

    static func describe(_ summary: IDSummary) -> String {
        var lines = ["**\(summary.id)** \(summary.title)"]
        var facts: [String] = []
        if let status = summary.status { facts.append("status: `\(status)`") }
        if let priority = summary.priority { facts.append("priority: `\(priority)`") }
        if let total = summary.taskCount, let open = summary.openTaskCount {
            facts.append("tasks: \(total), \(open) open")
        }
        if !facts.isEmpty { lines.append(facts.joined(separator: " · ")) }
        if summary.kind == .task, let workplan = summary.workplanID {
            lines.append("workplan: \(workplan)" + (summary.workplanTitle.map { " — \($0)" } ?? ""))
        }
        lines.append("file: `\(summary.path):\(summary.line)`")
        return lines.joined(separator: "\n\n")
    }

    func completion(_ params: TextDocumentPositionParams, _ project: EditorProject) throws -> CompletionList? {
        guard let (path, text, offset) = place(params.textDocument, params.position, project) else { return nil }
        let found = project.completions(at: offset, in: path)
        return CompletionList(
            isIncomplete: found.count >= EditorProject.completionLimit,
            items: found.map {
                CompletionItem(
                    label: $0.label, kind: $0.kind == .id ? 18 : 12, detail: $0.detail,
                    textEdit: .init(range: range($0.range, in: text), newText: $0.label))
            })
    }

    // MARK: - Changes

    func prepareRename(_ params: TextDocumentPositionParams, _ project: EditorProject) throws -> PrepareRenameResult? {
        guard let (path, text, offset) = place(params.textDocument, params.position, project) else { return nil }
        do {
            let (id, bytes) = try project.renameTarget(at: offset, in: path)
            return PrepareRenameResult(range: range(bytes, in: text), placeholder: id)
        } catch {
            throw ResponseError(
                code: ResponseError.requestFailed, message: error.errorDescription ?? "cannot rename here")
        }
    }

    func rename(_ params: RenameParams, _ project: EditorProject) throws -> WorkspaceEdit? {
        guard let (path, _, offset) = place(params.textDocument, params.position, project) else { return nil }
        let plan: RenumberPlan
        do {
            plan = try project.rename(at: offset, in: path, to: params.newName)
        } catch {
            throw ResponseError(code: ResponseError.requestFailed, message: error.errorDescription ?? "cannot rename")
        }
        var perFile: [(uri: String, path: String, edits: [TextEdit])] = []
        for change in plan.changes {
            guard let text = project.workplan(at: change.absolutePath)?.document.source else { continue }
            let edits = (plan.edits[change.absolutePath] ?? []).map {
                TextEdit(range: range($0.range, in: text), newText: String(decoding: $0.replacement, as: UTF8.self))
            }
            perFile.append((Self.uri(of: change.absolutePath), change.absolutePath, edits))
        }
        guard supportsDocumentChanges else {
            if let rename = plan.rename {
                log("rename \(rename.from) to \(rename.to) yourself: this editor cannot rename files", level: 2)
            }
            return WorkspaceEdit(
                changes: Dictionary(perFile.map { ($0.uri, $0.edits) }, uniquingKeysWith: { $0 + $1 }),
                documentChanges: nil)
        }
        var changes: [DocumentChange] = perFile.map { file in
            .edit(.init(uri: file.uri, version: documents[file.uri]?.version), file.edits)
        }
        if let rename = plan.rename {
            if supportsRenameFile {
                changes.append(.rename(from: Self.uri(of: rename.from), to: Self.uri(of: rename.to)))
            } else {
                log("rename \(rename.from) to \(rename.to) yourself: this editor cannot rename files", level: 2)
            }
        }
        return WorkspaceEdit(changes: nil, documentChanges: changes)
    }

    func codeActions(_ params: CodeActionParams, _ project: EditorProject) throws -> [CodeAction]? {
        guard let (path, text, _) = place(params.textDocument, nil, project) else { return nil }
        let uri = Self.uri(of: path)
        let diagnostics = published[uri] ?? []
        let converted = diagnostics.map { convert($0, text: text, project: project) }
        // The findings the client asked about, matched to the ones sent by rule and range.
        let asked = diagnostics.indices.filter { index in
            params.context.diagnostics.contains {
                $0.code == converted[index].code && $0.range == converted[index].range
            }
        }
        let fixes = project.fixes(for: asked.map { diagnostics[$0] }, in: path)
        return fixes.map { fix in
            let shown = asked.filter { diagnostics[$0].rule == fix.rule && diagnostics[$0].location == fix.location }
            let edits = fix.edits.map {
                TextEdit(range: range($0.range, in: text), newText: String(decoding: $0.replacement, as: UTF8.self))
            }
            return CodeAction(
                title: fix.title, diagnostics: shown.map { converted[$0] },
                edit: WorkspaceEdit(changes: [uri: edits], documentChanges: nil))
        }
    }

    func symbols(_ params: DocumentParams, _ project: EditorProject) throws -> [DocumentSymbol]? {
        guard let (path, text, _) = place(params.textDocument, nil, project) else { return nil }
        func lines(_ first: Int, _ last: Int) -> LSPRange {
            let end = last < text.lines.count ? text.lines[last].contentEnd : text.bytes.count
            let start = first < text.lines.count ? text.lines[first].start : text.bytes.count
            return range(start..<max(start, end), in: text)
        }
        func convert(_ symbol: OutlineSymbol) -> DocumentSymbol {
            DocumentSymbol(
                name: symbol.name, detail: symbol.detail, kind: symbol.kind == .phase ? 3 : 12,
                range: lines(symbol.lines.lowerBound, symbol.lines.upperBound),
                selectionRange: lines(symbol.nameLine, symbol.nameLine), children: symbol.children.map(convert))
        }
        return project.outline(of: path).map(convert)
    }
}
