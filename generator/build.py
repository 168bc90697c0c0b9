"""Build: load, check, render, write every format, and swap the result into --out at once.

Files are written to the staging folder as each document is made, and let go, so memory grows
little with the number of documents (docs/benchmarks.md says how little). A document whose key
(cache.py) has not changed is taken from the previous generation; when no input changed at all,
the build stops at the digest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache, labels
from .corpus import load_corpus
from .document import Document
from .ledger import Ledger
from .manifest import MANIFEST, document_entry, entry, file_digests, inputs_digest, manifest, sha256
from .problems import SILENCED, Mark, Problem, Problems
from .publish import PublishError, Staging, write_file
from .theme import Theme, ThemeError
from .writers import CHANGES, WRITERS

if TYPE_CHECKING:
    from .changes import DocumentChange


@dataclass
class BuildResult:
    """What a build found and, when it succeeded, what it wrote."""

    problems: Problems
    # A build's is a Ledger: each read back from disk while the build runs, only counted after it
    documents: Sequence[Document] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # known addresses and their titles
    written: int = 0  # documents made anew
    reused: int = 0  # documents taken from the previous build
    files: int = 0  # files in the new generation
    up_to_date: bool = False  # nothing changed: nothing was done
    corpus: object = None  # the checked sources, once loaded
    changes: list[DocumentChange] = field(default_factory=list)  # documents whose text changed, and why
    edition: str = ""  # the edition the manifest names


def render(notes: Path, templates: Path) -> BuildResult:
    """Load, check and render every document."""
    corpus, problems = load_corpus(notes)
    if not labels.check_all(templates, problems) or corpus is None:
        return BuildResult(problems)
    from .render import render_all  # jinja2 and the templates: not for sources that fail their check
    documents, rendered = render_all(corpus, templates)
    problems.items.extend(rendered.items)
    return BuildResult(problems, documents, titles=_titles(corpus), corpus=corpus)


def _titles(corpus) -> dict[str, str]:
    """Each publication's address and its title: the Word lint names a link by them."""
    return {output["url"]: output["title"] for output in corpus.outputs.values()}


def check(notes: Path, templates: Path) -> BuildResult:
    """Everything a build checks, Word accessibility included, writing nothing."""
    result = render(notes, templates)
    if result.problems.errors:
        return result
    try:
        theme = Theme(templates)
        for doc in result.documents:  # every writer runs, so a mistake in any template shows
            for writer in (writer for writer in WRITERS.values() if writer.checked):
                content = writer.write(doc, theme)
                if writer.lint:
                    _warn(result.problems, doc, _linted(writer, content, result.titles))
        for writer in WRITERS.values():
            if writer.index and writer.checked:
                for content in writer.index(result.documents, theme, list(WRITERS.values())).values():
                    _as_bytes(content)  # made whole, so that its template runs to the end
    except ThemeError as exc:
        result.problems.add(exc.mark, exc.message, exc.hint, code="house-style")
    return result


def build(notes: Path, out: Path, templates: Path, formats: list[str], strict: bool,
          jobs: int = 1, edition: str | None = None) -> BuildResult:
    """Build every document in every format into `out`; on any problem leave `out` untouched.
    `edition` names the edition in the manifest (else project.yaml's, else the newest date)."""
    problems = Problems()
    try:
        with Staging(out, protected=[notes, templates]) as stage:  # the lock is held from here on
            return _build(stage, notes, templates, formats, strict, jobs, edition)
    except ThemeError as exc:
        problems.add(exc.mark, exc.message, exc.hint, code="house-style")
    except (PublishError, OSError) as exc:
        message = str(exc) if isinstance(exc, PublishError) else f"cannot write the build: {exc.strerror or exc}"
        problems.add(Mark(out.as_posix()), message, code="output")
    return BuildResult(problems)


