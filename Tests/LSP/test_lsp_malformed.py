"""`workplan lsp` fed what no editor should send, over raw pipes: each case ends in an error
response or a logged refusal, and the server goes on answering (or, at the end of its input,
exits) instead of crashing or hanging."""

import json
import os
import pathlib
import select
import shutil
import subprocess
import time

import pytest

BIN = os.environ["WORKPLAN_BIN"]
HERE = pathlib.Path(__file__).parent


class RawServer:
    def __init__(self, root: pathlib.Path):
        self.root = root
        self.process = subprocess.Popen(
            [BIN, "lsp"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.buffer = b""

    def write(self, raw: bytes) -> None:
        self.process.stdin.write(raw)
        self.process.stdin.flush()

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def receive(self, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            if b"\r\n\r\n" in self.buffer:
                header, rest = self.buffer.split(b"\r\n\r\n", 1)
                length = int(header.split(b":")[1])
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    return json.loads(rest[:length])
            left = deadline - time.monotonic()
            assert left > 0, "no answer in time"
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            assert ready, "no answer in time"
            chunk = os.read(self.process.stdout.fileno(), 1 << 20)
            assert chunk, f"the server exited: {self.process.wait()}"
            self.buffer += chunk

    def answer(self, request_id) -> dict:
        """The response to `request_id`, skipping notifications (kept in `self.notes`)."""
        while True:
            message = self.receive()
            if message.get("id") == request_id and "method" not in message:
                return message
            self.notes.append(message)

    notes: list

    def initialize(self) -> None:
        self.notes = []
        self.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
        assert "capabilities" in self.answer(1)["result"]

    def finish(self) -> int:
        self.send({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})
        assert self.answer(99)["result"] is None
        self.send({"jsonrpc": "2.0", "method": "exit"})
        return self.process.wait(timeout=30)


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(HERE / "project", root)
    raw = RawServer(root)
    yield raw
    if raw.process.poll() is None:
        raw.process.kill()
        raw.process.wait()


def stderr_of(server: RawServer) -> str:
    server.process.stdin.close()
    server.process.wait(timeout=30)
    return server.process.stderr.read().decode()


def test_a_message_without_content_length_is_dropped_and_the_next_one_answered(server):
    server.write(b'Content-Type: application/json\r\n\r\n{"jsonrpc": "2.0", "id": 7, "method": "shutdown"}')
    server.initialize()
    assert server.finish() == 0
    assert "without a valid Content-Length" in server.process.stderr.read().decode()


def test_a_truncated_body_is_a_parse_error_and_the_message_after_it_is_read(server):
    server.initialize()
    body = json.dumps({"jsonrpc": "2.0", "id": 5, "method": "shutdown"}).encode()
    server.write(b"Content-Length: %d\r\n\r\n" % (len(body) + 40) + body[:20])
    server.send({"jsonrpc": "2.0", "id": 6, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": "file:///nowhere.md"}}})
    error = server.receive()
    assert error["id"] is None and error["error"]["code"] == -32700
    assert server.answer(6)["result"] is None
    assert server.finish() == 0


def test_an_unknown_method_is_an_error_response(server):
    server.initialize()
    server.send({"jsonrpc": "2.0", "id": 2, "method": "workplan/unheardOf", "params": {}})
    answer = server.answer(2)
    assert answer["error"]["code"] == -32601 and "workplan/unheardOf" in answer["error"]["message"]
    assert server.finish() == 0


def test_a_request_before_initialize_is_refused(server):
    server.send({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {}})
    server.notes = []
    assert server.answer(3)["error"]["code"] == -32002
    server.initialize()
    assert server.finish() == 0


def test_a_file_outside_the_folders_is_refused_in_the_log(server):
    server.initialize()
    readme = (server.root / "README.md").as_uri()
    server.send(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": readme, "languageId": "markdown", "version": 1, "text": "# Notes\n"}},
        }
    )
    position = {"line": 0, "character": 2}
    server.send({"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {"textDocument": {"uri": readme}, "position": position}})
    assert server.answer(4)["result"] is None
    logged = [n for n in server.notes if n["method"] == "window/logMessage"]
    assert [n["params"]["message"] for n in logged] == [f"{readme} is not a workplan under the configured folders: not served"]
    assert not [n for n in server.notes if n["method"] == "textDocument/publishDiagnostics"]
    assert server.finish() == 0


def test_a_ten_megabyte_buffer_is_refused_like_lint_refuses_the_file(server):
    server.initialize()
    document = (server.root / "workplans" / "BIG-WP-0001.md").as_uri()
    text = "---\nid: BIG-WP-0001\n---\n" + ("filler line of prose\n" * 500_000)
    assert len(text.encode()) > 10_000_000
    server.send(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": document, "languageId": "markdown", "version": 1, "text": text}},
        }
    )
    published = server.receive(timeout=60)
    assert published["method"] == "textDocument/publishDiagnostics"
    (finding,) = published["params"]["diagnostics"]
    assert finding["code"] == "unreadable" and "over the limit of 8388608 bytes" in finding["message"]
    assert server.finish() == 0


def test_the_end_of_input_inside_a_message_exits_without_a_crash(server):
    server.initialize()
    server.write(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"")
    assert "the input ended inside a message" in stderr_of(server)
    assert server.process.returncode == 1


def test_exit_without_shutdown_exits_with_status_one(server):
    server.initialize()
    server.send({"jsonrpc": "2.0", "method": "exit"})
    assert server.process.wait(timeout=30) == 1
