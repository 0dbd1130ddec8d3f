#!/usr/bin/env python3
"""`workplan serve` end to end: three git repositories with dependencies across them synced into
a real PostgreSQL hub, served with the read-only role; the API's answers checked against the
files this script wrote, its conventions and its security, then schemathesis against the served
OpenAPI document.

    test-serve.py BIN HUB_URL WORKDIR SCHEMATHESIS
"""
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BIN, HUB, WORK, ST = sys.argv[1:5]
READER = "workplan_api"

# The fixture: repository -> workplans; each workplan: id, status, domain, depends_on, tasks.
# Each task: (status, priority, depends_on).
REPOS = {
    "alpha": [
        ("ALFA-WP-0001", "active", "platform", [], [
            ("done", "high", []),
            ("todo", "high", ["BETA-WP-0001-T01"]),      # done in beta: ready
            ("todo", "medium", ["GAMA-WP-0001-T01"]),    # todo in gamma: waits
        ]),
        ("ALFA-WP-0002", "active", "platform", ["BETA-WP-0002"], [  # completed in beta: ready
            ("todo", "low", []),
        ]),
    ],
    "beta": [
        ("BETA-WP-0001", "active", "billing", [], [
            ("done", "medium", []),
            ("todo", "medium", []),
        ]),
        ("BETA-WP-0002", "completed", "billing", [], [
            ("done", "high", []),
            ("cancelled", "low", []),
        ]),
    ],
    "gamma": [
        ("GAMA-WP-0001", "active", "platform", ["ALFA-WP-0002"], [  # alpha's is active: waits
            ("todo", "high", []),
            ("in_progress", "medium", []),
        ]),
        ("GAMA-WP-0002", "draft", "billing", [], [
            ("todo", "medium", []),
        ]),
    ],
}
REGISTRY = {"platform": "Platform", "billing": "Billing"}
FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL: " + message, file=sys.stderr)


