"""Load the notes folder into a checked, cross-referenced Corpus, collecting every problem."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from . import schema, translation, xref
from .coverage import coverage
from .fields import Context, Mapping, PlainText, Record, did_you_mean
from .images import Image, ImageError, read
from .manifest import ignored, sha256
from .problems import Mark, Problems
from .yamlsource import load_data, load_file, read_source

PROJECT_FILE = "project.yaml"
OUTPUTS_FILE = "outputs.yaml"
PLAN_FILE = "action-plan.yaml"
POINTS_DIR = "action-points"
DOCUMENTS_DIR = "documents"
# The shared catalogues, each one file: what each holds (a translation beside it, outputs.de.yaml, too)
CATALOGUES = {PROJECT_FILE: schema.PROJECT, OUTPUTS_FILE: schema.OUTPUTS, PLAN_FILE: schema.ACTION_PLAN}
# "Did you mean" is offered for this many unknown ids at most: each compares the id with every
# id of its kind, and past a handful the list of problems says enough.
SUGGESTIONS = 20


@dataclass
class Corpus:
    """Every record of a notes folder, checked, with ids resolved to records."""

    project: Record
    outputs: dict[str, Record]
    plan: Record
    plan_points: dict[str, Record]
    action_points: dict[str, Record]
    documents: list[Record]  # each a summary, without its text: full() reads it whole
    definitions: dict[str, Record]
    boxes: dict[str, Record]
    closing: dict[str, Record]
    media: dict[str, Image] = field(default_factory=dict)  # every image a record names, by its path
    # What a document record is, as this load checked it (the types known then): full() reads with it
    document_kind: Mapping = field(default_factory=schema.document_record)
    # The action points translated into each language (translation.py): language -> id -> record
    translations: dict[str, dict[str, Record]] = field(default_factory=dict)
    # The catalogues translated into each language: language -> file name (CATALOGUES) -> record
    catalogues: dict[str, dict[str, Record]] = field(default_factory=dict)
    # The language of each file of translated action points and catalogues, by its path as marked
    file_languages: dict[str, str] = field(default_factory=dict)
    _views: dict[str, Corpus] = field(default_factory=dict, repr=False, compare=False)  # in_language's, made once

    def translated_points(self, language: str) -> dict[str, Record]:
        """The action points translated into `language`: into de-AT, those of de-AT, else of de."""
        return _in(self.translations, language)

    def translated_catalogues(self, language: str) -> dict[str, Record]:
        """The catalogues translated into `language`, by file name, as the action points are."""
        return _in(self.catalogues, language)

    def in_language(self, language: str) -> Corpus:
        """The corpus as a document in `language` shows it: each action point, output, box,
        closing record and Action Plan point in that language where it has a translation, else
        as written."""
        if language not in self._views:
            changed = self._translated(language)
            self._views[language] = replace(self, **changed, _views={}) if changed else self
        return self._views[language]

    def _translated(self, language: str) -> dict:
        """The fields of the corpus that differ in `language`, with their translated records."""
        changed, catalogues = {}, self.translated_catalogues(language)
        if points := self.translated_points(language):
            changed["action_points"] = {**self.action_points, **points}
        if project := catalogues.get(PROJECT_FILE):
            changed.update(project=project, definitions=_by_id(project["definitions"]),
                           boxes=_by_id(project["boxes"]), closing=_by_id(project["closing"]))
        if outputs := catalogues.get(OUTPUTS_FILE):
            changed["outputs"] = _by_id(outputs["outputs"])
        if plan := catalogues.get(PLAN_FILE):
            changed.update(plan=plan, plan_points=_by_id(plan["points"]))
        return changed

    def language_of(self, text) -> str | None:
        """The language a text of an action point or a catalogue is written in: its translation's,
        or the series' (project.yaml's `language:`); None where that is not known."""
        mark = getattr(text, "mark", None)
        return self.file_languages.get(mark.path, self.project["language"]) if mark else self.project["language"]

    def closing_of(self, document: Record) -> list[Record]:
        """What a document ends with: its own 'closing:' list, or its type's default."""
        if document["closing"] is not None:
            return [self.closing[ident] for ident in document["closing"]]
        return [item for item in self.closing.values() if document["type"] in item["default_for"]]

    def full(self, summary: Record, problems: Problems) -> Record | None:
        """A document's whole record, read again from its file for rendering (a translation, with
        its source's); None, with a problem, where a file cannot be read now or is no longer what
        was checked."""
        value = _again(summary.source, summary, problems)
        if value is not None and isinstance(summary, TranslatedSummary):
            original = _again(summary.original, summary, problems)
            value = None if original is None else translation.overlay(
                self.document_kind, original, value, summary["language"], Problems(), "", says_language=True)
        if value is None:
            return None
        record = self.document_kind.check(value, Context(Problems(), values_only=True))  # reported when checked
        return _as_translation(record, summary) if isinstance(summary, TranslatedSummary) else record

    @cached_property
    def _versions(self) -> dict[str, list[str]]:
        """Each translated publication's documents: its original's id, then its translations'
        ('x', 'x.de'); only those, so that a long series in one language keeps nothing here."""
        found: dict[str, list[str]] = {}
        for record in self.documents:  # sorted by id: a translation after its original
            if isinstance(record, TranslatedSummary):
                base = record["id"].split(".")[0]
                found.setdefault(base, [base]).append(record["id"])
        return found

    def versions_of(self, ident: str) -> list[str]:
        """The ids of a publication's documents in every language it is in, `ident` one of them."""
        return self._versions.get(ident.split(".")[0], [ident])

    @cached_property
    def series_files(self) -> frozenset[str]:
        """The files of the records every document shares (the catalogues, the action points),
        as marked: their text is in the series' language."""
        records = [self.project, self.plan, *self.outputs.values(), *self.action_points.values()]
        return frozenset(record.mark.path for record in records)

    @cached_property
    def by_id(self) -> dict[str, Record]:
        """Each document's summary by its id: the checks, the cross-references and the build's keys look them up."""
        return {record["id"]: record for record in self.documents}

    def links_to(self, plan_id: str) -> list[tuple[Record, Record]]:
        """Each (action point, link) that speaks to the Action Plan point `plan_id`."""
        return [(point, link) for point in self.action_points.values()
                for link in point["action_plan"] if link["point"] == plan_id]


