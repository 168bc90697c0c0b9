"""The Markdown subset of the intermediate, in one place: what it allows and refuses, how
source text is escaped into it, the link schemes it takes, and the markers that carry
structure, with their one meaning each.

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

  or, where the block carries data, with its attributes as pandoc writes them (a value's
  quotes and backslashes escaped with a backslash):

      ::: {.figure src="media/chart.png" alt="Arrivals by year" width="60"}
      Its caption.
      :::

and one inline mark around text in another language than the document's (an action point not
translated into it), which the renderer writes and no source can: control characters, the first
with the language's tag and direction (SPAN_OPEN ... SPAN_CLOSE, language_span).

The kinds of block are DIVS; they nest (the project box inside the colophon). Every writer
reads them from the parsed tree (markdown_tree.py) as `<div class="kind">`; none infers them
from the shape of the text. Source text can never write a marker: the renderer escapes a line
that starts with ':::' (render.py), and headings are refused in Markdown fields.
"""

from __future__ import annotations

import hashlib
import re

WEB_SCHEMES = ("http", "https", "mailto")  # what a link may go to outside the series
SERIES_SCHEMES = ("doc", "point")  # links within the series (xref.py)

# Markdown characters escaped wherever they stand, and those escaped only where they could
# start markup: an entity (&amp;), a tag (<b>), a heading's leading or closing #, a quote or a
# list item at the start. markdown_tree.py teaches Python-Markdown CommonMark's escapes for them.
ALWAYS = re.compile(r"([\\`*_\[\]|])")
WHERE_MEANINGFUL = re.compile(r"&(?=#|\w+;)|<(?=[A-Za-z/!?])|^#+|#+$|^>|\{(?=#)")
LIST_START = re.compile(r"^([+-]|(\d+)(\.))")
BREAKS = re.compile("\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")  # all str.splitlines breaks at
ADDRESS_MARKUP = re.compile(r"([\\()\[\]<>])")  # what can end a link, or start markup in one


# Every link destination, wherever its label starts (labels may hold brackets): `](target`.
LINK_TARGET = re.compile(r"\]\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
MD_HEADING = re.compile(r"^ {0,3}(#{1,6})(\s|$)", re.M)
SETEXT = re.compile(r"^(?=.*\S).*\n( {0,3}(=+|-+)[ \t]*)$", re.M)  # a line underlined with = or - is a heading
# Line breaks beyond \n that Python and CommonMark know (\v, \f and \x85 are refused as control
# characters): in a one-line field they are several lines; in Markdown they become \n.
LINE_BREAK = re.compile("\r\n?|[\u2028\u2029]")
SHALLOW_ITEM = re.compile(r"^ {1,3}([-*+]|\d+\.) ", re.M)  # GitHub nests it, Python-Markdown does not
AUTOMAIL = re.compile(r"<([^<>@\s]+@[^<>\s]+)>")
# What the portable subset leaves out, though CommonMark would make it markup: each is an error
# (once a field) with what to write instead; should unchecked text reach the writers, every
# document's body is escaped so that it stays text in every format (markdown_tree.safe_markdown).
NOT_IN_SUBSET = (
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<[!?][^<>]*>"), "raw HTML",
     "use Markdown: *emphasis*, **strong**, [text](https://...)"),
    (re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>"), "an address in angle brackets",
     "write it as a link: [text](https://...)"),
    (re.compile(r"!\[[^\]\n]*\]"), "an image", "list it under the section's 'figures:', with its alt text"),
    (re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:", re.M), "a reference definition",
     "write the link in place: [text](https://...)"),
    (re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|\w+);"), "an HTML entity", "write the character itself"),
    (re.compile(r"(?:\A|\n[ \t]*\n)( {0,3}([-*_])(?:[ \t]*\2){2,}[ \t]*)$", re.M), "a horizontal rule",
     "a rule shows in no format: end the section and start another, or remove the line"),
)
CODE_HINT = ("a line indented by 4 spaces after a blank line is code, which the documents do not show:"
             " remove the indent, or indent it under a list item")


def escape_text(text: str) -> str:
    """Escape one line of plain text so Markdown shows it literally, and no more than needed; a
    line break of any kind is a space, so that nothing can start a heading or a list item."""
    text = " ".join(BREAKS.split(text))
    text = ALWAYS.sub(r"\\\1", text)
    text = WHERE_MEANINGFUL.sub(lambda m: "".join("\\" + c for c in m.group()), text)
    return escape_markers(LIST_START.sub(lambda m: m[2] + "\\." if m[2] else "\\" + m[1], text))


