"""The Word accessibility lint: a warning in check, a failure under --strict."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr
from pathlib import Path

import docx

from conftest import CORPORA, TEMPLATES
from generator import wordlint
from generator.cli import run


def test_vague_and_bare_link_texts_are_warned_at_the_field_that_wrote_them(tmp_path, monkeypatch):
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    alpha = notes / "action-points" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace(
        "with [the evidence page](https://mini.test/evidence)",
        "[click here](https://mini.test/evidence) or\n  "
        "[https://mini.test/report.pdf](https://mini.test/report.pdf)"))
    monkeypatch.chdir(tmp_path)
    args = ["check", "--notes", "notes", "--templates", str(TEMPLATES)]
    with redirect_stderr(io.StringIO()) as err:
        assert run(args) == 0
    bare = ("warning: Word: the link 'https://mini.test/report.pdf' shows an address where the title"
            " 'The Report' is known [lint]")
    vague = "warning: Word: the link text 'click here' does not say where it goes [lint]"
    assert err.getvalue().splitlines() == [  # the note and the crosswalk show it: said once, at its field
        f"notes/action-points/alpha.yaml:4:11: {bare}", f"notes/action-points/alpha.yaml:4:11: {vague}",
        "0 error(s), 2 warning(s)",
    ]
    with redirect_stderr(io.StringIO()):
        assert run(args + ["--strict"]) == 1
        assert run(["build", "--strict", "--notes", "notes", "--templates", str(TEMPLATES), "--out", "b"]) == 1
    assert not (tmp_path / "b").exists()


def _word(build) -> bytes:
    """A .docx made with python-docx from the reference document, shaped by `build`."""
    document = docx.Document(str(TEMPLATES / "reference.docx"))
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_missing_title_language_skipped_heading_and_unmarked_table():
    def shape(document):
        document.core_properties.title = ""
        document.core_properties.language = ""
        document.add_paragraph("Title", style="Title")
        document.add_paragraph("Part", style="Heading 1")
        document.add_paragraph("Too deep", style="Heading 3")
        document.add_table(rows=2, cols=2)

    assert wordlint.lint(_word(shape), {}) == [
        "the Word file has no title",
        "the Word file has no language",
        "the heading 'Too deep' (Heading 3) skips a level",
        "table 1 has no header row marked",
    ]


def test_a_well_made_file_passes():
    def shape(document):
        document.core_properties.title = "T"
        document.core_properties.language = "en"
        document.add_paragraph("Title", style="Title")
        document.add_paragraph("Part", style="Heading 1")
        document.add_paragraph("Section", style="Heading 2")

    assert wordlint.lint(_word(shape), {}) == []


def test_a_built_file_is_linted_from_what_the_writer_recorded(tmp_path):
    """The Word writer hands the lint what it wrote (paragraph styles and text, tables' header
    rows, links and their targets), so a build never parses its files again; that record is what
    the lint reads in the file itself (links vague and bare too), for every document."""
    from generator.build import render
    from generator.theme import Theme
    from generator.writers import docx as word

    found = []
    for name, corpus in CORPORA.items():
        notes = Path(shutil.copytree(corpus, tmp_path / name))
        alpha = notes / "action-points" / "alpha.yaml"
        if alpha.exists():
            alpha.write_text(alpha.read_text().replace("with [the evidence page](https://mini.test/evidence)",
                                                       "[click here](https://mini.test/evidence)"))
        result, theme = render(notes, TEMPLATES), Theme(TEMPLATES)
        for doc in result.documents:
            data = word.write(doc, theme)
            assert data.facts == wordlint._read(bytes(data))[0], doc.id
            assert data.facts.paragraphs and data.facts.links, doc.id  # a record with something in it
            found.append(wordlint.lint(data, result.titles))
            assert found[-1] == wordlint.lint(bytes(data), result.titles), doc.id
    assert "the link text 'click here' does not say where it goes" in sum(found, [])
