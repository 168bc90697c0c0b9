"""JSON writer: what a document says, as data, and the records it was made from.

Its parts (one per heading, with the blocks, links and "See:" entries under it) are read
from the same tree the HTML and Word writers walk; `policynote changes` and a build's
report of changed documents compare them, and explain a change with `sources`.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the standard library's C one, where it has it
from xml.etree.ElementTree import Element

from ..document import Document
from ..markup import BOXED
from ..theme import Theme

LEVELS = {"h2": 1, "h3": 2, "h4": 3}  # heading levels under the title, as in Word
LISTS = ("ul", "ol")
PARTS = {"notes": "notes", "colophon": "closing"}  # marked blocks that are parts of their own, and their flag
# What a reader sees of a document besides its parts (the header says its label and date).
SHOWN = ("title", "subtitle", "header", "description", "keywords", "language", "author")


LITERALS = {None: "null", True: "true", False: "false"}


def write(doc: Document, theme: Theme) -> str:
    """The document as JSON: metadata, parts, and the fingerprints of its sources."""
    return indented(data(doc)) + "\n"


def indented(value, depth: int = 0) -> str:
    """What json.dumps(value, indent=1, ensure_ascii=False) writes, several times faster: given an
    indent, the standard library leaves its C encoder for one in Python."""
    if isinstance(value, str):
        return encode_basestring(value)
    deeper = depth + 1
    if isinstance(value, dict) and value:
        inner = "\n" + " " * deeper
        # most members are text: encoded here, not in a call of this function each
        items = (f"{encode_basestring(key)}: "
                 f"{encode_basestring(item) if type(item) is str else indented(item, deeper)}"
                 for key, item in value.items())
        return "{" + inner + ("," + inner).join(items) + "\n" + " " * depth + "}"
    if isinstance(value, (list, tuple)) and value:
        inner = "\n" + " " * deeper
        items = (encode_basestring(item) if type(item) is str else indented(item, deeper) for item in value)
        return "[" + inner + ("," + inner).join(items) + "\n" + " " * depth + "]"
    if value is None or type(value) is bool:
        return LITERALS[value]
    return json.dumps(value)  # a number, or an empty list or object


def data(doc: Document) -> dict:
    """What the JSON holds, as data (what `changes` compares with a build on disk)."""
    return {"id": doc.id, "type": doc.type, "label": doc.label, "date": doc.date,
            **{name: getattr(doc, name) for name in SHOWN}, "parts": parts(doc), "sources": doc.sources}


def parts(doc: Document) -> list[dict]:
    """The body cut at each heading, and the footnotes and the closing matter as parts of their
    own: each part's blocks, links, and the outputs its "See:" lines cite."""
    result = [_part(None, 0, None)]  # what stands before the first heading, if anything
    for element in doc.tree():
        if element.tag in LEVELS:
            result.append(_part(_text(element), LEVELS[element.tag], element.get("id")))
            continue
        if element.get("class") in PARTS:  # the footnotes and the closing matter: parts of their own
            result.append({**_part(None, 0, None), PARTS[element.get("class")]: True})
        result[-1]["blocks"] += blocks(element, boxed=False)
        result[-1]["links"] += [[_text(a), a.get("href", "")] for a in element.iter("a")
                                if not a.get("href", "").startswith("#")]  # a footnote's, not a link
    result = [part for part in result if part["heading"] or part["blocks"]]
    cited = {entry["anchor"]: [output["id"] for output in entry["outputs"]] for entry in doc.citations}
    for part in result:
        part["see"] = cited.get(part["id"], [])
        for block in part["blocks"]:
            if block["kind"] == "figure":  # a new picture under the same name is a change a reader sees
                block["sha256"] = doc.media[block["src"]].sha256
    return result


def _part(heading: str | None, level: int, anchor: str | None) -> dict:
    """An empty part under a heading."""
    return {"heading": heading, "level": level, "id": anchor, "blocks": [], "links": [], "see": []}


def blocks(element: Element, boxed: bool) -> list[dict]:
    """The text blocks of one block element, in order; inside a box each says so."""
    if element.get("class") == "figure":
        return [{**_block("figure", element.get("alt", ""), boxed), "src": element.get("src")},
                *[_block("caption", _text(p), boxed) for p in element]]
    if element.get("class") == "notes":
        return [_block("note", _text(item), boxed) for item in element.iter("li")]
    if element.tag == "blockquote" or element.get("class") in BOXED:
        return [block for child in element for block in blocks(child, boxed=True)]
    if element.tag == "div":
        return [block for child in element for block in blocks(child, boxed)]
    if element.tag in LISTS:
        return [block for item in element for block in _item(item, boxed)]
    if element.tag == "table":
        caption = [_block("caption", _text(c), boxed) for c in element.iter("caption")]
        cells = (_text(cell) for row in element.iter("tr") for cell in row)
        return caption + [_block("cell", text, boxed) for text in cells if text]
    text = _text(element)
    return [_block("paragraph", text, boxed)] if text else []


def _item(item: Element, boxed: bool) -> list[dict]:
    """A list item's own text, then its nested lists' items."""
    own = [item.text or ""]
    for child in item:
        own += ["" if child.tag in LISTS else "".join(_words(child)), child.tail or ""]
    nested = [block for child in item if child.tag in LISTS for block in blocks(child, boxed)]
    return [_block("item", " ".join("".join(own).split()), boxed), *nested]


def _block(kind: str, text: str, boxed: bool) -> dict:
    """One block of text; `box` only where it is true, to keep the file short."""
    return {"kind": kind, "text": text, **({"box": True} if boxed else {})}


def _text(element: Element) -> str:
    """All the text of an element, whitespace collapsed; a footnote's mark and its way back are
    not text (the note is a block of its own)."""
    return " ".join("".join(_words(element)).split())


def _words(element: Element):
    """The pieces of text of an element, in order, without footnote marks and backlinks."""
    if element.tag == "sup" or element.get("class") == "footnote-backref":
        return
    yield element.text or ""
    for child in element:
        yield from _words(child)
        yield child.tail or ""