def _in(translated: dict[str, dict], language: str) -> dict:
    """What is translated into `language`, from a table by language, each record or file on its
    own: into de-AT, what is in de-AT, else what is in de."""
    base = language.split("-")[0]
    return translated.get(language, {}) if base == language else {**translated.get(base, {}),
                                                                    **translated.get(language, {})}


class TranslatedSummary(Record):
    """A translated document's summary (corpus._summary): its id is its source's and its
    language's, 'policy-note-07.de'; `original` is its source's file and the digest checked."""

    __slots__ = ("original",)

    original: tuple[str, str]


def _again(source: tuple[str, str], summary: Record, problems: Problems):
    """A document file's YAML read again, the same bytes as were checked; None, with a problem, if not."""
    path, checked = source
    data = read_source(path, summary.mark.path, problems)
    if data is None:
        return None
    if sha256(data) != checked:
        problems.add(summary.mark, "the file changed while it was being built", "build again", code="file")
        return None
    return load_data(data, path, Problems(), loaded_before=True)  # every problem was reported when checked


def _as_translation(record: Record, summary: Record) -> Record:
    """A translated document's record: its id and language its file name's (`policy-note-07.de`)."""
    language, given = PlainText(summary["language"]), getattr(record["language"], "mark", None)
    language.mark = given if given is not None and given.path == summary.mark.path else summary.mark
    record["id"], record["language"] = summary["id"], language
    return record


