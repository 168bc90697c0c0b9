"""No text from a source becomes script in a page, a field or bad link in Word, or markup in
the published Markdown.

Each vector of tests/data/xss-vectors.txt goes through a plain-text field (a title), through a
Markdown field (evidence), and straight into the writers with `check` bypassed. Whatever is
built is then read as a browser or Word would act on it: elements, attributes, URL schemes,
hyperlink targets, field codes; and the Markdown as a CommonMark renderer with HTML enabled
and no link filter of its own would show it.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import zipfile
from contextlib import redirect_stderr
from pathlib import Path
from urllib.parse import urlsplit

import docx
import pytest
from lxml import etree
from markdown_it import MarkdownIt

from conftest import CORPORA, ROOT, TEMPLATES
from generator.cli import run
from generator.document import Document
from generator.theme import Theme
from generator.writers import docx as docx_writer
from generator.writers import html as html_writer
from generator.writers import markdown as markdown_writer
from htmlcheck import parse

VECTORS = [line for line in (ROOT / "tests" / "data" / "xss-vectors.txt").read_text(encoding="utf-8").splitlines()
           if line and not line.startswith("#")]
PAGE_TAGS = {"html", "head", "meta", "link", "title", "style", "body", "a", "header", "main", "footer", "nav",
             "span", "section", "time", "blockquote", "cite",
             "h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "br", "div", "sup",
             "figure", "figcaption", "img",
             "table", "caption", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"href", "class", "role", "scope", "lang", "id", "charset", "name", "content", "aria-label", "rel",
              "aria-labelledby", "title", "src", "alt", "width", "height", "start", "property", "datetime", "type",
              "tabindex", "aria-hidden"}
# The head's links: the canonical address (under project.yaml's publications_url) and the house icon, embedded.
HEAD_LINKS = {"canonical": re.compile(r"https?://[^\s\"'<>]+"),
              "icon": re.compile(r"data:image/svg\+xml;base64,[A-Za-z0-9+/]+=*")}
SAFE_SCHEMES = ("http:", "https:", "mailto:")
CONTENTS = ' TOC \\o "1-3" \\h \\z \\u '  # the one field a body holds: a crosswalk's contents, from its headings
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
DANGEROUS = re.compile(r"(java|vb)script:|data:|expression\(|url\(", re.I)
# The only images: the records' figures, logos and emblem, embedded in a page or beside the Markdown.
EMBEDDED = re.compile(r"data:image/(png|jpeg);base64,[A-Za-z0-9+/]+=*")
MEDIA = re.compile(r"media/[a-z0-9][a-z0-9_-]*\.(png|jpe?g)")
# The only relative links: cross-references to a document beside this one, or a heading in it.
SIBLING = re.compile(r"([a-z0-9][a-z0-9-]*\.(html|md|docx))?(#[\w-]*)?")


def test_there_are_at_least_100_vectors():
    assert len(VECTORS) >= 100


def page_problems(page: str) -> list[str]:
    """What in a page a browser would run or load."""
    found = []
    parsed = parse(page)
    tags = [tag for tag, _ in parsed.tags]
    found += [f"element <{tag}>" for tag in set(tags) - PAGE_TAGS]
    if tags.count("style") != 1:
        found.append("a second <style>")
    for tag, attributes in parsed.tags:
        if tag == "link":
            rule = HEAD_LINKS.get(attributes.get("rel", ""))
            if rule is None or not rule.fullmatch(attributes.get("href") or ""):
                found.append(f"<link {attributes}>")
            continue
        for name, value in attributes.items():
            value = html.unescape(value or "")
            if name not in ATTRIBUTES or name.startswith("on"):
                found.append(f"attribute {name} on <{tag}>")
            if name == "href" and ":" in value.split("/")[0] and not value.lower().startswith(SAFE_SCHEMES):
                found.append(f"link to {value!r}")
            if name == "src" and not (tag == "img" and EMBEDDED.fullmatch(value)):
                found.append(f"<{tag} src={value[:40]!r}>")
            elif name not in ("content", "src") and DANGEROUS.search(value):
                found.append(f"{name}={value!r}")
    return found


MARKDOWN_TAGS = {"div", "p", "a", "em", "strong", "code", "ul", "ol", "li", "h1", "h2", "h3", "h4", "blockquote",
                 "table", "thead", "tbody", "tr", "th", "td", "br", "img"}
COMMONMARK = MarkdownIt("commonmark", {"html": True}).enable("table")
COMMONMARK.validateLink = lambda url: True  # as a renderer that trusts its input would


def markdown_problems(text: str) -> list[str]:
    """What in a Markdown file a CommonMark renderer with raw HTML on would make live."""
    found = []
    for tag, attributes in parse(f"<div>{COMMONMARK.render(text)}</div>").tags:
        if tag not in MARKDOWN_TAGS:
            found.append(f"element <{tag}>")
        for name, value in attributes.items():
            if name not in ("href", "style", "start") and not (tag == "img" and name in ("src", "alt")):
                found.append(f"attribute {name} on <{tag}>")
            if name == "src" and not MEDIA.fullmatch(value or ""):
                found.append(f"image {value!r}")
            target = html.unescape(value or "")
            if name == "href" and not (target.lower().startswith(SAFE_SCHEMES) or SIBLING.fullmatch(target)):
                found.append(f"link to {value!r}")
    return found


def word_problems(data: bytes) -> list[str]:
    """What in a .docx Word would follow or compute: hyperlink targets and fields."""
    found = []
    docx.Document(io.BytesIO(data))  # python-docx must read it
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
        body = archive.read("word/document.xml").decode("utf-8")
    for target in re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', rels):
        if not (html.unescape(target).lower().startswith(SAFE_SCHEMES) or SIBLING.fullmatch(target)):
            found.append(f"hyperlink to {target!r}")
    fields = etree.fromstring(body.encode("utf-8")).xpath(".//w:fldSimple | .//w:instrText", namespaces=NS)
    if [field for field in fields if field.text != CONTENTS]:
        found.append("a field code in the body")
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A writable copy of the mini corpus."""
    return Path(shutil.copytree(CORPORA["mini"], tmp_path_factory.mktemp("xss") / "notes"))


