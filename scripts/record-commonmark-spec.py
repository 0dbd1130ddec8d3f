#!/usr/bin/env python3
"""Records the differential cases the block scanner is tested on, with CommonMark's answers.

For every example of the CommonMark spec (../shared/commonmark/spec-0.31.2.txt by default):
  NNN-then-task   the example followed directly by a task fence;
  NNN-as-task     the example with every fence line that opens a block, or that carries an
                  info string, rewritten to say `task` (only when there is one).
Each case is recorded with where markdown-it-py (CommonMark) puts its fences, headings and HTML
blocks, and where cmark puts them when it differs (Debian's cmark package; markdown-it-py departs
from the reference implementation in a few places), into Tests/WorkplanKitTests/Fixtures/commonmark/spec-cases.json, so `make test` needs
no Python. usage: scripts/record-commonmark-spec.py [SPEC]
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from commonmark_oracle import agrees, blocks, cmark_blocks  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")
SPEC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "commonmark", "spec-0.31.2.txt")
OUT = os.path.join(ROOT, "Tests", "WorkplanKitTests", "Fixtures", "commonmark", "spec-cases.json")
TASK = "```task\nid: TEST-WP-0001-T01\nstatus: todo\n```\n"
FENCE_LINE = re.compile(r"^([ \t>*+\-0-9.)]*?)(`{3,}|~{3,})([^`\n]*)$")


def examples(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    number, index = 0, 0
    while index < len(lines):
        if lines[index].startswith("````````````````````````````````") and lines[index].endswith(" example"):
            number += 1
            body = []
            index += 1
            while lines[index] != ".":
                body.append(lines[index])
                index += 1
            yield number, "\n".join(body).replace("\u2192", "\t") + "\n"
        index += 1


def as_task(body):
    """Rewrites the info string of every fence line that opens a block or carries an info string."""
    opening = {fence["open"] for fence in blocks(body)["fences"]}
    lines = body.split("\n")
    changed = False
    for index, line in enumerate(lines):
        match = FENCE_LINE.match(line)
        if not match:
            continue
        prefix, fence, info = match.groups()
        if index + 1 in opening or info.strip():
            rewritten = prefix + fence + "task"
            if rewritten != line:
                lines[index] = rewritten
                changed = True
    return "\n".join(lines) if changed else None


def main():
    cases = []
    for number, body in examples(SPEC):
        variants = [("then-task", body + TASK), ("as-task", as_task(body))]
        for suffix, text in variants:
            if text is None:
                continue
            case = {"name": "%03d-%s" % (number, suffix), "body": text}
            case.update(blocks(text))
            cmark = cmark_blocks(text)
            if cmark is not None and not agrees(case, cmark):
                case["cmark"] = cmark
            cases.append(case)
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("[\n")
        out.write(",\n".join(json.dumps(case, ensure_ascii=False, sort_keys=True) for case in cases))
        out.write("\n]\n")
    print("%d cases from %s" % (len(cases), SPEC))


main()
