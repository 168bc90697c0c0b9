"""Which fields of which source records a document shows, with a fingerprint of each.

Records reach the templates wrapped in `Watched`, which notes every field a template reads;
what the renderer derives itself (a link shown under an Action Plan point, the coverage
matrix) is noted where it is derived. The fingerprints go into each document's JSON, so a
later build, or `policynote changes`, can say why a document's text changed: "action point
housing: evidence changed", "action point x now links to Action Plan point y". Lists of ids
are kept as they are, to say what was added or removed; other values as a short digest.
"""

from __future__ import annotations

import hashlib
import json

from .fields import Record

# How a list of ids in a field reads: "<record> now <verb> <noun> <id>".
LIST_VERBS = {"see": ("cites", "output"), "action_plan": ("links to", "Action Plan point"),
              "outputs": ("lists", "output"), "action_points": ("shows", "action point"),
              "default_for": ("ends", "every")}
KEYS = ("id", "point", "title")  # what names each item of a list of records (a link, a section)


def digest(value) -> str:
    """A short, stable fingerprint of any checked value."""
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def field_print(value):
    """One field's fingerprint: a list of ids as it is, a list of records by their names, else a digest."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return {_name(item, i): digest(item) for i, item in enumerate(value)}
    return digest(value)


def fingerprint(record: Record) -> dict:
    """The fingerprints of every field of a record, without its id (its label names it)."""
    return {name: field_print(value) for name, value in record.items() if name != "id" and value not in (None, [])}


def _name(item: dict, index: int) -> str:
    """What names an item of a list of records: its id, the point it links to, its title."""
    return next((str(item[key]) for key in KEYS if item.get(key)), f"item {index + 1}")


class Watched(dict):
    """A record as a template sees it: each field read is noted under the record it came from
    (or as one field of it, for a link, which is part of its action point's 'action_plan')."""

    def __init__(self, data: dict, watch: "Watch", label: str, field: str | None = None) -> None:
        super().__init__(data)
        self._watch, self._label, self._field = watch, label, field

    def __getitem__(self, key):
        self._watch.fields[self._label].add(self._field or key)
        return super().__getitem__(key)


class Watch:
    """The fields of source records one document shows, noted while it is expanded and rendered."""

    def __init__(self, known: dict | None = None) -> None:
        self.records: dict[str, Record] = {}
        self.fields: dict[str, set[str]] = {}
        self.known = {} if known is None else known  # (label, field) -> fingerprint, shared by documents

    def wrap(self, label: str, record: Record, data: dict | None = None, field: str | None = None) -> Watched:
        """`record` (or `data` derived from it) as a template sees it."""
        self.read(label, record)
        return Watched(record if data is None else data, self, label, field)

    def read(self, label: str, record: Record, *names: str) -> None:
        """Note fields of a record read outside a template (by the renderer itself)."""
        self.records.setdefault(label, record)
        self.fields.setdefault(label, set()).update(names)

    def sources(self, own: str, record: Record) -> dict[str, dict]:
        """Fingerprints of the document's own record (whole) and of every field it showed of others."""
        found = {own: fingerprint(record)}
        for label, shown in self.fields.items():
            source = self.records[label]
            prints = {name: self._print(label, name, source[name]) for name in sorted(shown)
                      if name != "id" and source.get(name) not in (None, [])}
            if prints:
                found[label] = prints
        return dict(sorted(found.items()))

    def _print(self, label: str, name: str, value):
        """A field's fingerprint, computed once however many documents show it."""
        if (label, name) not in self.known:
            self.known[(label, name)] = field_print(value)
        return self.known[(label, name)]
