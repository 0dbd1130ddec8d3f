"""`workplan lsp` driven as an editor drives it, by pytest-lsp over standard input and output.

The project is a copy of Tests/LSP/project (a workplan that depends on the seed) with the seed
CUST-WP-0005.md beside it. Positions are the protocol's: 0-based lines, UTF-16 characters; the
heading of CUST-WP-0006-T01 has non-ASCII letters and an emoji (two UTF-16 units, four bytes)
before the id it names, so a position counted in bytes or in code points would miss it.
"""

import asyncio
import json
import os
import pathlib
import shutil
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

BIN = os.environ["WORKPLAN_BIN"]
HERE = pathlib.Path(__file__).parent
SEED = HERE.parent / "WorkplanKitTests" / "Fixtures" / "CUST-WP-0005.md"
DEPENDENT = "workplans/CUST-WP-0006-follow-up.md"


def make_project(root: pathlib.Path) -> pathlib.Path:
    shutil.copytree(HERE / "project", root, dirs_exist_ok=True)
    shutil.copy(SEED, root / "workplans" / "CUST-WP-0005.md")
    return root


def uri(root: pathlib.Path, relative: str) -> str:
    return (root / relative).as_uri()


def pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def rng(line: int, start: int, end: int) -> types.Range:
    return types.Range(start=pos(line, start), end=pos(line, end))


def capabilities() -> types.ClientCapabilities:
    return types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(
                document_changes=True, resource_operations=[types.ResourceOperationKind.Rename]
            )
        ),
        text_document=types.TextDocumentClientCapabilities(
            document_symbol=types.DocumentSymbolClientCapabilities(hierarchical_document_symbol_support=True),
            rename=types.RenameClientCapabilities(prepare_support=True),
        ),
    )


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN, "lsp"]))
async def client(lsp_client: LanguageClient, request):
    root = make_project(request.getfixturevalue("tmp_path") / "project")
    lsp_client.root = root
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities(), root_uri=root.as_uri())
    )
    yield
    await lsp_client.shutdown_session()
    assert lsp_client._server.returncode == 0


async def open_file(client: LanguageClient, relative: str) -> str:
    path = client.root / relative
    document = uri(client.root, relative)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=document, language_id="markdown", version=1, text=path.read_text(encoding="utf-8")
            )
        )
    )
    await diagnostics_until(client, document, lambda found: True)
    return document


def change(client: LanguageClient, document: str, version: int, edit_range, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=edit_range, text=text)],
        )
    )