def _build(stage: Staging, notes: Path, templates: Path, formats: list[str], strict: bool,
           jobs: int, edition: str | None) -> BuildResult:
    """The build, with the lock held: nothing else writes to --out while it decides and writes."""
    unreadable = Problems()
    sources, styles = file_digests(notes, unreadable, links_out=False), file_digests(templates, unreadable)
    if unreadable.errors:
        return BuildResult(unreadable)
    inputs = inputs_digest({"notes": notes, "templates": templates}, {**sources, **styles})
    shared = cache.context(formats, inputs_digest({"templates": templates}, styles)["sha256"])
    previous = cache.load(stage.out)
    where = f"{notes.resolve()}|{templates.resolve()}"  # messages name the sources' folder
    stamp = sha256(f"{shared}|{where}|edition {edition}|inputs {inputs['sha256']}".encode("utf-8"))
    if previous.get("stamp") == stamp and _intact(stage.out, previous):
        return _unchanged(previous)
    from .render import render_each  # jinja2 and the templates: not for a build with nothing to do
    corpus, problems = load_corpus(notes)
    labelled = labels.check_all(templates, problems)  # a broken catalogue of labels stops the build unrendered
    result = BuildResult(problems, titles=_titles(corpus), corpus=corpus) if corpus else BuildResult(problems)
    if corpus is not None:
        _same_as_hashed(corpus, sources, problems)
        sources = _shared_sources(corpus, sources)
    if corpus is None or problems.failed(strict):
        result.documents = list(render_each(corpus, templates, problems)) if corpus and labelled else []  # all it says
        return result
    keys = cache.DocumentKeys(notes, corpus, shared, sources)
    result.documents = Ledger(stage.scratch, corpus.media)
    with closing(result.documents):
        renewed = _make_all(result, stage, templates, formats, keys, previous, jobs, strict)
        if result.problems.failed(strict):
            return result  # what was written stays in the staging folder, which is dropped
        result.changes = _changes(stage, formats, renewed, result.documents.ids(), previous)
        result.edition = edition or edition_of(result.corpus)
        _finish(result, stage, Theme(templates), formats, inputs, stamp)
        stage.commit()
    return result


def _same_as_hashed(corpus, sources: dict[Path, str], problems: Problems) -> None:
    """Each document was checked as the build hashed it (the inputs and keys say what it was
    built from); one saved in between is a problem at its place."""
    for summary in corpus.documents:
        path, checked = summary.source
        if sources.get(Path(path)) != checked:
            problems.add(summary.mark, "the file changed while it was being built", "build again", code="file")


def _shared_sources(corpus, sources: dict[Path, str]) -> dict[Path, str]:
    """The digests of the sources besides the document records: each document's own is its
    summary's from here on (the same, _same_as_hashed says), and a long series keeps one."""
    own = {summary.source[0] for summary in corpus.documents}
    return {path: digest for path, digest in sources.items() if str(path) not in own}


def _changes(stage: Staging, formats: list[str], renewed: dict[str, dict], built: list[str],
             previous: dict) -> list[DocumentChange]:
    """The documents made anew whose text differs from the previous build's, and why; added and
    removed documents too. Nothing to say on a first build, or where either lacks the JSON.
    `renewed`: the outputs of each document whose key changed; `built`: every document's id."""
    from .changes import DocumentChange, compare  # a build with nothing changed never needs them
    if not _compared(formats, previous):
        return []
    before = {ident: record["outputs"].get(CHANGES) for ident, record in previous["documents"].items()}
    old = {ident: _json(stage.out, before[ident], previous["files"]) for ident in renewed if before.get(ident)}
    new = {ident: _json(stage.root, outputs[CHANGES], None) for ident, outputs in renewed.items()}
    removed = [DocumentChange(ident, ident, "removed") for ident in sorted(before.keys() - set(built))]
    unknown = {ident for side in (old, new) for ident, data in side.items() if data is None}  # gone or altered
    found = compare({i: d for i, d in old.items() if i not in unknown}, {i: d for i, d in new.items() if i not in unknown})
    return sorted(found + removed, key=lambda change: change.id)


def _compared(formats: list[str], previous: dict) -> bool:
    """Whether a build says which documents changed: both it and the previous build write the JSON."""
    records = previous.get("documents", {}).values()
    return CHANGES in formats and any(record["outputs"].get(CHANGES) for record in records)


