"""LibreOffice converts every .docx to PDF: the reader most people's machines have.

Skipped where LibreOffice is missing; CI installs it and sets POLICYNOTE_REQUIRE_LIBREOFFICE=1,
which turns the skip into a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from conftest import CORPORA, outputs

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REQUIRED = os.environ.get("POLICYNOTE_REQUIRE_LIBREOFFICE") == "1"
PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")
LINK = re.compile(rb"/URI\s*\(")


@pytest.fixture(scope="module")
def pdfs(builds, tmp_path_factory):
    """Every .docx converted to PDF by one LibreOffice process: name -> PDF bytes."""
    if SOFFICE is None:
        if REQUIRED:
            pytest.fail("POLICYNOTE_REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it and requires this test")
    out = tmp_path_factory.mktemp("pdf")
    files = [str(p) for corpus in CORPORA for p in outputs(builds[corpus], "docx")]
    profile = (out / "profile").as_uri()  # a private profile: no clash with a running LibreOffice
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *files], check=True, capture_output=True, timeout=300)
    return {p.stem: p.read_bytes() for p in out.glob("*.pdf")}


def test_every_docx_converts_to_pdf_with_pages_and_links(pdfs, builds):
    names = [p.stem for corpus in CORPORA for p in outputs(builds[corpus], "docx")]
    assert sorted(pdfs) == sorted(names)
    for name, pdf in pdfs.items():
        assert pdf.startswith(b"%PDF"), name
        assert len(PAGE.findall(pdf)) >= 1, name
        assert LINK.search(pdf), f"{name}: no clickable links in the PDF"


def test_shipped_page_counts_are_short_documents(pdfs):
    counts = {name: len(PAGE.findall(pdf)) for name, pdf in pdfs.items() if not name.startswith("mini")}
    print("PDF pages:", counts)
    assert all(1 <= pages <= 8 for pages in counts.values()), counts