def _place(notes: Path, field: str, vector: str) -> None:
    """Put `vector` into the title of the note or the evidence of an action point."""
    if field == "title":
        path, pattern = notes / "documents" / "mini-note.yaml", r'^title: .*$'
    else:
        path, pattern = notes / "action-points" / "alpha.yaml", r"^evidence: \|\n(  .*\n)+"
    original = path.read_text(encoding="utf-8")
    value = json.dumps(vector)  # a JSON string is a valid YAML double-quoted scalar
    replacement = f"title: {value}" if field == "title" else f"evidence: {value}\n"
    path.write_text(re.sub(pattern, lambda m: replacement, original, count=1, flags=re.M), encoding="utf-8")
    return path, original


@pytest.mark.parametrize("field", ["title", "evidence"])
def test_vectors_through_source_fields(field, corpus, tmp_path):
    survived, built, refused = [], 0, 0
    for number, vector in enumerate(VECTORS):
        path, original = _place(corpus, field, vector)
        out = tmp_path / f"out{number}"
        try:
            with redirect_stderr(io.StringIO()) as err:
                code = run(["build", "--notes", str(corpus), "--templates", str(TEMPLATES), "--out", str(out),
                            "--format", "md,html,docx"])  # what is read below; the PDF is laid out from the page
        finally:
            path.write_text(original, encoding="utf-8")
        assert code in (0, 1), vector
        if code == 1:
            refused += 1
            assert re.search(r":\d+:\d+: error: ", err.getvalue()), err.getvalue()
            continue
        built += 1
        for page in (out / "html").glob("*.html"):
            survived += [f"{vector} -> {page.name}: {p}" for p in page_problems(page.read_text(encoding="utf-8"))]
        for word in (out / "docx").glob("*.docx"):
            survived += [f"{vector} -> {word.name}: {p}" for p in word_problems(word.read_bytes())]
        for markdown in (out / "md").glob("*.md"):
            survived += [f"{vector} -> {markdown.name}: {p}"
                         for p in markdown_problems(markdown.read_text(encoding="utf-8"))]
    print(f"{field}: {len(VECTORS)} vectors, {built} built, {refused} refused by check, survived: {len(survived)}")
    assert survived == []
    if field == "title":  # plain text: whatever it holds is shown as the text it is
        assert built > len(VECTORS) // 2
    else:  # Markdown: what is outside the subset is refused at its place
        assert refused > len(VECTORS) // 2


