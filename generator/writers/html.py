"""HTML writer: one standalone, accessible page per document, and an index of them all."""

from __future__ import annotations

import base64
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from xml.etree.ElementTree import Element

from markupsafe import Markup

from ..document import Document
from ..labels import PLACEHOLDER, Labels, direction_of, fill, path_for
from ..markdown_tree import copy_tree, spoken_whole
from ..markup import MATRIX_MARK, WEB_SCHEMES
from ..schema import TYPES
from ..theme import Theme
from ..xref import Anchors
from .safehtml import Policy, to_html

STYLESHEET = "html/style.css"
ICON = "html/favicon.svg"

# What a body may hold: the portable subset and nothing else (safehtml.py).
ALLOWED = Policy(
    tags=frozenset({"h2", "h3", "h4", "p", "ul", "ol", "li", "a", "strong", "em", "code", "br", "sup", "span",
                    "blockquote", "cite", "div", "footer", "section", "nav", "figure", "figcaption", "img",
                    "table", "caption", "thead", "tbody", "tr", "th", "td"}),
    attributes={"a": frozenset({"href", "class", "title"}),
                "div": frozenset({"class", "role", "aria-labelledby", "tabindex"}),
                "footer": frozenset({"class"}), "caption": frozenset({"id"}), "p": frozenset({"id", "class"}),
                "blockquote": frozenset({"class"}), "span": frozenset({"class", "aria-hidden"}),
                "section": frozenset({"class", "role"}), "nav": frozenset({"class", "aria-label"}),
                "sup": frozenset({"id"}), "li": frozenset({"id"}), "ol": frozenset({"start"}),
                "th": frozenset({"scope", "class"}), "figure": frozenset({"class"}),
                "img": frozenset({"src", "alt", "width", "height"}), "td": frozenset({"class"}),
                "h2": frozenset({"id"}), "h3": frozenset({"id"}), "h4": frozenset({"id"})},
    schemes=frozenset({*WEB_SCHEMES, "data"}),  # data: only for images, embedded (see _figure)
    link_rel="noopener")
WHOLE = {"p", "h2", "h3", "h4", "td", "th"}  # blocks a text in another language may fill (a list item keeps its list's way)
LABELLED = {"box", "definition", "matrix"}  # regions named by their title (_label)
TEXT_WIDTH = 704  # CSS pixels: the page's 44rem column, which a figure's width is a share of
LINK_PREFIXES = (*(f"{scheme}:" for scheme in WEB_SCHEMES), "#")  # '#': a footnote and its way back
ALIGN = re.compile(r"text-align:\s*(left|center|right)")  # how Python-Markdown aligns a pipe table's column
# A cross-reference to a file beside, a translation's too (policy-note-07.de.html)
PAGE_LINK = re.compile(r"[a-z0-9][a-z0-9-]*(\.[a-z]{2,3}(-[A-Za-z0-9]{2,4})*)?\.(html|pdf)(#[A-Za-z][\w-]*)?")


PAGES = "{}.html"  # another document's page, beside this one


def write(doc: Document, theme: Theme, siblings: str = PAGES, stylesheets: tuple[str, ...] = (STYLESHEET,),
          offer_formats: bool = True) -> str:
    """The document as a standalone HTML page: its metadata for catalogues, the document in its
    other formats with their sizes (when `offer_formats`), its footer linking to the index's
    entries. Its links to other documents go to the files `siblings` names, '{}' standing for an
    id; its style is `stylesheets` in order, so a later one's rules win over an earlier one's."""
    cited = list({o["id"]: o for entry in doc.citations for o in entry["outputs"]}.values())
    labels = theme.labels(doc.language)
    css = "\n".join([*(theme.text(name) for name in stylesheets), page_numbers(labels)])
    return theme.render("page.html.j2", doc=doc, body=Markup(body_html(doc, labels, siblings)), cited=cited,
                        css=Markup(css), icon=icon(theme), offers=offers(doc, labels) if offer_formats else [],
                        labels=labels, versions=versions(doc, theme, siblings))


def versions(doc: Document, theme: Theme, siblings: str = PAGES) -> list[dict]:
    """The publication in each language it is in, this page's too (search engines ask for every
    version on each): its language, its name in that language ("Deutsch"), where its file is."""
    return [{"language": language, "name": theme.labels(language)["language_name"], "href": siblings.format(ident),
             "here": ident == doc.id, "address": f"{doc.published_at}html/{ident}.html" if doc.published_at
             else siblings.format(ident)} for language, ident in doc.versions.items()]


