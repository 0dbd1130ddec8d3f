"""Where CommonMark (markdown-it-py) puts the blocks of a Markdown body that decide task fences.

blocks(body) returns {"fences": [...], "headings": [...], "html": [...]} with 1-based lines of
the body:
  fence:   {"info" (escapes and references decoded), "open", "close" (null when it runs to the end of its container),
            "content" ([first, last] or null), "text" (the content as CommonMark gives it),
            "quoted" (inside a block quote)}
  heading: {"level", "line", "text" (each line trimmed, joined with newlines), "quoted"}
  html:    [first, last]
Used by scripts/record-commonmark-spec.py and scripts/commonmark-differential.py.
"""
from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll

md = MarkdownIt("commonmark")


def heading_text(text):
    return "\n".join(line.strip(" \t") for line in text.split("\n")).strip(" \t\n")


def blocks(body):
    tokens = md.parse(body)
    fences, headings, html = [], [], []
    quotes = 0
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            quotes += 1
        elif token.type == "blockquote_close":
            quotes -= 1
        elif token.type == "fence" and token.map:
            start, end = token.map
            lines = token.content.count("\n")
            # An unclosed fence holds every line after its opening one; a closed one also the closing line.
            closed = end - start - 1 > lines
            last_content = start + lines
            fences.append({
                "info": unescapeAll(token.info).strip(),
                "open": start + 1,
                "close": end if closed else None,
                "content": [start + 2, last_content + 1] if lines > 0 else None,
                "text": token.content,
                "quoted": quotes > 0,
            })
        elif token.type == "heading_open" and token.map:
            headings.append({"level": int(token.tag[1]), "line": token.map[0] + 1,
                             "text": heading_text(tokens[index + 1].content), "quoted": quotes > 0})
        elif token.type == "html_block" and token.map:
            html.append([token.map[0] + 1, token.map[1]])
    return {"fences": fences, "headings": headings, "html": html}


def cmark_blocks(body):
    """The same answer from cmark (`cmark -t xml --sourcepos`, Debian's cmark package), used to
    settle cases where markdown-it-py departs from the reference implementation. Heading texts
    are left out (cmark gives them as parsed inlines); None when cmark is not installed."""
    import shutil
    import subprocess
    import xml.etree.ElementTree as ET

    if not shutil.which("cmark"):
        return None
    xml = subprocess.run(["cmark", "-t", "xml", "--sourcepos"], input=body.encode(), capture_output=True, check=True).stdout
    namespace = "{http://commonmark.org/xml/1.0}"
    lines = body.split("\n")
    fences, headings, html = [], [], []

    def position(node):
        start, end = node.get("sourcepos").split("-")
        return [int(x) for x in start.split(":")], [int(x) for x in end.split(":")]

    def walk(node, quoted):
        tag = node.tag.replace(namespace, "")
        if tag == "block_quote":
            quoted = True
        elif tag == "code_block":
            (line, column), (last, _) = position(node)
            source = lines[line - 1].encode()[column - 1:].decode(errors="replace")
            text = node.text or ""
            # An indented code block's text starts with its first line; a fenced one's does not.
            indented = text.split("\n")[0] == source.rstrip("\r")
            if source[:3] in ("```", "~~~") and not indented:
                count = text.count("\n")
                # sourcepos may run past the block (to a blank line): closed when its last line,
                # without container prefixes, is a closing fence.
                marker = source[0] * (len(source) - len(source.lstrip(source[0])))
                closing = lines[last - 1].lstrip(" \t>").strip(" \t")
                closed = last > line + count and closing.startswith(marker) and set(closing) == {source[0]}
                fences.append({"info": node.get("info", ""), "open": line, "close": line + count + 1 if closed else None,
                               "content": [line + 1, line + count] if count else None, "text": text,
                               "quoted": quoted})
        elif tag == "heading":
            (line, column), (last, _) = position(node)
            # A setext heading's sourcepos also covers the link reference definitions before it
            # (at top level, count them with markdown-it-py, which reads them as blocks of their own).
            if column == 1 and last > line and not lines[line - 1].startswith("#"):
                paragraph = [t for t in md.parse("\n".join(lines[line - 1:last - 1]) + "\n") if t.map]
                if paragraph:
                    line += paragraph[0].map[0]
            headings.append({"level": int(node.get("level")), "line": line, "quoted": quoted})
        elif tag == "html_block":
            (line, _), (last, _) = position(node)
            html.append([line, max(line, last)])
        for child in node:
            walk(child, quoted)

    walk(ET.fromstring(xml), False)
    return {"fences": fences, "headings": headings, "html": html}


def strip_lines(text, lines, first):
    split = text.split("\n")
    for line in lines:
        if 0 <= line - first < len(split):
            split[line - first] = split[line - first].lstrip(" \t")
    # White space on a blank line: markdown-it-py keeps what is past the container's indentation,
    # cmark and commonmark.js drop it.
    return "\n".join(line if line.strip(" \t") else "" for line in split)


def agrees(actual, expected, loose=False):
    """Whether a scanner answer (from `workplan debug-blocks`) equals an oracle's. Content lines
    after a tab only partly taken by containers (the tool's partialTabs) are compared without
    leading white space, blank content lines without their white space. Headings without a text
    (cmark's) are compared on level, line and quotation. `loose` compares every content line
    without leading white space: cmark counts a fence's indentation in bytes where commonmark.js
    and markdown-it-py count columns, so a tab only partly taken differs in how much it leaves."""
    if actual["html"] != expected["html"] or len(actual["fences"]) != len(expected["fences"]):
        return False
    if len(actual["headings"]) != len(expected["headings"]):
        return False
    for mine, theirs in zip(actual["headings"], expected["headings"]):
        if any(mine[key] != theirs[key] for key in theirs):
            return False
    for mine, theirs in zip(actual["fences"], expected["fences"]):
        mine, theirs = dict(mine), dict(theirs)
        mine.setdefault("close", None)
        mine.setdefault("content", None)
        lines = mine.pop("partialTabs", None)
        if "\t" in mine["info"] and "\t" not in theirs["info"]:
            mine["info"] = mine["info"].replace("\t", " ")  # XML attributes (cmark's) turn tabs into spaces
        if loose and mine["content"]:
            lines = range(mine["content"][0], mine["content"][1] + 1)
        if mine["content"]:
            mine["text"] = strip_lines(mine["text"], lines or [], mine["content"][0])
            theirs["text"] = strip_lines(theirs["text"], lines or [], mine["content"][0])
        if mine != theirs:
            return False
    return True
