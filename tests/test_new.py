"""`policynote new` writes skeletons that `check` refuses until every prompt is filled in,
and never overwrites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CORPORA, TEMPLATES
from generator.cli import run
from generator.scaffold import KINDS


@pytest.fixture
def notes(tmp_path) -> Path:
    return Path(shutil.copytree(CORPORA["focus"], tmp_path / "notes"))


def fill_in(path: Path) -> None:
    """Do what an editor does with a skeleton: write real text over every prompt."""
    text = path.read_text(encoding="utf-8").replace('date: "TODO"', 'date: "2026-01"')
    text = text.replace("TODO: ", "").replace("https://example.org/", "https://www.focus-refugees.eu/results/")
    path.write_text(text, encoding="utf-8")


def written(kind: str, notes: Path, ident: str) -> Path:
    """The file `new` writes for a kind."""
    folder = {"action-point": "action-points", "output": None}.get(kind, "documents")
    return notes / (f"{folder}/{ident}.yaml" if folder else "outputs.yaml")


@pytest.mark.parametrize("kind", KINDS)
def test_an_unedited_skeleton_fails_check_at_each_prompt(kind, notes, capsys):
    assert run(["new", kind, "fresh-record", "--notes", str(notes)]) == 0
    path = written(kind, notes, "fresh-record")
    prompts = [number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if ("TODO" in line or "example.org" in line) and not line.lstrip().startswith("#")]
    assert prompts
    assert run(["check", "--notes", str(notes), "--templates", str(TEMPLATES)]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert [int(line.split(":")[1]) for line in errors] == prompts
    assert all(line.startswith(path.as_posix()) for line in errors)


def test_a_skeleton_prompt_is_named_where_it_stands(notes, capsys):
    assert run(["new", "brief", "brief-02", "--notes", str(notes)]) == 0
    assert run(["check", "--notes", str(notes), "--templates", str(TEMPLATES)]) == 1
    path = notes / "documents" / "brief-02.yaml"
    line = path.read_text(encoding="utf-8").splitlines().index('title: "TODO: the title"') + 1
    assert capsys.readouterr().err.splitlines()[1] == (
        f"{path.as_posix()}:{line}:9: error: placeholder 'TODO' still in the text: 'TODO: the title'"
        " (write the real text in its place)")


def test_skeletons_are_written_from_the_declarations(notes):
    """Every field the schema declares is in the skeleton, described as docs/sources.md says."""
    from generator.schema import document_record
    assert run(["new", "brief", "brief-02", "--notes", str(notes)]) == 0
    text = (notes / "documents" / "brief-02.yaml").read_text(encoding="utf-8")
    comments = " ".join(line.strip().lstrip("#").strip() for line in text.splitlines())  # wrapped lines joined
    for field in document_record().fields.values():
        assert f"{field.name}:" in text and field.doc[1:] in comments, field.name


@pytest.mark.parametrize("kind", KINDS)
def test_a_filled_in_skeleton_passes_check(kind, notes, capsys):
    assert run(["new", kind, "fresh-record", "--notes", str(notes)]) == 0
    fill_in(written(kind, notes, "fresh-record"))
    assert run(["check", "--notes", str(notes), "--templates", str(TEMPLATES)]) == 0
    assert ": error:" not in capsys.readouterr().err


def test_kinds_are_spelt_either_way_and_a_wrong_one_is_named(notes, capsys):
    assert run(["new", "policy-note", "policy-note-08", "--notes", str(notes)]) == 0
    assert "type: policy_note" in (notes / "documents" / "policy-note-08.yaml").read_text(encoding="utf-8")
    assert run(["new", "action_point", "new-point", "--notes", str(notes)]) == 0
    assert (notes / "action-points" / "new-point.yaml").is_file()
    assert run(["new", "breif", "x", "--notes", str(notes)]) == 2
    assert "no kind of record is called 'breif' (did you mean 'brief'?)" in capsys.readouterr().err


def test_new_documents_build_once_filled_in(notes, tmp_path):
    for kind in ("policy_note", "crosswalk", "brief"):
        assert run(["new", kind, f"new-{kind.replace('_', '-')}", "--notes", str(notes)]) == 0
        fill_in(notes / "documents" / f"new-{kind.replace('_', '-')}.yaml")
    assert run(["build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(tmp_path / "b"),
                "--format", "md"]) == 0
    assert (tmp_path / "b" / "md" / "new-policy-note.md").read_text().startswith("# the title")


@pytest.mark.parametrize("kind,existing", [("action-point", "housing"), ("brief", "integration-brief-01"),
                                           ("output", "triangulation-report")])
def test_new_refuses_to_overwrite(kind, existing, notes, capsys):
    files = {p: p.read_bytes() for p in notes.rglob("*.yaml")}
    assert run(["new", kind, existing, "--notes", str(notes)]) == 1
    assert "nothing was" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in notes.rglob("*.yaml")} == files


def test_new_refuses_an_unsafe_id(notes, capsys):
    assert run(["new", "brief", "../escape", "--notes", str(notes)]) == 2
    assert "has a slash and has '..'" in capsys.readouterr().err
    assert not (notes.parent / "escape.yaml").exists()
