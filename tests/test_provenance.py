"""What a reader sees of a document is in its JSON, and a change to it is explained.

Every text field of the FOCUS fixture is edited in turn; the documents are rendered again,
in memory, to Markdown, HTML and JSON. A document whose Markdown or HTML changed must show
the change in its JSON (what `changes` compares), and its JSON must name the edited record
among the reasons; a document whose JSON text did not change must look the same in every
format. This is what keeps the build's "changed <id>: why" honest as templates evolve.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import CORPORA, TEMPLATES
from generator.build import render
from generator.changes import text_of
from generator.problems import Problems
from generator.provenance import explain
from generator.theme import Theme
from generator.writers import html, markdown, outline
from generator.yamlsource import Value, load_file

# Fields whose value must stay as it is for the sources to stay valid: ids, choices, dates, tags.
FIXED = {"id", "type", "kind", "relation", "language", "date", "point", "see", "action_points",
         "action_plan_points", "outputs", "definitions", "boxes", "closing", "default_for", "edition", "number",
         "file"}  # an image's path: test_images changes a picture
ADDRESSES = {"url", "website"}


def edits(notes: Path) -> list[tuple[str, int, int, str, str]]:
    """(file, start, end, new text, label of the record) for every text field of the corpus."""
    found = []
    for path in sorted(notes.rglob("*.yaml")):
        relative = path.relative_to(notes).as_posix()
        value = load_file(path, relative, Problems())
        _walk(value, _top_label(relative), "", relative, found)
    return found


def _top_label(relative: str) -> str:
    """The label of the record a file holds at its top level."""
    folder, _, name = relative.rpartition("/")
    stem = name.removesuffix(".yaml")
    return {"action-points": f"action point {stem}", "documents": f"document {stem}"}.get(
        folder, {"project.yaml": "project", "action-plan.yaml": "Action Plan"}.get(name, ""))


LISTED = {"definitions": "definition", "boxes": "box", "closing": "closing", "outputs": "output",
          "points": "Action Plan point"}


def _walk(value: Value, label: str, key: str, relative: str, found: list) -> None:
    """Collect the text scalars below `value`, each with the label of the record it belongs to."""
    if value.kind == "mapping":
        for child_key, child in value.data.items():
            _walk(child, label, child_key, relative, found)
    elif value.kind == "list":
        for item in value.data:
            item_label = label
            if key in LISTED and item.kind == "mapping" and "id" in item.data and relative.count("/") == 0:
                item_label = f"{LISTED[key]} {item.data['id'].data}"
            _walk(item, item_label, key, relative, found)
    elif value.kind == "text" and key not in FIXED and not key.startswith("url"):
        data = f"{value.data.rstrip('/')}/edited/" if key in ADDRESSES else (
            f"edited.{value.data}" if key == "contact" else f"{value.data.rstrip()} (edited)")
        found.append((relative, *value.span, json.dumps(data, ensure_ascii=False), label))


def seen(notes: Path) -> dict[str, tuple[str, str, dict]]:
    """Each document as Markdown, HTML and JSON."""
    result = render(notes, TEMPLATES)
    assert not result.problems.errors, [p.format() for p in result.problems.errors]
    theme = Theme(TEMPLATES)
    return {doc.id: (markdown.write(doc, theme), html.write(doc, theme), json.loads(outline.write(doc, theme)))
            for doc in result.documents}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return Path(shutil.copytree(CORPORA["focus"], tmp_path_factory.mktemp("provenance") / "notes"))


def test_every_visible_change_is_in_the_json_and_explained(workspace):
    before = seen(workspace)
    cases = edits(workspace)
    assert len(cases) > 150  # every title, text and address of the corpus
    visible = 0
    for relative, start, end, text, label in cases:
        path = workspace / relative
        original = path.read_text(encoding="utf-8")
        tail = "\n" if original[start:end].endswith("\n") else ""  # a block scalar ends with its line
        path.write_text(original[:start] + text + tail + original[end:], encoding="utf-8")
        try:
            after = seen(workspace)
        finally:
            path.write_text(original, encoding="utf-8")
        for ident, (md, page, data) in after.items():
            old_md, old_page, old_data = before[ident]
            shown = md != old_md or page != old_page
            assert shown == (text_of(data) != text_of(old_data)), f"{relative} {label}: {ident}"
            if shown:
                visible += 1
                own = f"document {ident}"
                reasons = explain(old_data["sources"], data["sources"], own)
                named = "its own record" if label == own else label
                assert any(reason.startswith(named) for reason in reasons), (relative, label, ident, reasons)
    assert visible > 150
