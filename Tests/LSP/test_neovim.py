"""Neovim's own LSP client against `workplan lsp` (Tests/LSP/neovim.lua): the findings of lint
while typing, jumps to a task, and a rename across files whose result is `workplan renumber`'s."""

import json
import os
import pathlib
import shutil
import subprocess

BIN = os.environ["WORKPLAN_BIN"]
HERE = pathlib.Path(__file__).parent
SEED = HERE.parent / "WorkplanKitTests" / "Fixtures" / "CUST-WP-0005.md"


def make_project(root: pathlib.Path) -> pathlib.Path:
    shutil.copytree(HERE / "project", root)
    shutil.copy(SEED, root / "workplans" / "CUST-WP-0005.md")
    return root


def test_a_person_in_neovim(tmp_path):
    project = make_project(tmp_path / "edited")
    result_file = tmp_path / "result.json"
    environment = dict(os.environ, PROJECT=str(project), RESULT=str(result_file), HOME=str(tmp_path))
    subprocess.run(
        ["nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {HERE / 'neovim.lua'}"],
        cwd=project, env=environment, timeout=120, check=True, capture_output=True,
    )
    result = json.loads(result_file.read_text())
    assert "error" not in result, result

    assert result["opened"] == 0
    (lint,) = [d for d in result["lint"]["diagnostics"] if d["path"].endswith("CUST-WP-0006-follow-up.md")]
    assert result["typed"] == {
        "line": lint["line"],
        "column": lint["column"],
        "code": lint["rule"],
        "message": lint["message"],
    }
    assert result["typed"]["code"] == "invalid-value"

    declaration = {"file": "CUST-WP-0005.md", "line": 73, "column": 4}
    assert result["from_depends_on"] == declaration
    assert result["from_heading"] == declaration

    expected = make_project(tmp_path / "renumbered")
    subprocess.run([BIN, "renumber", "CUST-WP-0005-T02", "CUST-WP-0005-T12"], cwd=expected, check=True)
    assert result["renamed"]
    for path in sorted((expected / "workplans").iterdir()):
        assert (project / "workplans" / path.name).read_bytes() == path.read_bytes(), path.name
    assert sorted(p.name for p in (project / "workplans").iterdir()) == sorted(
        p.name for p in (expected / "workplans").iterdir()
    )
