"""Render each document once, from its record and templates/<type>.md.j2, into a Document.

Sources are data, never templates: record text reaches Jinja only as values. Plain-text
fields are escaped for Markdown on output, Markdown fields go in as they are, and a
mistyped name in a template is an error (StrictUndefined), never an empty string.
"""

from __future__ import annotations

import re
from collections import ChainMap
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import jinja2

from .corpus import Corpus, TranslatedSummary
from .coverage import matrix_columns, plan_row
from .document import Document
from .fields import MarkdownText, PlainText, Record, UrlText
from .labels import PLACEHOLDER, Labels, direction_of, fill, path_for
from .labels import load as load_labels
from .markup import MATRIX_MARK, escape_address, escape_markers, escape_text, images, language_span, open_block, \
    own_notes
from .problems import Mark, Problems
from .provenance import Watch, Watched
from .schema import TYPES, DocType
from .theme import template_mark
from .xref import ANCHOR, TARGET, Heading, heading_ids, place_points


SHOWN: list = []  # the source texts the document being rendered shows, with where each was written
# What finalize asks of a text of the document being rendered: its language and direction where
# that is not the document's (Renderer._speech), or None
SPEAKING: list = [None]


def finalize(value):
    """Jinja's last step for every `{{ }}`: escape plain text and addresses; Markdown goes in as it
    is (checked when it was read), but never as a marker of structure (markup.py). Each source
    text shown is noted with its place, so a later warning about it can point there; one in
    another language than the document's is marked as such (SPEAKING)."""
    if getattr(value, "mark", None) is not None:
        SHOWN.append((str(value), value.mark))
    if isinstance(value, PlainText):
        return _spoken(value, _escaped(str(value), "text"))
    if isinstance(value, UrlText):
        return _escaped(str(value), "address")
    if isinstance(value, MarkdownText):
        return _spoken(value, _escaped(str(value), "markdown"))
    return value


def _spoken(value, text: str) -> str:
    """A text as the document shows it: marked with its language where that is not the
    document's (markup.language_span)."""
    foreign = SPEAKING[0] and SPEAKING[0](value)
    return language_span(text, *foreign, plain=isinstance(value, PlainText)) if foreign and text.strip() else text


def _kept(change):
    """A Jinja filter that keeps what it is given a source text (its kind, its place), so that
    finalize still knows it: `output.summary|trim|indent(2)`."""
    def kept(value, *args, **kwargs):
        changed = change(value, *args, **kwargs)
        if isinstance(value, (PlainText, MarkdownText)) and isinstance(changed, str):
            changed, changed.mark, changed.translatable = type(value)(changed), value.mark, value.translatable
        return changed
    return kept


# A series shows its shared records' texts in document after document: each is escaped once and
# stays; a document's own texts pass through once each, and the bound keeps them from piling up.
@lru_cache(maxsize=2048)
def _escaped(text: str, kind: str) -> str:
    """A source text as Markdown, escaped as its kind asks."""
    if kind == "text":
        return escape_text(text)
    if kind == "address":
        return escape_address(text)
    return own_notes(escape_markers(text))


def heading_id(anchor: str) -> MarkdownText:
    """A heading's id, as written after its text: `## Housing {{ section.anchor|id }}`."""
    return MarkdownText(f" {{#{anchor}}}")


def filled(label: PlainText, **values) -> str:
    """A label of the catalogue with its placeholders filled in (`labels.funding|fill(grant=...)`):
    the label's own words escaped as plain text, each value as `finalize` takes it."""
    pieces = PLACEHOLDER.split(label)  # words, a placeholder's name, words, ...
    return "".join(str(finalize(values[piece])) if index % 2 else _escaped(piece, "text") if piece else ""
                   for index, piece in enumerate(pieces))


def host(url: str) -> PlainText:
    """An address as people say it: 'www.example.org'."""
    return PlainText(re.sub(r"^[a-z]+:(//)?", "", str(url)).rstrip("/"))


def environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment for Markdown templates."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # these templates write Markdown; `finalize` escapes plain text
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(host=host, id=heading_id, fill=filled, trim=_kept(env.filters["trim"]),
                       indent=_kept(env.filters["indent"]))
    env.globals.update(open_block=open_block)
    return env


def render_all(corpus: Corpus, templates: Path) -> tuple[list[Document], Problems]:
    """Render every document of the corpus; template errors become problems."""
    problems = Problems()
    return list(render_each(corpus, templates, problems)), problems


