"""Documents in several languages: the words no record holds come from each language's catalogue
of labels (templates/labels/<language>.yaml), and a language written right to left (Arabic) is
right to left in every format, as each format's own readers see it.

The corpus tests/fixtures/languages holds a note in English, one in German and a note and a
crosswalk in Arabic, with Latin names, an address and numbers inside the Arabic text. The tools
that read the files (pandoc, LibreOffice, poppler, Chromium) are skipped where missing, and
required in CI.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import docx
from docx.oxml.ns import qn

from conftest import CORPORA, ROOT, TEMPLATES, unavailable
from generator.cli import run
from test_html_validity import assert_accessible
from test_libreoffice import convert

ARABIC = re.compile("[\u0600-\u06ff]")
# Words of the Arabic note a reader of its PDF must get back; none holds lam-alef, a ligature
# that poppler gives back as two letters in the other order.
ARABIC_WORDS = ("النتائج", "أماكن", "الحي", "الجيران")


def built(builds, fmt: str, name: str) -> Path:
    return builds["languages"] / fmt / f"{name}.{fmt}"


def text(builds, fmt: str, name: str) -> str:
    return built(builds, fmt, name).read_text(encoding="utf-8")


def cli(*args: str) -> tuple[int, str]:
    """Run the command line; its exit code and what it printed to stderr."""
    with redirect_stderr(io.StringIO()) as err, redirect_stdout(io.StringIO()):
        code = run(list(args))
    return code, err.getvalue()


def test_each_document_speaks_its_own_language(builds):
    """The series line, "See:" and the page's own words are the document's language's, in every format."""
    assert "Policy Note Nr. 2 · 5. März 2024" in text(builds, "md", "note-de")
    assert "*Siehe:* [Der Bericht]" in text(builds, "md", "note-de")  # its title translated (outputs.de.yaml)
    assert "**Was bedeutet „Ding“?**" in text(builds, "md", "note-de")
    assert "Policy Note #1 · May 2024" in text(builds, "md", "note-en")
    assert "*See:* [The Report]" in text(builds, "md", "note-en")
    page = text(builds, "html", "note-de")
    assert '<html lang="de">' in page and ">Zum Inhalt springen</a>" in page
    assert 'title="Zurück zum Text der Anmerkung 1"' in page
    word = docx.Document(built(builds, "docx", "note-de"))
    assert [p.text for p in word.paragraphs if p.style.name == "Series"] == ["Policy Note Nr. 2 · 5. März 2024"]
    assert word.core_properties.language == "de"
    assert word.sections[0].header.paragraphs[0].text == "Policy Note Nr. 2 · 5. März 2024"


def test_the_index_speaks_the_series_most_used_language_and_marks_the_others(builds):
    """Two of four documents are in Arabic: the index is, and names each other item's language and direction."""
    index = text(builds, "html", "index")
    assert '<html lang="ar" dir="rtl">' in index and "<h1>المنشورات</h1>" in index
    assert '<li lang="de" dir="ltr">' in index and '<li lang="en" dir="ltr">' in index


def test_arabic_pages_are_right_to_left(builds):
    page = text(builds, "html", "note-ar")
    assert '<html lang="ar" dir="rtl">' in page
    assert "<title>أماكن اللقاء في الحي | Mini موجز سياسات 3</title>" in page
    assert 'content: "صفحة " counter(page) " من " counter(pages)' in page  # printed pages numbered in Arabic


def test_a_browser_lays_the_arabic_page_out_right_to_left(builds):
    """In headless Chromium the Arabic page's main text is computed right to left and its title
    drawn against the right; the German page's, left to right and against the left."""
    pages = {name: str(built(builds, "html", name)) for name in ("note-ar", "crosswalk-ar", "note-en.ar", "note-de")}
    measured = assert_accessible(list(pages.values()))
    for name, page in pages.items():
        expected = ("rtl", "right") if name.endswith("ar") else ("ltr", "left")
        for width, result in measured[page].items():
            assert (result["direction"], result["titleSide"]) == expected, f"{name} at {width}px"


def paragraphs_of(path: Path) -> list:
    """Every `w:p` of a Word file's body, headers and footers, parsed as python-docx does."""
    word = docx.Document(path)
    parts = [word.element.body] + [part.part.element for section in word.sections
                                   for part in (section.header, section.footer, section.first_page_header)]
    return [p for part in parts for p in part.iter(qn("w:p"))]


