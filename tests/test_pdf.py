"""The PDF of every document: tagged (PDF/UA-1), titled, in its language, fonts embedded,
bookmarks from its headings, real links, page numbers, a running header from page 2, and the
text the web page shows.

Read by poppler's tools (pdfinfo, pdffonts, pdftotext: what the issue names) and by pypdf for
what they do not print (the catalogue's language, the figures' alternative text, link targets).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from conftest import outputs, unavailable
from generator.writers import unavailable as cannot_write
from test_formats_agree import _Page, clean
from test_libreoffice import blocks_begun, last_page

POPPLER = ("pdfinfo", "pdffonts", "pdftotext")


@pytest.fixture(autouse=True)
def pdf_tools():
    """WeasyPrint (with Pango) to write PDF, and poppler's tools to read it."""
    lacking = cannot_write(["pdf"]).get("pdf") or next(
        (f"{tool} (poppler-utils) is not installed" for tool in POPPLER if not shutil.which(tool)), None)
    if lacking:
        unavailable(lacking, "POLICYNOTE_REQUIRE_PDF")


def info(path: Path, *options: str) -> str:
    return subprocess.run(["pdfinfo", *options, str(path)], capture_output=True, text=True, check=True).stdout


def field(report: str, name: str) -> str:
    found = re.search(rf"^{name}:\s*(.*)$", report, re.M)
    return found[1] if found else ""


def page(build: Path, name: str) -> str:
    return (build / "html" / f"{name}.html").read_text(encoding="utf-8")


def og_title(html: str) -> str:
    return unescape(re.search(r'<meta property="og:title" content="([^"]*)"', html)[1])


def test_every_document_has_a_tagged_pdf_with_title_language_and_author(any_build):
    names = [p.stem for p in outputs(any_build, "md")]
    assert [p.stem for p in outputs(any_build, "pdf")] == names
    for name in names:
        pdf, html = any_build / "pdf" / f"{name}.pdf", page(any_build, name)
        report = info(pdf)
        assert field(report, "Tagged") == "yes", name
        assert field(report, "Title") == og_title(html), name  # the document's title, not the tab's
        assert field(report, "Author") == re.search(r'<meta name="author" content="([^"]*)"', html)[1]
        assert field(report, "Page size").endswith("(A4)"), name
        reader = PdfReader(pdf)
        assert reader.trailer["/Root"]["/Lang"] == re.search(r'<html lang="([^"]+)"', html)[1], name
        assert 'pdfuaid:part="1"' in info(pdf, "-meta"), f"{name}: no PDF/UA identification"


def test_every_font_is_embedded(any_build):
    for pdf in outputs(any_build, "pdf"):
        rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert rows, f"{pdf.name}: no fonts"
        for row in rows:  # name type encoding emb sub uni object ID: 'emb' is the fourth from the end
            assert row.split()[-5] == "yes", f"{pdf.name}: font not embedded: {row}"


def headings(html: str) -> list[str]:
    """The page's headings (title, sections, points), in order, as its bookmarks should be."""
    found = re.findall(r"<h([1-4])[^>]*>(.*?)</h\1>", html.split("<footer class=\"colophon\"")[0], re.S)
    return [clean(re.sub(r"<[^>]+>", "", text).replace("&amp;", "&")) for _, text in found]


def bookmarks(outline, depth: int = 0) -> list[str]:
    result = []
    for item in outline:
        result += bookmarks(item, depth + 1) if isinstance(item, list) else [clean(item.title)]
    return result


def test_bookmarks_are_the_headings(any_build):
    for name in (p.stem for p in outputs(any_build, "pdf")):
        assert bookmarks(PdfReader(any_build / "pdf" / f"{name}.pdf").outline) == headings(page(any_build, name))