def render_each(corpus: Corpus, templates: Path, problems: Problems) -> Iterator[Document]:
    """Render the corpus's documents one at a time, in order, each cross-referenced: a build
    writes each and lets it go before the next, so its memory does not grow with the series.
    A document whose template fails is left out, and `problems` says why."""
    render = Renderer(corpus, templates)
    for summary in corpus.documents:
        document = render(summary, problems)
        if document is not None:
            yield document


class Renderer:
    """Renders any document of the corpus, cross-referenced, on its own: what documents share
    (the templates, the fingerprints of fields, the cross-references) is made once, so a
    build's worker processes can each render their share of the series."""

    def __init__(self, corpus: Corpus, templates: Path) -> None:
        self.corpus, self.env, self.links = corpus, environment(templates), _Links(corpus)
        self.templates = templates
        # Fingerprints of fields, shared by every document in a language that shows them
        self.known: dict[str, dict] = {}
        self.labels: dict[str, Labels | None] = {}  # each language's catalogue, read once
        self.directions: dict[str, str] = {}  # which way each language is written (_direction)

    def __call__(self, summary: Record, problems: Problems) -> Document | None:
        """The document of one summary (Corpus.documents); None, and `problems` says why, where
        its record, its template or its language's labels fail."""
        record = self.corpus.full(summary, problems)
        labels = None if record is None else self.labels_for(record, problems)
        language = str(record["language"]) if record is not None else ""
        SPEAKING[0] = None if record is None else self._speech(record, summary)
        document = None if labels is None else _render_one(record, self.corpus.in_language(language), self.env,
                                                           problems, Watch(self.known.setdefault(language, {})), labels)
        SPEAKING[0] = None
        if document is not None:
            self.links.resolve(document, summary)
        return document

    def _speech(self, record: Record, summary: Record):
        """What `finalize` asks of each text the document shows (SPEAKING): (its language, which
        way that is written) where it is not the document's language; None where every text is
        in it (a series in one language)."""
        language, series = str(record["language"]), self.corpus.project["language"]
        original = getattr(summary, "original", None)  # a translation's source: (its file, its digest)
        if original is None and not self.corpus.file_languages and _base(series or language) == _base(language):
            return None
        sources = {summary.source[0]: language}
        if original is not None:
            sources[original[0]] = regional(self.corpus.by_id[summary["id"].split(".")[0]]["language"], series)

        def foreign(text) -> tuple[str, str] | None:
            mark = getattr(text, "mark", None)
            if mark is None or not getattr(text, "translatable", True):
                return None  # a label's (in the document's language) or data's (in none)
            said = sources.get(mark.path) or self.corpus.file_languages.get(mark.path) or (
                series if mark.path in self.corpus.series_files else None)
            return (said, self._direction(said)) if said and _base(said) != _base(language) else None
        return foreign

    def _direction(self, language: str) -> str:
        """Which way `language` is written (labels.direction_of), each language's catalogue read once."""
        if language not in self.directions:
            found = path_for(self.templates, language) and load_labels(self.templates, language, Problems(),
                                                                       Mark(language))
            self.directions[language] = direction_of(language, found or None)
        return self.directions[language]

    def labels_for(self, record: Record, problems: Problems) -> Labels | None:
        """The labels in the document's language; None where there are none, which is said at the
        document's language for each document, and once for a catalogue that has problems."""
        language = regional(record["language"], self.corpus.project["language"])
        if language not in self.labels or self.labels[language] is None and not path_for(self.templates, language):
            self.labels[language] = load_labels(self.templates, language, problems, record["language"].mark)
        return self.labels[language]


