"""Parse the portable Markdown body into an element tree, with Python-Markdown.

The HTML and Word writers both walk this one tree, so they cannot read the body differently.
Raw HTML and HTML entities are switched off: text in sources stays text.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from xml.etree.ElementTree import Element

import markdown
from markdown.blockprocessors import BlockProcessor, BlockQuoteProcessor
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import InlineProcessor as InlinePattern
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import STX, AtomicString

from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER
from markdown.extensions.toc import remove_fnrefs, render_inner_html, slugify, strip_tags, unique

from .markup import (CAPTION, CLOSE, HEADING_ID, OPEN, SERIES_SCHEMES, SPAN_CLOSE, SPAN_MARKS, SPAN_OPEN,
                     SPAN_START, is_marker, opening)

EXTENSIONS = ["tables", "sane_lists", "footnotes"]
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
FOOTNOTES = {"SEPARATOR": "-", "BACKLINK_TITLE": "Back to the text of note {}"}
# Raw HTML, entities, automatic e-mail links (obfuscated into entities), images and
# reference links are outside the portable subset: their text stays text.
UNSUPPORTED_INLINE = ("html", "entity", "automail", "image_link", "image_reference", "reference",
                      "short_reference", "short_image_ref")
EXTRA_ESCAPES = "<>&|:"  # CommonMark escapes these too; markup.escape_text relies on it
# What CommonMark would read as markup outside the subset (raw HTML, an autolink, an image, a
# link to a scheme other than http, https and mailto, a reference definition, an entity), each
# after an even run of backslashes (not escaped already). `safe_markdown` escapes them.
_SERIES = "|".join(SERIES_SCHEMES)
_UNSAFE = re.compile(r"(?P<slashes>\\*)(?P<mark><(?=[A-Za-z/!?])|!(?=\[)|&(?=#\d+;|#[xX][0-9a-fA-F]+;|\w+;)"
                     r"|\]\((?!\s*<?(?i:https?://|mailto:)|(?:" + _SERIES + r"):))"  # a link to anywhere but
                     # the web, mail and the series
                     r"|(?P<definition>^ {0,3})(?=\[(?!\^)[^\]\n]+\]:)", re.M)  # a footnote's is kept
_TICKS = re.compile(r"`+")
# Beyond these, Python-Markdown recurses once a level, or scans to the paragraph's end for each
# mark: a list or quote marker more than this deep on one line, an emphasis run longer than
# this, a bracket nested deeper than this or never closed. They are escaped, as text.
DEEPEST = 4
_MARKERS = re.compile(r"^(?:[ \t]*(?:[-*+]|\d{1,9}[.)]|>)(?:[ \t]+|$)){%d,}" % (DEEPEST + 1))
_MARKER = re.compile(r"[ \t]*([-*+]|\d{1,9}[.)]|>)")
_RUNS = re.compile(r"(\\*)([*_]{%d,})" % (DEEPEST + 1))
_BRACKETS = re.compile(r"(\\*)([\[\]])")
_PARAGRAPHS = re.compile(r"(\n[ \t]*\n)")


class _SeparateQuotes(BlockQuoteProcessor):
    """A blank line ends a block quote, as in CommonMark, so two boxes in a row stay two."""

    def lastChild(self, parent: Element) -> None:  # noqa: N802 (Python-Markdown's name)
        """Never continue the previous block quote."""
        return None


class _MarkersApart(Preprocessor):
    """A marker line becomes a block of its own, whatever the lines around it."""

    def run(self, lines: list[str]) -> list[str]:
        """Put a blank line before and after each marker."""
        result = []
        for line in lines:
            result += ["", line, ""] if is_marker(line) else [line]
        return result


class _Divs(BlockProcessor):
    """A marked block (markup.py) as `<div class="kind" ...>`, with its attributes, holding its
    blocks; a stray close is dropped."""

    def test(self, parent: Element, block: str) -> bool:
        """A marker line, alone in its block."""
        return is_marker(block.strip("\n"))

    def run(self, parent: Element, blocks: list[str]) -> None:
        """Gather the blocks up to the matching close, and parse them into the div."""
        opened = opening(blocks.pop(0).strip("\n"))
        if not opened:
            return
        depth, inner = 1, []
        while blocks:
            block = blocks.pop(0)
            marker = block.strip("\n")
            depth += 1 if OPEN.fullmatch(marker) else -1 if marker == CLOSE else 0
            if depth == 0:
                break
            inner.append(block)
        kind, attributes = opened
        div = Element("div", {**attributes, "class": kind})
        parent.append(div)
        self.parser.parseBlocks(div, inner)


class _HeadingIds(Treeprocessor):
    """A heading's id written after it (`## Housing {#housing}`) becomes its id attribute."""

    def run(self, root: Element) -> None:
        """Move each heading's written id into its attribute."""
        for heading in root.iter():
            if heading.tag not in HEADINGS:
                continue
            last = heading[-1] if len(heading) else None
            text = (last.tail if last is not None else heading.text) or ""
            found = HEADING_ID.search(text)
            if found:
                heading.set("id", found[1])
                if last is not None:
                    last.tail = text[:found.start()]
                else:
                    heading.text = text[:found.start()]


