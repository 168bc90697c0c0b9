"""The editor and `check` agree: the YAML language server editors run, with the shipped
.vscode/settings.json, flags each mistake on the line `check` reports it on, in plain words;
finds nothing in a valid file; and offers as completions exactly the fields `check` knows.

The server is pinned in tests/editor (`npm ci --prefix tests/editor`, which `make test` runs)
and spoken to over stdio as VS Code speaks to it (tests/lsp.py). The samples are a copy of the
mini corpus, each file naming its schema on its first line, with schema/ beside it. Without
node or the server the tests skip; CI sets POLICYNOTE_REQUIRE_LANGUAGE_SERVER=1, which turns
the skip into a failure.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from conftest import CORPORA, FIXTURES, ROOT, TEMPLATES, unavailable
from generator import schema_export
from generator.cli import run
from lsp import LanguageServer

NODE = shutil.which("node")
SERVER = ROOT / "tests" / "editor" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
SETTINGS = ROOT / ".vscode" / "settings.json"
REQUIRED = "POLICYNOTE_REQUIRE_LANGUAGE_SERVER"
# What the server says without the schema's own messages: a type list, a regular expression.
NOT_PLAIN = re.compile(r"\| ?null|Incorrect type|does not match the pattern|\^|\(\?|\\[sSdw]")

# name -> (mini source it is made from, {field: the line that replaces it}, what the editor says).
# A field not in the source is added after its id; None removes it. Each sample's id is its name.
MISTAKES = {
    "title-no": ("action-points/beta.yaml", {"title": "title: NO"}, "expected text, got a boolean: put it in quotes"),
    "title-on": ("action-points/beta.yaml", {"title": "title: on"}, "expected text, got a boolean: put it in quotes"),
    "title-number": ("action-points/beta.yaml", {"title": "title: 1.10"}, "expected text, got a number"),
    "title-base-60": ("action-points/beta.yaml", {"title": "title: 12:30"}, "expected text, got a number"),
    "unknown-field": ("action-points/beta.yaml", {"sea": "sea: [report]"}, "unknown field in action point"),
    "missing-field": ("action-points/beta.yaml", {"evidence": None}, "missing required field 'evidence'"),
    "list-for-text": ("action-points/beta.yaml", {"title": "title: [Do, the second thing]"},
                      "expected text, got a list"),
    "text-for-list": ("action-points/alpha.yaml", {"see": "see: report"}, "expected a list, got text"),
    "bad-id": ("action-points/beta.yaml", {"id": "id: Beta Two"}, "use lower-case letters, digits and hyphens"),
    "bad-choice": ("documents/mini-crosswalk.yaml", {"type": "type: policy-note"},
                   "expected one of policy_note, crosswalk, brief"),
    "bad-month": ("documents/mini-crosswalk.yaml", {"date": "date: 2022-6"}, '"YYYY-MM"'),
    "unquoted-year": ("documents/mini-crosswalk.yaml", {"date": "date: 2022"}, "expected date, got a number: put it"),
    "whole-number": ("documents/mini-brief.yaml", {"number": "number: 1.5"}, "expected a whole number, got a number"),
}
# Where they cannot agree, pinned so that a change is noticed: the server reads an unquoted date
# as text (no schema can tell it from "2022-06-01"), and `y` and `n` as booleans (its YAML 1.1
# lists them; PyYAML's does not). name -> (source, {field: line}, the one that flags that line).
DISAGREEMENTS = {
    "unquoted-date": ("documents/mini-crosswalk.yaml", {"date": "date: 2022-06-01"}, "check"),
    "date-for-text": ("action-points/beta.yaml", {"title": "title: 2022-06-01"}, "check"),
    "y-for-text": ("action-points/beta.yaml", {"title": "title: y"}, "editor"),
}

# Translations beside the mini sources (translation.py), each given its own schema, by its first line
# or by the settings; relative path -> (text, whether it has its first line, the line check flags).
TRANSLATIONS = {
    "action-points/alpha.de.yaml": ("title: Das Erste tun\nthemes: [Prüfung]\n", False, None),
    "documents/mini-note.de.yaml": ("title: Die kleine Notiz\nlanguage: de\n", True, None),
    "outputs.de.yaml": ("outputs:\n  - id: report\n    title: Der Bericht\n", True, None),
    "project.de.yaml": ("boxes:\n  - title: Ein Kasten ohne id\n", False, 2),
    "action-points/beta.de.yaml": ("titel: Das Zweite tun\n", False, 1),
}


def editor_settings() -> dict:
    """The shipped .vscode/settings.json, without the whole-line // comments VS Code allows in it."""
    lines = SETTINGS.read_text(encoding="utf-8").splitlines()
    return json.loads("\n".join(line for line in lines if not line.lstrip().startswith("//")))


