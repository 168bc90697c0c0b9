"""Every document of both corpora, in every format, equals its golden file.

Run `make golden` (pytest --update-golden) to rewrite them after an intended change, and
review the diff. Word files are compared part by part with their XML parsed, not as bytes; a
PDF by what poppler reads in it (its metadata, then its tagged structure with the text of each
line, in tests/golden/<corpus>/pdf/<id>.pdf.txt), which a reader can review in a diff.
Pages are kept without their embedded stylesheet (the house style's own file, under
tests/fixtures/templates, is its golden copy), so a change of CSS rewrites none of them.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import CORPORA, GOLDEN, outputs, unavailable
from docxparts import differences
from generator.writers import WRITERS

CASES = [(corpus, fmt) for corpus in CORPORA for fmt in WRITERS]


@pytest.mark.parametrize("corpus,fmt", CASES)
def test_outputs_match_golden(builds, update_golden, corpus, fmt):
    if fmt == "pdf" and not (builds[corpus] / "pdf").is_dir():
        unavailable("this machine writes no PDF (test_pdf.py says why)", "POLICYNOTE_REQUIRE_PDF")
    built = outputs(builds[corpus], fmt)
    golden_dir = GOLDEN / corpus / fmt
    if update_golden:
        shutil.rmtree(golden_dir, ignore_errors=True)
        golden_dir.mkdir(parents=True)
        for path in built:
            if fmt == "docx":
                shutil.copyfile(path, golden_dir / path.name)
            else:
                (golden_dir / golden_name(path)).write_text(comparable(path), encoding="utf-8")
    assert [golden_name(p) for p in built] == sorted(p.name for p in golden_dir.iterdir())
    for path in built:
        golden = golden_dir / golden_name(path)
        if fmt == "docx":
            problems = differences(path, golden)
            assert not problems, f"{path.name} differs from its golden file:\n" + "\n".join(problems)
        else:
            assert comparable(path) == golden.read_text(encoding="utf-8"), path.name


def golden_name(path) -> str:
    """The name of a file's golden copy: a PDF's is a text, what poppler reads in it."""
    return path.name + ".txt" if path.suffix == ".pdf" else path.name


def comparable(path) -> str:
    """What of a built file its golden copy holds: a page without its stylesheet; a PDF's
    metadata and tagged structure; any other text whole."""
    if path.suffix == ".pdf":
        read = [subprocess.run(["pdfinfo", *options, str(path)], capture_output=True, text=True, check=True).stdout
                for options in ([], ["-struct-text"])]
        kept = [line for line in read[0].splitlines()
                if line.split(":")[0] in ("Title", "Author", "Subject", "Keywords", "Tagged", "Page size")]
        return "\n".join(kept + unbroken(read[1].splitlines())) + "\n"
    text = path.read_text(encoding="utf-8")
    return unstyled(text) if path.suffix == ".html" else text


LAYOUT_HYPHEN = "\u2010"  # where the PDF's layout hyphenated a word at a line's end
SPAN = re.compile(r"^( *)Span \(inline\)$")


def unbroken(tree: list[str]) -> list[str]:
    """A PDF's tagged structure as its text runs, not its lines: a span per line joined into one
    (a layout hyphen taken out), figures' boxes dropped. What a font's metrics decide (where lines
    break, where a figure lands, how many pages) stays out of the golden file."""
    kept: list[str] = []
    for line in tree:
        if line.lstrip().startswith("/BBox"):
            continue
        if len(kept) >= 2 and SPAN.match(line) and kept[-2] == line and kept[-1].startswith(line[:-13] + '  "'):
            kept.append(None)  # this span continues the one before: its text joins that one's
            continue
        if kept and kept[-1] is None:
            kept.pop()
            before = kept[-1][:-1]
            joint = "" if before.endswith(LAYOUT_HYPHEN) else " "
            kept[-1] = before.removesuffix(LAYOUT_HYPHEN) + joint + line.lstrip()[1:]
            continue
        kept.append(line)
    return kept


def test_golden_index_page(builds, update_golden):
    index = builds["focus"] / "html" / "index.html"
    golden = GOLDEN / "focus" / "index.html"
    if update_golden:
        golden.write_text(unstyled(index.read_text(encoding="utf-8")), encoding="utf-8")
    assert unstyled(index.read_text(encoding="utf-8")) == golden.read_text(encoding="utf-8")


STYLE = re.compile(r"<style>\n.*?</style>", re.S)


def unstyled(page: str) -> str:
    """A page with its embedded stylesheet left out: exactly one, the house style's."""
    assert len(STYLE.findall(page)) == 1
    return STYLE.sub("<style><!-- templates/html/style.css --></style>", page)