def _json(root: Path, output: dict, files: dict | None) -> dict | None:
    """A document's JSON output read back from a build folder; None where it is gone, no longer
    as that build wrote it (`files`: its size and time then), or not a document's JSON."""
    from .changes import comparable
    path = root / output["path"]
    try:
        if files is not None and files.get(output["path"]) != [path.stat().st_size, path.stat().st_mtime_ns]:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if comparable(data) else None


def edition_of(corpus) -> str:
    """The series' edition: project.yaml's, else the date of its newest document."""
    return str(corpus.project["edition"] or max((doc["date"] for doc in corpus.documents), default=""))


def output_path(doc: Document, fmt: str) -> str:
    """Where a document's file of one format goes, relative to --out: <format>/<id><suffix>."""
    return f"{fmt}/{doc.id}{WRITERS[fmt].suffix}"


def _intact(out: Path, previous: dict) -> bool:
    """The build folder holds exactly the files the previous build wrote, none touched since."""
    return previous.get("files") == _stat_files(out)


def _stat_files(root: Path) -> dict[str, list[int]]:
    """Every file below `root` but the cache, with its size and modification time (no reading)."""
    return dict(_file_stats(root))


def _file_stats(root: Path) -> Iterator[tuple[str, list[int]]]:
    """Every file below `root` but the cache, by path, each with its size and modification time
    read as it is reached: a long series' list holds only the names. The files are those there
    when it is called (not the cache being written meanwhile)."""
    found = []
    for top, _, names in os.walk(root):  # a stat a file: a rebuild with nothing changed is quick
        folder = os.path.relpath(top, root).replace(os.sep, "/")
        found += [(name if folder == "." else f"{folder}/{name}", top, name) for name in names if name != cache.CACHE]
    found.sort()
    return (stats for stats in map(_stat, found) if stats is not None)


def _stat(found: tuple[str, str, str]) -> tuple[str, list[int]] | None:
    """A file's path, size and time, or None where it is no regular file (a link to nothing)."""
    relative, top, name = found
    try:
        info = os.stat(os.path.join(top, name))
    except OSError:
        return None
    return (relative, [info.st_size, info.st_mtime_ns]) if stat.S_ISREG(info.st_mode) else None


def _unchanged(previous: dict) -> BuildResult:
    """Nothing changed since the previous build: report what it reported, do nothing."""
    problems = Problems()
    problems.items = [Problem(**item) for item in previous.get("problems", []) if item["code"] not in SILENCED]
    return BuildResult(problems, up_to_date=True, reused=len(previous.get("documents", {})))


def _make_all(result: BuildResult, stage: Staging, templates: Path, formats: list[str],
              keys: cache.DocumentKeys, previous: dict, jobs: int, strict: bool) -> dict[str, dict]:
    """Render each document and make its outputs, or take them from the previous build where
    its key is unchanged; lint messages become warnings. One document at a time, in each
    process: with --jobs, each worker renders as well as writes its share. Each made document
    is let go into `result.documents`, a Ledger on disk, so memory does not grow with the
    series. Once the build is bound to fail, the rest are still rendered, for all their
    problems, but none is written (those already handed to a worker still are, into the
    staging folder that is then dropped: up to a pool's window of documents). Returns the
    outputs of each document whose key changed since the previous build."""
    old = previous.get("documents", {})
    compared, renewed = _compared(formats, previous), {}
    summaries = result.corpus.documents
    setup = _Setup(stage.root, templates, formats, result.titles, result.corpus, keys, old,
                   _stat_files(stage.out), previous.get("files", {}), strict, set(SILENCED))

    def wanted() -> Iterator[tuple[int, bool]]:  # each document, and whether to write it
        for index in range(len(summaries)):
            yield index, not result.problems.failed(strict)

    # the pool is sized by the series, and started by its first document
    produced = _produce(wanted(), len(summaries), setup, jobs)
    try:
        with closing(produced):  # a pool still running on an error is stopped here
            for made in produced:
                result.problems.items.extend(made.problems)
                if made.doc is None or made.record is None:  # its template failed, or the build does
                    continue
                _keep(result, stage, made)
                if compared and old.get(made.doc.id, {}).get("key") != made.record["key"]:
                    renewed[made.doc.id] = made.record["outputs"]
    finally:
        _WORKER.clear()  # the corpus and the previous build's records: not kept past the build (serve)
    return renewed