def load_corpus(notes: Path) -> tuple[Corpus | None, Problems]:
    """Read and check every record below `notes`; the Corpus is None when any error was found."""
    problems = Problems()
    if not notes.is_dir():
        problems.add(Mark(notes.as_posix()), "the notes folder does not exist",
                     "pass --notes DIR or run from the project's folder", code="file")
        return None, problems
    ctx = Context(problems)
    _undecodable_names(notes, problems)
    reader = _Reader(notes, ctx)
    project = reader.single(PROJECT_FILE, schema.PROJECT, {"definition", "box", "closing"})
    outputs = reader.single(OUTPUTS_FILE, schema.OUTPUTS, {"output"})
    plan = reader.single(PLAN_FILE, schema.ACTION_PLAN, {"plan point"})
    points = reader.folder(POINTS_DIR, schema.ACTION_POINT, {"action point"})
    translated_points = reader.translations(POINTS_DIR, {p["id"]: schema.ACTION_POINT for p in points})
    translated_catalogues = reader.catalogue_translations(
        {name: kind for (name, kind), record in zip(CATALOGUES.items(), (project, outputs, plan)) if record})
    if project is not None:
        for found in (translated_points, translated_catalogues):
            reader.into_other_languages(project, found)
    document_kind = schema.document_record()  # the document types known now
    # Every id a reference can name is defined by now (no reference names a document): each
    # document's references are checked as it is read and let go, so a long series holds none.
    known = _Known(ctx)
    documents = reader.folder(DOCUMENTS_DIR, document_kind, {"document"}, required=True, keep=_summary,
                              each=known.settle)
    documents += _translated_documents(reader, document_kind, documents)
    _check_ids(ctx, known)
    media = reader.media()
    if problems.errors or None in (project, outputs, plan):
        return None, problems
    corpus = Corpus(
        project=project,
        outputs=_by_id(outputs["outputs"]),
        plan=plan,
        plan_points=_by_id(plan["points"]),
        action_points=_by_id(points),
        documents=sorted(documents, key=lambda d: d["id"]),
        definitions=_by_id(project["definitions"]),
        boxes=_by_id(project["boxes"]),
        closing=_by_id(project["closing"]),
        media=media,
        document_kind=document_kind,
        translations={language: {ident: record for ident, record, *_ in found}
                      for language, found in translated_points.items()},
        catalogues={language: {f"{ident}.yaml": record for ident, record, *_ in found}
                    for language, found in translated_catalogues.items()},
        file_languages={record.mark.path: language for table in (translated_points, translated_catalogues)
                        for language, found in table.items() for _, record, *_ in found},
    )
    _check_closing(corpus, ctx)
    _check_xrefs(corpus, ctx)
    if problems.errors:
        return None, problems
    _usage_warnings(corpus, ctx)
    return corpus, problems


def _check_xrefs(corpus: Corpus, ctx: Context) -> None:
    """Every cross-reference names a document and one of its headings, or an action point some
    document shows."""
    documents = corpus.by_id
    shown = {ident for record in corpus.documents for section in record["sections"] for ident in section["action_points"]}
    for target, mark in ctx.xrefs:
        kind, ident, anchor = xref.split(target)
        if kind == "point":
            if ident not in corpus.action_points:
                ctx.problems.add(mark, f"no action point '{ident}'", did_you_mean(ident, corpus.action_points),
                                 code="xref")
            elif ident not in shown:
                ctx.problems.add(mark, f"no document shows action point '{ident}'",
                                 "list it in a document's section, or link to the document instead", code="xref")
        elif ident not in documents:
            ctx.problems.add(mark, f"no document '{ident}'", did_you_mean(ident, documents), code="xref")
        elif anchor is not None:
            ids = [section["anchor"] for section in xref.heading_ids(documents[ident])]
            ids += [a for section in xref.heading_ids(documents[ident])
                    for a in [*section["action_points"].values(), *section["action_plan_points"].values()]]
            if anchor not in ids:
                ctx.problems.add(mark, f"document '{ident}' has no heading '{anchor}'", did_you_mean(anchor, ids)
                                 or f"its headings: {', '.join(ids[:8])}{' ...' if len(ids) > 8 else ''}", code="xref")


def _undecodable_names(notes: Path, problems: Problems) -> None:
    """A file whose name is not UTF-8 cannot be named in a build or a manifest: say so at its path."""
    for path in sorted(notes.rglob("*")):
        try:
            path.name.encode("utf-8")
        except UnicodeEncodeError:
            problems.add(Mark(path.as_posix()), "the file's name is not UTF-8",
                         "rename it, with letters your system shows", code="encoding")


