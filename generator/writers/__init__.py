"""The table of writers: one module per output format, as pandoc and Python-Markdown keep theirs.

To add a format, write generator/writers/<name>.py with `write(document, theme)` and add a
row here: everything the rest of the tool knows of a format is in its row. Each format's
files go to <out>/<name>/<document id><suffix>.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .. import wordlint
from . import docx, html, markdown, outline


@dataclass(frozen=True)
class Writer:
    """An output format: its folder name, file suffix, whether it writes bytes, and how."""

    name: str
    suffix: str
    binary: bool
    write: Callable  # (document, theme) -> str or bytes
    about: str  # what its folder holds, for readers of a release
    label: str  # its name for readers: the index page offers each document "also as" this
    index: Callable | None = None  # (documents, theme, writers built) -> {path: content}: files written once for all
    lint: Callable | None = None  # (content, {address: title}) -> warnings about one written file
    libraries: tuple[str, ...] = ()  # the packages that shape its files: a new version builds them again
    listed: bool = True  # offered to readers on the index page beside each document's web page


WRITERS = {writer.name: writer for writer in (
    Writer("md", ".md", binary=False, write=markdown.write, index=markdown.write_media, label="Markdown",
           about="Markdown, as code-hosting sites show it; md/media holds its images"),
    Writer("html", ".html", binary=False, write=html.write, index=html.write_index, label="Web page",
           about="a web page per document; html/index.html lists them all", libraries=("nh3",)),
    Writer("docx", ".docx", binary=True, write=docx.write, label="Word", lint=wordlint.lint,
           about="Word files, in the house style", libraries=("python-docx", "lxml")),
    Writer("json", ".json", binary=False, write=outline.write, label="JSON data", listed=False,
           about="what each document says, as data: for tools, and for 'policynote changes'"),
)}
CHANGES = "json"  # the format whose files say what changed between two builds (changes.py)