def _keep(result: BuildResult, stage: Staging, made: _Made) -> None:
    """A made document goes to the ledger, with only what the index pages read, beside its
    manifest entry and cache record; files taken from the previous build are linked in."""
    doc, record = made.doc, made.record
    doc.media = {path: result.corpus.media[path] for path in made.shown}
    for output in record["outputs"].values() if made.reused else ():
        stage.reuse(output["path"])
    result.reused += made.reused
    result.written += not made.reused
    result.documents.expect(doc.id)
    result.documents.add(doc, document_entry(doc, record["outputs"]), cache.record(doc.id, record))
    result.files += len(record["outputs"])


@dataclass
class _Setup:
    """What every process making documents needs, set once in each (forked, it costs nothing)."""

    root: Path  # the staging folder
    templates: Path
    formats: list[str]
    titles: dict[str, str]  # each publication's address and title, for the Word lint
    corpus: object
    keys: cache.DocumentKeys
    old: dict  # the previous build's record of each document
    stats: dict  # the size and time of each file in the build folder now
    files: dict  # ... and as the previous build wrote them
    strict: bool  # a warning fails the build
    silenced: set[str]  # the kinds of warning left out (--ignore), for a process that starts afresh


@dataclass
class _Made:
    """One document, as a process made it: its problems; the document, slimmed (None where its
    template failed), with the images it shows by path; its record (key, outputs, lint; None
    where the build fails and it was not written); whether its files are the previous build's."""

    problems: list
    doc: Document | None = None
    shown: list[str] = field(default_factory=list)
    record: dict | None = None
    reused: bool = False


def _produce(wanted: Iterable[tuple[int, bool]], count: int, setup: _Setup, jobs: int) -> Iterator[_Made]:
    """Each document made, in order, in a pool of up to `jobs` processes when more than one
    would work (`count`: how many documents there are); in this process where the pool cannot
    start or breaks."""
    from . import pool  # processes, only for a build that makes documents
    jobs = pool.workers(jobs, count)
    if jobs > 1:
        return pool.stream(_make_one, wanted, jobs, _start, (setup,))
    _start(setup)
    return (_make_one(item) for item in wanted)


_WORKER: dict = {}


def _start(setup: _Setup) -> None:
    """Set a process up to make documents."""
    from .problems import silence
    from .render import Renderer
    silence(setup.silenced)
    _WORKER.update(setup=setup, theme=Theme(setup.templates), render=Renderer(setup.corpus, setup.templates))


def _make_one(item: tuple[int, bool]) -> _Made:
    """Render one document (`item`: its index, and whether to write it) and write it in every
    format into the staging folder, unless the previous build's files will do; lint its Word file."""
    index, write = item
    setup, problems = _WORKER["setup"], Problems()
    doc = _WORKER["render"](setup.corpus.documents[index], problems)
    if doc is None or not write or problems.failed(setup.strict):
        return _Made(problems.items)
    key, kept = setup.keys.of(setup.corpus.by_id[doc.id], doc.media, doc.xrefs), setup.old.get(doc.id)
    reused = _reusable(kept, key, setup)
    if reused:
        record = {**kept, "outputs": {fmt: kept["outputs"][fmt] for fmt in setup.formats}}
    else:
        record = {"key": key, **_write_one(doc, setup)}
    _warn(problems, doc, record["lint"])
    shown, doc.media = sorted(doc.media), {}  # the images go back by name: the main process has them
    doc.slim()
    return _Made(problems.items, doc, shown, record, reused)


def _reusable(kept: dict | None, key: str, setup: _Setup) -> bool:
    """Whether the previous build's files of a document (`kept`: its record there) will do: its
    key and formats are the same, and its files are as that build left them."""
    return bool(kept) and kept["key"] == key and sorted(kept["outputs"]) == sorted(setup.formats) \
        and all(setup.stats.get(o["path"]) == setup.files.get(o["path"]) for o in kept["outputs"].values())


