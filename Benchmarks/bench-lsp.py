"""How long after the last keystroke `workplan lsp` publishes the diagnostics of a 2,000-line
workplan, in a project of generated workplans (the cross-file rules see every one).

usage: Benchmarks/bench-lsp.py TOOL GENERATE-CORPUS [CONTEXT-SIZES...]   (default 1000 10000)

Each round types a burst of five keystrokes 10 ms apart into a task's description (the editor's
incremental changes), then waits for that file's diagnostics; the time is taken from the last
keystroke. The bar is 100 ms: the debounce (50 ms) included.
"""

import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time

ROUNDS = 40
LIMIT_MS = 100


def big_workplan() -> str:
    lines = [
        "---",
        "id: BIG-WP-0001",
        "type: workplan",
        'title: "A long workplan"',
        "domain: bench",
        "status: active",
        'created: "2026-01-05"',
        'updated: "2026-01-05"',
        "---",
        "",
        "# A long workplan",
        "",
    ]
    task = 0
    while len(lines) < 1990:
        task += 1
        if task % 20 == 1:
            lines += [f"## Phase {task // 20 + 1}", ""]
        lines += [
            f"### Task number {task} — naïve résumé",
            "",
            "```task",
            f"id: BIG-WP-0001-T{task:03d}",
            "status: todo",
            "priority: medium",
            f"depends_on: [BIG-WP-0001-T{max(task - 1, 1):03d}]" if task > 1 else "depends_on: []",
            "```",
            "",
        ]
        lines += [f"Line {n} of the description of task {task}, with some words to scan." for n in range(9)]
        lines.append("")
    return "\n".join(lines[:2000]) + "\n"


class Server:
    def __init__(self, tool: str, root: str):
        self.process = subprocess.Popen(
            [tool, "lsp"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.buffer = b""

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> dict:
        while True:
            if b"\r\n\r\n" in self.buffer:
                header, rest = self.buffer.split(b"\r\n\r\n", 1)
                length = int(header.split(b":")[1])
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    return json.loads(rest[:length])
            select.select([self.process.stdout], [], [], 60)
            chunk = os.read(self.process.stdout.fileno(), 1 << 20)
            if not chunk:
                raise SystemExit("the server exited")
            self.buffer += chunk

    def diagnostics(self, uri: str) -> list:
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message["params"]["diagnostics"]


def measure(tool: str, generate: str, context: int) -> list:
    with tempfile.TemporaryDirectory() as root:
        subprocess.run([generate, os.path.join(root, "workplans"), str(context), "1"], check=True)
        text = big_workplan()
        path = os.path.join(root, "workplans", "BIG-WP-0001.md")
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
        uri = "file://" + path
        server = Server(tool, root)
        server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": "file://" + root}})
        while server.receive().get("id") != 1:
            pass
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
        assert server.diagnostics(uri) == [], "the generated workplan should lint clean"
        version, times = 1, []
        for round_ in range(ROUNDS):
            line = 21 + (round_ % 50) * 20
            for key in "abcde":
                version += 1
                change = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": key}
                server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
                last = time.monotonic()
                time.sleep(0.01)
            server.diagnostics(uri)
            times.append((time.monotonic() - last) * 1000)
        server.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        server.send({"jsonrpc": "2.0", "method": "exit"})
        server.process.wait(timeout=60)
        return times


def main() -> None:
    tool, generate = sys.argv[1], sys.argv[2]
    sizes = [int(size) for size in sys.argv[3:]] or [1000, 10000]
    print(f"{'workplans':>9}  {'median':>8}  {'p95':>8}  {'max':>8}  {'limit':>6}  result  (diagnostics of a 2,000-line file after the last keystroke)")
    for size in sizes:
        times = sorted(measure(tool, generate, size))
        p95 = times[int(len(times) * 0.95) - 1]
        verdict = "met" if times[-1] <= LIMIT_MS else "MISSED"
        print(f"{size + 1:>9}  {statistics.median(times):>6.1f}ms  {p95:>6.1f}ms  {times[-1]:>6.1f}ms  {LIMIT_MS:>4}ms  {verdict}")


if __name__ == "__main__":
    main()
