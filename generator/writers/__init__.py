"""The table of writers: one module per output format, as pandoc and Python-Markdown keep theirs.

To add a format, write generator/writers/<name>.py with `write(document, theme)` and add a
row here: everything the rest of the tool knows of a format is in its row. Each format's
files go to <out>/<name>/<document id><suffix>.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable


def _later(module: str, name: str) -> Callable:
    """The function `name` of `module` (relative to this package), imported at its first call:
    a command that writes nothing (--help, new, schema) loads no writer, nor python-docx or lxml."""
    def call(*args, **kwargs):
        return getattr(import_module(module, __name__), name)(*args, **kwargs)
    call.__qualname__ = call.__name__ = f"{module.lstrip('.')}.{name}"
    return call


@dataclass(frozen=True)
class Writer:
    """An output format: its folder name, file suffix, whether it writes bytes, and how."""

    name: str
    suffix: str
    binary: bool
    write: Callable  # (document, theme) -> str or bytes
    about: str  # what its folder holds, for readers of a release
    label: str  # its name for readers: the index page offers each document "also as" this
    mime: str  # its media type, which links to its files declare
    # (documents, theme, writers built) -> {path: content}: the files written once for all; content
    # is text, bytes, or text in pieces (an iterator of str) for a file too large to hold whole
    index: Callable | None = None
    lint: Callable | None = None  # (content, {address: title}) -> warnings about one written file
    libraries: tuple[str, ...] = ()  # the packages that shape its files: a new version builds them again
    listed: bool = True  # offered to readers on the index page beside each document's web page
    names_others: bool = False  # its file offers the document's other formats with their sizes: written last
    checked: bool = True  # run by `check`; False where its content is another writer's, laid out
    missing: Callable[[], str | None] | None = None  # () -> what this machine lacks to write it, or None


WRITERS = {writer.name: writer for writer in (
    Writer("md", ".md", binary=False, write=_later(".markdown", "write"),
           index=_later(".markdown", "write_media"), label="Markdown", mime="text/markdown",
           about="Markdown, as code-hosting sites show it; md/media holds its images"),
    Writer("html", ".html", binary=False, write=_later(".html", "write"), index=_later(".html", "write_index"),
           label="Web page", mime="text/html", names_others=True,
           about="a web page per document; html/index.html lists them all"),
    Writer("docx", ".docx", binary=True, write=_later(".docx", "write"), lint=_later("..wordlint", "lint"),
           label="Word", mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           libraries=("python-docx", "lxml"), about="Word files, in the house style"),
    Writer("pdf", ".pdf", binary=True, write=_later(".pdf", "write"), checked=False,
           missing=_later(".pdf", "missing"), label="PDF", mime="application/pdf", libraries=("weasyprint", "pydyf", "fonttools"),
           about="PDF for print and download: the web page laid out on A4, tagged for screen readers"),
    Writer("json", ".json", binary=False, write=_later(".outline", "write"), listed=False,
           label="JSON data", mime="application/json",
           about="what each document says, as data: for tools, and for 'policynote changes'"),
)}


def unavailable(names) -> dict[str, str]:
    """The formats among `names` this machine cannot write, each with what it lacks."""
    lacking = {name: WRITERS[name].missing() for name in names if WRITERS[name].missing}
    return {name: why for name, why in lacking.items() if why}


CHANGES = "json"  # the format whose files say what changed between two builds (changes.py)
