"""Accessibility lint for Word files, which no checker here reads: what a screen reader needs.

Title and language set, headings in order without skipped levels, every table with a
header row marked, and link texts that say where they go.
"""

from __future__ import annotations

import io
import re

import docx
from docx.oxml.ns import qn

VAGUE = {"click here", "here", "link", "this link", "read more", "more", "this", "download"}
BARE_ADDRESS = re.compile(r"^(https?://|www\.)", re.I)


def lint(data: bytes, titles: dict[str, str]) -> list[str]:
    """Problems in a .docx; `titles` maps known addresses to their titles."""
    document = docx.Document(io.BytesIO(data))
    return (_properties(document) + _headings(document) + _tables(document)
            + _links(document, titles))


def _properties(document) -> list[str]:
    """A title and a language, which assistive technology announces and reads by."""
    found = []
    if not (document.core_properties.title or "").strip():
        found.append("the Word file has no title")
    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if not (document.core_properties.language or "").strip() or lang is None or not lang.get(qn("w:val")):
        found.append("the Word file has no language")
    return found


def _level(style_name: str) -> int | None:
    """Title is level 0, Heading n is level n; other styles are not headings."""
    if style_name == "Title":
        return 0
    match = re.fullmatch(r"Heading (\d)", style_name)
    return int(match[1]) if match else None


def _headings(document) -> list[str]:
    """Headings start at the title or Heading 1 and never skip a level going down."""
    found, previous = [], 0
    for paragraph in document.paragraphs:
        level = _level(paragraph.style.name)
        if level is None:
            continue
        if level > previous + 1:
            found.append(f"the heading '{paragraph.text[:40]}' ({paragraph.style.name}) skips a level")
        previous = level
    return found


def _tables(document) -> list[str]:
    """Each table's first row is marked as a header row."""
    found = []
    for number, table in enumerate(document.tables, start=1):
        first = table.rows[0]._tr if table.rows else None
        trpr = first.trPr if first is not None else None
        if trpr is None or trpr.find(qn("w:tblHeader")) is None:
            found.append(f"table {number} has no header row marked")
    return found


def _links(document, titles: dict[str, str]) -> list[str]:
    """Link texts that say where they go: not 'click here', not a bare address with a known title."""
    found = []
    cells = (p for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs)
    for paragraph in [*document.paragraphs, *cells]:
        for link in paragraph.hyperlinks:
            text = " ".join(link.text.split())
            if text.lower() in VAGUE:
                found.append(f"the link text '{text}' does not say where it goes")
            elif BARE_ADDRESS.match(text) and link.url in titles:
                found.append(f"the link '{text}' shows an address where the title '{titles[link.url]}' is known")
    return found
