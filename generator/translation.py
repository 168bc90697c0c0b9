"""Translations: a record's text in another language, in a file beside its source.

`documents/policy-note-07.de.yaml` translates `documents/policy-note-07.yaml` into German, and
`action-points/housing.ar.yaml` translates an action point into Arabic. A translation holds the
source's fields with their text translated: it may give any text field (a title, a section's
body, the evidence), and leaves every other field (ids, types, numbers, dates, the ids a section
or a "See:" line shows, addresses, file names) out or writes it as the source does, so the
documents in every language show the same records in the same order. A field it leaves out is
the source's. Its sections are the source's, one for one, in order.

The shared catalogues translate the same way: `outputs.de.yaml`, `project.de.yaml` and
`action-plan.de.yaml` beside their sources. A list of records with ids (outputs, boxes,
definitions, closing records, Action Plan points) is translated by id: the translation names
those it translates, each with its `id:`, and the rest are the source's.

`overlay` checks a translation against its source, field by field through the record's
declaration (schema.py), and gives the record in the translation's language: the source's
values with the translation's text in place, each remembering where it was written.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .fields import LANGUAGE_TAG, Field, Id, Kind, ListOf, Mapping, Text, did_you_mean, excerpt, prose
from .problems import Problems
from .yamlsource import Value

LANGUAGE_FIELD = "language"  # a document's: its translation's is its own, by its file name
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
    return prose(kind)


def overlay(kind: Mapping, source: Value, translation: Value, language: str, problems: Problems,
            source_name: str, says_language: bool = False) -> Value | None:
    """The source record with the translation's text in place; None, with a problem at each place
    where the translation changes more than text. `source_name` names the source in messages.
    A record that `says_language` (a document's `language:`) says the translation's in it."""
    before = len(problems.errors)
    stamped = replace(translation, data={k: v for k, v in translation.data.items() if k != STAMP}) \
        if translation.kind == "mapping" else translation
    merged = _Overlay(problems, source_name, language, says_language).mapping(kind, source, stamped)
    return merged if len(problems.errors) == before else None


class _Overlay:
    """One translation checked against its source, as it is merged."""

    def __init__(self, problems: Problems, source_name: str, language: str, says_language: bool) -> None:
        self.problems, self.source_name, self.language = problems, source_name, language
        self.language_field = LANGUAGE_FIELD if says_language else None

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
            data[key], marks[key] = self.field(spec, source.data.get(key), given), translation.key_marks[key]
        return replace(source, data=data, key_marks=marks, mark=translation.mark)

    def field(self, spec: Field, source: Value | None, given: Value) -> Value:
        """One field of a record as the translation gives it: its text, or what must be the source's."""
        kind, key = spec.kind, spec.name
        if key == self.language_field and plain(given) != self.language:
            self.problems.add(given.mark, f"a translation is in the language its file name says: {self.language}",
                              f"write language: {self.language}, or leave the field out", code="translation")
        if translates(spec) or key == self.language_field:
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
        """A list of records (sections, links), translated one for one, in the source's order;
        a list of records with ids (a catalogue's outputs, boxes), those it names, by id."""
        if identified(kind):
            return self.by_id(kind, key, source, given)
        if len(given.data) != len(source.data):
            self.problems.add(given.mark, f"the translation has {len(given.data)} {key} and the source"
                              f" {len(source.data)}", f"translate each of {self.source_name}'s {key}, in its order",
                              code="translation")
            return given
        items = [self.mapping(kind, old, new) for old, new in zip(source.data, given.data)]
        return replace(given, data=items)

    def by_id(self, kind: Mapping, key: str, source: Value, given: Value) -> Value:
        """The source's records with those the translation names by id translated: it may
        translate some of them, in any order, each once."""
        index = {ident.data: number for number, item in enumerate(source.data) if (ident := _id(item))}
        items, done = list(source.data), set()
        for item in given.data:
            ident = _id(item)
            number = None if ident is None else index.get(ident.data)
            if ident is None:
                self.problems.add(item.mark, f"a translated {kind.name} says which it translates by its 'id:'",
                                  f"write its id as {self.source_name} does", code="translation")
            elif number is None:
                self.problems.add(ident.mark, f"{self.source_name} has no {kind.name} '{excerpt(ident.data)}'",
                                  did_you_mean(ident.data, index), code="translation")
            elif number in done:
                self.problems.add(ident.mark, f"{kind.name} '{ident.data}' is translated twice",
                                  "translate each once", code="translation")
            else:
                done.add(number)
                items[number] = self.mapping(kind, source.data[number], item)
        return replace(source, data=items)

    def differs(self, key: str, source: Value | None, given: Value) -> None:
        """A problem: the translation changes a field that is not text."""
        said = "none" if source is None else excerpt(_shown(source))
        self.problems.add(given.mark, f"a translation changes only text, not '{key}' ({self.source_name} has"
                          f" {said})", "leave the field out, or write it as the source does", code="translation")


def declaration(kind: Mapping, top: bool = True, says_language: bool = False) -> Mapping:
    """What a translation of a `kind` record may hold, for editors (schema_export): every field
    optional but a listed record's id, its text described as the translation's, every other
    field as the source's (but the language a document `says_language` in); and, at the top,
    the stamp `policynote translated` writes."""
    fields = [Field(STAMP, Text(), "written by policynote translated: which version of its source this"
                    " translates (leave it to the command)")] if top else []
    for spec in kind.fields.values():
        inner = spec.kind.item if isinstance(spec.kind, ListOf) else spec.kind
        if isinstance(inner, Mapping):
            inner = declaration(inner, top=False)
            field_kind = ListOf(inner) if isinstance(spec.kind, ListOf) else inner
            fields.append(Field(spec.name, field_kind, spec.doc))
        elif translates(spec):
            fields.append(Field(spec.name, spec.kind, f"{spec.doc}, translated"))
        elif says_language and spec.name == LANGUAGE_FIELD:
            fields.append(Field(spec.name, spec.kind, "the translation's language, as its file name says"
                                " (it may be left out)"))
        else:
            required = spec.name == "id" and identified(kind) and not top
            fields.append(Field(spec.name, spec.kind, f"{spec.doc}: as the source has it, for a translation"
                                f" changes only text{' (it names the record translated)' if required else ''}",
                                required=required))
    return Mapping(f"{kind.name} translation" if top else kind.name, fields, kind.doc)


def _id(item: Value) -> Value | None:
    """A listed record's id, where it is written as text: what a translation names it by."""
    ident = item.data.get("id") if item.kind == "mapping" else None
    return ident if ident is not None and ident.kind == "text" and ident.data else None


def translates(spec: Field) -> bool:
    """Whether a translation gives this field in its language: text that is not data."""
    return spec.translatable and translatable(spec.kind)


def identified(kind: Mapping) -> bool:
    """Whether records of this kind have an id their translations name them by."""
    spec = kind.fields.get("id")
    return spec is not None and isinstance(spec.kind, Id)


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
