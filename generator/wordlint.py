"""Accessibility lint for Word files, which no checker here reads: what a screen reader needs.

Title and language set, headings in order without skipped levels, every table with a
header row marked, and link texts that say where they go. It reads the package's XML
(document, styles, relationships, core properties): in a build, the trees the Word writer has
just made, never the file parsed again.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R, "dc": "http://purl.org/dc/elements/1.1/",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
VAGUE = {"click here", "here", "link", "this link", "read more", "more", "this", "download"}
BARE_ADDRESS = re.compile(r"^(https?://|www\.)", re.I)


def lint(data: bytes, titles: dict[str, str]) -> list[str]:
    """Problems in a .docx; `titles` maps known addresses to their titles. A file the Word
    writer has just made carries the trees it was made from (`parts`), read as they are."""
    body, styles, targets, core = getattr(data, "parts", None) or _parts(data)
    # Word stores built-in names in lower case ("heading 1") and shows them capitalised
    names = {s.get(f"{{{W}}}styleId"): s.find("w:name", NS).get(f"{{{W}}}val").capitalize()
             for s in styles.iterfind("w:style", NS) if s.find("w:name", NS) is not None}
    return _properties(core, styles) + _headings(body, names) + _tables(body) + _links(body, targets, titles)


def _parts(data: bytes) -> tuple:
    """What the lint reads of a .docx, parsed from its package: the body, the styles, the main
    part's relationships (id -> target) and the core properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{{{W}}}body")
        styles = etree.fromstring(package.read("word/styles.xml"))
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        core = etree.fromstring(package.read("docProps/core.xml"))
    return body, styles, {r.get("Id"): r.get("Target") for r in rels.iterfind("rel:Relationship", NS)}, core


def _text(element) -> str:
    """The text of an element's runs, spaces folded."""
    return " ".join("".join(element.itertext(f"{{{W}}}t")).split())


def _properties(core, styles) -> list[str]:
    """A title and a language, which assistive technology announces and reads by."""
    found = []
    if not (core.findtext("dc:title", "", NS) or "").strip():
        found.append("the Word file has no title")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    if not (core.findtext("dc:language", "", NS) or "").strip() or lang is None or not lang.get(f"{{{W}}}val"):
        found.append("the Word file has no language")
    return found


def _level(style_name: str) -> int | None:
    """Title is level 0, Heading n is level n; other styles are not headings."""
    if style_name == "Title":
        return 0
    match = re.fullmatch(r"Heading (\d)", style_name)
    return int(match[1]) if match else None


def _headings(body, names: dict[str, str]) -> list[str]:
    """Headings start at the title or Heading 1 and never skip a level going down."""
    found, previous = [], 0
    for paragraph in body.iterfind("w:p", NS):
        style = paragraph.find("w:pPr/w:pStyle", NS)
        name = names.get(style.get(f"{{{W}}}val"), "") if style is not None else "Normal"
        level = _level(name)
        if level is None:
            continue
        if level > previous + 1:
            found.append(f"the heading '{_text(paragraph)[:40]}' ({name}) skips a level")
        previous = level
    return found


def _tables(body) -> list[str]:
    """Each table's first row is marked as a header row."""
    found = []
    for number, table in enumerate(body.iter(f"{{{W}}}tbl"), start=1):
        first = table.find("w:tr", NS)
        if first is None or first.find("w:trPr/w:tblHeader", NS) is None:
            found.append(f"table {number} has no header row marked")
    return found


def _links(body, targets: dict[str, str], titles: dict[str, str]) -> list[str]:
    """Link texts that say where they go: not 'click here', not a bare address with a known title."""
    found = []
    for link in body.iter(f"{{{W}}}hyperlink"):
        text, url = _text(link), targets.get(link.get(f"{{{R}}}id"), "")
        if text.lower() in VAGUE:
            found.append(f"the link text '{text}' does not say where it goes")
        elif BARE_ADDRESS.match(text) and url in titles:
            found.append(f"the link '{text}' shows an address where the title '{titles[url]}' is known")
    return found