def run(args, cwd, env=None, check_status=True):
    result = subprocess.run(args, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    if check_status and result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed in {cwd}: {result.stdout}{result.stderr}")
    return result


def workplan_text(id, status, domain, depends_on, tasks):
    front = [f"id: {id}", "type: workplan", f'title: "{id} title"', f"domain: {domain}", f"status: {status}",
             f"owner: owner-of-{id.split('-')[0].lower()}", 'created: "2026-11-01"']
    if status == "completed":
        front.append('completed: "2026-11-20"')
    if depends_on:
        front.append(f"depends_on: [{', '.join(depends_on)}]")
    body = "---\n" + "\n".join(front) + f"\n---\n\n# {id}\n\n## Phase 1\n"
    for number, (task_status, priority, task_deps) in enumerate(tasks, 1):
        body += f"\n### Task {number}\n\n```task\nid: {id}-T{number:02d}\nstatus: {task_status}\npriority: {priority}\n"
        if task_deps:
            body += f"depends_on: [{', '.join(task_deps)}]\n"
        body += f"```\n\nWhat task {number} of {id} does.\n"
    return body


def make_repositories():
    registry = "domains:\n" + "".join(f"  {slug}:\n    name: {name}\n" for slug, name in REGISTRY.items())
    for name, workplans in REPOS.items():
        folder = os.path.join(WORK, name)
        os.makedirs(os.path.join(folder, "workplans"))
        run(["git", "init", "-q", "-b", "main"], folder)
        run(["git", "config", "user.email", f"lead@{name}.example"], folder)
        run(["git", "config", "user.name", "Lead"], folder)
        with open(os.path.join(folder, ".workplan.yml"), "w") as out:
            out.write(f"repository: {name}\n{registry}")
        for workplan in workplans:
            with open(os.path.join(folder, "workplans", workplan[0] + ".md"), "w") as out:
                out.write(workplan_text(*workplan))
        run(["git", "add", "-A"], folder)
        run(["git", "commit", "-q", "-m", "Plans"], folder)
        run([BIN, "sync", "--db", HUB], folder)


def reader_url():
    parts = urllib.parse.urlsplit(HUB)
    netloc = f"{READER}:pw-reader@{parts.hostname}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def serve(args, env=None):
    """Starts `workplan serve` on a free port; returns (process, base URL)."""
    process = subprocess.Popen([BIN, "serve", "--port", "0", *args], cwd=WORK, env={**os.environ, **(env or {})},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = process.stderr.readline()
    match = re.search(r"on (http://\S+?)/?$", line.strip())
    if not match:
        process.kill()
        sys.exit(f"serve did not start: {line}{process.stderr.read()}")
    return process, match.group(1)


def get(base, path, headers=None, method="GET"):
    request = urllib.request.Request(base + path, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def get_json(base, path):
    status, _, body = get(base, path)
    check(status == 200, f"GET {path}: {status} {body[:200]!r}")
    return json.loads(body)


def expected_ready():
    """The ready tasks, computed from the fixture as the API must."""
    state = {}
    for name, workplans in REPOS.items():
        for id, status, _, _, tasks in workplans:
            state[id] = status == "completed"
            for number, task in enumerate(tasks, 1):
                state[f"{id}-T{number:02d}"] = task[0] == "done"
    ready = set()
    for name, workplans in REPOS.items():
        for id, status, _, depends_on, tasks in workplans:
            if status != "active" or not all(state.get(d, False) for d in depends_on):
                continue
            for number, (task_status, _, task_deps) in enumerate(tasks, 1):
                if task_status == "todo" and all(state.get(d, False) for d in task_deps):
                    ready.add(f"{id}-T{number:02d}")
    return ready


def check_answers(base):
    summary = get_json(base, "/api/v1/summary")
    tasks = [t for workplans in REPOS.values() for w in workplans for t in w[4]]
    open_count = sum(1 for t in tasks if t[0] in ("todo", "in_progress", "blocked"))
    check(summary["totals"]["repositories"] == 3, f"summary repositories: {summary['totals']}")
    check(summary["totals"]["open_tasks"] == open_count, f"summary open tasks: {summary['totals']} vs {open_count}")
    check(summary["totals"]["done_tasks"] == sum(1 for t in tasks if t[0] == "done"), "summary done tasks")
    platform = next(d for d in summary["domains"] if d["domain"] == "platform")
    check(platform["repositories"] == 2 and platform["workstreams"] == 3, f"platform counts: {platform}")

    domains = get_json(base, "/api/v1/domains")["domains"]
    check([(d["slug"], d["name"]) for d in domains] == [("billing", "Billing"), ("platform", "Platform")],
          f"domains: {domains}")
    billing = get_json(base, "/api/v1/domains/billing")
    check(sorted(r["repository"] for r in billing["by_repository"]) == ["beta", "gamma"], f"billing: {billing}")

    ready = get_json(base, "/api/v1/tasks?ready=true&limit=500")
    check({t["id"] for t in ready["items"]} == expected_ready(),
          f"ready across repositories: {sorted(t['id'] for t in ready['items'])} vs {sorted(expected_ready())}")

    cli = run([BIN, "ready", "--hub", "--format", "json", "--db", reader_url()], os.path.join(WORK, "gamma"))
    check({t["id"] for t in json.loads(cli.stdout)["tasks"]} == {t["id"] for t in ready["items"]},
          f"ready --hub agrees with the API: {cli.stdout[:300]}")

    detail = get_json(base, "/api/v1/workstreams/ALFA-WP-0001")
    waits = {link["id"]: link for phase in detail["phases"] for task in phase["tasks"] for link in task["waits_on"]}
    check(waits["BETA-WP-0001-T01"]["repository"] == "beta" and waits["BETA-WP-0001-T01"]["finished"],
          f"a dependency's target in another repository: {waits}")
    check(waits["GAMA-WP-0001-T01"]["finished"] is False, "an unfinished dependency")
    completed = get_json(base, "/api/v1/workstreams/BETA-WP-0002")
    check(completed["closure"]["cancelled"] == ["BETA-WP-0002-T02"], f"closure: {completed.get('closure')}")
    check(any(link["id"] == "ALFA-WP-0002" for link in completed["waited_on_by"]), "waited on by, across repositories")

    page = get_json(base, "/api/v1/workstreams?limit=2")
    check(page["total"] == 6 and len(page["items"]) == 2 and page["next"], f"first page: {page}")
    rest = get_json(base, "/api/v1/workstreams?limit=500&cursor=" + page["next"])
    check(len(rest["items"]) == 4 and "next" not in rest, "the next page holds the rest")


def check_history(base):
    beta = os.path.join(WORK, "beta")
    run([BIN, "task", "set-status", "BETA-WP-0001-T02", "done", "--db", HUB], beta)
    deadline = time.time() + 5
    history = []
    while time.time() < deadline:
        history = get_json(base, "/api/v1/workstreams/BETA-WP-0001")["history"]
        if any(e["summary"] == "status todo → done" for e in history):
            break
        time.sleep(0.2)
    change = next((e for e in history if e["summary"] == "status todo → done"), None)
    check(change is not None and change["actor"] == "lead@beta.example" and change["commit"],
          f"history in words with its actor and commit: {history[:3]}")
    events = get_json(base, "/api/v1/events?repository=beta&kind=task&limit=1")
    check(events["items"][0]["subject"] == "BETA-WP-0001-T02" and events["next"], f"events feed: {events}")
    # The read model is at most half a second behind the store.
    deadline = time.time() + 5
    while time.time() < deadline:
        ready = {t["id"] for t in get_json(base, "/api/v1/tasks?ready=true&limit=500")["items"]}
        if "BETA-WP-0001-T02" not in ready:
            break
        time.sleep(0.1)
    check("BETA-WP-0001-T02" not in ready, "a task done is no longer ready")


def check_conventions(base):
    status, headers, body = get(base, "/api/v1/summary")
    check(headers.get("Content-Type") == "application/json; charset=utf-8", f"content type: {headers}")
    status, _, _ = get(base, "/api/v1/summary", {"If-None-Match": headers.get("ETag", "")})
    check(status == 304, f"If-None-Match: {status}")
    for path, method, headers_, wanted in [
        ("/api/v1/tasks?limit=501", "GET", {}, 400), ("/api/v1/tasks?colour=red", "GET", {}, 400),
        ("/api/v1/tasks/NOPE-1", "GET", {}, 404), ("/api/v1/../../etc/passwd", "GET", {}, 404),
        ("/api/v1/summary", "POST", {}, 405), ("/api/v1/summary", "GET", {"Accept": "text/html"}, 406),
    ]:
        status, _, body = get(base, path, headers_, method)
        check(status == wanted, f"{method} {path}: {status}, wanted {wanted}")
        check("error" in json.loads(body or b"{}"), f"{method} {path}: a JSON error")
    check(b"limit" in get(base, "/api/v1/tasks?limit=501")[2], "a 400 names the parameter")
    status, _, body = get(base, "/metrics")
    check(status == 200 and b"workplan_http_request_duration_seconds_bucket" in body, "metrics")
    check(get(base, "/healthz")[0] == 200, "healthz")


def check_security():
    refused = run([BIN, "serve", "--host", "0.0.0.0", "--db", reader_url()], WORK, check_status=False)
    check(refused.returncode == 2 and "without --token-file" in refused.stderr, f"0.0.0.0 refused: {refused.stderr}")
    tokens = os.path.join(WORK, "tokens")
    with open(tokens, "w") as out:
        out.write("# the team's readers\nsecret-one\nsecret-two\n")
    process, base = serve(["--db", reader_url(), "--token-file", tokens])
    try:
        check(get(base, "/api/v1/summary")[0] == 401, "no token: 401")
        check(get(base, "/api/v1/summary", {"Authorization": "Bearer secret-on"})[0] == 401, "a wrong token: 401")
        check(get(base, "/api/v1/summary", {"Authorization": "Bearer secret-two"})[0] == 200, "a token: 200")
    finally:
        process.terminate()
        process.wait()


def check_lint_knows_the_hub():
    """unknown-dependency takes the ids the hub held at the last sync into it."""
    alpha = os.path.join(WORK, "alpha")
    lint = [BIN, "lint", "--format", "json"]
    # alpha synced first, when the hub held neither beta nor gamma.
    before = run(lint, alpha, check_status=False).stdout
    check("'BETA-WP-0001-T01' is not a workplan or task" in before, f"before: {before[:400]}")
    run([BIN, "sync", "--db", HUB], alpha)
    after = run(lint, alpha, check_status=False).stdout
    check("unknown-dependency" not in after, f"after a sync, the hub's ids are known: {after[:400]}")


def main():
    make_repositories()
    check_lint_knows_the_hub()
    owner = os.path.join(WORK, "alpha")
    run([BIN, "hub", "init", "--roles", "--db", HUB], owner)
    run(["psql", HUB, "-q", "-c", f"CREATE ROLE {READER} LOGIN PASSWORD 'pw-reader' IN ROLE workplan_reader"], WORK)
    process, base = serve(["--db", reader_url()])
    try:
        check_answers(base)
        check_conventions(base)
        check_history(base)
        check_security()
        schemathesis = subprocess.run(
            [ST, "run", base + "/api/v1/openapi.json", "--url", base, "--max-examples", "40", "--seed", "1",
             "--checks", "all", "--exclude-checks", "positive_data_acceptance,ignored_auth"],
            cwd=WORK, capture_output=True, text=True)
        print(schemathesis.stdout[-1500:])
        check(schemathesis.returncode == 0, "schemathesis found failures")
    finally:
        process.terminate()
        process.wait()
    if FAILURES:
        sys.exit(f"serve: {len(FAILURES)} checks failed")
    print("serve: the API agrees with the files across three repositories; conventions, security and "
          "schemathesis pass")


if __name__ == "__main__":
    main()
