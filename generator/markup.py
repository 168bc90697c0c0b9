"""The markers the templates write to carry structure, and their one meaning each.

A template writes portable Markdown (headings, paragraphs, lists, links, emphasis, pipe tables)
plus two markers, in pandoc's syntax so that pandoc reads the intermediate as we do:

- a heading's id, decided once by the renderer: `## Housing {#housing}`;
- a footnote, as GitHub and pandoc write them: `text[^label]`, and `[^label]: the note` on a
  line of its own in the same field (the renderer gives each field's labels a prefix of their
  own, so two fields may both use [^1]);
- a fenced block (a "div") saying what its content is, on lines of their own:

      ::: box
      **Its title**

      Its text.
      :::

The kinds of block are DIVS; they nest (the project box inside the colophon). Every writer
reads them from the parsed tree (markdown_tree.py) as `<div class="kind">`; none infers them
from the shape of the text. Source text can never write a marker: the renderer escapes a line
that starts with ':::' (render.py), and headings are refused in Markdown fields.
"""

from __future__ import annotations

import hashlib
import re

# What each kind of block is. QUOTED ones are block quotes in the published Markdown.
DIVS = {
    "box": "a boxed text; its first paragraph, in bold, is its title",
    "definition": "a definition quoted word for word, with its source",
    "matrix": "a coverage matrix: Action Plan points (rows) by the publications cited (columns)",
    "colophon": "the closing matter: the project box, the funding statement, a disclaimer",
    "notes": "the footnotes, gathered from the text by the parser (never written by a template)",
}
QUOTED = {"box", "definition"}
OPEN = re.compile(r"::: ?([a-z]+)")  # a whole line: the start of a block of that kind
CLOSE = ":::"  # a whole line: the end of the innermost open block
HEADING_ID = re.compile(r" \{#([A-Za-z][\w-]*)\}$")  # at the end of a heading line
_HEADING_LINE = re.compile(r"^(#{1,6} .*?)" + HEADING_ID.pattern, re.M)


_MARKER_START = re.compile(r"^(?=:::)", re.M)
NOTE_REFERENCE = re.compile(r"\[\^([^\]\n]*)\](?!:)")  # where a footnote belongs: text[^1]
NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\n]*)\]:", re.M)  # its text: [^1]: the note
NOTE_LABEL = re.compile(r"[A-Za-z0-9_-]{1,40}")


def escape_markers(text: str) -> str:
    """Source text with every line that could be read as a marker escaped ('\\:::'): it stays text."""
    return _MARKER_START.sub("\\\\", text)


def own_notes(text: str) -> str:
    """A field's footnote labels given a prefix of its own (a digest of its text), so that two
    fields shown in one document never share a label."""
    if "[^" not in text:
        return text
    prefix = hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]
    return re.sub(r"\[\^(?=[^\]\n]*\])", f"[^{prefix}-", text)


def is_marker(line: str) -> bool:
    """Whether a line opens or closes a block."""
    return line == CLOSE or OPEN.fullmatch(line) is not None


def to_gfm(body: str) -> str:
    """The marked body as GitHub-Flavoured Markdown: headings without their ids (a hosting site
    makes its own), quoted blocks as block quotes, the other markers gone."""
    lines: list[str] = []
    quoted: list[bool] = []  # for each open block, whether it is a quote
    for line in _HEADING_LINE.sub(r"\1", body).split("\n"):
        opened = OPEN.fullmatch(line)
        if not opened and line != CLOSE:
            prefix = " ".join(">" * sum(quoted))
            _add(lines, f"{prefix} {line}".rstrip() if prefix else line)
            continue
        while lines and lines[-1].startswith(">") and not lines[-1].strip("> "):
            lines.pop()  # a quote ends with its last line of text
        if opened:
            _add(lines, " ".join(">" * sum(quoted)))  # a block stands apart from what precedes it
            quoted.append(opened[1] in QUOTED)
        elif quoted:
            quoted.pop()
            _add(lines, " ".join(">" * sum(quoted)))
    return "\n".join(lines).strip("\n") + "\n"


def _add(lines: list[str], line: str) -> None:
    """Append a line; a blank one (in a quote or not) only where the last is not blank already
    or a quote's start."""
    blank = not line.strip("> ")
    if blank and (not lines or not lines[-1].strip("> ") or lines[-1].count(">") < line.count(">")):
        return
    lines.append(line)
