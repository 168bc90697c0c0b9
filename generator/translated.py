"""Translations kept in step with their sources.

`policynote translated FILE` says that a translation is up to date with its source as the
source is now: it writes the fingerprint of the source's text into the translation, on its
line `translated_from:`, and keeps that text in notes/translated/<fingerprint>.json (commit it
with the notes). When the source's text changes afterwards, `check` and `build` warn at that
line that the translation is out of date, and name what changed in the source since it was
translated: its title, the body of its second section. A change that is not text (a date, an
id) is not the translator's and leaves the translation current.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from . import schema, translation
from .corpus import CATALOGUES, DOCUMENTS_DIR, POINTS_DIR
from .fields import ListOf, Mapping
from .problems import Mark, Problems
from .yamlsource import Value, load_data, load_file, read_source

STAMP = translation.STAMP
FOLDER = "translated"  # in the notes folder: the sources' text as each was translated
FOLDERS = {DOCUMENTS_DIR: schema.document_record, POINTS_DIR: lambda: schema.ACTION_POINT}  # a record a file
STAMP_LINE = re.compile(rf"^{STAMP}:[^\r\n]*", re.M)
FINGERPRINT = re.compile(r"[0-9a-f]{12}")
HEAD = re.compile(r"(#|%|---\s*$|\s*$)")  # what a file may open with before its fields: comments, directives


def texts(kind: Mapping, value: Value, where: str = "") -> dict[str, object]:
    """The text of a source record a translation translates, by where it stands ('title',
    'sections 2 body'), read through the record's declaration."""
    found: dict[str, object] = {}
    for key, item in value.data.items() if value.kind == "mapping" else ():
        spec, here = kind.fields.get(key), f"{where} {key}".strip()
        if spec is None:
            continue
        if translation.translates(spec):
            found[here] = translation.plain(item)
        elif isinstance(spec.kind, Mapping):
            found.update(texts(spec.kind, item, here))
        elif isinstance(spec.kind, ListOf) and isinstance(spec.kind.item, Mapping) and item.kind == "list":
            for number, entry in enumerate(item.data, start=1):
                found.update(texts(spec.kind.item, entry, f"{here} {_named(spec.kind.item, entry, number)}"))
    return found


def _named(kind: Mapping, entry: Value, number: int) -> object:
    """How a message names a record in a list: by its id where records have one ('boxes about'),
    else by its place ('sections 2')."""
    ident = entry.data.get("id") if translation.identified(kind) and entry.kind == "mapping" else None
    return ident.data if ident is not None and ident.kind == "text" else number


