"""LibreOffice converts every .docx to PDF: the reader most people's machines have.

Skipped where LibreOffice is missing; CI installs it and sets POLICYNOTE_REQUIRE_LIBREOFFICE=1,
which turns the skip into a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import outputs

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REQUIRED = os.environ.get("POLICYNOTE_REQUIRE_LIBREOFFICE") == "1"
PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")
LINK = re.compile(rb"/URI\s*\(")


def convert(build: Path, out: Path) -> dict[str, bytes]:
    """Every .docx of a build converted to PDF by one LibreOffice process: name -> PDF bytes."""
    if SOFFICE is None:
        if REQUIRED:
            pytest.fail("POLICYNOTE_REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it and requires this test")
    files = [str(p) for p in outputs(build, "docx")]
    profile = (out / "profile").as_uri()  # a private profile: no clash with a running LibreOffice
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *files], check=True, capture_output=True, timeout=300)
    return {p.stem: p.read_bytes() for p in out.glob("*.pdf")}


def test_every_docx_converts_to_pdf(any_build, tmp_path):
    pdfs = convert(any_build, tmp_path)
    assert sorted(pdfs) == sorted(p.stem for p in outputs(any_build, "docx"))
    for name, pdf in pdfs.items():
        assert pdf.startswith(b"%PDF"), name
        assert len(PAGE.findall(pdf)) >= 1, name


def test_focus_documents_are_short_with_links(builds, tmp_path):
    pdfs = convert(builds["focus"], tmp_path)
    counts = {name: len(PAGE.findall(pdf)) for name, pdf in pdfs.items()}
    print("PDF pages:", counts)
    assert len(counts) == 3 and all(1 <= pages <= 8 for pages in counts.values()), counts
    assert all(LINK.search(pdf) for pdf in pdfs.values()), "a PDF has no clickable links"


def test_the_colophon_stays_on_one_page_with_what_precedes_it(builds, tmp_path):
    """Policy Note #7 ends with the project box, the EU emblem, the funding sentence and the
    disclaimer: LibreOffice sets them on one page, after the last of the text."""
    pdfs = convert(builds["focus"], tmp_path)
    if shutil.which("pdftotext") is None:
        if REQUIRED:
            pytest.fail("POLICYNOTE_REQUIRE_LIBREOFFICE=1 but pdftotext (poppler-utils) is not installed")
        pytest.skip("pdftotext (poppler-utils) is not installed; CI installs it and requires this test")
    pages = subprocess.run(["pdftotext", "-layout", str(tmp_path / "policy-note-07.pdf"), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")
    last = [page for page in pages if page.strip()][-1]
    for words in ("The FOCUS project", "received funding from the European Union", "reflects only its authors",
                  "Summary of Socio-Economic Factors"):  # the last list item before the closing matter
        assert words in " ".join(last.split()), words
    assert len(pdfs) == 3


def blocks_begun(page: str, document_json: Path) -> tuple[int, int]:
    """How many of a document's blocks (its JSON's headings, paragraphs, items, cells) begin on a
    page of text, their first 30 letters found there (spaces aside): those of its text, and those
    of its closing matter."""
    text = "".join(page.split())
    data = json.loads(document_json.read_text(encoding="utf-8"))
    found = [0, 0]
    for part in data["parts"]:
        starts = {"".join(block["text"].split())[:30] for block in part["blocks"]}
        found[bool(part.get("closing"))] += sum(1 for start in starts if len(start) >= 10 and start in text)
    return found[0], found[1]


def last_page(pdf: Path) -> str:
    pages = int(re.search(r"^Pages:\s*(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                           check=True).stdout, re.M)[1])
    return subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_no_last_page_holds_a_lone_paragraph(builds, tmp_path):
    """The tests' FOCUS documents, as LibreOffice sets their Word files: the last page of each
    holds more than one block, and some of the text with the closing matter (the funding
    statement once sat alone on page 5 of Policy Note #7). Run on the tests' own copy, not on
    notes/: where a page breaks depends on how long a document is, and an editor's short new
    note whose text ends low on a page rightly gives the closing matter a page of its own."""
    focus = builds["focus"]
    convert(focus, tmp_path)
    if shutil.which("pdftotext") is None:
        if REQUIRED:
            pytest.fail("POLICYNOTE_REQUIRE_LIBREOFFICE=1 but pdftotext (poppler-utils) is not installed")
        pytest.skip("pdftotext (poppler-utils) is not installed; CI installs it and requires this test")
    for docx_file in outputs(focus, "docx"):
        text, closing = blocks_begun(last_page(tmp_path / f"{docx_file.stem}.pdf"),
                                     focus / "json" / f"{docx_file.stem}.json")
        assert text >= 1 and text + closing >= 2, f"{docx_file.stem}: the last page begins {text} block(s)" \
            f" of the text and {closing} of the closing matter"
