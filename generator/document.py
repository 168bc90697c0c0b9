"""The intermediate every writer reads: a document's metadata plus its portable Markdown body."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from .markdown_tree import parse

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def month_text(month: str | None) -> str:
    """'2022-06' -> 'June 2022'; '' when there is no date."""
    if not month:
        return ""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


@dataclass
class Document:
    """One rendered document: what it is, and its body as portable Markdown."""

    id: str
    type: str
    label: str  # the series label: "Policy Note #7"
    date: str | None  # the publication month, "2022-06"
    language: str
    title: str
    subtitle: str | None
    description: str
    keywords: list[str]
    author: str
    body: str
    _tree: Element | None = field(default=None, repr=False, compare=False)

    @property
    def date_text(self) -> str:
        """The publication month for readers: 'June 2022'."""
        return month_text(self.date)

    @property
    def header(self) -> str:
        """The running header: 'Policy Note #7 · June 2022'."""
        return " · ".join(part for part in (self.label, self.date_text) if part)

    def tree(self) -> Element:
        """The body parsed into an element tree (once), for the HTML and Word writers."""
        if self._tree is None:
            self._tree = parse(self.body)
        return self._tree