class _Links:
    """What the cross-references of every document need, known from the records before any is
    rendered: the headings a link can name, and where each action point is shown. Only what
    is small is kept for the whole series (the first heading showing each action point); a
    document's headings are worked out from its record when a link names it, so memory does
    not grow with the series."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.records = corpus.by_id
        originals = [record for record in corpus.documents if not isinstance(record, TranslatedSummary)]
        newest = sorted(originals, key=lambda r: (r["date"] or "", r["id"]), reverse=True)
        self.first: dict[str, tuple[str, str]] = {}  # each action point's first heading, as the index lists them
        for record in sorted(newest, key=lambda r: list(TYPES).index(r["type"])):
            for point, anchor in _places(record):
                self.first.setdefault(point, (record["id"], anchor))
        self.headings = lru_cache(maxsize=256)(self._headings)  # bounded: a series links to few documents at once
        # Each translated publication's versions, by language: the original's id, then its translations'
        # (only those: a long series of documents in one language keeps nothing here)
        self.versions: dict[str, dict[str, str]] = {}
        for translated in (r for r in corpus.documents if isinstance(r, TranslatedSummary)):
            original = self.records[translated["id"].split(".")[0]]
            for record in (original, translated):
                language = regional(record["language"], corpus.project["language"])
                self.versions.setdefault(original["id"], {})[language] = record["id"]

    def resolve(self, doc: Document, record: Record) -> None:
        """Make each `point:` link a `doc:` one, each to the document's own language where the
        target is translated into it, and give the document the headings its links name
        (xref.py), for the writers; `record` is the document's own."""
        doc.versions = self.versions.get(doc.id.split(".")[0], {})  # shared, read only
        own = {}
        for point, anchor in _places(record):
            own.setdefault(point, (doc.id, anchor))  # an action point the document shows itself: its heading here
        doc.body = place_points(doc.body, ChainMap(own, self.first))
        if self.versions:
            doc.body = DOC_LINK.sub(lambda link: self._in_language(link, doc.language), doc.body)
        for match in TARGET.finditer(doc.body):
            if match[1] == "doc" and match[2] in self.records:
                heading = self.headings(match[2]).get(match[3] or "")
                if heading is not None:
                    doc.xrefs[match.group(0)] = heading

    def _in_language(self, link: re.Match, language: str) -> str:
        """A link to a document (DOC_LINK) made a link to its version in `language`, where it is
        translated into it: the same heading there, by its place (a translation's sections are
        its source's, one for one)."""
        versions = self.versions.get(link["doc"], {})
        found = versions.get(language) or versions.get(language.split("-")[0])  # as corpus.Corpus.in_language
        if found is None or found == link["doc"]:
            return link.group(0)
        if not link["anchor"]:
            return f"](doc:{found}"
        anchor = dict(zip(self._anchors(link["doc"]), self._anchors(found))).get(link["anchor"])
        if anchor is None or not ANCHOR.fullmatch(anchor):  # a heading no link can name ('1-ergebnisse')
            return link.group(0)
        return f"](doc:{found}#{anchor}"

    def _anchors(self, ident: str) -> list[str]:
        """A document's heading ids in the order they stand."""
        return [anchor for section in heading_ids(self.records[ident]) for anchor in
                (section["anchor"], *section["action_points"].values(), *section["action_plan_points"].values())]

    def _headings(self, ident: str) -> dict[str, Heading]:
        """Every heading of a document a cross-reference can name, by id ('' for the document itself)."""
        record = self.records[ident]
        corpus = self.corpus.in_language(record["language"])  # its action points' titles in its language
        headings = {"": Heading(ident, "", str(record["title"]))}
        for section in heading_ids(record):
            headings[section["anchor"]] = Heading(ident, section["anchor"], section["title"])
            for point, anchor in section["action_points"].items():
                headings[anchor] = Heading(ident, anchor, str(corpus.action_points[point]["title"]))
            for point, anchor in section["action_plan_points"].items():
                headings[anchor] = Heading(ident, anchor, str(corpus.plan_points[point]["title"]))
        return headings


# A link to a document of the series in a rendered body (every `point:` is a `doc:` already), to
# the end of its address: a title may follow
DOC_LINK = re.compile(r"\]\(doc:(?P<doc>[a-z0-9][a-z0-9-]*)(?:#(?P<anchor>" + ANCHOR.pattern + r"))?(?=[\s)])")


def _base(language: str) -> str:
    """A language without its region: 'en' for en-GB."""
    return language.split("-")[0].lower()


def _places(record: Record) -> Iterator[tuple[str, str]]:
    """Each action point a document shows, and the id of its heading there, in order."""
    for section in heading_ids(record):
        yield from section["action_points"].items()


