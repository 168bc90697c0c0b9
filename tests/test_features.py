"""Per-feature golden pairs, in the style of pandoc's tests and Python-Markdown's
`assertMarkdownRenders`: each tests/features/<name>.txt is a body as the renderer writes it
(the portable Markdown and its markers, markup.py), and beside it what each writer makes of
it: <name>.html (the page's body), <name>.md (the published Markdown), <name>.docx.xml (the
Word body, and its footnotes if any), <name>.json (the document's parts).

`make golden` (pytest --update-golden) rewrites them after an intended change; review the diff.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from lxml import etree

from conftest import CORPORA, ROOT, TEMPLATES
from generator.document import Document
from generator.images import read
from generator.theme import Theme
from generator.writers import docx, html, markdown, outline
from generator.xref import Heading

FEATURES = ROOT / "tests" / "features"
NAMES = sorted(path.stem for path in FEATURES.glob("*.txt"))
FIGURE = "media/arrivals.png"
THEME = Theme(TEMPLATES)


def document(name: str) -> Document:
    """A brief whose body is the feature's text; it may show the mini corpus's chart, and link to
    a heading of a document 'other' and to its own."""
    doc = Document(id="feature", type="brief", label="Integration Brief #1", date="2024-05", language="en",
                   title=f"Feature: {name}", subtitle=None, description="A feature.", keywords=[], author="Mini",
                   body=(FEATURES / f"{name}.txt").read_text(encoding="utf-8"), date_text="May 2024")
    doc.media = {FIGURE: read(FIGURE, (CORPORA["mini"] / FIGURE).read_bytes())}
    doc.xrefs = {"doc:other": Heading("other", "", "The other note"),
                 "doc:other#housing": Heading("other", "housing", "Promote access to housing")}
    for anchor in ("here", "first", "second", "a-section", "a-point"):
        doc.xrefs[f"doc:feature#{anchor}"] = Heading("feature", anchor, anchor.replace("-", " ").capitalize())
    return doc


def word_body(data: bytes) -> str:
    """The Word file's body (its paragraphs and tables, not its section settings) and footnotes, as
    indented XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))[0]
        body.remove(body[-1])  # the section's settings: the reference document's
        parts = [etree.tostring(body, pretty_print=True, encoding="unicode")]
        if "word/footnotes.xml" in package.namelist():
            parts.append(etree.tostring(etree.fromstring(package.read("word/footnotes.xml")), pretty_print=True,
                                        encoding="unicode"))
    return "".join(parts)


OUTPUTS = {
    "html": lambda doc: html.body_html(doc, THEME.labels(doc.language)) + "\n",
    "md": lambda doc: markdown.write(doc, THEME),
    "docx.xml": lambda doc: word_body(docx.write(doc, THEME)),
    "json": lambda doc: json.dumps(outline.parts(doc), indent=1, ensure_ascii=False) + "\n",
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("output", OUTPUTS)
def test_feature_renders_as_its_golden_file(name, output, update_golden):
    made = OUTPUTS[output](document(name))
    golden = FEATURES / f"{name}.{output}"
    if update_golden:
        golden.write_text(made, encoding="utf-8")
    assert made == golden.read_text(encoding="utf-8"), f"{golden.name} differs"


def test_every_feature_file_has_its_input():
    made = {path.name for path in FEATURES.iterdir() if not path.name.endswith(".txt")}
    assert made == {f"{name}.{output}" for name in NAMES for output in OUTPUTS}
    assert len(NAMES) >= 12
