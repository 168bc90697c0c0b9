"""The organisation's live notes/ and templates/, checked as content, not as fixtures.

Editors add, change and retire documents every week, so nothing here names a document or
counts them: these tests fail only when the content itself is wrong, and then with the
problems at their file:line:col. The checks that hold for any build (valid HTML and WCAG,
Word re-read, LibreOffice, the formats agreeing) run on the live build too, as `[live]`.
"""

from __future__ import annotations

import json

from conftest import LIVE_NOTES, LIVE_TEMPLATES, ROOT
from generator.cli import run
from generator.writers import WRITERS, unavailable


def test_live_notes_pass_check_strictly(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)  # problems are named as an editor sees them: notes/...
    code = run(["check", "--strict", "--notes", str(LIVE_NOTES.relative_to(ROOT)),
                "--templates", str(LIVE_TEMPLATES.relative_to(ROOT))])
    assert code == 0, capsys.readouterr().err


def test_every_live_document_is_built_in_every_format(live_build):
    manifest = json.loads((live_build / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"], "notes/documents/ holds no document"
    for document in manifest["documents"]:
        assert sorted(document["outputs"]) == sorted(set(WRITERS) - set(unavailable(WRITERS))), document["id"]
        for output in document["outputs"].values():
            assert (live_build / output["path"]).stat().st_size == output["bytes"]