def _render_one(record: Record, corpus: Corpus, env: jinja2.Environment, problems: Problems,
                watch: Watch, labels: Labels) -> Document | None:
    """Render one document, or report where its template failed."""
    doctype = TYPES[record["type"]]
    expanded = expand_document(record, corpus, watch)
    SHOWN.clear()
    try:
        template = env.get_template(doctype.template)
        body = template.render(doc=expanded, doctype=doctype, project=watch.wrap("project", corpus.project),
                               plan=watch.wrap("Action Plan", corpus.plan), labels=labels)
    except jinja2.TemplateNotFound as exc:
        problems.add(record.mark, f"no template {exc.name} for type '{doctype.name}'",
                     f"add it to the templates folder {env.loader.searchpath[0]}", code="template")
        return None
    except jinja2.TemplateSyntaxError as exc:
        problems.add(template_mark(_folder(env), exc), f"template syntax: {exc.message}", code="template")
        return None
    except jinja2.TemplateError as exc:
        problems.add(template_mark(_folder(env), exc), f"template: {_plain(exc.message)} (rendering {record['id']})",
                     code="template")
        return None
    except Exception as exc:  # noqa: BLE001 - whatever a template's expression raises: 1/0, 1 + "a", recursion
        problems.add(template_mark(_folder(env), exc), f"template: {type(exc).__name__}: {exc}"
                     f" (rendering {record['id']})", "correct the template at this line", code="template")
        return None
    watch.read("project", corpus.project, "name")  # the author of every document, in every format
    document = _document(record, doctype, corpus, body, citations(expanded, corpus), labels)
    if not _attach_images(document, corpus, watch, problems, record):
        return None
    document.places = list(dict.fromkeys(SHOWN))
    document.sources = watch.sources(f"document {record['id']}", record)
    return document


def _attach_images(document: Document, corpus: Corpus, watch: Watch, problems: Problems, record: Record) -> bool:
    """Give the document the images its body shows, each read once by the corpus; False, with
    a problem, when the template names one no record does."""
    shown = images(document.body)
    unknown = [path for path in shown if path not in corpus.media]
    if unknown:
        problems.add(record.mark, f"the template shows {unknown[0]}, which no record names (rendering {record['id']})",
                     "name images in the records (figures, logos, the emblem), not in templates", code="image")
        return False
    document.media = {path: corpus.media[path] for path in shown}
    for path, image in document.media.items():  # a new picture under the same name changes the document
        watch.read(f"image {path}", {"bytes": image.sha256[:12]}, "bytes")
    return True


def citations(expanded: dict, corpus: Corpus) -> list[dict]:
    """Each heading of the document that cites publications, its anchor, and what it cites."""
    cited = []
    for section in expanded["sections"]:
        cited += [_cite(point, point["see"], corpus) for point in section["action_points"]]
        cited += [_cite(point, [o for link in point["links"] for o in link["see"]], corpus)
                  for point in section["action_plan_points"]]
        if section["outputs"]:
            cited.append(_cite(section, section["outputs"], corpus))
    return [entry for entry in cited if entry["outputs"]]


def _cite(heading: dict, outputs: list[Record], corpus: Corpus) -> dict:
    """A heading (its text and id) and the distinct outputs it cites."""
    unique = {output["id"]: output for output in outputs}.values()
    return {"heading": str(heading["title"]), "anchor": str(heading["anchor"]),
            "outputs": [_cited(str(o["id"]), str(o["title"]), str(o["url"]), corpus.language_of(o["title"]))
                        for o in unique]}


@lru_cache(maxsize=1024)
def _cited(ident: str, title: str, url: str, language: str | None) -> dict:
    """An output as a citation names it, with its title's language (None: not known): one dict,
    read only, for every document that cites it, which a long series keeps (for the index)
    until the build ends."""
    return {"id": ident, "title": title, "url": url, "language": language}


def _document(record: Record, doctype: DocType, corpus: Corpus, text: str, cited: list[dict],
              labels: Labels) -> Document:
    """Assemble the Document from the record's metadata and the rendered text; what it says of
    itself (its series, its date) in its language."""
    name, number = labels.type_name(doctype.name), record["number"]
    author = str(corpus.project["name"])
    return Document(  # plain text throughout: a long build keeps each document until it ends
        id=str(record["id"]), type=doctype.name, label=fill(labels["numbered"], name=name, number=number) if number
        else name, date=None if record["date"] is None else str(record["date"]),
        language=labels.language, title=str(record["title"]),
        subtitle=str(record["subtitle"]) if record["subtitle"] else None,
        description=str(record["description"]), keywords=[str(k) for k in record["keywords"]],
        author=author, body=normalise_markdown(text), source=record.mark, citations=cited,
        series=f"{author} {labels.type_name(doctype.name, plural=True)}",
        published_at=_address(corpus.project["publications_url"]), number=number,
        identifier=f"{author} {name} {number}" if number else f"{author} {record['id']}",
        date_text=labels.date(record["date"]), direction=labels["direction"],
    )


def _address(url) -> str | None:
    """The address a build is published under, ending in '/' so that paths join onto it."""
    return None if not url else str(url).rstrip("/") + "/"


