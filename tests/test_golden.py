"""Every document of both corpora, in every format, equals its golden file.

Run `make golden` (pytest --update-golden) to rewrite them after an intended change, and
review the diff. Word files are compared part by part with their XML parsed, not as bytes.
Pages are kept without their embedded stylesheet (the house style's own file, under
tests/fixtures/templates, is its golden copy), so a change of CSS rewrites none of them.
"""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import CORPORA, GOLDEN, outputs
from docxparts import differences
from generator.writers import WRITERS

CASES = [(corpus, fmt) for corpus in CORPORA for fmt in WRITERS]


@pytest.mark.parametrize("corpus,fmt", CASES)
def test_outputs_match_golden(builds, update_golden, corpus, fmt):
    built = outputs(builds[corpus], fmt)
    golden_dir = GOLDEN / corpus / fmt
    if update_golden:
        shutil.rmtree(golden_dir, ignore_errors=True)
        golden_dir.mkdir(parents=True)
        for path in built:
            if fmt == "html":
                (golden_dir / path.name).write_text(unstyled(path.read_text(encoding="utf-8")), encoding="utf-8")
            else:
                shutil.copyfile(path, golden_dir / path.name)
    assert [p.name for p in built] == sorted(p.name for p in golden_dir.iterdir())
    for path in built:
        golden = golden_dir / path.name
        if fmt == "docx":
            problems = differences(path, golden)
            assert not problems, f"{path.name} differs from its golden file:\n" + "\n".join(problems)
        else:
            text = path.read_text(encoding="utf-8")
            assert (unstyled(text) if fmt == "html" else text) == golden.read_text(encoding="utf-8"), path.name


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
