"""No text from a source becomes script in a page or a field or bad link in Word.

Each vector of tests/data/xss-vectors.txt goes through a plain-text field (a title), through a
Markdown field (evidence), and straight into the writers with `check` bypassed. Whatever is
built is then read as a browser or Word would act on it: elements, attributes, URL schemes,
hyperlink targets, field codes.
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

import docx
import pytest
from lxml import etree

from conftest import CORPORA, ROOT, TEMPLATES
from generator.cli import run
from generator.document import Document
from generator.theme import Theme
from generator.writers import docx as docx_writer
from generator.writers import html as html_writer
from htmlcheck import parse

VECTORS = [line for line in (ROOT / "tests" / "data" / "xss-vectors.txt").read_text(encoding="utf-8").splitlines()
           if line and not line.startswith("#")]
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "a", "header", "main", "footer", "nav", "span",
             "section",
             "h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "br", "div",
             "table", "caption", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"href", "class", "role", "scope", "lang", "id", "charset", "name", "content", "aria-label", "rel",
              "aria-labelledby"}
SAFE_SCHEMES = ("http:", "https:", "mailto:")
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
DANGEROUS = re.compile(r"(java|vb)script:|data:|expression\(|url\(", re.I)


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
        for name, value in attributes.items():
            value = html.unescape(value or "")
            if name not in ATTRIBUTES or name.startswith("on"):
                found.append(f"attribute {name} on <{tag}>")
            if name == "href" and ":" in value.split("/")[0] and not value.lower().startswith(SAFE_SCHEMES):
                found.append(f"link to {value!r}")
            if name != "content" and DANGEROUS.search(value):
                found.append(f"{name}={value!r}")
    return found


def word_problems(data: bytes) -> list[str]:
    """What in a .docx Word would follow or compute: hyperlink targets and fields."""
    found = []
    docx.Document(io.BytesIO(data))  # python-docx must read it
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
        body = archive.read("word/document.xml").decode("utf-8")
    for target in re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', rels):
        if not html.unescape(target).lower().startswith(SAFE_SCHEMES):
            found.append(f"hyperlink to {target!r}")
    fields = etree.fromstring(body.encode("utf-8")).xpath(".//w:fldSimple | .//w:instrText", namespaces=NS)
    if fields:
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
                code = run(["build", "--notes", str(corpus), "--templates", str(TEMPLATES), "--out", str(out)])
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
    print(f"{field}: {len(VECTORS)} vectors, {built} built, {refused} refused by check, survived: {len(survived)}")
    assert survived == []
    assert built > len(VECTORS) // 2  # most are built and shown as text, not merely refused


def test_vectors_straight_into_the_writers():
    """Defence in depth: with `check` bypassed, the writers still let nothing through."""
    theme, survived = Theme(TEMPLATES), []
    for vector in VECTORS:
        doc = Document(id="x", type="brief", label="Brief", date=None, language="en", title=vector,
                       subtitle=vector, description=vector, keywords=[vector], author="A",
                       body=f"## {vector}\n\n{vector}\n\n- {vector}\n\n> {vector}\n")
        survived += [f"{vector}: {p}" for p in page_problems(html_writer.write(doc, theme))]
        survived += [f"{vector}: {p}" for p in word_problems(docx_writer.write(doc, theme))]
    assert survived == []