def page_numbers(labels: Labels) -> str:
    """The print rule that numbers pages in the labels' language ("Page 2 of 5"): the label's
    words as CSS strings, its placeholders as the page counters."""
    pieces = PLACEHOLDER.split(labels["page_number"])  # words, a counter's name, words, ...
    content = " ".join(f"counter({piece})" if odd % 2 else _css_string(piece)
                       for odd, piece in enumerate(pieces) if piece)
    return f"@media print {{ @page {{ @bottom-center {{ content: {content}; }} }} }}\n"


def _css_string(text: str) -> str:
    """Text as a CSS string that cannot end its rule or its <style> element."""
    return '"' + text.replace("\\", "\\5c ").replace('"', "\\22 ").replace("<", "\\3c ") + '"'


def offers(doc: Document, labels: Labels) -> list[dict]:
    """The document's files in the other formats offered to readers, written before its page:
    each with its address beside the page, its label and size ('PDF, 72 kB')."""
    from . import WRITERS  # the table of writers imports this module

    return [{"href": f"../{name}/{doc.id}{WRITERS[name].suffix}", "label": labels["formats"][name],
             "size": readable_size(size), "mime": WRITERS[name].mime}
            for name, size in doc.sizes.items() if WRITERS[name].listed and name != "html"]


def readable_size(size: int) -> str:
    """A file's size for readers: '812 bytes', '41 kB', '1.2 MB' (decimal units, as file managers say).
    round() takes a half to the even number (41,500 bytes: '42 kB', 42,500: '42 kB'); either is fair."""
    if size < 1000:
        return f"{size} bytes"
    if round(size / 1000) < 1000:  # 999,600 bytes would round to "1000 kB": that is 1.0 MB
        return f"{round(size / 1000)} kB"
    return f"{size / 1_000_000:.1f} MB"


def icon(theme: Theme) -> str:
    """The house icon (templates/html/favicon.svg) as a data: address, so the page stays one file."""
    return "data:image/svg+xml;base64," + base64.b64encode(theme.text(ICON).encode("utf-8")).decode("ascii")


def write_index(docs: Sequence[Document], theme: Theme, writers: list) -> dict[str, Iterator[str]]:
    """The index page listing every document, with links to each of its other formats offered
    to readers (their rows in WRITERS); its text in pieces, as it is made: for a long series it
    is the largest file of the build. `docs` may be a build's Ledger: each document is read
    once for the page's order and the publications it cites, and again as its entry is made."""
    formats = [writer for writer in writers if writer.listed and writer.suffix != ".html"]
    first = docs[0] if len(docs) else None
    languages: Counter = Counter()
    order, publications, shared = [], {}, {}  # shared: one copy of each (heading, anchor) cited
    names: dict[str, str] = {}  # each language a document is in, by its name in itself
    for index, doc in enumerate(docs):
        names[doc.language] = ""
        if doc.original == doc.id:  # a translation is listed with its original, not on its own, and cites as it does
            languages[doc.language] += 1
            order.append((shared.setdefault(doc.type, doc.type), shared.setdefault(doc.date, doc.date), doc.id, index))
            _cite(publications, _Cited(docs, index, doc), doc.citations, shared)
        _title(publications, doc)
    language = max(sorted(languages), key=languages.__getitem__) if languages else "en"  # the most used
    for publication in publications.values():  # each named in the page's language where it can be
        titles = publication.pop("titles")
        said = next((said for said in titles if said.split("-")[0] == language.split("-")[0]), None)
        publication["language"] = said or publication["language"]
        publication["title"] = titles[said] if said else publication["title"]
        if publication["language"] and publication["language"].split("-")[0] != language.split("-")[0]:
            publication["direction"] = _direction(theme, publication["language"])  # marked on the page
        else:
            publication["language"] = None
    labels = theme.labels(language)
    names = {language: theme.labels(language)["language_name"] for language in names}
    html = theme.stream("index.html.j2", series=series(docs, order, labels), formats=formats, labels=labels,
                        names=names,
                        author=first.author if first else "", language=language,
                        publications=sorted(publications.values(), key=_by_title),
                        css=Markup(theme.text(STYLESHEET)), icon=icon(theme),
                        published_at=first.published_at if first else None)
    return {"index.html": html}


class _Picked:
    """Some of the documents, in a given order, each read as it is reached."""

    def __init__(self, docs: Sequence[Document], indices: list[int]) -> None:
        self.docs, self.indices = docs, indices

    def __len__(self) -> int:
        return len(self.indices)

    def __iter__(self) -> Iterator[Document]:
        return (self.docs[index] for index in self.indices)


def _by_title(publication: dict) -> tuple[str, str]:
    """The order of the index's publications: by title, whatever its case."""
    return publication["title"].casefold(), publication["id"]


