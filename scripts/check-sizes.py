#!/usr/bin/env python3
"""Checks the size limits of the code in Sources/: no function, initializer, accessor or
closure-valued property body over 70 lines (each one over is an error: exit 1), and files over 400
lines (a warning only: a file holds one concept, whatever its length).
usage: scripts/check-sizes.py [--max-file N] [--max-function N]"""
import argparse
import pathlib
import re
import sys

DECLARATION = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|static|final|"
                         r"mutating|nonmutating|override|convenience|required|nonisolated|package)\s+)*"
                         r"(func\s+[^\s(<]+|init[?!]?|deinit|subscript|(?:var|let)\s+\w+[^=]*=\s*\{|"
                         r"(?:var|let)\s+\w+\s*:[^=]*\{)")


def strip_strings(line, in_block):
    """The line without string literals and comments (multi-line strings tracked by in_block)."""
    out, i = [], 0
    while i < len(line):
        if in_block:
            end = line.find('"""', i)
            if end < 0:
                return "".join(out), True
            i, in_block = end + 3, False
            continue
        if line.startswith('"""', i):
            in_block = True
            i += 3
            continue
        if line.startswith("//", i):
            break
        if line[i] == '"':
            j = i + 1
            while j < len(line) and line[j] != '"':
                j += 2 if line[j] == "\\" else 1
            i = j + 1
            continue
        out.append(line[i])
        i += 1
    return "".join(out), in_block


def functions(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    stack, in_block, found = [], False, []
    pending, depth = None, 0  # a declaration whose body has not opened yet, and its paren depth
    for number, raw in enumerate(lines, 1):
        code, in_block_after = strip_strings(raw, in_block)
        match = DECLARATION.match(raw) if not in_block else None
        if match:
            pending, depth = (match.group(1).split("(")[0].strip(), number), 0
        for char in code:
            if char in "([":
                depth += 1
            elif char in ")]":
                depth -= 1
            elif char == "{":
                if pending and depth <= 0:
                    stack.append(pending)
                    pending = None
                else:
                    stack.append((None, number))
            elif char == "}" and stack:
                pending = None
                name, start = stack.pop()
                if name:
                    found.append((name, start, number))
        in_block = in_block_after
    return len(lines), found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-file", type=int, default=400)
    parser.add_argument("--max-function", type=int, default=70)
    args = parser.parse_args()
    root = pathlib.Path(__file__).resolve().parent.parent / "Sources"
    over, long_files = [], []
    for path in sorted(root.rglob("*.swift")):
        count, found = functions(path)
        relative = path.relative_to(root.parent)
        if count > args.max_file and not path.read_text(encoding="utf-8").startswith("// Generated"):
            long_files.append("warning: %s: %d lines (over %d)" % (relative, count, args.max_file))
        for name, start, end in found:
            if end - start + 1 > args.max_function:
                over.append("%s:%d: %s has %d lines (limit %d)" % (relative, start, name, end - start + 1,
                                                                   args.max_function))
    print("\n".join(long_files + over) if long_files or over else "sizes: every file and function within limits")
    return 1 if over else 0


sys.exit(main())