class _UnnamedHeadings(Treeprocessor):
    """A heading a template writes without an id gets one from its text, as Python-Markdown's toc
    extension gives it; that extension also renders every heading for a table of contents no
    writer reads, and turns a '[TOC]' paragraph into one."""

    def run(self, root: Element) -> None:
        """Name each heading without an id, each name once in the document."""
        used = {element.get("id") for element in root.iter()}  # (.attrib makes a dict for each element)
        used.discard(None)
        for heading in root.iter():
            if heading.tag in HEADINGS and "id" not in heading.attrib:
                name = strip_tags(render_inner_html(remove_fnrefs(heading), self.md))
                heading.set("id", unique(slugify(html.unescape(name), "-"), used))


class _Notes(Treeprocessor):
    """The footnotes as a marked block of their own (`<div class="notes">`, its rule gone), just
    before the colophon: they belong to the text, not to the closing matter. Their backlinks
    get their text, which Python-Markdown would add only to its HTML string."""

    def run(self, root: Element) -> None:
        """Rename, clean and move the footnotes' block."""
        notes = next((child for child in root if child.tag == "div" and child.get("class") == "footnote"), None)
        if notes is None:
            return
        notes.set("class", "notes")
        for rule in notes.findall("hr"):
            notes.remove(rule)
        for element in notes.iter():
            for name in ("text", "tail"):
                value = getattr(element, name)
                if value and (FN_BACKLINK_TEXT in value or NBSP_PLACEHOLDER in value):
                    setattr(element, name, value.replace(FN_BACKLINK_TEXT, "\u21a9").replace(NBSP_PLACEHOLDER, "\u00a0"))
        colophon = next((i for i, child in enumerate(root) if child.get("class") == "colophon"), None)
        if colophon is not None:
            root.remove(notes)
            root.insert(colophon, notes)


class _Captions(Treeprocessor):
    """Move a 'Table: ...' paragraph that precedes a table into the table as its caption."""

    def run(self, root: Element) -> None:
        """Rewrite every such pair under `root`."""
        for parent in root.iter():
            children = list(parent)
            for before, table in zip(children, children[1:]):
                if table.tag == "table" and before.tag == "p" and (before.text or "").startswith(CAPTION):
                    before.tag, before.text = "caption", before.text[len(CAPTION):]
                    parent.remove(before)
                    table.insert(0, before)


