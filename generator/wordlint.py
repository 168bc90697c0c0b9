"""Accessibility lint for Word files, which no checker here reads: what a screen reader needs.

Title and language set, headings in order without skipped levels, every table with a
header row marked, and link texts that say where they go. It reads the core properties and
styles, and of the body its `Facts`: in a build, those the Word writer recorded as it wrote
the file (never the file parsed again); of any other file, read from its XML.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R, "dc": "http://purl.org/dc/elements/1.1/",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
VAGUE = {"click here", "here", "link", "this link", "read more", "more", "this", "download"}
BARE_ADDRESS = re.compile(r"^(https?://|www\.)", re.I)


@dataclass
class Facts:
    """What the lint reads of a body."""

    paragraphs: list[tuple[str | None, str]]  # each paragraph of the body itself: its style id and text
    tables: list[bool]  # each table: whether its first row is marked as a header row
    links: list[tuple[str, str]]  # each link: its text, and its target ("" for a place in the file)


def lint(data: bytes, titles: dict[str, str]) -> list[str]:
    """Problems in a .docx; `titles` maps known addresses to their titles. A file the Word
    writer has just made carries what the lint reads of it, as the writer made it."""
    if getattr(data, "facts", None) is not None:
        facts, styles, core = data.facts, data.styles, data.core
    else:
        facts, styles, core = _read(data)
    names = _style_names(styles)
    return (_properties(core, styles) + _headings(facts.paragraphs, names) + _tables(facts.tables)
            + _links(facts.links, titles))


@lru_cache(maxsize=8)  # a build's files share their styles: one tree per language
def _style_names(styles) -> dict[str, str]:
    """Style id -> the name Word shows: it stores built-in names in lower case ("heading 1")."""
    return {s.get(f"{{{W}}}styleId"): s.find("w:name", NS).get(f"{{{W}}}val").capitalize()
            for s in styles.iterfind("w:style", NS) if s.find("w:name", NS) is not None}


def _read(data: bytes) -> tuple[Facts, object, object]:
    """What the lint reads of a .docx, parsed from its package: its body's facts, its styles and
    its core properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{{{W}}}body")
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        styles = etree.fromstring(package.read("word/styles.xml"))
        core = etree.fromstring(package.read("docProps/core.xml"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iterfind("rel:Relationship", NS)}
    paragraphs = [(_style(p), _text(p)) for p in body.iterfind("w:p", NS)]
    tables = [table.find("w:tr/w:trPr/w:tblHeader", NS) is not None for table in body.iter(f"{{{W}}}tbl")]
    links = [(_text(link), targets.get(link.get(f"{{{R}}}id"), "")) for link in body.iter(f"{{{W}}}hyperlink")]
    return Facts(paragraphs, tables, links), styles, core


def _style(paragraph) -> str | None:
    """A paragraph's style id, if it has one."""
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return style.get(f"{{{W}}}val") if style is not None else None


def _text(element) -> str:
    """The text of an element's runs."""
    return "".join(element.itertext(f"{{{W}}}t"))


def _folded(text: str) -> str:
    """Text with its spaces folded, as a message quotes it."""
    return " ".join(text.split())


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


def _headings(paragraphs: list[tuple[str | None, str]], names: dict[str, str]) -> list[str]:
    """Headings start at the title or Heading 1 and never skip a level going down."""
    found, previous = [], 0
    for style, text in paragraphs:
        name = names.get(style, "") if style else "Normal"
        level = _level(name)
        if level is None:
            continue
        if level > previous + 1:
            found.append(f"the heading '{_folded(text)[:40]}' ({name}) skips a level")
        previous = level
    return found


def _tables(tables: list[bool]) -> list[str]:
    """Each table's first row is marked as a header row."""
    return [f"table {number} has no header row marked" for number, header in enumerate(tables, start=1) if not header]


def _links(links: list[tuple[str, str]], titles: dict[str, str]) -> list[str]:
    """Link texts that say where they go: not 'click here', not a bare address with a known title."""
    found = []
    for text, url in links:
        text = _folded(text)
        if text.lower() in VAGUE:
            found.append(f"the link text '{text}' does not say where it goes")
        elif BARE_ADDRESS.match(text) and url in titles:
            found.append(f"the link '{text}' shows an address where the title '{titles[url]}' is known")
    return found
