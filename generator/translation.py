"""Translations: a record's text in another language, in a file beside its source.

`documents/policy-note-07.de.yaml` translates `documents/policy-note-07.yaml` into German, and
`action-points/housing.ar.yaml` translates an action point into Arabic. A translation holds the
source's fields with their text translated: it may give any text field (a title, a section's
body, the evidence), and leaves every other field (ids, types, numbers, dates, the ids a section
or a "See:" line shows, addresses, file names) out or writes it as the source does, so the
documents in every language show the same records in the same order. A field it leaves out is
the source's. Its sections are the source's, one for one, in order.

`overlay` checks a translation against its source, field by field through the record's
declaration (schema.py), and gives the record in the translation's language: the source's
values with the translation's text in place, each remembering where it was written.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .fields import LANGUAGE_TAG, Kind, ListOf, Mapping, Markdown, Text, did_you_mean, excerpt
from .problems import Problems
from .yamlsource import Value

LANGUAGE_FIELD = "language"  # a document's: the translation's own, by its file name
STAMP = "translated_from"  # which version of its source a translation translates (translated.py)


def split(stem: str) -> tuple[str, str] | None:
    """('policy-note-07', 'de') for a translation's file name without '.yaml'; None for a source's
    (an id holds no dot). The part after the dot may not be a language tag: `language_problem` says."""
    name, dot, language = stem.partition(".")
    return (name, language) if dot else None


def language_problem(language: str) -> str:
    """Why the end of a translation's file name is not a language, or ''."""
    return "" if LANGUAGE_TAG.fullmatch(language) else f"'{excerpt(language)}' is not a language tag"


def translatable(kind: Kind) -> bool:
    """Text a translation may give in its language: plain text, Markdown, and lists of them (keywords)."""
    if isinstance(kind, ListOf):
        return translatable(kind.item)
    return type(kind) in (Text, Markdown)


def overlay(kind: Mapping, source: Value, translation: Value, language: str, problems: Problems,
            source_name: str) -> Value | None:
    """The source record with the translation's text in place; None, with a problem at each place
    where the translation changes more than text. `source_name` names the source in messages."""
    before = len(problems.errors)
    stamped = replace(translation, data={k: v for k, v in translation.data.items() if k != STAMP}) \
        if translation.kind == "mapping" else translation
    merged = _Overlay(problems, source_name, language).mapping(kind, source, stamped)
    return merged if len(problems.errors) == before else None


class _Overlay:
    """One translation checked against its source, as it is merged."""

    def __init__(self, problems: Problems, source_name: str, language: str) -> None:
        self.problems, self.source_name, self.language = problems, source_name, language

    def mapping(self, kind: Mapping, source: Value, translation: Value) -> Value:
        """A record: the source's fields, each the translation's where it translates it."""
        if translation.kind != "mapping":
            self.problems.add(translation.mark, f"expected {kind.name} (a mapping of fields), as the source is",
                              code="translation")
            return source
        data, marks = dict(source.data), dict(source.key_marks)
        for key, given in translation.data.items():
            spec = kind.fields.get(key)
            if spec is None:
                self.problems.add(translation.key_marks[key], f"unknown field '{excerpt(key)}' in {kind.name}",
                                  did_you_mean(key, kind.fields) or f"known fields: {', '.join(kind.fields)}",
                                  code="unknown-field")
                continue
            data[key], marks[key] = self.field(spec.kind, key, source.data.get(key), given), translation.key_marks[key]
        return replace(source, data=data, key_marks=marks, mark=translation.mark)

    def field(self, kind: Kind, key: str, source: Value | None, given: Value) -> Value:
        """One field of a record as the translation gives it: its text, or what must be the source's."""
        if key == LANGUAGE_FIELD and plain(given) != self.language:
            self.problems.add(given.mark, f"a translation is in the language its file name says: {self.language}",
                              f"write language: {self.language}, or leave the field out", code="translation")
        if translatable(kind) or key == LANGUAGE_FIELD:
            return given
        if source is not None and isinstance(kind, Mapping):
            return self.mapping(kind, source, given)
        if source is not None and isinstance(kind, ListOf) and isinstance(kind.item, Mapping) \
                and given.kind == source.kind == "list":
            return self.records(kind.item, key, source, given)
        if source is None or plain(given) != plain(source):
            self.differs(key, source, given)
        return given

    def records(self, kind: Mapping, key: str, source: Value, given: Value) -> Value:
        """A list of records (sections, links), translated one for one, in the source's order."""
        if len(given.data) != len(source.data):
            self.problems.add(given.mark, f"the translation has {len(given.data)} {key} and the source"
                              f" {len(source.data)}", f"translate each of {self.source_name}'s {key}, in its order",
                              code="translation")
            return given
        items = [self.mapping(kind, old, new) for old, new in zip(source.data, given.data)]
        return replace(given, data=items)

    def differs(self, key: str, source: Value | None, given: Value) -> None:
        """A problem: the translation changes a field that is not text."""
        said = "none" if source is None else excerpt(_shown(source))
        self.problems.add(given.mark, f"a translation changes only text, not '{key}' ({self.source_name} has"
                          f" {said})", "leave the field out, or write it as the source does", code="translation")


def plain(value: Value):
    """A value without its places: to compare a translation's with its source's, to keep a text."""
    if value.kind == "mapping":
        return {key: plain(item) for key, item in value.data.items()}
    if value.kind == "list":
        return [plain(item) for item in value.data]
    return value.data


def _shown(value: Value) -> str:
    """A value as a message shows it."""
    return value.raw if value.kind not in ("mapping", "list") else re.sub(r"\s+", " ", str(plain(value)))