class _SharedInline(InlineProcessor):
    """Python-Markdown's inline processing, done once per distinct text of a block (a paragraph,
    a list item, a cell) and copied after: a series shows its shared records (action points,
    boxes, publications) in many documents. A block's inline result depends on its text alone,
    except where the document's own state enters: a footnote's reference (numbered in the
    document's order) and a placeholder of the document's stash, which are never cached."""

    BLOCKS = {"p", "li", "td", "th", "caption", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6"}

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        """Give each block with a shared text its cached inline content, then process the rest."""
        for element in list(tree.iter()):
            text = element.text
            if element.tag in self.BLOCKS and text and not isinstance(text, AtomicString) \
                    and "[^" not in text and STX not in text:
                lead, nodes = self._inline(text)
                element.text = lead
                for index, node in enumerate(nodes):
                    element.insert(index, copy_tree(node))
        return super().run(tree, ancestors)

    @lru_cache(maxsize=1024)  # bounded: a large build's memory does not grow with it
    def _inline(self, text: str) -> tuple[str | None, tuple[Element, ...]]:
        """A block's text processed alone: its leading text and its inline elements, every text
        in them atomic, so that the whole tree's pass leaves them as they are."""
        block = Element("p")
        block.text = text
        holder = Element("div")
        holder.append(block)
        super().run(holder)
        for element in block.iter():
            element.text = AtomicString(element.text) if element.text is not None else None
            element.tail = AtomicString(element.tail) if element.tail is not None else None
        return block.text, tuple(block)


class _LanguageSpans(InlinePattern):
    """Text in another language than the document's, between the marks markup.language_span
    writes, as `<span lang="en" dir="ltr">`; its text is read as any other (links, emphasis)."""

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 (Python-Markdown's name)
        """The span from its opening mark to the close that matches it."""
        depth, index = 1, m.end(0)
        while depth and index < len(data):
            found = _SPAN_EDGE.search(data, index)
            if found is None:
                return None, None, None  # no close: the marks are dropped (_StrayMarks)
            depth += 1 if found.group(0) != SPAN_CLOSE else -1
            index = found.end(0)
        if depth:
            return None, None, None
        span = Element("span", {"lang": m[1], "dir": m[2]})
        span.text = data[m.end(0):index - len(SPAN_CLOSE)]
        return span, m.start(0), index


_SPAN_EDGE = re.compile(SPAN_START.pattern + "|" + SPAN_CLOSE)


class _StrayMarks(Treeprocessor):
    """A mark of text in another language that lost its partner (a block the parser split, as a
    line starting with '#' in a paragraph) is dropped: no writer shows a control character."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            for name in ("text", "tail"):
                value = getattr(element, name)
                if value and (SPAN_OPEN in value or SPAN_CLOSE in value):
                    setattr(element, name, SPAN_MARKS.sub("", value))
            for name, value in element.attrib.items():
                if SPAN_OPEN in value or SPAN_CLOSE in value:
                    element.set(name, SPAN_MARKS.sub("", value))


def spoken_whole(block: Element) -> str | None:
    """Which way a block is written whose whole text is in another language than the document's
    (one span of markup.language_span, perhaps inside a link or emphasis): 'ltr' or 'rtl'; None
    for any other block."""
    element = block
    while len(element) == 1 and not (element.text or "").strip() and not (element[0].tail or "").strip():
        element = element[0]
        if element.tag == "span" and element.get("lang"):
            return element.get("dir")
        if element.tag not in ("a", "em", "strong"):
            return None
    return None


def copy_tree(node: Element) -> Element:
    """A copy of an element and everything in it, for a writer to change: its texts, immutable,
    are shared (copy.deepcopy copies each of the parser's AtomicStrings, slowly)."""
    copied = Element(node.tag, node.attrib)
    copied.text, copied.tail = node.text, node.tail
    copied.extend(copy_tree(child) for child in node)
    return copied


class _Tables(TableProcessor):
    """Python-Markdown's pipe tables, with a quick answer for the blocks that cannot be one: a
    table's header row holds a pipe. (Its own test splits every block's first row.)"""

    def test(self, parent: Element, block: str) -> bool:
        """Whether the block starts a table."""
        return "|" in block.split("\n", 1)[0] and super().test(parent, block)


_PARSER = None


def _parser() -> markdown.Markdown:
    """A Markdown parser limited to the portable subset."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"footnotes": FOOTNOTES})
    md.preprocessors.deregister("html_block")
    md.parser.blockprocessors.deregister("reference")  # reference links are not portable here
    for pattern in UNSUPPORTED_INLINE:
        md.inlinePatterns.deregister(pattern)
    md.ESCAPED_CHARS.extend(c for c in EXTRA_ESCAPES if c not in md.ESCAPED_CHARS)
    md.parser.blockprocessors.register(_SeparateQuotes(md.parser), "quote", 20)
    md.parser.blockprocessors.register(_Tables(md.parser, md.parser.blockprocessors["table"].config), "table", 75)
    md.preprocessors.register(_MarkersApart(md), "policynote-markers", 25)
    md.parser.blockprocessors.register(_Divs(md.parser), "policynote-divs", 95)
    md.inlinePatterns.register(_LanguageSpans(SPAN_START.pattern, md), "policynote-language", 176)
    md.treeprocessors.register(_StrayMarks(md), "policynote-stray-marks", 19)  # after the inline pass
    md.treeprocessors.register(_SharedInline(md), "inline", 20)
    md.treeprocessors.register(_HeadingIds(md), "policynote-heading-ids", 7)
    md.treeprocessors.register(_Notes(md), "policynote-notes", 6)
    md.treeprocessors.register(_UnnamedHeadings(md), "policynote-unnamed-headings", 5)  # where toc's ran
    md.treeprocessors.register(_Captions(md), "policynote-captions", -5)
    for name, marks in NEEDS.items():
        _needing(md.parser.blockprocessors[name], marks)
    blocks = frozenset(md.block_level_elements)  # a list, searched for each element the tree is made of
    md.is_block_level = lambda tag: isinstance(tag, str) and tag.lower().rstrip("/") in blocks
    return md


# Block processors whose pattern cannot match a block without one of these marks: most blocks
# (paragraphs) hold none, and each such test searched the whole block.
NEEDS = {"hashheader": ("#",), "setextheader": ("\n=", "\n-"), "quote": (">",), "footnote": ("[^",)}


def _needing(processor: BlockProcessor, marks: tuple[str, ...]) -> None:
    """Test a block with the processor only if it holds one of `marks` (NEEDS)."""
    test, first, *others = processor.test, *marks
    if others:  # (a search of each block for the first mark alone costs less than any() of them all)
        processor.test = lambda parent, block: (first in block or any(m in block for m in others)) \
            and test(parent, block)
    else:
        processor.test = lambda parent, block: first in block and test(parent, block)


def safe_markdown(text: str) -> str:
    """Markdown (a document's body) with everything outside the subset escaped, so that every
    reader, a CommonMark one with HTML enabled included, shows it as the text it is (the subset's
    writers already do): no raw HTML, autolink, image, unsafe link, reference definition or
    entity survives as markup.
    A code span is left as it is when it opens and closes on one line: a span across lines may
    not be one (a line can start a block first), so it is escaped like the rest. What nests or
    runs beyond DEEPEST, and brackets never closed, are escaped too, so that parsing any text
    takes time in proportion to its length and never exhausts the stack."""
    lines = "".join(_safe_line(line) for line in text.splitlines(keepends=True))
    return "".join(_balanced(part) for part in _PARAGRAPHS.split(lines))


# A series repeats its shared records' lines (action points, boxes) in many documents: each is
# made safe once. Bounded, so a large build's memory does not grow with it.
@lru_cache(maxsize=2048)
def _safe_line(line: str) -> str:
    """One line made safe, its code spans aside."""
    line = _MARKERS.sub(_shallow, line)
    pieces, at = [], 0
    for start, end in _code_spans(line):
        pieces += [_outside_code(line[at:start]), line[start:end]]
        at = end
    return "".join([*pieces, _outside_code(line[at:])])


def _outside_code(text: str) -> str:
    """Text outside code spans made safe: unsafe marks, and emphasis runs too long to mean any."""
    text = _UNSAFE.sub(_escape, text)
    return _RUNS.sub(lambda m: m[1] + m[2] if len(m[1]) % 2 else m[1] + "".join("\\" + c for c in m[2]), text)


def _shallow(match: re.Match) -> str:
    """A line's list and quote markers, those past DEEPEST escaped: they stay as text."""
    markers = list(_MARKER.finditer(match.group(0)))
    cut = markers[DEEPEST].start(1)
    deeper = _MARKER.sub(lambda m: m.group(0).replace(m[1], "\\" + m[1], 1), match.group(0)[cut:])
    return match.group(0)[:cut] + deeper


@lru_cache(maxsize=1024)
def _balanced(paragraph: str) -> str:
    """A paragraph with each '[' that no ']' closes in it, or that nests past DEEPEST, escaped."""
    opened, lone = [], []
    for match in _BRACKETS.finditer(paragraph):
        if len(match[1]) % 2:  # escaped already
            continue
        if match[2] == "]":
            if opened:
                opened.pop()
        elif len(opened) >= DEEPEST:
            lone.append(match.start(2))
        else:
            opened.append(match.start(2))
    pieces, at = [], 0
    for index in sorted(lone + opened):
        pieces += [paragraph[at:index], "\\"]
        at = index
    return "".join(pieces) + paragraph[at:]


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where code spans are: a run of backticks to the next run of the same length (CommonMark),
    found in one pass however many runs are left open."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    following, later = [None] * len(runs), {}
    for index in range(len(runs) - 1, -1, -1):  # each run's next run of its length
        length = runs[index][1] - runs[index][0]
        following[index], later[length] = later.get(length), index
    spans, index = [], 0
    while index < len(runs):
        closing = following[index]
        if closing is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[closing][1]))
        index = closing + 1
    return spans


def _escape(match: re.Match) -> str:
    """One unsafe mark escaped, unless an odd run of backslashes escapes it already."""
    if match.group("definition") is not None:
        return match.group("definition") + "\\"  # before the label's '['
    slashes, mark = match.group("slashes"), match.group("mark")
    if len(slashes) % 2:
        return slashes + mark
    if mark == "](":
        return slashes + "]\\("
    return slashes + ("!\\" if mark == "!" else "\\" + mark)


def parse(body: str) -> Element:
    """Return the body as a `<div>` whose children are the blocks."""
    global _PARSER
    if _PARSER is None:  # building a parser costs more than parsing a document: build it once
        _PARSER = _parser()
    return converted(_PARSER, body)


def converted(md: markdown.Markdown, body: str) -> Element:
    """The body as `md` parses it into a tree."""
    md.reset()
    # Python-Markdown's convert(), up to the finished tree: its HTML string, which no writer
    # reads, is never made.
    md.lines = body.split("\n")
    for step in md.preprocessors:
        md.lines = step.run(md.lines)
    root = md.parser.parseDocument(md.lines).getroot()
    for step in md.treeprocessors:
        replaced = step.run(root)
        if replaced is not None:
            root = replaced
    return root


def code_blocks(text: str) -> list[str]:
    """The first line of each code block in a source text (indented by 4 spaces after a blank
    line, outside a list): the subset has none, so `check` refuses them. Parsed, since only the
    parser tells an indented paragraph of a list item from code."""
    if "\n    " not in text and "\n\t" not in text:
        return []
    blocks = ("".join(pre.itertext()).strip() for pre in parse(safe_markdown(text)).iter("pre"))
    return [block.split("\n")[0] for block in blocks if block]


SPANS = ("strong", "em", "a", "code")  # what marks up text inside a paragraph
MAX_SPANS = 500  # in one paragraph: a real one has a few dozen; PDF layout takes time in their square


def crowded(text: str) -> list[str]:
    """The start of each paragraph or list item of a source text with more than MAX_SPANS marked-up
    spans: the PDF's layout (WeasyPrint) of one takes seconds, growing with their square. Parsed
    only where the text holds enough marks to have so many."""
    if sum(text.count(mark) for mark in "*_[`") <= MAX_SPANS:
        return []
    blocks = (block for block in parse(safe_markdown(text)).iter() if block.tag in LAID_OUT)
    return ["".join(block.itertext())[:40] for block in blocks if _own_spans(block) > MAX_SPANS]


LAID_OUT = ("p", "li", "td", "th")  # blocks whose lines are laid out together
NESTED = (*LAID_OUT, "ul", "ol", "blockquote", "table", "div")  # blocks laid out apart from their parent's lines


def _own_spans(element) -> int:
    """The spans in a block's own lines: not those of a block inside it (a nested list, a list
    item's paragraph), which is laid out, and counted, on its own."""
    return sum((child.tag in SPANS) + _own_spans(child) for child in element if child.tag not in NESTED)
