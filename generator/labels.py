"""The words a document shows that no record holds, in the document's language.

"See:", "Contents", the names of the series, the months, the captions of the project box: each
language has a catalogue of them, templates/labels/<language>.yaml, which the house edits as it
edits its templates, without Python. A document in en-GB takes en-GB.yaml where there is one,
else en.yaml; a language with neither is an error naming every label to write. A catalogue's
`direction: rtl` sets every format right to left (Arabic, Hebrew, Persian).

A label may hold placeholders, `{name}`, which the templates fill in (`|fill(name=...)`): each
label keeps exactly the placeholders it is given, so a translation cannot drop a grant number.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .fields import Choice, Context, Field, ListOf, Mapping, Record, Text, excerpt
from .problems import Mark, Problems
from .schema import RELATIONS, TYPES
from .yamlsource import Value, load_file

FOLDER = "labels"
PLACEHOLDER = re.compile(r"\{(\w*)\}")
MONTHS = 12


class Label(Text):
    """One label: a line of text holding exactly the placeholders the templates fill in."""

    name = "label"

    def __init__(self, *placeholders: str) -> None:
        self.placeholders = placeholders

    def check(self, value: Value, ctx: Context) -> Any:
        """Accept text with the label's placeholders, each once, and no other."""
        text = super().check(value, ctx)
        if text is None:
            return None
        found = PLACEHOLDER.findall(text)
        unknown = [name for name in found if name not in self.placeholders]
        missing = [name for name in self.placeholders if name not in found]
        if unknown or missing:
            wanted = ", ".join(f"{{{name}}}" for name in self.placeholders) or "no placeholder"
            said = f"it lacks {{{missing[0]}}}" if missing else f"there is no {{{unknown[0]}}} to fill in"
            ctx.problems.add(value.mark, f"the label '{excerpt(text)}' must hold {wanted}: {said}",
                             "keep each {name} as the English catalogue writes it, in the place your language puts it",
                             code="labels")
            return None
        return text


class Months(ListOf):
    """The twelve months' names, January first."""

    def __init__(self) -> None:
        super().__init__(Label())

    def check(self, value: Value, ctx: Context) -> Any:
        names = super().check(value, ctx)
        if names is not None and len(names) != MONTHS:
            ctx.problems.add(value.mark, f"expected the names of {MONTHS} months, got {len(names)}",
                             "list them January first, one per line", code="labels")
            return None
        return names


def catalogue() -> Mapping:
    """What a catalogue holds, made from the tables it names: a new document type, relation or
    format needs its words in every catalogue, and a catalogue without them says which."""
    from .writers import WRITERS  # the writers' table imports the theme, which imports this module

    def group(name: str, keys, kind, doc: str) -> Field:
        return Field(name, Mapping(f"labels' {name}", [Field(key, kind, doc, required=True) for key in keys]),
                     doc, required=True)

    kind_name = Mapping("a document type's names", [
        Field("name", Label(), "one document: Policy Note", required=True),
        Field("plural", Label(), "the series: Policy Notes", required=True)])
    return Mapping("labels", [
        Field("direction", Choice("ltr", "rtl"), "ltr (left to right) or rtl (right to left: Arabic, Hebrew)"),
        Field("language_name", Label(), "the language's name in itself, as a link to a translation shows it:"
              " Deutsch", required=True),
        Field("months", Months(), "the months' names, January first", required=True),
        Field("month", Label("month", "year"), "a month of a year: {month} {year}", required=True),
        Field("day", Label("day", "month", "year"), "a day: {day} {month} {year}", required=True),
        group("types", TYPES, kind_name, "each document type's names"),
        Field("numbered", Label("name", "number"), "a numbered document: {name} #{number}", required=True),
        Field("see", Label(), "what the list of publications to read starts with: See:", required=True),
        Field("contents", Label(), "the title of the table of contents", required=True),
        Field("definition", Label("term"), "a definition's title: What do we mean by {term}?", required=True),
        group("relations", RELATIONS, Label(), "what a crosswalk says of evidence that relates so to a point"),
        Field("matrix_caption", Label("mark"), "the coverage matrix's caption", required=True),
        Field("matrix_corner", Label(), "the heading of the matrix's first column", required=True),
        Field("matrix_cited", Label(), "what a screen reader says of a marked cell of the matrix", required=True),
        Field("matrix_not_cited", Label(), "what a screen reader says of an empty cell", required=True),
        Field("matrix_description", Label("mark"), "how the matrix reads, for screen readers (Word)", required=True),
        Field("project", Label("name"), "the project box's title: The {name} project", required=True),
        *(Field(key, Label(), f"the project box's caption {key}", required=True)
          for key in ("coordinator", "contact", "website", "partners")),
        Field("funding", Label("programme", "grant"), "the funding statement", required=True),
        Field("page_number", Label("page", "pages"), "a printed page's number: Page {page} of {pages}",
              required=True),
        Field("skip", Label(), "the web page's link past its header", required=True),
        Field("download", Label(), "what the web page's list of other formats starts with", required=True),
        Field("publications", Label(), "the index page's title", required=True),
        Field("all_publications", Label(), "the web page's link to the index", required=True),
        Field("other_languages", Label(), "what the list of a publication's other languages starts with",
              required=True),
        Field("cited_elsewhere", Label(), "what the web page's list of cited publications starts with",
              required=True),
        Field("also_as", Label(), "the index page's list of a document's other formats", required=True),
        Field("cited", Label(), "the index page's heading over the publications cited", required=True),
        Field("cited_in", Label(), "what the list of documents citing a publication starts with", required=True),
        Field("index_description", Label("author", "series"), "the index page's description, for search engines",
              required=True),
        Field("back_to_note", Label("number"), "a footnote's link back to the text", required=True),
        group("formats", [name for name, writer in WRITERS.items() if writer.listed], Label(),
              "each format's name for readers"),
    ], "the words documents in one language show that no record holds")