def test_word_writes_arabic_right_to_left(builds):
    """Every paragraph of the Arabic Word file is right to left (`w:bidi`), body, header and footer,
    but one all in English (an action point's comment not translated: a list item keeps its list's
    way); a run holding Arabic is too (`w:rtl`) and a run of Latin text only is not; the matrix's
    columns run from the right (`w:bidiVisual`); Arabic is the complex-script language of the styles."""
    for name in ("note-ar", "crosswalk-ar"):
        paragraphs = paragraphs_of(built(builds, "docx", name))
        english = [p for p in paragraphs if (runs := [r for r in p.iter(qn("w:r")) if r.find(qn("w:t")) is not None])
                   and all(r.find(f"{qn('w:rPr')}/{qn('w:lang')}") is not None for r in runs)]
        left = [p for p in paragraphs if p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is None]
        assert paragraphs and all(p in english for p in left) and (name != "crosswalk-ar" or left), name
        runs = [(r, "".join(t.text or "" for t in r.iter(qn("w:t")))) for p in paragraphs for r in p.iter(qn("w:r"))]
        rtl = {words: r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None for r, words in runs if words.strip()}
        assert any(ARABIC.search(words) for words in rtl), name
        assert all(marked == bool(ARABIC.search(words)) for words, marked in rtl.items()), name
    crosswalk = docx.Document(built(builds, "docx", "crosswalk-ar"))
    assert crosswalk.tables and all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in crosswalk.tables)
    styles = zipfile.ZipFile(built(builds, "docx", "note-ar")).read("word/styles.xml").decode("utf-8")
    assert '<w:lang w:val="ar" w:bidi="ar-SA"/>' in styles
    section = [child.tag for child in docx.Document(built(builds, "docx", "note-ar")).sections[0]._sectPr]
    assert section.index(qn("w:bidi")) > section.index(qn("w:titlePg"))  # the page laid out right to left


def test_word_writes_german_left_to_right(builds):
    paragraphs = paragraphs_of(built(builds, "docx", "note-de"))
    assert paragraphs and not any(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in paragraphs)
    assert not any(list(p.iter(qn("w:rtl"))) for p in paragraphs)
    assert docx.Document(built(builds, "docx", "note-de")).sections[0]._sectPr.find(qn("w:bidi")) is None


def test_pandoc_reads_the_arabic_word_file_as_right_to_left(builds):
    """pandoc reads every Arabic paragraph of the Word file as right-to-left text, as it reads a
    Word file it wrote itself from `dir=rtl`."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        unavailable("pandoc is not installed (apt-get install pandoc)", "POLICYNOTE_REQUIRE_PANDOC")
    page = subprocess.run([pandoc, "-f", "docx", "-t", "html", str(built(builds, "docx", "note-ar"))],
                          capture_output=True, text=True, check=True).stdout
    arabic = [block for block in re.findall(r"<(?:p|h\d|li)\b[^>]*>(.*?)</(?:p|h\d|li)>", page, re.S)
              if ARABIC.search(block)]
    assert len(arabic) > 5
    assert all('dir="rtl"' in block for block in arabic), [b for b in arabic if 'dir="rtl"' not in b]


def test_libreoffice_lays_out_the_arabic_word_file_with_its_words(builds, tmp_path):
    """LibreOffice converts the Arabic Word file to PDF, and poppler gives the Arabic words back."""
    pdfs = convert(builds["languages"], tmp_path)
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext (poppler-utils) is not installed", "POLICYNOTE_REQUIRE_LIBREOFFICE")
    read = subprocess.run(["pdftotext", str(tmp_path / "note-ar.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "note-ar" in pdfs and all(word in read for word in ARABIC_WORDS), read[:400]


def test_the_pdf_holds_the_arabic_words(builds):
    """The PDF (the page laid out by WeasyPrint, shaped by HarfBuzz) gives the Arabic words back."""
    pdf = built(builds, "pdf", "note-ar")
    if not pdf.exists() or shutil.which("pdftotext") is None:
        unavailable("this machine writes no PDF, or cannot read one (test_pdf.py says why)",
                    "POLICYNOTE_REQUIRE_PDF")
    read = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert all(word in read for word in ARABIC_WORDS), read[:400]
    assert "صفحة" in read and "Page" not in read  # its pages numbered in Arabic


def copy(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the corpus in several languages and of the house style, to spoil."""
    return (Path(shutil.copytree(CORPORA["languages"], tmp_path / "notes")),
            Path(shutil.copytree(TEMPLATES, tmp_path / "templates")))