def fingerprint(found: dict[str, object]) -> str:
    """Twelve hexadecimal digits that change when any of the text does."""
    return hashlib.sha256(json.dumps(found, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:12]


def status(kind: Mapping, original: Value, stamp: Value | None, notes: Path, source: str,
           problems: Problems, where: Mark) -> None:
    """Warn where a translation is not marked as translated (`where`), or is out of date: at its
    stamp, naming what changed in the `source` since, where the text of then was kept."""
    now = texts(kind, original)
    if stamp is None:
        problems.warn(where, f"this translation does not say which version of {source} it translates",
                      "once it is up to date, run: policynote translated " + where.path, "untracked-translation")
        return
    if stamp.kind != "text" or not FINGERPRINT.fullmatch(stamp.data):
        problems.add(stamp.mark, f"{STAMP} is not a fingerprint policynote translated wrote",
                     "once the translation is up to date, run: policynote translated " + where.path, code="translation")
        return
    if stamp.data == fingerprint(now):
        return
    then = _kept(notes / FOLDER / f"{stamp.data}.json")
    if then is None:
        changed = f"(what changed is not known: {FOLDER}/{stamp.data}.json is missing or damaged)"
    else:
        changed = "in " + ", ".join(sorted(key for key in then.keys() | now.keys() if then.get(key) != now.get(key)))
    problems.warn(stamp.mark, f"out of date: {source} changed since it was translated, {changed}",
                  "translate what changed, then run: policynote translated " + where.path, "outdated-translation")


def _kept(path: Path) -> dict | None:
    """The source's text as it was translated, kept by `mark`; None where it cannot be read."""
    try:
        then = json.loads(path.read_text(encoding="utf-8"))["texts"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return then if isinstance(then, dict) else None


def mark(path: Path, notes: Path) -> tuple[str, Problems]:
    """Mark the translation `path` as translating its source as it is now: what to tell the
    user, and the problems that stopped it."""
    problems, shown = Problems(), path.as_posix()
    named = translation.split(path.stem) if path.suffix == ".yaml" else None
    kind = None if named is None or translation.language_problem(named[1]) else _kind_of(path, named[0], notes)
    if kind is None:
        where = notes.as_posix()
        problems.add(Mark(shown), f"this is not a translation in {where}/, {where}/{DOCUMENTS_DIR}/ or"
                     f" {where}/{POINTS_DIR}/", "a translation is named after its source and its language:"
                     " policy-note-07.de.yaml, outputs.de.yaml (pass --notes DIR for another notes folder)",
                     code="translation")
        return "", problems
    if path.exists() and not path.resolve().is_relative_to(notes.resolve()):
        problems.add(Mark(shown), "this is a link to a file outside the notes folder, which is never read",
                     "copy the file into the notes folder instead", code="file")
        return "", problems
    source = path.parent / f"{named[0]}.yaml"
    original = load_file(source, source.as_posix(), problems) if source.is_file() else None
    data = read_source(path, shown, problems) if path.is_file() else None
    if original is None or data is None:
        if not problems.items:
            problems.add(Mark(shown), f"there is no {source.as_posix()} for this file to translate"
                         if path.is_file() else "no such file", code="translation")
        return "", problems
    now = texts(kind, original)
    stamp = fingerprint(now)
    written = _stamped(data, stamp, shown, problems)
    if written is None:
        return "", problems
    kept = notes / FOLDER / f"{stamp}.json"
    kept.parent.mkdir(exist_ok=True)
    record = {"source": (source.parent.resolve() / source.name).relative_to(notes.resolve()).as_posix(), "texts": now}
    kept.write_text(json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    path.write_bytes(written)
    return f"{shown} translates {source.as_posix()} as it is now ({STAMP}: {stamp})", problems


def _kind_of(path: Path, source: str, notes: Path) -> Mapping | None:
    """What the translation `path` of the record `source` (its id, or a catalogue's name)
    translates, by where it is: a document, an action point, a catalogue; None if nothing."""
    folder = path.parent.resolve()
    if folder == notes.resolve():
        return CATALOGUES.get(f"{source}.yaml")
    return next((kind() for name, kind in FOLDERS.items() if folder == (notes / name).resolve()), None)


def _stamped(data: bytes, stamp: str, shown: str, problems: Problems) -> bytes | None:
    """A translation's bytes with its line `translated_from:` saying `stamp`; None, with a
    problem, where the file is not YAML this can add a line to, or would not be after it."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        problems.add(Mark(shown), "the file is not UTF-8", "save it as UTF-8", code="encoding")
        return None
    written = stamped(text, stamp).encode("utf-8")
    value = load_data(written, shown, Problems())
    if value is None or value.kind != "mapping" or not isinstance(value.data.get(STAMP), Value) \
            or value.data[STAMP].data != stamp:
        problems.add(Mark(shown), f"cannot add the line {STAMP}: to this file",
                     f'write {STAMP}: "{stamp}" among its fields yourself', code="translation")
        return None
    return written


def stamped(text: str, stamp: str) -> str:
    """A translation's YAML with its `translated_from:` line saying `stamp`: the line changed
    where there is one, else added after what the file opens with (comments, `---`), with the
    file's own line ends."""
    line = f'{STAMP}: "{stamp}" # written by policynote translated'  # one space: as editors' formatters write it
    if STAMP_LINE.search(text):
        return STAMP_LINE.sub(line, text, count=1)
    end = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    head = next((index for index, each in enumerate(lines) if not HEAD.match(each)), len(lines))
    return "".join(lines[:head] + [line + end] + lines[head:])