async def diagnostics_until(client: LanguageClient, document: str, wanted, seconds: float = 20) -> list:
    """The diagnostics of `document` once they are `wanted`: read from what the client holds after
    each notification, so that none published before the wait is missed."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        if document in client.diagnostics and wanted(list(client.diagnostics[document])):
            return list(client.diagnostics[document])
        left = deadline - asyncio.get_running_loop().time()
        assert left > 0, f"no wanted diagnostics for {document}: {client.diagnostics.get(document)}"
        try:
            await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), min(left, 0.2))
        except asyncio.TimeoutError:
            pass


# MARK: - Diagnostics


async def test_diagnostics_match_lint_with_rule_code_link_and_severity(client: LanguageClient):
    seed = await open_file(client, "workplans/CUST-WP-0005.md")
    found = client.diagnostics[seed]
    lint = subprocess.run([BIN, "lint", "--format", "json"], cwd=client.root, capture_output=True, text=True)
    expected = [
        (d["rule"], d["severity"], d["message"], d["line"] - 1, d["column"] - 1)
        for d in json.loads(lint.stdout)["diagnostics"]
        if d["path"] == "workplans/CUST-WP-0005.md"
    ]
    severities = {types.DiagnosticSeverity.Error: "error", types.DiagnosticSeverity.Warning: "warning"}
    # The line is ASCII: its UTF-16 characters are its bytes.
    assert [
        (d.code, severities[d.severity], d.message, d.range.start.line, d.range.start.character) for d in found
    ] == expected
    assert len(expected) == 1
    (only,) = found
    assert only.range == rng(35, 11, 23)  # `CUST-WP-0003`, lint's 36:12
    assert only.code_description.href.endswith("rules.md#unknown-dependency")
    assert only.source == "workplan"


async def test_a_change_introduces_then_removes_an_error_and_offers_its_fix(client: LanguageClient):
    document = await open_file(client, DEPENDENT)
    assert list(client.diagnostics[document]) == []
    change(client, document, 2, rng(21, 8, 12), "tood")
    (found,) = await diagnostics_until(client, document, lambda found: found != [])
    assert (found.code, found.severity, found.range) == ("invalid-value", types.DiagnosticSeverity.Error, rng(21, 8, 12))
    assert "invalid status 'tood'" in found.message

    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=document), position=pos(21, 9))
    )
    assert "`invalid-value` (error)" in hover.contents.value

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            range=found.range,
            context=types.CodeActionContext(diagnostics=[found]),
        )
    )
    (action,) = actions
    assert action.title == "Change status to 'todo'"
    (edit,) = action.edit.changes[document]
    assert (edit.range, edit.new_text) == (rng(21, 8, 12), "todo")

    change(client, document, 3, rng(21, 8, 12), "todo")
    assert await diagnostics_until(client, document, lambda found: found == []) == []


async def test_a_duplicate_id_is_reported_with_the_first_place_in_another_file(client: LanguageClient):
    document = await open_file(client, DEPENDENT)
    change(client, document, 2, rng(31, 4, 20), "CUST-WP-0005-T03")
    wanted = lambda found: any(d.code == "duplicate-id" for d in found)  # noqa: E731
    found = [d for d in await diagnostics_until(client, document, wanted) if d.code == "duplicate-id"]
    assert [(d.range, d.message) for d in found] == [(rng(31, 4, 20), "duplicate id 'CUST-WP-0005-T03'")]
    (related,) = found[0].related_information
    seed = uri(client.root, "workplans/CUST-WP-0005.md")
    assert related.location == types.Location(uri=seed, range=rng(96, 4, 20))


async def test_an_unsaved_change_in_one_buffer_is_seen_by_the_other(client: LanguageClient):
    seed = await open_file(client, "workplans/CUST-WP-0005.md")
    document = await open_file(client, DEPENDENT)
    assert list(client.diagnostics[document]) == []
    change(client, seed, 2, rng(72, 4, 20), "CUST-WP-0005-T12")
    found = await diagnostics_until(client, document, lambda found: found != [])
    assert [(d.code, d.range) for d in found] == [("unknown-dependency", rng(23, 13, 29))]


# MARK: - Ids


async def test_definition_from_every_kind_of_reference(client: LanguageClient):
    document = await open_file(client, DEPENDENT)
    seed = uri(client.root, "workplans/CUST-WP-0005.md")
    task = types.Location(uri=seed, range=rng(72, 4, 20))
    cases = {
        (23, 15): task,  # depends_on
        (17, 29): task,  # a heading, after non-ASCII letters and an emoji
        (17, 45): task,  # the end of the same id
        (26, 30): task,  # prose
        (6, 14): types.Location(uri=seed, range=rng(1, 4, 16)),  # the front matter's depends_on
        (34, 6): types.Location(uri=document, range=rng(20, 4, 20)),  # a `- ` list item
    }
    for (line, character), expected in cases.items():
        result = await client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=document), position=pos(line, character)
            )
        )
        assert result == expected, (line, character)
    nothing = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=document), position=pos(17, 28))
    )
    assert nothing is None


async def test_references_across_files(client: LanguageClient):
    document = await open_file(client, DEPENDENT)
    seed = uri(client.root, "workplans/CUST-WP-0005.md")
    params = types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=document),
        position=pos(23, 15),
        context=types.ReferenceContext(include_declaration=True),
    )
    found = list(await client.text_document_references_async(params))
    assert found == [
        types.Location(uri=seed, range=rng(72, 4, 20)),  # the declaration
        types.Location(uri=seed, range=rng(318, 2, 18)),  # the Closure Review
        types.Location(uri=document, range=rng(17, 29, 45)),  # the heading (UTF-16)
        types.Location(uri=document, range=rng(23, 13, 29)),  # depends_on
        types.Location(uri=document, range=rng(26, 21, 37)),  # prose
    ]
    params.context.include_declaration = False
    assert list(await client.text_document_references_async(params)) == found[1:]


async def test_hover_on_a_task_id(client: LanguageClient):
    document = await open_file(client, DEPENDENT)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=document), position=pos(17, 40))
    )
    assert hover.range == rng(17, 29, 45)
    text = hover.contents.value
    for part in [
        "**CUST-WP-0005-T02** Domain ORM model + Pydantic schemas",
        "status: `done`",
        "priority: `high`",
        "workplan: CUST-WP-0005 — State Hub v0.5",
        "file: `workplans/CUST-WP-0005.md:73`",
    ]:
        assert part in text


# MARK: - Completion


async def completion_labels(client: LanguageClient, document: str, line: int, character: int):
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=document), position=pos(line, character))
    )
    return [(item.label, item.text_edit.range) for item in result.items]


async def test_completion_of_values_ids_and_the_next_task_id(client: LanguageClient):
    document = await open_file(client, DEPENDENT)
    change(client, document, 2, rng(22, 10, 14), "")  # `priority: `
    assert await completion_labels(client, document, 22, 10) == [
        (word, rng(22, 10, 10)) for word in ["critical", "high", "medium", "low"]
    ]
    change(client, document, 3, rng(32, 8, 19), "in")  # `status: in`
    assert await completion_labels(client, document, 32, 10) == [("in_progress", rng(32, 8, 10))]
    change(client, document, 4, rng(34, 20, 20), "\n  - CUST-WP-0005-T0")
    labels = await completion_labels(client, document, 35, 19)
    assert [label for label, _ in labels] == [f"CUST-WP-0005-T0{n}" for n in range(1, 10)]
    assert all(edit_range == rng(35, 4, 19) for _, edit_range in labels)
    change(client, document, 5, rng(36, 3, 3), "\n\n### Dritte Aufgabe\n\n```task\nid: \n```")
    assert await completion_labels(client, document, 41, 4) == [("CUST-WP-0006-T03", rng(41, 4, 4))]


# MARK: - Rename


def apply_text_edits(text: str, edits) -> str:
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        units = lines[position.line].encode("utf-16-le")[: position.character * 2].decode("utf-16-le")
        return before + len(units)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def apply_workspace_edit(edit: types.WorkspaceEdit) -> None:
    for change_ in edit.document_changes:
        if isinstance(change_, types.RenameFile):
            pathlib.Path(change_.old_uri.removeprefix("file://")).rename(change_.new_uri.removeprefix("file://"))
        else:
            path = pathlib.Path(change_.text_document.uri.removeprefix("file://"))
            path.write_bytes(apply_text_edits(path.read_text(encoding="utf-8"), change_.edits).encode("utf-8"))


async def test_rename_of_a_workplan_id_writes_what_renumber_writes(client: LanguageClient, tmp_path):
    document = await open_file(client, DEPENDENT)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=types.TextDocumentIdentifier(uri=document), position=pos(6, 20))
    )
    assert prepared.range == rng(6, 13, 25) and prepared.placeholder == "CUST-WP-0005"
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=document), position=pos(6, 20), new_name="CUST-WP-0042"
        )
    )
    renames = [c for c in edit.document_changes if isinstance(c, types.RenameFile)]
    assert [(r.old_uri, r.new_uri) for r in renames] == [
        (uri(client.root, "workplans/CUST-WP-0005.md"), uri(client.root, "workplans/CUST-WP-0042.md"))
    ]
    apply_workspace_edit(edit)

    expected = make_project(tmp_path / "renumbered")
    subprocess.run([BIN, "renumber", "CUST-WP-0005", "CUST-WP-0042"], cwd=expected, check=True, capture_output=True)
    for folder in (client.root, expected):
        shutil.rmtree(folder / ".workplan", ignore_errors=True)
    assert sorted(p.name for p in (client.root / "workplans").iterdir()) == sorted(
        p.name for p in (expected / "workplans").iterdir()
    )
    for path in (expected / "workplans").iterdir():
        assert (client.root / "workplans" / path.name).read_bytes() == path.read_bytes(), path.name


async def test_rename_to_an_id_that_exists_is_refused(client: LanguageClient):
    document = await open_file(client, DEPENDENT)
    with pytest.raises(Exception, match="CUST-WP-0005-T03 is already declared in workplans/CUST-WP-0005.md"):
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri=document),
                position=pos(23, 15),
                new_name="CUST-WP-0005-T03",
            )
        )


# MARK: - Outline


async def test_document_symbols_are_phases_and_tasks(client: LanguageClient):
    document = await open_file(client, DEPENDENT)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=document))
    )
    (phase,) = symbols
    assert (phase.name, phase.kind, phase.range) == (
        "Phase 1 — Größen",
        types.SymbolKind.Namespace,
        types.Range(start=pos(15, 0), end=pos(35, 3)),
    )
    assert [(task.name, task.detail, task.range.start.line, task.range.end.line) for task in phase.children] == [
        ("CUST-WP-0006-T01 Ränder 🚀 und Größen für CUST-WP-0005-T02", "todo", 17, 24),
        ("CUST-WP-0006-T02 Zweite Aufgabe", "in_progress", 28, 35),
    ]
    assert phase.children[0].selection_range == rng(17, 0, 45)
