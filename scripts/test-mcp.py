#!/usr/bin/env python3
"""Drives `workplan mcp` with the official Python MCP SDK (`mcp` from PyPI), end to end.

Usage: test-mcp.py WORKPLAN_BINARY FIXTURES_FOLDER

Copies the agent fixtures into a temporary repository with a state store, starts the server
over stdio, lists the tools and resources, calls every tool, and checks each result against
the files and the store; then checks that bad arguments give tool errors, not a crash or a hang.
"""

import asyncio
import hashlib
import json
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import tempfile

from mcp import ClientSession, StdioServerParameters
from mcp.types import Implementation
from mcp.client.stdio import stdio_client

TOOLS = {"list_workplans", "list_domains", "show_workplan", "ready_tasks", "lint", "add_task", "set_task_status",
         "set_task_priority", "close_workplan", "sync"}


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check(condition, message):
    if not condition:
        raise AssertionError(message)


async def call(session, name, arguments=None, error=False):
    result = await asyncio.wait_for(session.call_tool(name, arguments or {}), timeout=60)
    text = "".join(part.text for part in result.content if getattr(part, "text", None) is not None)
    check(bool(result.is_error) == error, f"{name}({arguments}): isError={result.is_error}: {text}")
    if error:
        return text
    check(result.structured_content == json.loads(text), f"{name}: structured content differs from its text")
    return result.structured_content


