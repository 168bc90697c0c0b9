"""The README's claims, held as written: a new output format is one module and one row in
WRITERS; a new document type is one row in TYPES and one template. Each is registered here,
for this test only, without touching any other module of the tool; each has its names for
readers in each catalogue of labels (templates/labels), and a catalogue without them says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import CORPORA, TEMPLATES
from generator.cli import run
from generator.schema import TYPES, DocType
from generator.writers import WRITERS, Writer


def with_labels(tmp_path: Path, under: str, line: str) -> Path:
    """A copy of the house style whose every catalogue of labels has `line` under `under:`."""
    templates = Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))
    for catalogue in (templates / "labels").glob("*.yaml"):
        text = catalogue.read_text(encoding="utf-8")
        catalogue.write_text(text.replace(f"\n{under}:\n", f"\n{under}:\n  {line}\n"), encoding="utf-8")
        assert line in catalogue.read_text(encoding="utf-8")
    return templates


def plain_text(doc, theme) -> str:
    """A toy format: the title and the header, as plain text."""
    return f"{doc.title}\n{doc.header}\n"


def test_a_new_format_is_one_module_and_one_row(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(WRITERS, "txt", Writer("txt", ".txt", binary=False, write=plain_text, label="Plain text", mime="text/plain",
                                               about="each document's title, as plain text"))
    out = tmp_path / "out"
    assert run(["build", "--notes", str(CORPORA["mini"]), "--templates", str(TEMPLATES), "--out", str(out)]) == 1
    assert "missing required field 'txt' in labels' formats" in capsys.readouterr().err
    templates = with_labels(tmp_path, "formats", "txt: Plain text")
    assert run(["build", "--notes", str(CORPORA["mini"]), "--templates", str(templates), "--out", str(out)]) == 0
    assert (out / "txt" / "mini-note.txt").read_text(encoding="utf-8") == (
        "A note with *stars* and [brackets]\nPolicy Note #3 · May 2024\n")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert all(document["outputs"]["txt"]["path"] == f"txt/{document['id']}.txt" for document in manifest["documents"])
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../txt/mini-note.txt">Plain text<span' in index
    assert run(["build", "--notes", str(CORPORA["mini"]), "--templates", str(templates), "--out", str(out),
                "--format", "txt"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [".cache.json", "manifest.json", "txt"]


def test_a_new_document_type_is_one_row_and_one_template(tmp_path, monkeypatch):
    monkeypatch.setitem(TYPES, "memo", DocType("memo"))
    templates = with_labels(tmp_path, "types", "memo: {name: Memo, plural: Memos}")
    (templates / "memo.md.j2").write_text('{% extends "_document.md.j2" %}\n', encoding="utf-8")
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    (notes / "documents" / "memo-1.yaml").write_text(
        'id: memo-1\ntype: memo\nnumber: 1\ndate: "2024-06"\nlanguage: en\ntitle: A memo\n'
        "description: A toy type.\nsections:\n  - title: Only\n    body: Short.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run(["build", "--notes", str(notes), "--templates", str(templates), "--out", str(out)]) == 0
    assert (out / "md" / "memo-1.md").read_text(encoding="utf-8").startswith("# A memo\n\nMemo #1 · June 2024\n")
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="series-memo">Memos</h2>' in index and '<a href="memo-1.html">A memo</a>' in index
