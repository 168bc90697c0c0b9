"""The intermediate every writer reads: a document's metadata plus its portable Markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from .images import Image
from .xref import Heading
from .markdown_tree import parse, safe_markdown
from .problems import Mark

# Characters XML 1.0 cannot hold (C0 controls but tab and line ends, surrogates, U+FFFE/F).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# In the body, all but the marks of text in another language (markup.SPAN_OPEN, SPAN_SAID and
# SPAN_CLOSE: U+000E, U+001F, U+000F), which the parser turns into spans and drops where stray
BODY_INVALID = re.compile("[\x00-\x08\x0b\x0c\x10-\x1e\ud800-\udfff\ufffe\uffff]")


@dataclass
class Document:
    """One rendered document: what it is, and its body as portable Markdown."""

    id: str
    type: str
    label: str  # the series label, in the document's language: "Policy Note #7"
    date: str | None  # the publication date as precise as known: "2022", "2022-06", "2022-06-05"
    language: str
    title: str
    subtitle: str | None
    description: str
    keywords: list[str]
    author: str
    body: str  # marked Markdown (markup.py): the portable subset, and markers of structure
    series: str = ""  # the series it belongs to, for catalogues: "FOCUS Policy Notes"
    number: int | None = None  # its number in the series, if it has one: 7
    identifier: str = ""  # its name in catalogues and Word's properties: "FOCUS Policy Note 7"
    published_at: str | None = None  # the address its build is published under (project.yaml), if any
    date_text: str = ""  # the publication date for readers, in the document's language: "June 2022"
    direction: str = "ltr"  # which way its language is written: "ltr", or "rtl" (Arabic, Hebrew)
    # The publication in each language it is in, this document's among them: language -> document id,
    # the original first; empty where it has no translation
    versions: dict[str, str] = field(default_factory=dict, compare=False)
    # The size in bytes of its file in each format written before this one's page (build.py fills it)
    sizes: dict[str, int] = field(default_factory=dict, compare=False)
    source: Mark | None = field(default=None, compare=False)  # the record it was rendered from
    # Which publications each heading cites: [{"heading", "anchor", "outputs": [{"id", "title", "url"}]}];
    # each output's dict is shared by every document that cites it: read only
    citations: list[dict] = field(default_factory=list, compare=False)
    # The records it shows, with a fingerprint of each field (provenance.py): why its text changed
    sources: dict[str, dict] = field(default_factory=dict, compare=False)
    media: dict[str, Image] = field(default_factory=dict, compare=False)  # the images it shows, by path
    xrefs: dict[str, Heading] = field(default_factory=dict, compare=False)  # 'doc:x#y' -> the heading it names
    places: list[tuple[str, Mark]] = field(default_factory=list, compare=False)  # source texts shown, and where
    _tree: Element | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Drop what no XML file can hold, and escape in the body what CommonMark would read as
        markup outside the subset: every writer is then safe from both, checked or not."""
        for name in ("title", "subtitle", "description", "author", "label", "body"):
            value = getattr(self, name)
            if value:
                setattr(self, name, (BODY_INVALID if name == "body" else XML_INVALID).sub("", value))
        self.keywords = [XML_INVALID.sub("", keyword) for keyword in self.keywords]
        self.body = safe_markdown(self.body)

    def place_of(self, quoted: str) -> Mark | None:
        """Where the source text holding `quoted` was written (a field of a record), if any."""
        return next((mark for text, mark in self.places if quoted and quoted in text), None)

    @property
    def header(self) -> str:
        """The running header: 'Policy Note #7 · June 2022'."""
        return " · ".join(part for part in (self.label, self.date_text) if part)

    @property
    def right_to_left(self) -> bool:
        return self.direction == "rtl"

    @property
    def original(self) -> str:
        """The id of the document this one translates; its own where it translates none."""
        return next(iter(self.versions.values()), self.id)

    def release(self) -> None:
        """Forget the parsed tree once every writer has used it: a large build keeps memory flat."""
        self._tree = None

    def slim(self) -> None:
        """Keep only what is read of a document once its files are written (its metadata,
        citations and images, for the index and the manifest): a large build keeps memory flat."""
        self.body, self.places, self.sources, self.xrefs, self._tree = "", [], {}, {}, None

    def tree(self) -> Element:
        """The body parsed into an element tree (once), for the writers: its marked blocks are
        `<div class="kind">` elements, its headings carry their ids."""
        if self._tree is None:
            self._tree = parse(self.body)
        return self._tree
