#!/usr/bin/env python3
"""What a user would write instead of workplan, in an afternoon: the yardstick `make bench`
measures the tool against ("what a user would write instead").

usage: naive.py check FOLDER        required keys, statuses and duplicate ids; exit 1 on errors
       naive.py load FOLDER DB      the same files into two SQLite tables, in one transaction

PyYAML's C loader, a regular expression for task fences, sqlite3's executemany. No other lint
rules, no positions, no events, no indexes, no incremental runs.
"""
import os
import re
import sqlite3
import sys

import yaml

LOADER = yaml.CSafeLoader
FENCE = re.compile(r"^```task[^\n]*\n(.*?)^```\s*$", re.M | re.S)
HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.M)
WORKPLAN_KEYS = ("id", "type", "title", "domain", "status", "created")
WORKPLAN_STATUSES = {"draft", "active", "blocked", "completed", "archived"}
TASK_STATUSES = {"todo", "in_progress", "blocked", "done", "cancelled", "carried_forward"}


def files(folder):
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.endswith(".md"):
                yield os.path.join(root, name)


def read(path):
    """The front matter and the tasks (each with the nearest heading before it as its title)."""
    text = open(path, encoding="utf-8").read()
    if not text.startswith("---\n"):
        return None, [], ["missing front matter"]
    end = text.find("\n---\n", 4)
    if end < 0:
        return None, [], ["front matter not closed"]
    try:
        front = yaml.load(text[4:end], Loader=LOADER) or {}
    except yaml.YAMLError as error:
        return None, [], ["front matter: %s" % error]
    tasks, errors = [], []
    body = text[end + 5:]
    for match in FENCE.finditer(body):
        try:
            task = yaml.load(match.group(1), Loader=LOADER) or {}
        except yaml.YAMLError as error:
            errors.append("task block: %s" % error)
            continue
        headings = HEADING.findall(body, 0, match.start())
        task["title"] = headings[-1].strip() if headings else ""
        tasks.append(task)
    return front, tasks, errors


def check(folder):
    errors, seen = [], set()
    for path in files(folder):
        front, tasks, problems = read(path)
        errors += ["%s: %s" % (path, problem) for problem in problems]
        if front is None:
            continue
        for key in WORKPLAN_KEYS:
            if key not in front:
                errors.append("%s: missing %s" % (path, key))
        if front.get("status") not in WORKPLAN_STATUSES:
            errors.append("%s: invalid status %r" % (path, front.get("status")))
        for task in tasks:
            if "id" not in task or "status" not in task:
                errors.append("%s: task without id or status" % path)
            elif task["status"] not in TASK_STATUSES:
                errors.append("%s: %s: invalid status %r" % (path, task["id"], task["status"]))
        for ident in [front.get("id")] + [task.get("id") for task in tasks]:
            if ident in seen:
                errors.append("%s: duplicate id %s" % (path, ident))
            seen.add(ident)
    print("\n".join(errors) if errors else "ok")
    return 1 if errors else 0


def load(folder, database):
    workstreams, tasks = [], []
    for path in files(folder):
        front, found, _ = read(path)
        if front is None or "id" not in front:
            continue
        workstreams.append((str(front["id"]), str(front.get("title", "")), front.get("domain"),
                            str(front.get("status", "")), path))
        for position, task in enumerate(found, 1):
            tasks.append((str(task.get("id")), str(front["id"]), task["title"], str(task.get("status", "")),
                          task.get("priority"), position))
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS workstreams (id TEXT, title TEXT, domain TEXT, status TEXT, path TEXT)")
    connection.execute("CREATE TABLE IF NOT EXISTS tasks (id TEXT, workstream_id TEXT, title TEXT, status TEXT, "
                       "priority TEXT, position INTEGER)")
    with connection:
        connection.executemany("INSERT INTO workstreams VALUES (?, ?, ?, ?, ?)", workstreams)
        connection.executemany("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?)", tasks)
    connection.close()
    print("%d workplans, %d tasks" % (len(workstreams), len(tasks)))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2]))
    if len(sys.argv) == 4 and sys.argv[1] == "load":
        sys.exit(load(sys.argv[2], sys.argv[3]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
