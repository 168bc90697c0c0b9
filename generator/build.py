"""Build: load, check, render, write every format, and swap the result into --out at once."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .corpus import load_corpus
from .document import Document
from .problems import Mark, Problems
from .publish import MANIFEST, PublishError, publish
from .render import TYPES, render_all
from .theme import Theme, ThemeError
from .writers import WRITERS


@dataclass
class BuildResult:
    """What a build found and, when it succeeded, what it wrote."""

    problems: Problems
    documents: list[Document] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)


def check(notes: Path, templates: Path, strict: bool) -> BuildResult:
    """Load, check and render everything, writing nothing."""
    corpus, problems = load_corpus(notes, TYPES)
    if corpus is None:
        return BuildResult(problems)
    documents, rendered = render_all(corpus, templates)
    problems.items.extend(rendered.items)
    return BuildResult(problems, documents)


def build(notes: Path, out: Path, templates: Path, formats: list[str], strict: bool) -> BuildResult:
    """Build every document in every format into `out`; on any problem leave `out` untouched."""
    result = check(notes, templates, strict)
    if result.problems.failed(strict):
        return result
    try:
        result.files = produce(result.documents, Theme(templates), formats)
    except ThemeError as exc:
        result.problems.add(exc.mark, exc.message, exc.hint)
        return result
    result.files[MANIFEST] = manifest(result.documents, result.files, formats)
    try:
        publish(out, result.files, protected=[notes, templates])
    except PublishError as exc:
        result.problems.add(Mark(out.as_posix()), str(exc))
    return result


def produce(documents: list[Document], theme: Theme, formats: list[str]) -> dict[str, bytes]:
    """Every output file, by path relative to --out."""
    files: dict[str, bytes] = {}
    for name in formats:
        writer = WRITERS[name]
        for doc in documents:
            files[f"{name}/{doc.id}{writer.suffix}"] = _bytes(writer.write(doc, theme))
        if writer.index:
            for path, content in writer.index(documents, theme, formats).items():
                files[f"{name}/{path}"] = _bytes(content)
    return files


def _bytes(content: str | bytes) -> bytes:
    """Text files are written as UTF-8."""
    return content.encode("utf-8") if isinstance(content, str) else content


def _entry(path: str, data: bytes) -> dict:
    """A file's manifest entry: path relative to the manifest, size and SHA-256."""
    return {"path": path, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def manifest(documents: list[Document], files: dict[str, bytes], formats: list[str]) -> bytes:
    """The manifest: each document's outputs with their checksums, then the other files."""
    listed = set()
    entries = []
    for doc in documents:
        outputs = {}
        for name in formats:
            path = f"{name}/{doc.id}{WRITERS[name].suffix}"
            outputs[name] = _entry(path, files[path])
            listed.add(path)
        entries.append({"id": doc.id, "type": doc.type, "title": doc.title, "label": doc.label,
                        "date": doc.date, "language": doc.language, "outputs": outputs})
    others = [_entry(path, data) for path, data in sorted(files.items()) if path not in listed]
    data = {"generator": "policynote", "version": __version__, "documents": entries, "files": others}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
