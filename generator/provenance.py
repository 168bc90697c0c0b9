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
LIST_VERBS = {"see": ("cites", "output"), "action_plan": ("links to", "Action Plan point")}
KEYS = ("id", "point", "title", "name", "term")  # what names an item of a list of records: a link, a partner


def digest(value) -> str:
    """A short, stable fingerprint of any checked value."""
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def field_print(value):
    """One field's fingerprint: a list of ids as it is, a list of records by their names, else a
    digest; None for an empty field (which a document may show as nothing)."""
    if value is None or value == []:
        return None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        named: dict[str, str] = {}
        for index, item in enumerate(value):
            name = _name(item, index)
            name = name if name not in named else f"{name} ({index + 1})"  # two sections of one title
            named[name] = digest(item)
        return named
    return digest(value)


def fingerprint(record: Record) -> dict:
    """The fingerprints of every field of a record, without its id (its label names it)."""
    return {name: field_print(value) for name, value in record.items() if name != "id"}


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
                      if name != "id" and name in source}  # what the renderer derives is not a field
            if prints:
                found[label] = prints
        return dict(sorted(found.items()))

    def _print(self, label: str, name: str, value):
        """A field's fingerprint, computed once however many documents show it."""
        if (label, name) not in self.known:
            self.known[(label, name)] = field_print(value)
        return self.known[(label, name)]


def explain(old: dict[str, dict], new: dict[str, dict], own: str) -> list[str]:
    """Why a document's text changed, from the fingerprints of what it showed before and now:
    one sentence a record field, its own record ("document <id>") named as such."""
    reasons = [_newly_shown(label, new) for label in new if label not in old]
    reasons += [f"no longer shows {label}" for label in old if label not in new]
    for label in new.keys() & old.keys():
        reasons += _field_reasons("its own record" if label == own else label, old[label], new[label])
    return sorted(reasons, key=lambda reason: reason.replace("its own record", "")) or \
        ["the templates or the tool changed"]


def _newly_shown(label: str, sources: dict) -> str:
    """Why a record is newly shown: an action point now linked to a point the document shows, or
    simply that the document now shows it."""
    linked = [point for point in sources[label].get("action_plan") or {} if f"Action Plan point {point}" in sources]
    if linked:
        return f"{label} now links to Action Plan point {', '.join(linked)}"
    return f"now shows {label}"


def _field_reasons(name: str, old: dict, new: dict) -> list[str]:
    """What changed in one record's fields, in words; a field shown or no longer shown says so."""
    reasons = []
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key), new.get(key)
        if key not in old or key not in new:  # an empty field shown or not shows nothing either way
            if (after if key not in old else before) is not None:
                reasons.append(f"{name}: {key} {'now shown' if key not in old else 'no longer shown'}")
        elif isinstance(before, (list, dict)) or isinstance(after, (list, dict)):
            reasons += _list_reasons(name, key, before or [], after or [])
        elif before != after:
            reasons.append(f"{name}: {key} {'added' if before is None else 'removed' if after is None else 'changed'}")
    return reasons


def _list_reasons(name: str, key: str, before, after) -> list[str]:
    """Items a list field gained, lost or changed: "action point x now links to Action Plan point y"."""
    if key in LIST_VERBS:
        verb, noun = LIST_VERBS[key]
        gained, lost = f"{name} now {verb} {noun} ", f"{name} no longer {verb} {noun} "
    else:
        gained, lost = f"{name}: {key} adds ", f"{name}: {key} drops "
    reasons = [f"{gained}{item}" for item in after if item not in before]
    reasons += [f"{lost}{item}" for item in before if item not in after]
    if isinstance(before, dict) and isinstance(after, dict):
        reasons += [f"{name}: {key} '{item}' changed" for item in after
                    if item in before and before[item] != after[item]]
    return reasons