def with_fields(text: str, fields: dict[str, str | None]) -> str:
    """A source with top-level fields replaced, removed (None) or added after its id."""
    for name, line in fields.items():
        pattern = re.compile(rf"^{name}:.*\n", re.M)
        if pattern.search(text):
            text = pattern.sub(lambda _: "" if line is None else line + "\n", text, count=1)
        else:
            text = re.sub(r"^id:.*\n", lambda found: found.group(0) + line + "\n", text, count=1, flags=re.M)
    return text


def line_of(path: Path, start: str) -> int:
    """The number (from 1) of the first line of a file that starts with `start`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


def write_sample(notes: Path, name: str, source: str, fields: dict, modeline: bool = True) -> Path:
    """Write a sample made from a mini source, its id its name, into `notes`."""
    relative = f"{Path(source).parent.as_posix()}/{name}.yaml"
    text = with_fields((CORPORA["mini"] / source).read_text(encoding="utf-8"), {"id": f"id: {name}", **fields})
    path = notes / relative
    path.write_text((schema_export.modeline(relative) + "\n" if modeline else "") + text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A folder as editors open it: schema/, and notes/ holding the mini corpus and the samples."""
    root = tmp_path_factory.mktemp("workspace")
    shutil.copytree(ROOT / "schema", root / "schema")
    notes = root / "notes"
    for source in CORPORA["mini"].rglob("*.yaml"):
        relative = source.relative_to(CORPORA["mini"]).as_posix()
        (notes / relative).parent.mkdir(parents=True, exist_ok=True)
        (notes / relative).write_text(schema_export.modeline(relative) + "\n" + source.read_text(encoding="utf-8"),
                                      encoding="utf-8")
    shutil.copytree(CORPORA["mini"] / "media", notes / "media")  # the images its records name
    for name, (source, fields, _) in {**MISTAKES, **DISAGREEMENTS}.items():
        write_sample(notes, name, source, fields)
    write_sample(notes, "no-modeline", "action-points/beta.yaml", {"title": "title: NO"}, modeline=False)
    project = notes / "project.yaml"  # the language the translations translate from
    project.write_text(project.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    for relative, (text, modeline, _) in TRANSLATIONS.items():
        (notes / relative).write_text((schema_export.modeline(relative) + "\n" if modeline else "") + text,
                                      encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def checked(workspace) -> dict[str, set[int]]:
    """`policynote check` over the workspace: file name -> the lines it reports errors on."""
    with redirect_stdout(io.StringIO()) as out, redirect_stderr(io.StringIO()):
        run(["check", "--notes", str(workspace / "notes"), "--templates", str(TEMPLATES), "--format", "json"])
    lines: dict[str, set[int]] = {}
    for problem in json.loads(out.getvalue())["problems"]:
        if problem["severity"] == "error":
            lines.setdefault(Path(problem["path"]).name, set()).add(problem["line"])
    return lines


@pytest.fixture(scope="module")
def server(workspace):
    """The pinned YAML language server, started and configured as VS Code does it."""
    if NODE is None:
        unavailable("Node.js (node) is not installed, and the YAML language server runs on it", REQUIRED)
    if not SERVER.is_file():
        unavailable("tests/editor/node_modules is missing (run `npm ci --prefix tests/editor`, "
                    "or `make test`, which does)", REQUIRED)
    editor = LanguageServer([NODE, str(SERVER), "--stdio"], workspace, editor_settings())
    try:
        editor.start()
        yield editor
    finally:
        editor.stop()


def flagged(diagnostics: list[dict]) -> set[int]:
    """The lines (from 1) the editor underlines."""
    return {d["range"]["start"]["line"] + 1 for d in diagnostics}


@pytest.mark.parametrize("name", MISTAKES)
def test_editor_flags_each_mistake_where_check_does(name, server, workspace, checked):
    """The editor underlines the lines `check` reports, and says so in plain words."""
    source, _, says = MISTAKES[name]
    diagnostics = server.diagnose(workspace / "notes" / Path(source).parent / f"{name}.yaml")
    messages = [d["message"] for d in diagnostics]
    assert checked.get(f"{name}.yaml"), f"check finds no error in the sample {name}"
    assert flagged(diagnostics) == checked[f"{name}.yaml"], messages
    assert any(says in message for message in messages), messages
    assert not [m for m in messages if NOT_PLAIN.search(m)], messages


def test_settings_give_the_schema_to_a_file_without_its_first_line(server, workspace, checked):
    """yaml.schemas in the settings associates a source by its path when it names no schema."""
    path = workspace / "notes" / "action-points" / "no-modeline.yaml"
    assert flagged(server.diagnose(path)) == checked["no-modeline.yaml"] == {line_of(path, "title:")}


@pytest.mark.parametrize("relative", TRANSLATIONS)
def test_a_translation_is_checked_as_a_translation(relative, server, workspace, checked):
    """A translation gets its translation's schema, whether it names it or not: no missing
    fields, and the lines `check` flags (an unknown field, a listed record without its id)."""
    path = workspace / "notes" / relative
    diagnostics = server.diagnose(path)
    line = TRANSLATIONS[relative][2]
    assert flagged(diagnostics) == checked.get(path.name, set()) == ({line} if line else set()), diagnostics
    assert not [d for d in diagnostics if "missing required field" in d["message"] and "'id'" not in d["message"]]


@pytest.mark.parametrize("name", DISAGREEMENTS)
def test_known_disagreements(name, server, workspace, checked):
    """Each known disagreement is still one: only the one named flags the line."""
    source, fields, who = DISAGREEMENTS[name]
    path = workspace / "notes" / Path(source).parent / f"{name}.yaml"
    line = line_of(path, f"{next(iter(fields))}:")
    found = {"editor": flagged(server.diagnose(path)), "check": checked.get(path.name, set())}
    assert found == {side: {line} if side == who else set() for side in found}


@pytest.mark.parametrize("source", sorted(p.relative_to(CORPORA["mini"]).as_posix()
                                          for p in CORPORA["mini"].rglob("*.yaml")))
def test_valid_file_gets_no_diagnostics(source, server, workspace, checked):
    """Every file of the mini corpus, which `check` passes, passes the editor too."""
    assert Path(source).name not in checked
    assert server.diagnose(workspace / "notes" / source) == []


def completion_labels(server: LanguageServer, path: Path, text: str, line: int, character: int) -> list[str]:
    """The labels the editor offers at a place of `text` written to `path`."""
    path.write_text(text, encoding="utf-8")
    return sorted(item["label"] for item in server.complete(path, line, character))


def test_new_key_in_an_action_point_offers_the_fields_not_yet_written(server, workspace):
    """On a new line of an action point: the fields `check` knows that are not written, nothing else."""
    text = schema_export.modeline("action-points/new-point.yaml") + "\nid: new-point\ntitle: A point\n\n"
    labels = completion_labels(server, workspace / "notes" / "action-points" / "new-point.yaml", text, 3, 0)
    known = schema_export.records()["action-point"].fields
    assert labels == sorted(set(known) - {"id", "title"})


def test_new_section_item_offers_the_section_fields(server, workspace):
    """At a new item of a document's sections: the section's fields, nothing else."""
    text = schema_export.modeline("documents/new-doc.yaml") + "\nid: new-doc\nsections:\n  - \n"
    labels = completion_labels(server, workspace / "notes" / "documents" / "new-doc.yaml", text, 3, 4)
    section = schema_export.records()["document"].fields["sections"].kind.item
    assert labels == sorted(section.fields)


def test_a_choice_offers_its_words_and_an_optional_list_nothing(server, workspace):
    """A value's completions are its choices; no null, true or false anywhere."""
    folder = workspace / "notes" / "documents"
    text = schema_export.modeline("documents/choice.yaml") + "\nid: choice\ntype: \nkeywords: \n"
    document = schema_export.records()["document"]
    assert completion_labels(server, folder / "choice.yaml", text, 2, 6) == sorted(document.fields["type"].kind.choices)
    assert completion_labels(server, folder / "optional.yaml", text, 3, 10) == []


@pytest.mark.parametrize("source", sorted(p.relative_to(FIXTURES).as_posix()
                                          for corpus in CORPORA.values() for p in corpus.rglob("*.yaml")))
def test_formatting_keeps_the_sources_as_written(source, server):
    """Formatting with the shipped settings changes no source of the test corpora, quotes included."""
    uri = server.open(FIXTURES / source)
    edits = server.request("textDocument/formatting", {"textDocument": {"uri": uri},
                                                      "options": {"tabSize": 2, "insertSpaces": True}})
    assert not edits, edits[0]["newText"]