def regional(language: str, series: str | None) -> str:
    """A document's language with the series' region where it names none: 'en' in an en-GB series
    is en-GB, so that Word checks British spelling and pages say so; 'de' stays 'de'."""
    if series and "-" not in language and series.split("-")[0] == language:
        return series
    return language


def normalise_markdown(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one newline at the end."""
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip("\n") + "\n"


def _plain(message: str | None) -> str:
    """Jinja's message without Python type names: "the record has no attribute 'x'"."""
    return re.sub(r"'[\w.]*?(Record|dict) object'", "the record", message or "")


def _folder(env: jinja2.Environment) -> Path:
    """The templates folder, as given."""
    return Path(env.loader.searchpath[0])


def expand_document(record: Record, corpus: Corpus, watch: Watch) -> dict:
    """The document record with every id in its sections, and its closing matter, resolved;
    each record it shows wrapped so that `watch` notes which of its fields are shown, each
    heading given its id."""
    return {**record, "sections": [_expand_section(s, ids, corpus, watch)
                                   for s, ids in zip(record["sections"], heading_ids(record))],
            "closing": [watch.wrap(f"closing {c['id']}", c) for c in corpus.closing_of(record)]}


def _matrix(plan_ids: list[str], corpus: Corpus, watch: Watch, targets: dict[str, str]) -> dict | None:
    """The coverage matrix of Action Plan points (rows) by the outputs they cite (columns); each
    row's label links to the point's heading (`targets`: its cross-reference)."""
    if not plan_ids:
        return None
    rows = [plan_row(corpus, ident) for ident in plan_ids]
    columns = matrix_columns(corpus, rows)
    for row in rows:  # what the matrix shows: the points' titles, their links, the outputs' titles
        watch.read(f"Action Plan point {row['id']}", corpus.plan_points[row["id"]], "title")
        for ident in row["action_points"]:
            watch.read(f"action point {ident}", corpus.action_points[ident], "action_plan")
    for output in columns:
        watch.read(f"output {output['id']}", output, "title", "short")
    return {"columns": columns, "mark": MATRIX_MARK,
            "rows": [{"title": row["title"], "target": targets[row["id"]],
                      "marks": [c["id"] in row["outputs"] for c in columns]} for row in rows]}


def _expand_section(section: Record, ids: dict, corpus: Corpus, watch: Watch) -> dict:
    """A section with its picks resolved, and its headings' ids (xref.heading_ids)."""
    return {
        **section,
        "anchor": ids["anchor"],
        "matrix": _matrix(section["action_plan_points"], corpus, watch,
                          {point: f"doc:{ids['doc']}#{anchor}" for point, anchor in ids["action_plan_points"].items()}),
        "definitions": [watch.wrap(f"definition {i}", corpus.definitions[i]) for i in section["definitions"]],
        "boxes": [watch.wrap(f"box {i}", corpus.boxes[i]) for i in section["boxes"]],
        "action_points": [_expand_point(corpus.action_points[i], corpus, watch, ids["action_points"][i])
                          for i in section["action_points"]],
        "action_plan_points": [_expand_plan_point(i, corpus, watch, ids["action_plan_points"][i])
                               for i in section["action_plan_points"]],
        "outputs": [_output(i, corpus, watch) for i in section["outputs"]],
    }


def _output(ident: str, corpus: Corpus, watch: Watch) -> Watched:
    """An output of the catalogue, as a template sees it."""
    return watch.wrap(f"output {ident}", corpus.outputs[ident])


def _expand_point(point: Record, corpus: Corpus, watch: Watch, anchor: str) -> Watched:
    """An action point with its 'see' outputs resolved, and its heading's id."""
    see = [_output(i, corpus, watch) for i in point["see"]]
    return watch.wrap(f"action point {point['id']}", point, {**point, "see": see, "anchor": anchor})


def _expand_plan_point(plan_id: str, corpus: Corpus, watch: Watch, anchor: str) -> Watched:
    """An Action Plan point with the links of every action point that speaks to it; a link is
    part of its action point's 'action_plan', and shows that point's fields too."""
    links = []
    for point, link in corpus.links_to(plan_id):
        label = f"action point {point['id']}"
        data = {**link, "action_point": watch.wrap(label, point), "see": [_output(i, corpus, watch) for i in link["see"]]}
        links.append(watch.wrap(label, point, data, field="action_plan"))
    plan = corpus.plan_points[plan_id]
    return watch.wrap(f"Action Plan point {plan_id}", plan, {**plan, "links": links, "anchor": anchor})