def test_vectors_straight_into_the_writers():
    """Defence in depth: with `check` bypassed, the writers still let nothing through."""
    theme, survived = Theme(TEMPLATES), []
    for vector in VECTORS:
        doc = Document(id="x", type="brief", label="Brief", date=None, language="en", title=vector,
                       subtitle=vector, description=vector, keywords=[vector], author="A",
                       body=f"## {vector}\n\n{vector}\n\n- {vector}\n\n> {vector}\n")
        survived += [f"{vector}: {p}" for p in page_problems(html_writer.write(doc, theme))]
        survived += [f"{vector}: {p}" for p in word_problems(docx_writer.write(doc, theme))]
        survived += [f"{vector}: {p}" for p in markdown_problems(markdown_writer.write(doc, theme))]
    assert survived == []


# What a Markdown field may hold that CommonMark, unlike the subset, reads as markup.
MARKUP = {
    "raw HTML": "<img src=https://track.test/p.gif> and <script>alert(1)</script>",
    "an autolink": "<javascript:alert(1)> and <smb://share.test/x>",
    "a reference definition": "[x]: javascript:alert(1)\n\nSee [x].",
    "an image": "![pixel](https://track.test/p.gif)",
    "a link in a bracketed label": "[a [b]](javascript:alert(1))",
    "an entity": "&#106;avascript and &lt;script&gt;",
}


@pytest.mark.parametrize("name", MARKUP)
def test_markup_outside_the_subset_is_refused_at_its_place(name, corpus, tmp_path, capsys):
    """check refuses it (test_vectors_straight_into_the_writers shows the writers keep it text)."""
    path = corpus / "action-points" / "alpha.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^evidence: \|\n(  .*\n)+", lambda m: f"evidence: {json.dumps(MARKUP[name])}\n", original,
                           count=1, flags=re.M), encoding="utf-8")
    try:
        code = run(["build", "--notes", str(corpus), "--templates", str(TEMPLATES), "--out", str(tmp_path / "out")])
    finally:
        path.write_text(original, encoding="utf-8")
    assert code == 1
    assert re.search(r"alpha\.yaml:\d+:\d+: error: ", capsys.readouterr().err)
    assert not (tmp_path / "out").exists()


# Values of address fields that try to end the link they are written into, or start another.
ADDRESSES = {
    ("outputs.yaml", "url: https://mini.test/report.pdf"): [
        "https://ok.test/)[x](https://evil.test/", "https://ok.test/a)b", "https://ok.test/<x>",
        "https://trusted.test@evil.test/", "https://ok.test/[x]"],
    ("project.yaml", "contact: hello@mini.test"): ["a@b.test<script>alert(1)</script>", "a@b.test)[x](https://e.test"],
}


@pytest.mark.parametrize("where,value", [(where, value) for where, values in ADDRESSES.items() for value in values])
def test_an_address_never_adds_a_link(where, value, corpus, tmp_path, capsys):
    name, line = where
    path = corpus / name
    original = path.read_text(encoding="utf-8")
    key = line.split(":")[0]
    path.write_text(original.replace(line, f"{key}: {json.dumps(value)}"), encoding="utf-8")
    try:
        code = run(["build", "--notes", str(corpus), "--templates", str(TEMPLATES), "--out", str(tmp_path / "out")])
    finally:
        path.write_text(original, encoding="utf-8")
    if code == 1:
        assert f"{name}:" in capsys.readouterr().err
        return
    for page in (tmp_path / "out" / "md").glob("*.md"):  # the address went in whole, as one link's target
        text = page.read_text(encoding="utf-8")
        assert markdown_problems(text) == [] and foreign_links(COMMONMARK.render(text), value) == [], page.name
    for page in (tmp_path / "out" / "html").glob("*.html"):
        assert foreign_links(page.read_text(encoding="utf-8"), value) == [], page.name


def foreign_links(page: str, value: str) -> list[str]:
    """Links to the other host that a value tried to add, but for the value itself as one link."""
    hrefs = [html.unescape(href) for href in re.findall(r'href="([^"]*)"', page)]
    return [href for href in hrefs if urlsplit(href).hostname in ("evil.test", "e.test")
            and href not in (value, f"mailto:{value}")]