async def exercise(binary, repo):
    wp = repo / "workplans" / "TEST-WP-0020.md"
    params = StdioServerParameters(command=str(binary), args=["mcp"], cwd=str(repo))
    async with stdio_client(params) as (read, write):
        client = Implementation(name="test-agent", version="1.0")
        async with ClientSession(read, write, client_info=client) as session:
            initialized = await asyncio.wait_for(session.initialize(), timeout=30)
            check("ready_tasks" in (initialized.instructions or ""), f"instructions: {initialized.instructions}")
            listed = (await session.list_tools()).tools
            tools = {tool.name for tool in listed}
            check(tools == TOOLS, f"tools: {sorted(tools)}")
            read_only = {tool.name for tool in listed if tool.annotations and tool.annotations.read_only_hint}
            check(read_only == {"list_workplans", "list_domains", "show_workplan", "ready_tasks", "lint"},
                  f"read-only tools: {sorted(read_only)}")
            # The same domains as the command line.
            domains = await call(session, "list_domains", {})
            cli = subprocess.run([str(binary), "domain", "list", "--format", "json"],
                                 cwd=repo, check=True, capture_output=True, text=True)
            check(domains == json.loads(cli.stdout) and domains["domains"], f"{domains}")

            resources = (await session.list_resources()).resources
            check(len(resources) == 3, f"resources: {resources}")
            uri = next(r.uri for r in resources if r.name == "TEST-WP-0020")
            content = (await session.read_resource(uri)).contents[0]
            check(content.text.encode() == wp.read_bytes(), "the resource is the file's text")
            try:
                await session.read_resource("file:///etc/passwd")
                raise AssertionError("a file outside the workplan folders was served")
            except AssertionError:
                raise
            except Exception as error:  # the SDK's error for a JSON-RPC error response
                check("no workplan file has the URI" in str(error), f"{error}")

            listing = await call(session, "list_workplans", {"domain": "testing"})
            check([w["id"] for w in listing["workplans"]] == ["TEST-WP-0020", "TEST-WP-0021"], f"{listing}")
            shown = await call(session, "show_workplan", {"id": "TEST-WP-0020"})
            check(len(shown["tasks"]) == 5 and shown["status"] == "active", f"{shown}")
            ready = await call(session, "ready_tasks", {})
            check([t["id"] for t in ready["tasks"]] == ["TEST-WP-0020-T05", "TEST-WP-0020-T02"], f"{ready}")
            # A page at a time: the cursor of the first page gives the rest.
            first = await call(session, "ready_tasks", {"limit": 1})
            rest = await call(session, "ready_tasks", {"limit": 1, "cursor": first["next"]})
            check([t["id"] for t in first["tasks"] + rest["tasks"]] == ["TEST-WP-0020-T05", "TEST-WP-0020-T02"]
                  and first["total"] == 2 and "next" not in rest, f"{first} {rest}")
            paged = await call(session, "list_workplans", {"limit": 2})
            check(len(paged["workplans"]) == 2 and paged["total"] == 3 and paged["next"] == "2", f"{paged}")
            idempotent = {tool.name for tool in listed if tool.annotations and tool.annotations.idempotent_hint}
            check("set_task_status" in idempotent and "add_task" not in idempotent, f"idempotent: {idempotent}")
            lint = await call(session, "lint", {})
            check(lint["summary"]["errors"] == 0 and lint["files"] == 3, f"{lint}")
            synced = await call(session, "sync", {})
            check(synced["tasks"] == 7, f"{synced}")

            # add_task: a dry run writes nothing; the write returns the file's new hash.
            before = wp.read_bytes()
            dry = await call(session, "add_task", {"workplan": "TEST-WP-0020", "title": "Fit the lock", "dry_run": True})
            check("+### P2.5 — Fit the lock" in dry["diff"] and wp.read_bytes() == before, f"{dry}")
            # Every write answers {"write": ..., "store": {"updated": ..., "reason": ...}}, as the CLI's --format json.
            outcome = await call(session, "add_task", {
                "workplan": "TEST-WP-0020", "title": "Fit the lock", "priority": "critical",
                "depends_on": ["TEST-WP-0020-T05"], "if_hash": hashlib.sha256(before).hexdigest()})
            check(outcome["store"] == {"updated": True, "reason": None}, f"{outcome}")
            added = outcome["write"]
            check(added["task"] == "TEST-WP-0020-T06" and added["sha256"] == sha256(wp), f"{added}")
            check("id: TEST-WP-0020-T06" in wp.read_text(), "the task is in the file")

            # Compare-and-set: a stale hash is a conflict, and the file stays as it was.
            stale = await call(session, "set_task_status", {
                "task": "TEST-WP-0020-T05", "status": "done", "if_hash": hashlib.sha256(before).hexdigest()},
                error=True)
            check(stale.startswith("conflict: "), stale)
            check(sha256(wp) == added["sha256"], "a refused write leaves the file alone")
            done = await call(session, "set_task_status", {
                "task": "TEST-WP-0020-T05", "status": "done", "if_hash": added["sha256"], "if_status": "todo"})
            check(done["write"]["sha256"] == sha256(wp) and done["write"]["changed"], f"{done}")
            check(done["store"]["updated"] is True, f"{done}")
            # The command line gives the same shape for the same write.
            cli = subprocess.run(
                [str(binary), "task", "set-status", "TEST-WP-0020-T05", "done", "--format", "json"],
                cwd=repo, check=True, capture_output=True, text=True)
            check(set(json.loads(cli.stdout)) == set(done) == {"write", "store"}, cli.stdout)
            check(set(json.loads(cli.stdout)["write"]) == set(done["write"]), cli.stdout)
            priority = await call(session, "set_task_priority", {"task": "TEST-WP-0020-T02", "priority": "high"})
            check(priority["write"]["sha256"] == sha256(wp), f"{priority}")
            ready = await call(session, "ready_tasks", {"workplan": "TEST-WP-0020"})
            check([t["id"] for t in ready["tasks"]] == ["TEST-WP-0020-T06", "TEST-WP-0020-T02"], f"{ready}")

            # The store followed every write (synced after each one).
            with sqlite3.connect(repo / ".workplan" / "state.sqlite") as db:
                rows = dict(db.execute("select id, status from tasks where id like 'TEST-WP-0020-%'"))
            check(rows.get("TEST-WP-0020-T05") == "done" and rows.get("TEST-WP-0020-T06") == "todo", f"{rows}")

            closed = await call(session, "close_workplan", {
                "workplan": "TEST-WP-0020", "cancel_open": True, "date": "2026-03-01", "if_status": "active"})
            check(closed["write"]["date"] == "2026-03-01" and "status: completed" in wp.read_text(), f"{closed}")
            check(closed["store"]["updated"] is True, f"{closed}")
            check("## Closure Review" in wp.read_text(), "the review is written")
            # The store records the client's name as the actor of every change its calls made.
            with sqlite3.connect(repo / ".workplan" / "state.sqlite") as db:
                actors = set(db.execute(
                    "select r.command, r.actor from events e join runs r on r.id = e.run_id "
                    "where e.subject like 'TEST-WP-0020%' and r.command in ('write', 'close')"))
            check(("close", "test-agent") in actors and ("write", "test-agent") in actors, f"{actors}")

            # Bad arguments are tool errors; the server stays up.
            for name, arguments, expected in [
                ("set_task_status", {"task": "TEST-WP-0020-T02"}, "missing argument 'status'"),
                ("set_task_status", {"task": "TEST-WP-0099-T01", "status": "done"}, "no task with id"),
                ("set_task_priority", {"task": "TEST-WP-0022-T001", "priority": "urgent"}, "invalid priority"),
                ("add_task", {"workplan": "TEST-WP-0020", "title": "x", "colour": "red"}, "no argument 'colour'"),
                ("add_task", {"workplan": "TEST-WP-0020", "title": "x", "depends_on": "T01"}, "list of strings"),
                ("add_task", {"workplan": "TEST-WP-0020", "title": "Late"}, "needs --force"),
                ("show_workplan", {"id": "/etc/passwd"}, "under the configured folders"),
                ("no_such_tool", {}, "unknown tool"),
            ]:
                message = await call(session, name, arguments, error=True)
                check(expected in message, f"{name}: {message}")
            check((await call(session, "lint", {}))["summary"]["errors"] == 0, "the files still lint clean")


def main():
    binary, fixtures = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2])
    with tempfile.TemporaryDirectory() as folder:
        repo = pathlib.Path(folder)
        shutil.copytree(fixtures, repo / "workplans", ignore=shutil.ignore_patterns("golden"))
        subprocess.run([str(binary), "sync"], cwd=repo, check=True, capture_output=True)
        asyncio.run(exercise(binary, repo))
    print("mcp: every tool called through the official Python client; results, files and store checked")


if __name__ == "__main__":
    main()
