"""`policynote new` writes skeletons that pass `check`, and never overwrites."""

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


@pytest.mark.parametrize("kind", KINDS)
def test_new_then_check_passes(kind, notes, capsys):
    assert run(["new", kind, "fresh-record", "--notes", str(notes)]) == 0
    assert run(["check", "--notes", str(notes), "--templates", str(TEMPLATES)]) == 0
    err = capsys.readouterr().err
    assert ": error:" not in err
    if kind != "output":  # a new output is appended to the catalogue
        assert (notes / ("action-points" if kind == "action-point" else "documents")
                / "fresh-record.yaml").is_file()


def test_new_documents_build(notes, tmp_path):
    for kind in ("policy_note", "crosswalk", "brief"):
        assert run(["new", kind, f"new-{kind.replace('_', '-')}", "--notes", str(notes)]) == 0
    assert run(["build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(tmp_path / "b"),
                "--format", "md"]) == 0
    assert (tmp_path / "b" / "md" / "new-policy-note.md").read_text().startswith("# Write the title")


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