class _Cited:
    """A document as the index names it beside a publication it cites: its id, label and language at hand,
    anything else a template asks of it read back (from a build's ledger) when asked."""

    __slots__ = ("_docs", "_index", "id", "label", "language", "direction")

    def __init__(self, docs: Sequence[Document], index: int, doc: Document) -> None:
        self._docs, self._index, self.id, self.label = docs, index, doc.id, doc.label
        self.language, self.direction = doc.language, doc.direction  # the index marks a heading in another

    def __getattr__(self, name: str):
        return getattr(self._docs[self._index], name)


class _Citations:
    """The headings that cite a publication, each with its document."""

    def __init__(self) -> None:
        self.citing, self.headings = [], []  # each citation's document (_Cited), and its (heading, anchor)

    def __len__(self) -> int:
        return len(self.citing)

    def __iter__(self) -> Iterator[dict]:
        return ({"doc": doc, "heading": heading, "anchor": anchor}
                for doc, (heading, anchor) in zip(self.citing, self.headings))


def series(docs: Sequence[Document], order: list[tuple], labels: Labels) -> list[dict]:
    """The documents by series, in the order of the types, newest first within each; `order`
    holds each document's (type, date, id, index)."""
    groups = [{"name": doctype.name, "title": labels.type_name(doctype.name, plural=True),
               "docs": _Picked(docs, [key[3] for key in sorted((key for key in order if key[0] == doctype.name),
                                                               key=lambda key: (key[1], key[2]), reverse=True)])}
              for doctype in TYPES.values()]
    return [group for group in groups if len(group["docs"])]


def _cite(publications: dict[str, dict], doc: _Cited, citations: list[dict], shared: dict) -> None:
    """Note each publication a document cites (its `citations`, Document.citations), and the
    heading that cites it: the index's list of publications, each with the headings that cite
    it. Headings repeat from document to document (action points): `shared` keeps one of each."""
    for entry in citations:
        heading = (entry["heading"], entry["anchor"])
        heading = shared.setdefault(heading, heading)
        for output in entry["outputs"]:
            item = publications.setdefault(output["id"], {**output, "citations": _Citations(), "titles": {}})
            item["citations"].citing.append(doc)
            item["citations"].headings.append(heading)


def _direction(theme: Theme, language: str) -> str:
    """Which way a language is written (labels.direction_of), its catalogue read once by the theme."""
    return direction_of(language, theme.labels(language) if path_for(theme.folder, language) else None)


def _title(publications: dict[str, dict], doc: Document) -> None:
    """Note each title a publication a document cites has, by its language (outputs.de.yaml)."""
    for entry in doc.citations:
        for output in entry["outputs"]:
            if output["id"] in publications and output["language"]:
                publications[output["id"]]["titles"].setdefault(output["language"], output["title"])


def body_html(doc: Document, labels: Labels, siblings: str = PAGES) -> str:
    """The body as sanitized HTML: boxes as notes, table headers scoped, what it says of itself
    (a matrix's cells to a screen reader, a note's way back) in `labels`' language."""
    tree = copy_tree(doc.tree())
    for body in tree.iter("tbody"):  # the first cell of each row heads that row
        for row in body:
            if len(row) and row[0].tag == "td":
                row[0].tag = "th"
                row[0].set("scope", "row")
    for figure in [div for div in tree.iter("div") if div.get("class") == "figure"]:
        _figure(figure, doc)
    for div in [div for div in tree.iter("div") if div.get("class") == "definition"]:
        _quotation(div)
    # A title's id must not be a heading's: a section may be called "Box 1 title".
    ids = Anchors(element.get("id") for element in tree.iter() if element.get("id"))
    for number, div in enumerate(div for div in tree.iter("div") if div.get("class") in LABELLED):
        _label(div, ids.take(f"{div.get('class')}-{number + 1}-title"), labels)
    _notes(tree, labels)
    for link in tree.iter("a"):
        heading = doc.xrefs.get(link.get("href", ""))
        if heading is not None:
            link.set("href", cross_reference(heading, doc, siblings))
    for element in tree.iter():
        _adapt(element)
        spoken = spoken_whole(element) if element.tag in WHOLE else None
        if spoken and spoken != doc.direction:  # all in a language written the other way: set out its way, as in Word
            element.set("dir", spoken)
    for nav in tree.iter("nav"):
        if nav.get("class") == "contents":
            nav.set("aria-label", labels["contents"])
    return to_html(tree, ALLOWED)


# Each kind of marked block (markup.DIVS) as HTML: its element and attributes.
BLOCKS = {"box": ("div", {"class": "box", "role": "note"}),
          "definition": ("div", {"class": "box", "role": "note"}),
          "matrix": ("div", {"class": "matrix", "role": "region"}),
          "colophon": ("footer", {"class": "closing"}),
          "notes": ("section", {"class": "notes", "role": "doc-endnotes"}),
          "logos": ("div", {"class": "logos"}),
          "contents": ("nav", {"class": "contents"})}  # named in the document's language (body_html)