def test_links_are_real_and_cross_references_go_to_the_other_pdfs(any_build):
    """Every link of the page is a link of its PDF; one to another document leads to that
    document's PDF, where the build is published when it says (a downloaded PDF has no neighbours)."""
    for name in (p.stem for p in outputs(any_build, "pdf")):
        reader = PdfReader(any_build / "pdf" / f"{name}.pdf")
        targets = {annot.get_object()["/A"].get("/URI") for p in reader.pages for annot in p.get("/Annots", [])
                   if annot.get_object().get("/A", {}).get("/S") == "/URI"}
        parsed = _Page()
        html = page(any_build, name)
        parsed.feed(html)
        canonical = re.search(r'<link rel="canonical" href="([^"]*)html/[^"/]*"', html)
        expected = {in_pdf(href, canonical[1] if canonical else "") for _, href in parsed.links + parsed.note_links
                    if not href.startswith("#")}
        assert targets == expected, name
        assert not canonical or all(urlsplit(target).scheme for target in targets), name


def in_pdf(href: str, published_at: str) -> str:
    """Where a page's link leads in its PDF: a link to another page of the build goes to that
    page's PDF, at the address the build is published under if it has one."""
    if urlsplit(href).scheme:
        return href
    path, hash, fragment = href.partition("#")
    return f"{published_at and published_at + 'pdf/'}{path.removesuffix('.html')}.pdf{hash}{fragment}"


def test_page_numbers_and_a_running_header_from_page_two(builds):
    pdf = builds["focus"] / "pdf" / "policy-note-07.pdf"
    pages = int(field(info(pdf), "Pages"))
    assert pages > 1
    header = "Policy Note #7 · June 2022"
    for number in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert f"Page {number} of {pages}" in text
        assert (header in text) == (number > 1), f"page {number}: the running header"  # page 1: the masthead's


def test_a_numbered_list_starts_where_its_text_does(builds):
    """The brief's list written from 3 is numbered 3 and 4 in the PDF's list labels, as on the page;
    its two footnotes are numbered from 1."""
    assert '<ol start="3">' in page(builds["mini"], "mini-brief")
    tree = info(builds["mini"] / "pdf" / "mini-brief.pdf", "-struct-text")
    assert re.findall(r'^ *"(\d+)\. "$', tree, re.M) == ["3", "4", "1", "2"]


def test_matrix_cells_are_read_as_words_and_ticks_are_drawn(builds):
    """Each cell of the crosswalk matrix reads "cited" or "not cited"; its tick is drawn, not text
    (a screen reader would read "check mark, cited")."""
    cells, depth = [], None  # depth: the indentation of the TD being read
    for line in info(builds["focus"] / "pdf" / "action-plan-crosswalk.pdf", "-struct-text").splitlines():
        indent = len(line) - len(line.lstrip())
        if depth is not None and indent <= depth:
            depth = None
        if re.fullmatch(r" *TD:?", line):
            cells, depth = [*cells, ""], indent
        elif depth is not None and line.lstrip().startswith('"'):
            cells[-1] = clean(f"{cells[-1]} {line.strip()[1:-1]}")
    assert len(cells) == 80 and set(cells) == {"cited", "not cited"}, set(cells)


def test_figures_carry_their_alternative_text(any_build):
    for name in (p.stem for p in outputs(any_build, "pdf")):
        alts = [re.search(r' alt="([^"]*)"', img)[1] for img in re.findall(r"<img [^>]*>", page(any_build, name))]
        reader = PdfReader(any_build / "pdf" / f"{name}.pdf")
        assert figures(reader.trailer["/Root"]["/StructTreeRoot"]) == [a.replace("&amp;", "&") for a in alts], name


def figures(node) -> list[str]:
    """The alternative texts of the Figure elements of a structure tree, in order."""
    node = node.get_object()
    if not isinstance(node, dict):
        return []
    found = [str(node.get("/Alt", ""))] if node.get("/S") == "/Figure" else []
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        found += figures(kid)
    return found


def test_no_last_page_holds_a_lone_paragraph(live_build):
    """The shipped notes' PDFs: the last page of each holds more than one block, and some of the
    text with the closing matter."""
    for pdf in outputs(live_build, "pdf"):
        text, closing = blocks_begun(last_page(pdf), live_build / "json" / f"{pdf.stem}.json")
        assert text >= 1 and text + closing >= 2, \
            f"{pdf.stem}: the last page begins {text} block(s) of the text and {closing} of the closing matter"
