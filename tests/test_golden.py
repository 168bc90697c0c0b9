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
RUN = re.compile(r"^( *)(?:Span|Link) \(inline\)$")  # a piece of text: one per line of the page
LAYOUT_ONLY = re.compile(r"^ *(?:/BBox\b.*|Object \d+ \d+)$")  # a figure's box, a link's PDF object


def unbroken(tree: list[str]) -> list[str]:
    """A PDF's tagged structure as its text runs, not its lines. The layout gives each line of a
    span or link a run of its own; runs of the same element that follow each other are joined
    into one (a layout hyphen taken out). Figures' boxes and links' object numbers are dropped.
    What a font's metrics decide (where lines break, where a figure lands, how many pages, how
    many objects) stays out of the golden file."""
    lines = [line for line in tree if not LAYOUT_ONLY.match(line)]
    kept, at = [], 0
    while at < len(lines):
        text = run_text(lines, at)
        if text is None:
            kept.append(lines[at])
            at += 1
            continue
        head, at = lines[at], at + 2
        while at < len(lines) and lines[at] == head and (more := run_text(lines, at)) is not None:
            text, at = joined(text, more), at + 2
        kept += [head, " " * (len(head) - len(head.lstrip()) + 2) + f'"{text}"']
    return kept


def run_text(lines: list[str], at: int) -> str | None:
    """The text of the run that starts at line `at`, if it is one: a span or link that holds
    one line of text and nothing else."""
    found = RUN.match(lines[at])
    if not found or at + 1 >= len(lines):
        return None
    inner = found[1] + "  "
    text = lines[at + 1]
    if not (text.startswith(inner + '"') and text.endswith('"')):
        return None
    if at + 2 < len(lines) and lines[at + 2].startswith(inner):
        return None  # it holds more than its text
    return text[len(inner) + 1:-1]


def joined(before: str, after: str) -> str:
    """Two lines of one run as the source wrote them: a layout hyphen taken out, a word space
    put back, none after a hyphen or slash of the text's own (the line broke at it)."""
    if before.endswith(LAYOUT_HYPHEN):
        return before[:-1] + after
    if before.endswith(("-", "/")) or before[-1:].isspace() or after[:1].isspace():
        return before + after
    return before + " " + after


def test_unbroken_joins_the_lines_of_one_run_and_nothing_else():
    tree = ["P (block)",
            "  Span (inline)", '    "socio-"', "  Span (inline)", '    "economic inte\u2010"',
            "  Span (inline)", '    "gration and"', "  Span (inline)", '    "more"',
            "  Link (inline)", "    Object 22 0", '    "Living Well"', "  Link (inline)", "    Object 23 0",
            '    "Together"',
            "  Span (inline)", "    Span (inline)", '      "nested"', "  Span (inline)", '    "after"',
            "Figure (block)", "  /BBox [1 2 3 4]"]
    assert unbroken(tree) == [
        "P (block)",
        "  Span (inline)", '    "socio-economic integration and more"',
        "  Link (inline)", '    "Living Well Together"',
        "  Span (inline)", "    Span (inline)", '      "nested"', "  Span (inline)", '    "after"',
        "Figure (block)"]


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
