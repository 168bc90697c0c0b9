"""The table of writers: one module per output format, as pandoc and Python-Markdown keep theirs.

To add a format, write generator/writers/<name>.py with `write(document, theme)` and add a
row here. Each format's files go to <out>/<name>/<document id><suffix>.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import docx, html, markdown, outline


@dataclass(frozen=True)
class Writer:
    """An output format: its folder name, file suffix, whether it writes bytes, and how."""

    name: str
    suffix: str
    binary: bool
    write: Callable
    about: str  # what its folder holds, for readers of a release
    index: Callable | None = None  # extra files written once for all documents


WRITERS = {writer.name: writer for writer in (
    Writer("md", ".md", binary=False, write=markdown.write, index=markdown.write_media,
           about="Markdown, as code-hosting sites show it; md/media holds its images"),
    Writer("html", ".html", binary=False, write=html.write, index=html.write_index,
           about="a web page per document; html/index.html lists them all"),
    Writer("docx", ".docx", binary=True, write=docx.write, about="Word files, in the house style"),
    Writer("json", ".json", binary=False, write=outline.write,
           about="what each document says, as data: for tools, and for 'policynote changes'"),
)}