def _by_id(records: list[Record]) -> dict[str, Record]:
    """Index records by id, keeping the order they were written in."""
    return {record["id"]: record for record in records}


class _Reader:
    """Reads source files relative to the notes folder, naming them as the user gave it."""

    def __init__(self, notes: Path, ctx: Context) -> None:
        self.notes = notes
        self.root = notes.resolve()
        self.ctx = ctx
        self.translated: dict[str, list[Path]] = {}  # a folder's translations, read after its sources

    def shown(self, path: Path) -> str:
        """The file's name in messages: the notes folder as given, then the file."""
        return path.as_posix()

    def single(self, name: str, kind: Mapping, defines: set[str]) -> Record | None:
        """Read one required file that defines the ids of `defines`."""
        path = self.notes / name
        if not path.is_file():
            self.ctx.problems.add(Mark(self.shown(path)), f"missing file {name}",
                                  f"every notes folder has {PROJECT_FILE}, {OUTPUTS_FILE} and {PLAN_FILE}", code="file")
            self.ctx.unreadable |= defines
            return None
        return self.read(path, kind, defines)[0]

    def folder(self, name: str, kind: Mapping, defines: set[str], required: bool = False,
               keep=lambda record, path, checked: record, each=lambda: None) -> list[Record]:
        """Read every record file of a folder; each id must equal its file name. What is kept of
        each record is `keep(record, path, the SHA-256 of the bytes checked)`; `each()` is called
        after each file."""
        folder = self.notes / name
        if not folder.is_dir():
            if required:
                self.ctx.problems.add(Mark(self.shown(folder)), f"missing folder {name}/",
                                      "it holds one file per document", code="file")
            return []
        records = []
        for path in sorted(folder.iterdir()):
            if ignored(path.name) or path.suffix not in (".yaml", ".yml"):
                continue
            if translation.split(path.stem) and path.suffix == ".yaml" and path.is_file():
                self.translated.setdefault(name, []).append(path)
                continue
            if path.suffix == ".yml" or not path.is_file():
                self.ctx.problems.warn(Mark(self.shown(path)), "ignored: a record is a file ending in .yaml",
                                       f"rename it to {path.stem}.yaml", "ignored-file")
                continue
            record, checked = self.read(path, kind, defines)
            each()
            if record is None:
                continue
            if record["id"] is not None and record["id"] != path.stem:
                self.ctx.problems.add(record.mark, f"the id '{record['id']}' differs from the file name",
                                      f"rename the file to {record['id']}.yaml or change the id", code="id")
            records.append(keep(record, path, checked))
        return records

    def catalogue_translations(self, read: dict[str, Mapping]) -> dict[str, list[tuple]]:
        """Every translation of a catalogue (outputs.de.yaml), as `translations`; `read` holds the
        catalogues read, by file name, with what each holds (one missing or failing has said so)."""
        for path in sorted(self.notes.glob("*.yaml")):
            named = translation.split(path.stem)
            if not named or ignored(path.name) or f"{named[0]}.yaml" in CATALOGUES.keys() - read.keys():
                continue
            if f"{named[0]}.yaml" in CATALOGUES or not translation.language_problem(named[1]):
                self.translated.setdefault("", []).append(path)
        return self.translations("", {name.removesuffix(".yaml"): kind for name, kind in read.items()})

    def into_other_languages(self, project: Record, found: dict[str, list[tuple]]) -> None:
        """A problem at each translation of an action point or a catalogue that is not into
        another language than the series' (project.yaml's `language:`), which it must name."""
        language = project["language"]
        for other, records in found.items():
            if language is None or other.split("-")[0] == language.split("-")[0]:
                for _, _, path, _ in records:
                    self.ctx.problems.add(Mark(self.shown(path)), "a translation is into another language than the"
                                          f" series', {language}" if language else "the series' language is not"
                                          " known, so what this translates from is not", "name the file after the"
                                          " language it is in" if language else f"write language: (such as en-GB)"
                                          f" in {PROJECT_FILE}", code="translation")

    def translations(self, name: str, kinds: dict[str, Mapping]) -> dict[str, list[tuple]]:
        """Every translation in the folder `name` ('' for the notes folder) of a record in `kinds`
        (by id, what it is), checked against its source (translation.py): language -> [(its id,
        the record in that language, its file, the SHA-256 of the bytes checked)]."""
        found: dict[str, list[tuple]] = {}
        for path in self.translated.get(name, []):
            ident, language = translation.split(path.stem)
            mark, source = Mark(self.shown(path)), self.notes / name / f"{ident}.yaml"
            wanted = (Path(name) / f"{ident}.yaml").as_posix()
            problem = translation.language_problem(language)
            if not path.resolve().is_relative_to(self.root):
                self.ctx.problems.add(mark, "this is a link to a file outside the notes folder, which is never read",
                                      "copy the file into the notes folder instead", code="file")
                continue
            if not problem and ident not in kinds and source.is_file() and (name or f"{ident}.yaml" in CATALOGUES):
                continue  # a source that cannot be read has said so: its translations wait for it
            if problem or ident not in kinds:
                self.ctx.problems.add(mark, problem or f"there is no {wanted} for this file to translate",
                                      f"a translation is named after its source and its language: {ident}.de.yaml"
                                      if problem else "name it after the record it translates" if name else
                                      f"the files translated here are {', '.join(CATALOGUES)}", code="translation")
                continue
            data = read_source(path, self.shown(path), self.ctx.problems)
            record = None if data is None else self.read_translation(data, path, source, kinds[ident], language,
                                                                     says_language=name == DOCUMENTS_DIR)
            if record is not None:
                found.setdefault(language, []).append((ident, record, path, sha256(data)))
        return found

    def read_translation(self, data: bytes, path: Path, source: Path, kind: Mapping, language: str,
                         says_language: bool = False) -> Record | None:
        """One translation (its file's bytes) checked against its source and as a record: its ids
        are its source's (checked there), its cross-references are checked as the source's are.
        A document `says_language` (translation.overlay)."""
        problems = self.ctx.problems
        given, original = load_data(data, self.shown(path), problems), load_file(source, self.shown(source), Problems())
        if given is None or original is None:  # a source that cannot be read says so itself
            return None
        merged = translation.overlay(kind, original, given, language, problems, self.shown(source), says_language)
        if merged is None:
            return None
        from .translated import status  # it imports this module's names of folders
        status(kind, original, given.data.get(translation.STAMP), self.notes, self.shown(source), problems,
               Mark(self.shown(path)))
        own = Context(problems)  # the ids it defines and names are its source's, already known
        record = kind.check(merged, own)
        self.ctx.xrefs += own.xrefs
        self.ctx.media += own.media
        return record

    def media(self) -> dict[str, Image]:
        """Every image a record names, read and checked once, by its path; problems at each name."""
        found: dict[str, Image] = {}
        for name, mark in self.ctx.media:
            if name in found:
                continue
            path = self.notes / name
            if not path.is_file():
                self.ctx.problems.add(mark, f"there is no image {name} in the notes folder",
                                      f"put it in {self.shown(self.notes / 'media')}/, or correct the name",
                                      code="image")
            elif not path.resolve().is_relative_to(self.root):
                self.ctx.problems.add(mark, f"{name} is a link to a file outside the notes folder, which is never"
                                      " read", "copy the image into the notes folder instead", code="image")
            else:
                try:
                    found[name] = read(name, path.read_bytes())
                except ImageError as exc:
                    self.ctx.problems.add(mark, str(exc), code="image")
        return found

    def read(self, path: Path, kind: Mapping, defines: set[str]) -> tuple[Record | None, str | None]:
        """Load and check one file: its record, and the SHA-256 of the bytes checked. If it
        cannot be read, its ids are unknown, not missing."""
        record, data = None, None
        if not path.resolve().is_relative_to(self.root):  # a link out of the notes folder
            self.ctx.problems.add(Mark(self.shown(path)), "this is a link to a file outside the notes folder,"
                                  " which is never read", "copy the file into the notes folder instead", code="file")
        else:
            data = read_source(path, self.shown(path), self.ctx.problems)
            value = None if data is None else load_data(data, self.shown(path), self.ctx.problems)
            record = None if value is None else kind.check(value, self.ctx)
        if record is None:
            self.ctx.unreadable |= defines
        return record, None if data is None else sha256(data)