def _write_one(doc: Document, setup: _Setup) -> dict:
    """Write one document in every format into the staging folder: its outputs and lint."""
    outputs, lint = {}, []
    for fmt in writing_order(setup.formats):
        data = _as_bytes(WRITERS[fmt].write(doc, _WORKER["theme"]))
        path = output_path(doc, fmt)
        write_file(setup.root, path, data)
        outputs[fmt] = entry(path, data)
        doc.sizes[fmt] = len(data)  # for the page, which offers its other formats with their sizes
        if WRITERS[fmt].lint:
            lint += _linted(WRITERS[fmt], data, setup.titles)
    doc.release()
    return {"outputs": {fmt: outputs[fmt] for fmt in setup.formats}, "lint": lint}  # in the table's order


def writing_order(formats: list[str]) -> list[str]:
    """The formats in the order they are written: a format that names the others' files (the web
    page, with their sizes) after them."""
    return sorted(formats, key=lambda fmt: WRITERS[fmt].names_others)


def _as_bytes(content: str | bytes | Iterable[str]) -> bytes:
    """What a writer returned, as the bytes of its file (text as UTF-8)."""
    if isinstance(content, bytes):
        return content
    return (content if isinstance(content, str) else "".join(content)).encode("utf-8")


PIECE = 1 << 16  # characters of a file made in pieces written at once


def _write_whole(stage: Staging, relative: str, content: str | bytes | Iterable[str]) -> dict:
    """Write a file for all documents and return its manifest entry; text that comes in pieces
    (a long series' index page) is written as it comes, never held whole."""
    if isinstance(content, (str, bytes)):
        data = _as_bytes(content)
        stage.write(relative, data)
        return entry(relative, data)
    digest, size = hashlib.sha256(), 0

    def pieces() -> Iterator[bytes]:
        nonlocal size
        for text in _batches(content):
            data = text.encode("utf-8")
            digest.update(data)
            size += len(data)
            yield data

    stage.write(relative, pieces())
    return {"path": relative, "bytes": size, "sha256": digest.hexdigest()}


def _batches(pieces: Iterable[str]) -> Iterator[str]:
    """Small pieces of text joined into pieces of about PIECE characters: fewer writes."""
    batch, length = [], 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= PIECE:
            yield "".join(batch)
            batch, length = [], 0
    yield "".join(batch)


def _linted(writer, content, titles: dict[str, str]) -> list[str]:
    """A format's lint of one file, each message naming the format: 'Word: ...'."""
    return [f"{writer.label}: {message}" for message in writer.lint(content, titles)]


def _warn(problems: Problems, doc: Document, messages: list[str]) -> None:
    """Warnings from linting a document's files, at the field that wrote what a message quotes
    ('the link text 'click here' ...'), else at the document's record."""
    for message in messages:
        quoted = re.search(r"'([^']+)'", message)
        where = doc.place_of(quoted[1]) if quoted else None
        problems.warn(where or doc.source or Mark(doc.id), message, code="lint")


def _finish(result: BuildResult, stage: Staging, theme: Theme, formats: list[str], inputs: dict,
            stamp: str) -> None:
    """The index pages, the manifest and the cache, written last, from the ledger."""
    docs = result.documents
    extras = []  # the manifest entries of the files written once for all documents (the HTML index)
    for fmt in formats:
        if WRITERS[fmt].index:
            for path, content in WRITERS[fmt].index(docs, theme, [WRITERS[f] for f in formats]).items():
                extras.append(_write_whole(stage, f"{fmt}/{path}", content))
    organisation = docs[0].author if len(docs) else ""
    _write_whole(stage, MANIFEST, manifest(docs.manifest_entries(), organisation, extras, inputs, result.edition))
    _write_whole(stage, cache.CACHE, cache.dump({
        "stamp": stamp,
        "problems": [p.as_dict() for p in result.problems.sorted() if p.severity == "warning"],
    }, docs.cache_records(), _file_stats(stage.root)))  # renames keep sizes and times: valid once swapped in
    result.files += len(extras) + 1
