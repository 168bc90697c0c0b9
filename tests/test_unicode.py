"""Odd Unicode in text never makes a .docx that python-docx or LibreOffice refuses."""

from __future__ import annotations

import os
import shutil
import subprocess

import docx
import pytest

from conftest import TEMPLATES
from generator.document import Document
from generator.theme import Theme
from generator.writers import docx as docx_writer
from generator.writers import html as html_writer

ODD = [
    "مرحبا بالعالم (Arabic, right to left) עברית",
    "Zalgo: Z̸̢̛͓a̷͇͗l̶̰̓g̵̱͝ȯ̴͜ and e\u0301 combining",
    "Emoji: 👩🏽‍🔬 🏳️‍🌈 family 👨‍👩‍👧‍👦 and astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "CJK 漢字 かな 한글, Devanagari हिन्दी, Thai ภาษาไทย",
    "Invisible: zero\u200bwidth, soft\u00adhyphen, no\u00a0break, joiner\u2060here, BOM\ufeffinside",
    "Overrides (bypassing check): \u202eevil\u202c and \u2066isolate\u2069",
    "Controls (bypassing check): NUL\x00 BEL\x07 VT\x0b FF\x0c ESC\x1b DEL\x7f C1\x85",
    "Not characters (bypassing check): \ufffe \uffff and a lone surrogate \ud800 here",
    "Very long word: " + "x" * 3000,
]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A .docx per odd string, written with `check` bypassed."""
    out, theme = tmp_path_factory.mktemp("unicode"), Theme(TEMPLATES)
    paths = []
    for number, text in enumerate(ODD):
        doc = Document(id=f"u{number}", type="brief", label="Brief", date=None, language="en", title=text,
                       subtitle=text, description=text, keywords=[text], author=text,
                       body=f"## {text}\n\n{text}\n\n- {text}\n\n> {text}\n\n[{text}](https://example.org/)\n")
        path = out / f"u{number}.docx"
        path.write_bytes(docx_writer.write(doc, theme))
        html_writer.write(doc, theme).encode("utf-8", "surrogatepass")
        paths.append(path)
    return paths


def test_python_docx_reads_every_file(files):
    for path in files:
        text = "\n".join(p.text for p in docx.Document(path).paragraphs)
        assert text.strip()


def test_libreoffice_converts_every_file(files, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("POLICYNOTE_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("POLICYNOTE_REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it and requires this test")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    for path in files:
        pdf = tmp_path / f"{path.stem}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), path.name