class Labels(Record):
    """A checked catalogue: its labels by name (templates read `labels.see`), and what is made
    of them: dates, the names of document types, labels filled in."""

    __slots__ = ("language",)

    def date(self, date: str | None) -> str:
        """'2022' -> '2022', '2022-06' -> 'June 2022', '2022-06-05' -> '5 June 2022', in the
        catalogue's language; '' for no date."""
        if not date:
            return ""
        year, *rest = date.split("-")
        if not rest:
            return year
        month = self["months"][int(rest[0]) - 1]
        if len(rest) == 1:
            return fill(self["month"], month=month, year=year)
        return fill(self["day"], day=str(int(rest[1])), month=month, year=year)

    def type_name(self, doctype: str, plural: bool = False) -> str:
        """A document type's name: 'Policy Note', or the series' 'Policy Notes'."""
        return str(self["types"][doctype]["plural" if plural else "name"])

    @property
    def right_to_left(self) -> bool:
        return self["direction"] == "rtl"


def fill(label: str, **values: str) -> str:
    """A label with its placeholders filled in."""
    return PLACEHOLDER.sub(lambda m: str(values[m[1]]), label)


# Languages written right to left, for a text in one that has no catalogue of labels (none of
# the series' documents is in it): Arabic, Hebrew, Persian, Urdu, Pashto, Sindhi, Uyghur, Yiddish,
# Dhivehi, Kurdish (Sorani)
RIGHT_TO_LEFT = {"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"}


def direction_of(language: str, labels: Labels | None) -> str:
    """Which way `language` is written: as its catalogue of labels says (`labels`); without one,
    as RIGHT_TO_LEFT says."""
    if labels is not None:
        return labels["direction"]
    return "rtl" if language.split("-")[0].lower() in RIGHT_TO_LEFT else "ltr"


def path_for(folder: Path, language: str) -> Path | None:
    """The catalogue for `language` in the templates folder: its own (en-GB.yaml), else its
    language's without the region (en.yaml); None where neither exists."""
    for name in dict.fromkeys((language, language.split("-")[0])):
        path = folder / FOLDER / f"{name}.yaml"
        if path.is_file():
            return path
    return None


def check_all(folder: Path, problems: Problems) -> bool:
    """Check every catalogue of the templates `folder`, whether a document is in its language yet
    or not: a mistake in one is found as it is made, not when the first translation arrives.
    False where one has an error: a build then renders nothing, so none is reported twice."""
    before = len(problems.errors)
    for path in sorted((folder / FOLDER).glob("*.yaml")):
        load(folder, path.stem, problems, Mark(path.as_posix()))
    return len(problems.errors) == before


def load(folder: Path, language: str, problems: Problems, where: Mark) -> Labels | None:
    """The catalogue of `language` in the templates `folder`, checked; None with problems (at
    `where`, the place that asks for the language, when there is no catalogue at all)."""
    path = path_for(folder, language)
    if path is None:
        needed = ", ".join(catalogue().fields)
        problems.add(where, f"no labels for the language '{language}': {(folder / FOLDER).as_posix()}/ has no"
                     f" {language}.yaml", f"copy {FOLDER}/en.yaml to {FOLDER}/{language.split('-')[0]}.yaml and"
                     f" translate its labels: {needed}", code="labels")
        return None
    before = len(problems.errors)
    value = load_file(path, path.as_posix(), problems)
    record = None if value is None else catalogue().check(value, Context(problems))
    if record is None or len(problems.errors) > before:
        return None
    labels = Labels(record)
    labels.mark, labels.language = record.mark, language
    if labels["direction"] is None:
        labels["direction"] = "ltr"
    return labels