def _quotation(div: Element) -> None:
    """A definition's quotation stays a block quote, and the paragraph after it, its source, is
    cited as such (markup.DIVS: a definition is a title, a quotation, then its source)."""
    children = list(div)
    for quote, source in zip(children, children[1:]):
        if quote.tag == "blockquote" and source.tag == "p":
            quote.set("class", "quotation")
            cite = Element("cite")
            cite.text, source.text = source.text, None
            for child in list(source):  # moved into the citation, not copied
                source.remove(child)
                cite.append(child)
            source.append(cite)
            source.set("class", "source")


def _notes(tree: Element, labels: Labels) -> None:
    """Each footnote's way back to the text, titled in the document's language with its number."""
    for notes in (div for div in tree.iter("div") if div.get("class") == "notes"):
        items = notes.find("ol")
        for number, item in enumerate(() if items is None else items, start=1):
            for back in item.iter("a"):
                if back.get("class") == "footnote-backref":
                    back.set("title", fill(labels["back_to_note"], number=str(number)))


def _label(div: Element, title_id: str, labels: Labels) -> None:
    """Name a box or a matrix by its title (a box's first paragraph, a matrix's caption), so a screen
    reader announces the region with it; a matrix scrolls sideways inside its region, never the
    page, so it takes keyboard focus to scroll."""
    title = next(div.iter("caption"), None) if div.get("class") == "matrix" else next(iter(div), None)
    if title is not None and title.tag in ("caption", "p"):
        title.set("id", title_id)
        div.set("aria-labelledby", title_id)
    if div.get("class") == "matrix":
        div.set("tabindex", "0")
        for cell in div.iter("td"):  # a tick is read out as a word; an empty cell says so too
            cited = (cell.text or "").strip() == MATRIX_MARK
            cell.text = None
            if cited:  # its class lets print draw the tick where a tagged PDF leaves it unread (pdf.css)
                cell.set("class", classes(cell, "cited"))
                cell.append(Element("span", {"aria-hidden": "true"}))
                cell[-1].text = MATRIX_MARK
            words = Element("span", {"class": "visually-hidden"})
            words.text = labels["matrix_cited" if cited else "matrix_not_cited"]
            cell.append(words)


def classes(element: Element, name: str) -> str:
    """An element's classes with `name` added."""
    return " ".join(filter(None, (element.get("class"), name)))


def cross_reference(heading, doc: Document, siblings: str = PAGES) -> str:
    """Where a page links to a heading (xref.Heading): in the page itself, or in another's file.
    `siblings` is filled in with str.format: a document id holds no braces, and neither can
    publications_url (fields.URL_UNSAFE refuses them), so nothing else in it is read as a field."""
    page = "" if heading.doc == doc.id else siblings.format(heading.doc)
    return page + (f"#{heading.anchor}" if heading.anchor else "") or "#content"


def _figure(div: Element, doc: Document) -> None:
    """A figure as `<figure>`: its image embedded (the page stays one file), as wide as asked and
    never wider than the page; its caption, if any, as `<figcaption>`."""
    image = doc.media[div.get("src")]
    width = round(TEXT_WIDTH * int(div.get("width") or 100) / 100)
    img = Element("img", {"src": f"data:{image.mime};base64,{base64.b64encode(image.data).decode('ascii')}",
                          "alt": div.get("alt", ""), "width": str(width),
                          "height": str(round(width * image.height / image.width))})
    caption = list(div)
    div.clear()
    div.tag = "figure"
    div.set("class", "figure")
    div.append(img)
    if caption:
        text = Element("figcaption")
        text.extend(caption)
        div.append(text)


def _adapt(element: Element) -> None:
    """Give an element its accessible HTML form."""
    if element.tag == "blockquote" and element.get("class") != "quotation":  # in a source's text: boxed, as in Word
        element.tag, element.attrib = BLOCKS["box"][0], dict(BLOCKS["box"][1])
    elif element.tag == "div" and element.get("class") in BLOCKS:
        tag, attributes = BLOCKS[element.get("class")]
        labels = {name: element.get(name) for name in ("aria-labelledby", "tabindex") if element.get(name)}
        element.tag, element.attrib = tag, {**attributes, **labels}
    if element.tag == "th" and "scope" not in element.attrib:
        element.set("scope", "col")
    href = element.get("href", "")
    if element.tag == "a" and not (href.lower().startswith(LINK_PREFIXES) or PAGE_LINK.fullmatch(href)):
        element.tag = "span"  # sources link only to the web and to mail; anything else stays text
        element.attrib.clear()
    style = element.attrib.pop("style", None)
    align = ALIGN.search(style) if style else None
    if align:  # pipe-table alignment, as a class the stylesheet (and a strict CSP) allows
        element.set("class", classes(element, f"align-{align[1]}"))
