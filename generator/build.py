"""Build: load, check, render, write every format, and swap the result into --out at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import wordlint
from .corpus import load_corpus
from .document import Document
from .problems import Mark, Problems
from .manifest import MANIFEST, inputs_digest, manifest
from .publish import PublishError, publish
from .render import TYPES, render_all
from .theme import Theme, ThemeError
from .writers import WRITERS


@dataclass
class BuildResult:
    """What a build found and, when it succeeded, what it wrote."""

    problems: Problems
    documents: list[Document] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # known addresses and their titles


def render(notes: Path, templates: Path) -> BuildResult:
    """Load, check and render every document."""
    corpus, problems = load_corpus(notes, TYPES)
    if corpus is None:
        return BuildResult(problems)
    documents, rendered = render_all(corpus, templates)
    problems.items.extend(rendered.items)
    titles = {output["url"]: output["title"] for output in corpus.outputs.values()}
    return BuildResult(problems, documents, titles=titles)


def check(notes: Path, templates: Path) -> BuildResult:
    """Everything a build checks, Word accessibility included, writing nothing."""
    result = render(notes, templates)
    if result.problems.errors:
        return result
    try:
        theme = Theme(templates)
        lint_word(result, {doc.id: WRITERS["docx"].write(doc, theme) for doc in result.documents})
    except ThemeError as exc:
        result.problems.add(exc.mark, exc.message, exc.hint)
    return result


def build(notes: Path, out: Path, templates: Path, formats: list[str], strict: bool) -> BuildResult:
    """Build every document in every format into `out`; on any problem leave `out` untouched."""
    result = render(notes, templates)
    if result.problems.failed(strict):
        return result
    try:
        result.files = produce(result.documents, Theme(templates), formats)
    except ThemeError as exc:
        result.problems.add(exc.mark, exc.message, exc.hint)
        return result
    if "docx" in formats:
        lint_word(result, {doc.id: result.files[output_path(doc, "docx")] for doc in result.documents})
    if result.problems.failed(strict):
        return result
    outputs = {doc.id: {fmt: output_path(doc, fmt) for fmt in formats} for doc in result.documents}
    inputs = inputs_digest({"notes": notes, "templates": templates})
    result.files[MANIFEST] = manifest(result.documents, result.files, outputs, inputs)
    try:
        publish(out, result.files, protected=[notes, templates])
    except PublishError as exc:
        result.problems.add(Mark(out.as_posix()), str(exc))
    return result


def lint_word(result: BuildResult, word: dict[str, bytes]) -> None:
    """Warn, at each document's record, of what makes its Word file hard to use with a screen reader."""
    for doc in result.documents:
        for message in wordlint.lint(word[doc.id], result.titles):
            result.problems.warn(doc.source or Mark(doc.id), f"Word: {message}")


def output_path(doc: Document, fmt: str) -> str:
    """Where a document's file of one format goes, relative to --out: <format>/<id><suffix>."""
    return f"{fmt}/{doc.id}{WRITERS[fmt].suffix}"


def produce(documents: list[Document], theme: Theme, formats: list[str]) -> dict[str, bytes]:
    """Every output file, by path relative to --out."""
    files: dict[str, bytes] = {}
    for name in formats:
        writer = WRITERS[name]
        for doc in documents:
            files[output_path(doc, name)] = _bytes(writer.write(doc, theme))
        if writer.index:
            for path, content in writer.index(documents, theme, formats).items():
                files[f"{name}/{path}"] = _bytes(content)
    return files


def _bytes(content: str | bytes) -> bytes:
    """Text files are written as UTF-8."""
    return content.encode("utf-8") if isinstance(content, str) else content
