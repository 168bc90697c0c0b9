"""Heading ids, decided once, and cross-references to them.

Every heading of a document gets its id here, from its record alone, so that `check` knows
the ids a cross-reference may name before anything is rendered, and the renderer, the index
and every writer use the same ones: a section's id is its title's slug, an action point's or
Action Plan point's its record id; an id used twice gets a number ('housing-2').

A Markdown field links to another document, a heading in it, or an action point wherever it
is shown:

    [Policy Note #7](doc:policy-note-07)   [its housing point](doc:policy-note-07#housing)
    [the housing point](point:housing)

`check` refuses a reference to a document, heading or action point that does not exist (or
an action point no document shows). After rendering, each `point:` becomes the `doc:` of the
document that shows it (the one linking, if it does; else the first the index lists), and
every writer turns `doc:` into a link of its format from the document's `xrefs`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from markdown.extensions.toc import slugify  # as Python-Markdown makes a heading's id

from .markup import SERIES_SCHEMES

SCHEMES = SERIES_SCHEMES
RESERVED = {"content"}  # the page's own ids: the main content the skip link goes to
# A document's id may end in the language of a translation: doc:policy-note-07.de#housing
ANCHOR = re.compile(r"[A-Za-z][\w-]*")  # a heading id a cross-reference can name
TARGET = re.compile(r"(doc|point):([a-z0-9][a-z0-9-]*(?:\.[a-z]{2,3}(?:-[A-Za-z0-9]{2,4})*)?)(?:#(" + ANCHOR.pattern
                    + "))?")
_IN_BODY = re.compile(r"\]\((point):([a-z0-9][a-z0-9-]*)\)")


@dataclass(frozen=True)
class Heading:
    """A heading a cross-reference can name: its document, id and text."""

    doc: str
    anchor: str
    text: str


class Anchors:
    """Hands out a document's heading ids in order, each once."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.used = set(RESERVED) | set(taken)

    def take(self, wanted: str) -> str:
        """A unique id, `wanted` if it is still free."""
        base = wanted or "section"
        anchor, number = base, 1
        while anchor in self.used:
            number += 1
            anchor = f"{base}-{number}"
        self.used.add(anchor)
        return anchor


def heading_ids(record) -> list[dict]:
    """For each section of a document record: its id, and its action points' and Action Plan
    points' ids, in the order the headings stand."""
    anchors = Anchors()
    result = []
    for section in record["sections"] or []:
        result.append({
            "doc": record["id"], "anchor": anchors.take(slugify(str(section["title"]), "-")), "title": str(section["title"]),
            "action_points": {ident: anchors.take(str(ident)) for ident in section["action_points"] or []},
            "action_plan_points": {ident: anchors.take(str(ident)) for ident in section["action_plan_points"] or []},
        })
    return result


def split(href: str) -> tuple[str, str, str | None] | None:
    """('doc' or 'point', id, heading id or None) for a cross-reference, else None."""
    found = TARGET.fullmatch(href)
    return (found[1], found[2], found[3]) if found else None


def place_points(body: str, places: Mapping[str, tuple[str, str]]) -> str:
    """A rendered body with each `point:` link made the `doc:` link of the heading that shows
    that action point, `places` saying which: (document, heading id)."""
    def target(match: re.Match) -> str:
        place = places.get(match[2])
        if place is None:
            return match.group(0)  # check refuses it; unchecked, it stays as written
        return f"](doc:{place[0]}#{place[1]})"
    return _IN_BODY.sub(target, body)


def gfm_slug(text: str) -> str:
    """The id GitHub gives a heading in Markdown it shows: lower case, punctuation dropped,
    spaces made hyphens."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
