"""The house style, read from the templates folder: HTML templates, CSS, Word reference."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .labels import FOLDER as LABELS
from .labels import Labels, fill
from .labels import load as load_labels
from .problems import Mark, Problems

if TYPE_CHECKING:
    import jinja2  # imported where used: a check that fails at once, or a build with nothing to do, never loads it

REFERENCE_DOCX = "reference.docx"
HTML_FOLDER = "html"


class ThemeError(Exception):
    """Something in the templates folder cannot be used; carries where and why."""

    def __init__(self, mark: Mark, message: str, hint: str = "") -> None:
        super().__init__(mark, message, hint)  # all three, so it crosses from a worker process
        self.mark, self.message, self.hint = mark, message, hint


def template_mark(folder: Path, error: BaseException) -> Mark:
    """Where a template failed: its syntax error's line, or the innermost template frame."""
    import jinja2
    if isinstance(error, jinja2.TemplateSyntaxError):
        return Mark((folder / (error.name or "?")).as_posix(), error.lineno or 1, 1)
    tb, mark = error.__traceback__, Mark(folder.as_posix())
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            mark = Mark(Path(filename).as_posix(), tb.tb_lineno, 1)
        tb = tb.tb_next
    return mark


class Theme:
    """Everything the writers take from the templates folder, each read once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._labels: dict[str, Labels] = {}

    def labels(self, language: str) -> Labels:
        """The labels in `language` (labels.py), read once; rendering has said where they fail."""
        if language not in self._labels:
            problems = Problems()
            found = load_labels(self.folder, language, problems, Mark((self.folder / LABELS).as_posix()))
            if found is None:
                first = problems.errors[0]
                raise ThemeError(Mark(first.path, first.line, first.column), first.message, first.hint)
            self._labels[language] = found
        return self._labels[language]

    def other_languages(self, versions: dict[str, str], own: str) -> list[tuple[str, str, str]]:
        """A publication's versions (Document.versions) but the document `own`: (language, its name
        in itself, "Deutsch", the version's id), for a writer to link them."""
        return [(language, self.labels(language)["language_name"], ident)
                for language, ident in versions.items() if ident != own]

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
        import jinja2
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.folder / HTML_FOLDER),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["fill"] = fill  # a label's {placeholders} filled in: `labels.project|fill(name=...)`
        return env

    def text(self, name: str) -> str:
        """A text file of the templates folder (the stylesheet)."""
        return self.path(name).read_text(encoding="utf-8")

    @cached_property
    def reference_docx(self) -> bytes:
        """The Word reference document whose styles every .docx uses; it must be a Word document
        python-docx can open, not a template or a damaged package."""
        path = self.path(REFERENCE_DOCX)
        data = path.read_bytes()
        problem = _reference_problem(data)
        if problem:
            raise ThemeError(Mark(path.as_posix()), *problem)
        return data

    def render(self, name: str, **values) -> str:
        """Render an HTML template; a mistake in it is a ThemeError at its line."""
        return "".join(self.stream(name, **values))

    def stream(self, name: str, **values) -> Iterator[str]:
        """Render an HTML template piece by piece, for a page too large to hold twice (a long
        series' index); a mistake in it is a ThemeError at its line, when it is reached."""
        import jinja2
        try:
            yield from self.html.get_template(name).generate(**values)
        except jinja2.TemplateError as exc:
            message = getattr(exc, "message", None) or str(exc)
            raise ThemeError(template_mark(self.folder / HTML_FOLDER, exc), f"template: {message}") from None
        except Exception as exc:  # noqa: BLE001 - whatever a template's expression raises: 1/0, recursion
            raise ThemeError(template_mark(self.folder / HTML_FOLDER, exc), f"template: {type(exc).__name__}: {exc}",
                             "correct the template at this line") from None


def _reference_problem(data: bytes) -> tuple[str, str] | None:
    """Why `data` cannot serve as the Word reference document, and what to do; None if it can."""
    import docx  # here, so that commands which write no Word file do not load it

    fix = "save it from Word as .docx, or regenerate it with 'make reference'"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            package.getinfo("word/document.xml")
            package.getinfo("word/styles.xml")
        docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError) as exc:
        named = re.search(r"named '([^']+)'", str(exc))  # zipfile's KeyError names the missing part
        return "the Word reference document is not a Word file" + (
            f", or a damaged one: it lacks {named[1]}" if named else ""), fix
    except ValueError as exc:  # python-docx names the content type it found
        if "template" in str(exc):
            return ("the Word reference document is a Word template (.dotx)",
                    "open it in Word and save it as a Word document (.docx)")
        return f"the Word reference document cannot be read: {exc}", fix
    except Exception as exc:  # noqa: BLE001 - a package python-docx trips over in its own way
        return f"the Word reference document cannot be read: {type(exc).__name__}: {exc}", fix
    return None