def _translated_documents(reader: _Reader, kind: Mapping, sources: list[Record]) -> list[Record]:
    """The summary of each translated document (TranslatedSummary), read as its source's is."""
    by_id = {summary["id"]: summary for summary in sources}
    summaries = []
    for language, found in reader.translations(DOCUMENTS_DIR, dict.fromkeys(by_id, kind)).items():
        for _, record, path, checked in found:
            source = by_id[record["id"]]
            if language.split("-")[0] == source["language"].split("-")[0]:
                reader.ctx.problems.add(record.mark, f"a translation is into another language than its source's,"
                                        f" {source['language']}", "name the file after the language it is in",
                                        code="translation")
                continue
            summary = TranslatedSummary(_summary(record, path, checked))
            summary["id"], summary["language"] = f"{source['id']}.{language}", sys.intern(language)
            summary.mark, summary.source, summary.original = record.mark, (reader.shown(path), checked), source.source
            summaries.append(summary)
    return summaries


def _summary(record: Record, path: Path, checked: str) -> Record:
    """What is kept of a checked document record until it is rendered: what the checks across
    records, the cross-references and the build's keys read (its metadata and the ids its
    sections show), without its text, so that checking a long series takes little memory.
    The text is read again, whole, as each document is rendered (Corpus.full)."""
    summary = Record({name: _kept(name, record[name])
                      for name in ("id", "type", "number", "date", "language", "title")})
    summary["closing"] = None if record["closing"] is None else _ids(record["closing"])
    summary["sections"] = [SectionSummary(str(section["title"]), *(_ids(section[name]) for name in SectionSummary.IDS))
                           for section in record["sections"] or [] if section is not None]
    shown = record.mark.path  # the same text as the path, mostly: held once, and no Path (smaller)
    summary.mark, summary.source = record.mark, (shown if shown == str(path) else str(path), checked)
    return summary