def escape_address(address: str) -> str:
    """An address as a link's target (or its text) in Markdown: the characters that could end the
    link or start another escaped, so a value can never add markup ('https://a.test/)[x](...')."""
    return ADDRESS_MARKUP.sub(r"\\\1", address)


# What each kind of block is. BOXED ones are boxes in every format (block quotes in the published Markdown).
DIVS = {
    "box": "a boxed text; its first paragraph, in bold, is its title",
    "definition": "a definition quoted word for word: its title in bold, the quotation as a block quote,"
                  " then its source",
    "matrix": "a coverage matrix: Action Plan points (rows) by the publications cited (columns)",
    "colophon": "the closing matter: the project box, the funding statement, a disclaimer",
    "notes": "the footnotes, gathered from the text by the parser (never written by a template)",
    "figure": "an image (src: its path in the notes folder, alt: its text for readers who cannot see it,"
              " width: per cent of the text's width); its content is the caption",
    "logos": "the logos on the first page: figures without captions",
    "outputs": "a list of publications, each linked: printed pages show their addresses here, once",
    "contents": "a table of contents: a title, then a list of links to the headings (Word makes it a TOC field)",
}
BOXED = {"box", "definition"}
MATRIX_MARK = "✓"  # a matrix cell's mark: the row's point cites the column's publication (else empty)
# A whole line: the start of a block of that kind, bare or with attributes.
OPEN = re.compile(r'::: ?(?:([a-z]+)|\{\.([a-z]+)((?: [a-z]+="(?:[^"\\\n]|\\.)*")*)\})')
_ATTRIBUTE = re.compile(r' ([a-z]+)="((?:[^"\\\n]|\\.)*)"')
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


def opening(line: str) -> tuple[str, dict[str, str]] | None:
    """The kind and attributes of a block a line opens, or None."""
    found = OPEN.fullmatch(line)
    if not found:
        return None
    attributes = {name: re.sub(r"\\(.)", r"\1", value) for name, value in _ATTRIBUTE.findall(found[3] or "")}
    return found[1] or found[2], attributes


def open_block(kind: str, **attributes) -> str:
    """The line that opens a block of `kind` with `attributes` (those that are None left out)."""
    given = {name: str(value) for name, value in attributes.items() if value is not None}
    if not given:
        return f"::: {kind}"
    pairs = "".join(f' {name}="{_quoted(value)}"' for name, value in given.items())
    return f"::: {{.{kind}{pairs}}}"


def _quoted(value: str) -> str:
    """An attribute's value with its backslashes and quotes escaped, on one line."""
    return " ".join(value.split()).replace("\\", "\\\\").replace('"', '\\"')


def images(body: str) -> list[str]:
    """The paths of the images a marked body shows, in order, each once."""
    found = (opening(line) for line in body.split("\n") if line.startswith(":::"))
    return list(dict.fromkeys(attributes["src"] for kind, attributes in filter(None, found) if "src" in attributes))


def is_marker(line: str) -> bool:
    """Whether a line opens or closes a block."""
    return line == CLOSE or OPEN.fullmatch(line) is not None


# Text in another language (language_span): control characters no source can hold (fields.CONTROL)
# around it, the first with its language and direction. The parser makes it a span; a writer
# without spans (Markdown) drops them.
SPAN_OPEN, SPAN_SAID, SPAN_CLOSE = "\x0e", "\x1f", "\x0f"
SPAN_START = re.compile(SPAN_OPEN + r"([A-Za-z0-9-]{1,35}) (ltr|rtl)" + SPAN_SAID)
SPAN_MARKS = re.compile(SPAN_START.pattern.replace("([A-Za-z0-9-]{1,35}) (ltr|rtl)", "[^" + SPAN_SAID + "]*")
                        + "|" + SPAN_CLOSE)
_MARKER = re.compile(r"^(\s*)((?:[-*+]|\d{1,9}[.)])[ \t]+)(.*)$")  # a list item's first line
# A line of a block left as it is: a quote, a table's row or rule, a note's text, a marker, a caption
_NOT_TEXT = re.compile(r"^\s*(?:>|\||\[\^|:::|Table: |[-:| ]*-[-:| ]*\|[-:| ]*$|[-:| ]*\|[-:| ]*-[-:| ]*$)", re.M)


