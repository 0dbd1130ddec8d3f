#!/usr/bin/env python3
"""Differential check of the block scanner against CommonMark (markdown-it-py) on seeded
generated bodies: task fences in lists, nested lists, block quotes, HTML blocks, after
paragraphs, with tabs and varied fence lengths.

usage:
  scripts/commonmark-differential.py [--seed S] [--count N] [--tool PATH]
      compares `workplan debug-blocks` (default .build/debug/workplan) with markdown-it-py on N
      bodies (default 10000) and prints how many disagree; writes the first few to
      .build/commonmark-differential/ and exits 1 when any does.
  scripts/commonmark-differential.py --fuzz-seeds [--seed S] [--count N]
      writes N bodies (default 24) after a valid front matter into Fuzz/Corpus/, so that the
      fuzz target (whose invariants include the block scanner's) starts from these shapes.
  scripts/commonmark-differential.py --record [--seed S] [--count N]
      records N bodies (default 600) with CommonMark's answers into
      Tests/WorkplanKitTests/Fixtures/commonmark/generated-cases.json for `make test`.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from commonmark_oracle import agrees, blocks, cmark_blocks  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))

# Container prefixes, and the prefix that continues each one on the following lines.
CONTAINERS = [
    ("", ""), ("", ""), ("", ""), ("- ", "  "), ("* ", "  "), ("+ ", "  "), ("1. ", "   "), ("2) ", "   "),
    ("10. ", "    "), ("> ", "> "), (">", ">"), ("> > ", "> > "), ("- > ", "  > "), ("> - ", ">   "),
    ("-\t", "\t"), ("1.\t", "\t"), (">\t", ">\t"), ("  - ", "    "), ("   ", "   "), ("    ", "    "),
    ("\t", "\t"), (" > ", " > "), ("- - ", "    "), ("1. - ", "     "), ("-", "  "), ("-    ", "      "),
    ("-     ", "  "), ("> 1. ", ">    "),
]
FENCES = ["```", "~~~", "````", "~~~~", "```", "  ```", "   ~~~", "\t```", "`````"]
INFOS = ["task", "task", "task", " task", "task extra", "yaml", "", "t&#97;sk", "task&Tab;x", "tas\\k", "task`"]
LINES = [
    "id: TEST-WP-0001-T01", "status: todo", "\tid: TEST-WP-0001-T02", "  status: done", "    id: x",
    "## Phase two", "### A task", "# Top", "#not a heading", "Some text", "more text", "===", "---", "***",
    "- - -", "<div>", "</div>", "<!-- note", "-->", "<!-- one line -->", '<a href="x>y">',
    "<https://example.com/design>", "<custom-tag>", "</p>", "<script>", "</script>", "<?php", "?>",
    "<!DOCTYPE html>", "[ref]: /url", "1. First step", "2. Second", "* item", "> quoted", "",
    "", "", "",
]


def generate(rng):
    lines = []
    prefix, continuation = "", ""
    for _ in range(rng.randint(3, 18)):
        if rng.random() < 0.45:
            prefix, continuation = rng.choice(CONTAINERS)
            first = prefix
        else:
            first = continuation if rng.random() < 0.85 else ""
        if rng.random() < 0.35:
            # A whole task block under this prefix, sometimes with a wrong closing fence.
            fence = rng.choice(FENCES)
            closing = fence if rng.random() < 0.8 else rng.choice(FENCES)
            lines.append(first + fence + rng.choice(INFOS))
            body_prefix = continuation if rng.random() < 0.9 else ""
            lines.append(body_prefix + rng.choice(["id: TEST-WP-0001-T01", "\tid: TEST-WP-0001-T01", "  id: x"]))
            lines.append(body_prefix + "status: todo")
            if rng.random() < 0.2:
                lines.append("")
            if rng.random() < 0.85:
                lines.append(body_prefix + closing)
        else:
            lines.append(first + rng.choice(LINES))
    return "\n".join(lines) + "\n"


def bodies(seed, count):
    rng = random.Random(seed)
    return [("gen-%d-%05d" % (seed, index), generate(rng)) for index in range(count)]


def case_with_answers(name, body):
    """A recorded case: markdown-it-py's answer, and cmark's too where the two differ."""
    case = {"name": name, "body": body}
    case.update(blocks(body))
    cmark = cmark_blocks(body)
    if cmark is not None and not agrees(case, cmark):
        case["cmark"] = cmark
    return case


def record(seed, count):
    out = os.path.join(ROOT, "Tests", "WorkplanKitTests", "Fixtures", "commonmark", "generated-cases.json")
    cases = []
    for name, body in bodies(seed, count):
        cases.append(case_with_answers(name, body))
    with open(out, "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in cases) + "\n]\n")
    print("recorded %d generated bodies (seed %d)" % (count, seed))


def compare(seed, count, tool):
    generated = bodies(seed, count)
    failures, settled_by_cmark = [], []
    with tempfile.TemporaryDirectory() as folder:
        for start in range(0, len(generated), 500):
            batch = generated[start:start + 500]
            paths = []
            for name, body in batch:
                path = os.path.join(folder, name + ".md")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(body)
                paths.append(path)
            output = subprocess.run([tool, "debug-blocks"] + paths, check=True, capture_output=True, text=True).stdout
            for (name, body), line in zip(batch, output.splitlines()):
                actual = json.loads(line)
                if agrees(actual, blocks(body)):
                    continue
                if agrees(actual, cmark_blocks(body) or {"html": None}, loose=True):
                    settled_by_cmark.append(name)
                    continue
                failures.append((name, body))
    print("%d bodies (seed %d): %d agree with markdown-it-py, %d more with cmark where markdown-it-py departs from it, %d disagree"
          % (count, seed, count - len(failures) - len(settled_by_cmark), len(settled_by_cmark), len(failures)))
    if failures:
        folder = os.path.join(ROOT, ".build", "commonmark-differential")
        os.makedirs(folder, exist_ok=True)
        for name, body in failures[:20]:
            with open(os.path.join(folder, name + ".md"), "w", encoding="utf-8") as f:
                f.write(body)
        print("first disagreements written to %s" % folder)
    return 1 if failures else 0


def fuzz_seeds(seed, count):
    front = ("---\nid: FUZZ-WP-0001\ntype: workplan\ntitle: Fuzz\ndomain: fuzz\nstatus: active\n"
             "created: 2026-01-01\n---\n\n## Phase 1\n\n")
    for name, body in bodies(seed, count):
        path = os.path.join(ROOT, "Fuzz", "Corpus", "commonmark-%s.md" % name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(front + body.replace("TEST-WP-0001", "FUZZ-WP-0001"))
    print("wrote %d fuzz seeds" % count)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--count", type=int)
    parser.add_argument("--tool", default=os.path.join(ROOT, ".build", "debug", "workplan"))
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--fuzz-seeds", action="store_true")
    args = parser.parse_args()
    if args.fuzz_seeds:
        fuzz_seeds(args.seed, args.count or 24)
        return 0
    if args.record:
        record(args.seed, args.count or 600)
        return 0
    return compare(args.seed, args.count or 10000, args.tool)


sys.exit(main())