def _kept(name: str, value):
    """A field's value as a summary keeps it: text as plain text, held once where the same few
    values recur in document after document (types, dates, languages)."""
    if not isinstance(value, str):
        return value
    return sys.intern(str(value)) if name in ("type", "date", "language") else str(value)


class SectionSummary(NamedTuple):
    """A section as a document's summary keeps it: a tuple, smaller than a record (a long series
    keeps one for each section), read as a record is: section["title"]."""

    title: str
    action_points: tuple[str, ...]
    action_plan_points: tuple[str, ...]
    outputs: tuple[str, ...]

    IDS = ("action_points", "action_plan_points", "outputs")  # the fields that hold ids (not a field: no annotation)

    def __getitem__(self, key):
        if isinstance(key, str):
            if key not in self._fields:
                raise KeyError(key)
            return getattr(self, key)
        return tuple.__getitem__(self, key)


def _ids(idents: list | None) -> tuple[str, ...]:
    """Ids as plain text, each held once however many documents name it (and no list at all,
    the empty tuple, where there are none; or where the list was wrong, and the check says so)."""
    return tuple(sys.intern(str(ident)) for ident in idents or ())


def _check_ids(ctx: Context, known: _Known) -> None:
    """Every id defined once, and every reference naming a defined id."""
    defined: dict[tuple[str, str], Mark] = {}
    for namespace, ident, mark in ctx.definitions:
        first = defined.setdefault((namespace, ident), mark)
        if first is not mark:
            ctx.problems.add(mark, f"{namespace} id '{ident}' is defined twice",
                             f"first defined at {first.path}:{first.line}:{first.column}", code="duplicate-id")
    known.settle()