def language_span(text: str, language: str, direction: str, plain: bool = False) -> str:
    """`text` (Markdown; one line of escaped text where `plain`) marked as written in `language`,
    which is written `direction` ('ltr' or 'rtl'): each paragraph, and each list item's text,
    becomes a span, so that the marks stand wherever a template puts the text, in a line or as
    blocks. Quotes, tables and notes are left as they are."""
    start = f"{SPAN_OPEN}{language} {direction}{SPAN_SAID}"
    if plain:
        return f"{start}{text}{SPAN_CLOSE}"
    pieces = re.split(r"(\n[ \t]*\n)", text)  # blocks, and what stands between them
    return "".join(piece if index % 2 else _spanned(piece, start) for index, piece in enumerate(pieces))


def _spanned(block: str, start: str) -> str:
    """One paragraph as a span; a list, each item's text (its first line after the marker and the
    lines continuing it) as one."""
    if not block.strip() or _NOT_TEXT.search(block):
        return block
    if block.startswith("\n"):  # the blank lines before it
        rest = block.lstrip("\n")
        return block[:len(block) - len(rest)] + _spanned(rest, start)
    lines = block.rstrip("\n").split("\n")
    trail = block[len(block.rstrip("\n")):]
    if not _MARKER.match(lines[0]):
        indent = len(lines[0]) - len(lines[0].lstrip())
        return f"{lines[0][:indent]}{start}{block.rstrip(chr(10))[indent:]}{SPAN_CLOSE}{trail}"
    items: list[list[str]] = []
    for line in lines:
        found = _MARKER.match(line)
        if found:
            items.append([f"{found[1]}{found[2]}{start}{found[3]}"])
        else:
            items[-1].append(line)
    return "\n".join("\n".join(item) + SPAN_CLOSE for item in items) + trail


def unspanned(body: str) -> str:
    """A body without its spans' marks, their text kept (for formats that have no spans)."""
    return SPAN_MARKS.sub("", body)


CAPTION = "Table: "  # pandoc's convention: this paragraph, just before a table, is its caption
_CAPTION_LINE = re.compile(r"^" + CAPTION + r"(.+)\n\n(?=\|)", re.M)


def to_gfm(body: str) -> str:
    """The marked body as GitHub-Flavoured Markdown: headings without their ids (a hosting site
    makes its own), quoted blocks as block quotes, a figure as its image (its path relative to
    the Markdown file, which has media/ beside it) and its caption, a table's caption in bold
    above it (GitHub shows no pandoc 'Table:' line as a caption), the other markers gone."""
    lines: list[str] = []
    quoted: list[bool] = []  # for each open block, whether it is a quote
    body = _CAPTION_LINE.sub(r"**\1**\n\n", _HEADING_LINE.sub(r"\1", unspanned(body)))
    for line in body.split("\n"):
        opened = opening(line)
        if not opened and line != CLOSE:
            _add(lines, _prefixed(quoted, line))
            continue
        if opened:
            _add(lines, _prefixed(quoted, ""))  # a block stands apart from what precedes it
            kind, attributes = opened
            quoted.append(kind in BOXED)
            if "src" in attributes:
                alt = re.sub(r"([\\\[\]])", r"\\\1", attributes.get("alt", ""))
                _add(lines, _prefixed(quoted, f"![{alt}]({attributes['src']})"))
                _add(lines, _prefixed(quoted, ""))
        elif quoted:
            while lines and lines[-1].startswith(">") and not lines[-1].strip("> "):
                lines.pop()  # a quote ends with its last line of text
            quoted.pop()
            _add(lines, _prefixed(quoted, ""))  # and from what follows it
    return "\n".join(lines).strip("\n") + "\n"


def _prefixed(quoted: list[bool], line: str) -> str:
    """A line inside the open blocks: '> ' once for each quote among them."""
    prefix = " ".join(">" * sum(quoted))
    return f"{prefix} {line}".rstrip() if prefix else line


def _add(lines: list[str], line: str) -> None:
    """Append a line; a blank one (in a quote or not) never after another, where it takes the
    place of one inside more quotes (a quote has ended), and never first."""
    if line.strip("> "):
        lines.append(line)
    elif lines and lines[-1].strip("> "):
        lines.append(line)
    elif lines and lines[-1].count(">") > line.count(">"):
        lines[-1] = line
