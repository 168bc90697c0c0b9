"""Bad sources give every problem at its file:line:col, exit 1, and never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CORPORA, TEMPLATES
from generator.cli import run

# (file to write, its content, the exact messages expected, in order)
CASES = {
    "yaml-syntax": ("outputs.yaml", "outputs:\n  - id: report\n    title: [unclosed\n",
                    ["outputs.yaml:4:1: error: YAML syntax: did not find expected ',' or ']'"
                     " (while parsing a flow sequence)"]),
    "tab-indent": ("outputs.yaml", "outputs:\n\t- id: report\n",
                   ["outputs.yaml:2:1: error: YAML syntax: a tab is used for indentation (indent with spaces)"]),
    "empty-file": ("outputs.yaml", "",
                   ["outputs.yaml:1:1: error: the file is empty (write at least the record's id)"]),
    "bom": ("outputs.yaml", "\ufeffoutputs: []\n",
            ["outputs.yaml:1:1: error: the file starts with a byte-order mark (save it as UTF-8 without BOM)"]),
    "duplicate-key": ("action-points/beta.yaml",
                      "id: beta\ntitle: One\ntitle: Two\nevidence: E.\n",
                      ["action-points/beta.yaml:3:1: error: duplicate key 'title' (first defined at line 2)"
                       " (remove one of them)"]),
    "unknown-field": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: E.\nsea: [report]\n",
                      ["action-points/beta.yaml:4:1: error: unknown field 'sea' in action point"
                       " (did you mean 'see'?)"]),
    "missing-field": ("action-points/beta.yaml", "id: beta\ntitle: T\n",
                      ["action-points/beta.yaml:1:1: error: missing required field 'evidence' in action point"
                       " (what the research and practice found)"]),
    "yaml-boolean": ("action-points/beta.yaml", "id: beta\ntitle: NO\nevidence: E.\n",
                     ['action-points/beta.yaml:2:8: error: expected text, got a boolean (NO)'
                      ' (put it in quotes: "NO")']),
    "bare-date": ("action-plan.yaml", "title: P\npublished: 2024-01-05\npoints:\n  - {id: first, title: F}\n  - {id: second, title: S}\n",
                  ['action-plan.yaml:2:12: error: expected a month as text, got a date (2024-01-05)'
                   ' (write the month in quotes: "2024-01")']),
    "python-tag": ("action-points/beta.yaml", "id: beta\ntitle: !!python/object:os.system T\nevidence: E.\n",
                   ["action-points/beta.yaml:2:8: error: the tag tag:yaml.org,2002:python/object:os.system"
                    " is not allowed (sources are plain data: remove the tag)"]),
    "id-not-file-name": ("action-points/beta.yaml", "id: gamma\ntitle: T\nevidence: E.\n",
                         ["action-points/beta.yaml:1:1: error: the id 'gamma' differs from the file name"
                          " (rename the file to gamma.yaml or change the id)"]),
    "unsafe-id": ("action-points/beta.yaml", "id: Beta Two\ntitle: T\nevidence: E.\n",
                  ["action-points/beta.yaml:1:5: error: 'Beta Two' is not a safe id"
                   " (use lower-case letters, digits and hyphens)"]),
    "reserved-id": ("action-points/con.yaml", "id: con\ntitle: T\nevidence: E.\n",
                    ["action-points/con.yaml:1:5: error: 'con' is a name reserved on Windows"
                     " (use lower-case letters, digits and hyphens)"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_problem_is_reported_at_its_place(case, tmp_path, monkeypatch, capsys):
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    name, content, expected = CASES[case]
    (notes / name).write_bytes(content.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    assert run(["check", "--notes", "notes", "--templates", str(TEMPLATES)]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if ": error: " in line or ": warning: " in line]
    assert lines == [f"notes/{line}" for line in expected]
    assert "Traceback" not in err


def test_every_problem_is_listed_at_once(tmp_path, monkeypatch, capsys):
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    (notes / "action-points" / "beta.yaml").write_text("id: beta\ntitle: NO\nevidence: E.\nsea: []\n")
    (notes / "documents" / "mini-brief.yaml").write_text(
        "id: mini-brief\ntype: breif\nlanguage: en\ntitle: T\ndescription: D.\nsections: []\n")
    monkeypatch.chdir(tmp_path)
    assert run(["check", "--notes", "notes", "--templates", str(TEMPLATES)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        'notes/action-points/beta.yaml:2:8: error: expected text, got a boolean (NO) (put it in quotes: "NO")',
        "notes/action-points/beta.yaml:4:1: error: unknown field 'sea' in action point (did you mean 'see'?)",
        "notes/documents/mini-brief.yaml:2:7: error: 'breif' is not one of policy_note, crosswalk, brief"
        " (did you mean 'brief'?)",
        "3 error(s), 0 warning(s): nothing was written",
    ]


def test_template_error_names_the_template_line(tmp_path, capsys):
    templates = Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))
    brief = templates / "brief.md.j2"
    brief.write_text(brief.read_text(encoding="utf-8").replace("project.website", "project.webiste"),
                     encoding="utf-8")
    assert run(["check", "--notes", str(CORPORA["mini"]), "--templates", str(templates)]) == 1
    err = capsys.readouterr().err
    assert f"{brief.as_posix()}:7:1: error: template: the record has no attribute 'webiste' (rendering mini-brief)" in err