class _Known:
    """The ids defined when it is made, by namespace, in the order they were first defined;
    `settle` checks the references made so far against them, then lets them go."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.ids: dict[str, dict[str, None]] = {}  # an ordered set a namespace
        for namespace, ident, _ in ctx.definitions:
            self.ids.setdefault(namespace, {}).setdefault(ident)
        self.suggestions = SUGGESTIONS  # 'did you mean' is worked out for the first few only

    def settle(self) -> None:
        """A problem for each reference so far to an id never defined."""
        for namespace, ident, mark in self.ctx.references:
            ids = self.ids.get(namespace, {})
            if ident not in ids and namespace not in self.ctx.unreadable:
                hint = did_you_mean(ident, ids) if self.suggestions > 0 else ""
                self.suggestions -= 1
                self.ctx.problems.add(mark, f"unknown {namespace} id '{ident}'", hint or _where_defined(namespace),
                                      code="unknown-id")
        self.ctx.references.clear()


def _where_defined(namespace: str) -> str:
    """Where ids of `namespace` are defined, as a hint."""
    return {
        "output": f"outputs are defined in {OUTPUTS_FILE}",
        "plan point": f"Action Plan points are defined in {PLAN_FILE}",
        "action point": f"action points are files in {POINTS_DIR}/",
        "definition": f"definitions are defined in {PROJECT_FILE}",
        "box": f"boxes are defined in {PROJECT_FILE}",
        "closing": f"closing records are defined under 'closing:' in {PROJECT_FILE}",
    }.get(namespace, "")


def _check_closing(corpus: Corpus, ctx: Context) -> None:
    """A closing record has what its kind shows: a body for text, and nothing the kind ignores;
    in each translation of the project, too."""
    items = list(corpus.closing.values())
    for catalogues in corpus.catalogues.values():
        project = catalogues.get(PROJECT_FILE)
        items += [item for item in project["closing"] if item.mark.path == project.mark.path] if project else []
    for item in items:
        if item["kind"] == "text" and not item["body"]:
            ctx.problems.add(item.mark, f"closing record '{item['id']}' of kind text has no body",
                             "write its text under 'body: |'", code="closing")
        if item["kind"] != "text" and (item["title"] or item["body"]):
            ctx.problems.add(item.mark, f"closing record '{item['id']}' of kind {item['kind']} shows the"
                             " project's own fields, not a title or body", "remove them, or use kind: text",
                             code="closing")
        if item["kind"] == "funding" and not corpus.project["funding"]:
            ctx.problems.add(item.mark, f"closing record '{item['id']}' shows the funding statement, but"
                             f" {PROJECT_FILE} has no 'funding'", "add funding: (programme, grant)", code="closing")


def _usage_warnings(corpus: Corpus, ctx: Context) -> None:
    """Warn of records nothing uses, and of Action Plan points with no evidence."""
    marks = {(namespace, ident): mark for namespace, ident, mark in ctx.definitions}
    report = coverage(corpus)
    for ident in report.uncited:
        ctx.problems.warn(marks[("output", ident)], f"output '{ident}' is cited nowhere",
                          "cite it in a 'see:' list or an 'outputs:' section, or remove it", "uncited-output")
    sections = [section for doc in corpus.documents for section in doc["sections"]]
    used = {ident for section in sections for ident in section["action_points"]}
    shown_plan = {ident for section in sections for ident in section["action_plan_points"]}
    for ident, point in corpus.action_points.items():
        if ident not in used and not any(link["point"] in shown_plan for link in point["action_plan"]):
            ctx.problems.warn(marks[("action point", ident)], f"action point '{ident}' is used by no document",
                              "list it in a section's 'action_points:', or link it to an Action Plan"
                              " point that a crosswalk shows", "unused-action-point")
    listed = {ident for doc in corpus.documents for ident in doc["closing"] or []}
    for ident, item in corpus.closing.items():
        if ident not in listed and not item["default_for"]:
            ctx.problems.warn(marks[("closing", ident)], f"closing record '{ident}' is used by no document",
                              "name a document type in its default_for, list it in a document's"
                              " 'closing:', or remove it", "unused-closing")
    for ident in report.no_evidence:
        ctx.problems.warn(marks[("plan point", ident)], f"Action Plan point '{ident}' has no evidence",
                          "link an action point to it with 'action_plan: - point: " + ident + "'", "no-evidence")
