"""The house style, read from the templates folder: HTML templates, CSS, Word reference."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import jinja2

from .problems import Mark

REFERENCE_DOCX = "reference.docx"
HTML_FOLDER = "html"


class ThemeError(Exception):
    """Something in the templates folder cannot be used; carries where and why."""

    def __init__(self, mark: Mark, message: str, hint: str = "") -> None:
        super().__init__(mark, message, hint)  # all three, so it crosses from a worker process
        self.mark, self.message, self.hint = mark, message, hint


class Theme:
    """Everything the writers take from the templates folder, each read once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, name: str) -> Path:
        """A file of the templates folder, which must exist."""
        path = self.folder / name
        if not path.is_file():
            raise ThemeError(Mark(path.as_posix()), f"missing template file {name}",
                             "restore it from the project's repository")
        return path

    @cached_property
    def html(self) -> jinja2.Environment:
        """Jinja for HTML pages: autoescaped, strict about undefined names."""
        return jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.folder / HTML_FOLDER),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def text(self, name: str) -> str:
        """A text file of the templates folder (the stylesheet)."""
        return self.path(name).read_text(encoding="utf-8")

    @cached_property
    def reference_docx(self) -> bytes:
        """The Word reference document whose styles every .docx uses."""
        return self.path(REFERENCE_DOCX).read_bytes()