def test_a_language_without_labels_is_an_error_at_each_document_in_it(tmp_path):
    notes, templates = copy(tmp_path)
    for name in ("note-de", "note-en"):
        path = notes / "documents" / f"{name}.yaml"
        path.write_text(re.sub(r"^language: \w+$", "language: fr", path.read_text(encoding="utf-8"), flags=re.M),
                        encoding="utf-8")
    out = tmp_path / "out"
    code, err = cli("build", "--notes", str(notes), "--templates", str(templates), "--out", str(out))
    assert code == 1, err
    for name in ("note-de", "note-en"):
        source = (notes / "documents" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
        line = next(number for number, text in enumerate(source, start=1) if text.startswith("language:"))
        assert (f"{notes.as_posix()}/documents/{name}.yaml:{line}:11: error: no labels for the language 'fr':"
                f" {templates.as_posix()}/labels/ has no fr.yaml") in err, err
    assert "translate its labels: direction, language_name, months, month, day, types, numbered, see," in err
    assert "Traceback" not in err and not out.exists()


def test_a_catalogue_lacking_a_label_says_which_at_its_place(tmp_path):
    notes, templates = copy(tmp_path)
    catalogue = templates / "labels" / "de.yaml"
    lines = catalogue.read_text(encoding="utf-8").splitlines(keepends=True)
    see = next(number for number, line in enumerate(lines) if line.startswith("see:"))
    catalogue.write_text("".join(lines[:see] + lines[see + 1:]), encoding="utf-8")
    code, err = cli("check", "--notes", str(notes), "--templates", str(templates))
    assert code == 1
    first = next(number for number, line in enumerate(lines, start=1) if line.strip() and not line.startswith("#"))
    assert f"{catalogue.as_posix()}:{first}:1: error: missing required field 'see' in labels" in err, err
    assert err.count("missing required field 'see'") == 1  # said once, for the catalogue, not for each document


def test_a_label_keeps_its_placeholders(tmp_path):
    """A translation that drops the grant number from the funding statement is refused at its place."""
    notes, templates = copy(tmp_path)
    catalogue = templates / "labels" / "de.yaml"
    source = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(source.replace("Nr. {grant}", "Nr. {grnt}"), encoding="utf-8")
    code, err = cli("check", "--notes", str(notes), "--templates", str(templates))
    line = next(number for number, text in enumerate(source.splitlines(), start=1) if text.startswith("funding:"))
    assert code == 1
    assert f"{catalogue.as_posix()}:{line}:10: error: the label" in err
    assert "must hold {programme}, {grant}: it lacks {grant}" in err, err


def test_labels_are_text_never_markup(tmp_path):
    """A label is escaped as plain text, as a record's plain text is: it cannot add Markdown."""
    notes, templates = copy(tmp_path)
    catalogue = templates / "labels" / "de.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace('see: "Siehe:"', 'see: "*Siehe* [x](y):"'),
                         encoding="utf-8")
    out = tmp_path / "out"
    code, err = cli("build", "--notes", str(notes), "--templates", str(templates), "--out", str(out),
                    "--format", "md,html")
    assert code == 0, err
    assert r"*\*Siehe\* \[x\](y):* [Der Bericht]" in (out / "md" / "note-de.md").read_text(encoding="utf-8")
    assert "<em>*Siehe* [x](y):</em>" in (out / "html" / "note-de.html").read_text(encoding="utf-8")


def test_the_matrix_is_described_in_its_language(builds):
    """What a screen reader hears of the matrix: its cells' words on the page, its description in Word."""
    page = text(builds, "html", "crosswalk-ar")
    assert '<span class="visually-hidden">مستشهد به</span>' in page
    assert '<span class="visually-hidden">غير مستشهد به</span>' in page
    word = docx.Document(built(builds, "docx", "crosswalk-ar"))
    description = word.tables[0]._tbl.tblPr.find(qn("w:tblDescription")).get(qn("w:val"))
    assert description.startswith("الصفوف: النقاط")
    assert json.loads(text(builds, "json", "crosswalk-ar"))["language"] == "ar"


def test_every_catalogue_is_checked_whether_a_document_uses_it_or_not(tmp_path):
    """A catalogue begun for a language no document is in yet is checked too, and a build with a
    broken catalogue stops before it renders: each problem is said once."""
    notes, templates = copy(tmp_path)
    started = templates / "labels" / "fr.yaml"
    started.write_text((templates / "labels" / "en.yaml").read_text(encoding="utf-8").replace(
        "contents: Contents\n", ""), encoding="utf-8")
    for command in (["check"], ["build", "--out", str(tmp_path / "out"), "--jobs", "2"]):
        code, err = cli(*command, "--notes", str(notes), "--templates", str(templates))
        assert code == 1 and err.count(f"{started.as_posix()}:") == 1, err
        assert "missing required field 'contents' in labels" in err


def test_every_shipped_catalogue_names_and_passes_its_schema():
    """Staff editing a catalogue in an editor get the labels' names offered and checked as they
    type, from schema/labels.schema.json, which each shipped catalogue names on its first line."""
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "schema" / "labels.schema.json").read_text(encoding="utf-8"))
    for catalogue in sorted((ROOT / "templates" / "labels").glob("*.yaml")):
        text = catalogue.read_text(encoding="utf-8")
        assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/labels.schema.json", catalogue
        jsonschema.validate(yaml.safe_load(text), schema)
    broken = yaml.safe_load((ROOT / "templates" / "labels" / "en.yaml").read_text(encoding="utf-8"))
    del broken["see"]
    with_error = jsonschema.Draft7Validator(schema).iter_errors(broken)
    assert any("see" in str(error.message) for error in with_error)
