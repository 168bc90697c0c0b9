"""Problems found in sources or templates: collected, sorted and printed, never raised."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

ERROR = "error"
# What a terminal would act on or a reader cannot see: control characters, bidirectional
# overrides, and the bytes of a file name that is not UTF-8 (held as lone surrogates).
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
WARNING = "warning"
# Each kind of warning, by its code: what `check --ignore CODE` silences.
WARNINGS = {
    "ignored-file": "a file in a records folder that is not a .yaml record",
    "uncited-output": "an output of the catalogue that no document cites",
    "unused-action-point": "an action point no document shows",
    "unused-closing": "a closing record no document ends with",
    "no-evidence": "an Action Plan point no action point links to",
    "folded-markdown": "Markdown text that YAML folds into one line",
    "lint": "what a format's lint finds in a file it wrote: Word's accessibility lint",
    "untracked-translation": "a translation that does not say which version of its source it translates",
    "outdated-translation": "a translation whose source's text changed since it was translated",
}
# Each kind of error, by its code, as `check --format json` gives it to tools. Errors stop a build
# and are never silenced; the text output names only the warnings' codes.
ERRORS = {
    "yaml": "YAML that cannot be read, or a value YAML reads as something else",
    "file": "a source file missing, unreadable, empty, too large, or a link out of the notes folder",
    "encoding": "a file or a file name that is not UTF-8, or starts with a byte-order mark",
    "value": "a value of the wrong kind for its field: a list for text, a number out of range",
    "unknown-field": "a field the record does not have", "missing-field": "a required field left out",
    "empty": "a text field with no text", "too-long": "a text longer than a field takes",
    "control-character": "a character no document can show", "placeholder": "a prompt or example address left in",
    "id": "an id that is not safe as a file name, is reserved, or differs from its file's name",
    "duplicate-id": "an id defined twice", "unknown-id": "a reference to an id defined nowhere",
    "choice": "a word that is not one of a field's choices", "date": "a date that is not one",
    "language": "a language tag that is not one", "address": "an address a link cannot safely go to",
    "link": "a Markdown link without a target, or to a scheme the documents do not take",
    "xref": "a cross-reference to a document, heading or action point that does not exist",
    "footnote": "a footnote without its text, or a text without its footnote",
    "heading": "a heading in Markdown text", "list-indent": "a nested list item not indented by 4 spaces",
    "not-in-subset": "Markdown outside the subset the documents use: raw HTML, images, rules, indented code",
    "crowded": "a paragraph with more emphasis, links and code than a PDF can lay out in good time",
    "image": "an image missing, not the type it says, too large, or named by a template only",
    "closing": "a closing record that cannot show what its kind shows",
    "template": "a template that cannot be found, read or run",
    "labels": "a language with no catalogue of labels in the templates, or a catalogue lacking a label",
    "translation": "a translation that changes more than text, or translates no record",
    "house-style": "a Word reference document that cannot be used",
    "output": "an output folder a build may not write into",
}
SILENCED: set[str] = set()  # the kinds of warning this run leaves out (`--ignore`)


def printable(text: str) -> str:
    """`text` with what is not printable written as compilers write it: \\x1b, \\xe9, \\u202e."""
    return UNPRINTABLE.sub(_escaped, text)


def _escaped(match: re.Match) -> str:
    """One character as an escape; a surrogate stands for the byte of a name that is not UTF-8."""
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong at one place; `line` and `column` count from 1 (0: unknown)."""

    path: str
    line: int
    column: int
    severity: str
    message: str
    hint: str = ""
    code: str = ""  # its kind, stable from version to version (WARNINGS, ERRORS): `--ignore` names a warning's

    def format(self) -> str:
        """Render as `path:line:col: severity: message (hint)`, as compilers do, and a warning's
        code after it, as Sphinx does: `[uncited-output]`."""
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.severity}: {self.message}"
        text = f"{text} ({self.hint})" if self.hint else text
        return f"{text} [{self.code}]" if self.code and self.severity == WARNING else text

    def as_dict(self) -> dict:
        """Return the problem as plain data, for JSON output."""
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)  # slots: a long series keeps one for each record
class Mark:
    """A place in a source file."""

    path: str
    line: int = 0
    column: int = 0


class Problems:
    """An ordered collection of problems, filled by every stage of the pipeline."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, mark: Mark, message: str, hint: str = "", severity: str = ERROR, code: str = "") -> None:
        """Record a problem at `mark`; a problem is one line of printable text, whatever it quotes."""
        assert not code or code in (WARNINGS if severity == WARNING else ERRORS), code
        message, hint = " ".join(message.split()), " ".join(hint.split())
        self.items.append(Problem(printable(mark.path), mark.line, mark.column, severity, printable(message),
                                  printable(hint), code))

    @classmethod
    def of(cls, mark: Mark, message: str, hint: str = "") -> "Problems":
        """A collection holding one error."""
        problems = cls()
        problems.add(mark, message, hint)
        return problems

    def warn(self, mark: Mark, message: str, hint: str = "", code: str = "") -> None:
        """Record a warning of kind `code` (WARNINGS) at `mark`, unless that kind is silenced."""
        assert code in WARNINGS, code  # a warning without a known code could not be silenced
        if code not in SILENCED:
            self.add(mark, message, hint, WARNING, code)


    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a build."""
        return [p for p in self.items if p.severity == ERROR]

    def failed(self, strict: bool = False) -> bool:
        """True when the build must stop: any error, or any problem at all under --strict."""
        return bool(self.items) if strict else bool(self.errors)

    def sorted(self) -> list[Problem]:
        """Every problem once, sorted by file, line and column."""
        return sorted(set(self.items))


def silence(codes: set[str]) -> None:
    """Leave out, for this run, the warnings of the kinds `codes` names; errors are never silenced."""
    SILENCED.clear()
    SILENCED.update(codes)
