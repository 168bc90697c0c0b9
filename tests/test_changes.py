"""Say what changed, and where: a build names every published document whose text changed and
why; `policynote changes` tells, per document, what a reader sees added, removed or changed;
a release carries that report since the previous release."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from conftest import CORPORA, EPOCH, TEMPLATES
from generator.cli import run
from htmlcheck import parse


@pytest.fixture(autouse=True)
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def notes(tmp_path) -> Path:
    return Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))


def policynote(*args: str) -> tuple[int, list[str], str]:
    """Run a command (with the tests' templates unless it names its own); return its exit code,
    the lines it printed and its error output."""
    templates = [] if "--templates" in args else ["--templates", str(TEMPLATES)]
    with redirect_stdout(io.StringIO()) as said, redirect_stderr(io.StringIO()) as err:
        code = run([*args, *templates])
    return code, said.getvalue().splitlines(), err.getvalue()


def build(notes: Path, out: Path) -> list[str]:
    """Build and return the lines after the summary: the documents that changed."""
    code, lines, err = policynote("build", "--notes", str(notes), "--out", str(out))
    assert code == 0, err
    return lines[1:]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_build_names_each_document_whose_text_changed_and_why(notes, tmp_path):
    out = tmp_path / "out"
    assert build(notes, out) == []  # a first build has nothing to compare with
    edit(notes / "action-points" / "alpha.yaml", "The evidence says **so**", "The evidence says **this**")
    assert build(notes, out) == ["changed mini-crosswalk: action point alpha: evidence changed",
                                 "changed mini-note: action point alpha: evidence changed"]
    edit(notes / "action-points" / "alpha.yaml", "themes: [testing]", "themes: [testing, more]")
    assert build(notes, out) == []  # no document shows an action point's themes
    edit(notes / "outputs.yaml", "title: The Report", "title: The Final Report")
    assert build(notes, out) == ["changed mini-crosswalk: output report: title changed",
                                 "changed mini-note: output report: title changed"]


def test_a_new_link_is_named_as_what_it_is(tmp_path):
    notes = Path(shutil.copytree(CORPORA["focus"], tmp_path / "notes"))
    out = tmp_path / "out"
    build(notes, out)
    edit(notes / "action-points" / "co-creation.yaml", "\nthemes:",
         "\naction_plan:\n  - point: encounters\n    relation: supports\n    see: [case-studies]\nthemes:")
    assert build(notes, out) == [
        "changed action-plan-crosswalk: action point co-creation now links to Action Plan point encounters"]


def test_added_and_removed_documents_are_named(notes, tmp_path):
    out = tmp_path / "out"
    build(notes, out)
    brief = (notes / "documents" / "mini-brief.yaml").read_text(encoding="utf-8")
    (notes / "documents" / "second-brief.yaml").write_text(brief.replace("id: mini-brief", "id: second-brief"),
                                                            encoding="utf-8")
    (notes / "documents" / "mini-crosswalk.yaml").unlink()
    assert build(notes, out) == ["removed mini-crosswalk", "new second-brief"]


def test_changes_tells_what_a_reader_sees_changed(notes, tmp_path):
    out = tmp_path / "out"
    build(notes, out)
    note = notes / "documents" / "mini-note.yaml"
    edit(note, "title: Action\n", "title: Action\n    body: A new paragraph before the point.\n")
    edit(note, "    after: The end of the section.", "    after: The very end of the section.")
    edit(note, "outputs: [report, site]", "outputs: [report]")
    code, lines, _ = policynote("changes", "--notes", str(notes), "--since", str(out))
    assert code == 0
    assert lines == [
        "mini-note (A note with *stars* and [brackets]): changed",
        "  why: its own record: sections 'Action' changed",
        "  why: its own record: sections 'Outputs' changed",
        '  "Action": paragraph added: {+A new paragraph before the point.+}',
        '  "Outputs": list item removed: [-The Site (beta)-]',
        '  "Outputs": paragraph changed: The {+very+} end of the section.',
        '  "Outputs": link removed: [-The Site (beta) (https://mini.test/site_(beta)/)-]',
        '  "Outputs": "See:" no longer cites: [-site-]',
        "1 changed, 0 new, 0 removed, 2 unchanged",
    ]


def test_changes_between_two_releases_as_a_page(notes, tmp_path):
    first = tmp_path / "first"
    assert policynote("release", "--notes", str(notes), "--out", str(tmp_path / "out"), "--dist", str(first))[0] == 0
    edit(notes / "project.yaml", "programme: Example Programme", "programme: Example Programme II")
    second = tmp_path / "second"
    assert policynote("release", "--notes", str(notes), "--out", str(tmp_path / "out"), "--dist", str(second),
                      "--edition", "2024.2")[0] == 0
    old, new = next(first.glob("*.zip")), next(second.glob("*.zip"))
    assert new.name == "mini-publications-2024.2.zip"
    page = tmp_path / "changes.html"
    code, lines, _ = policynote("changes", "--since", str(old), "--to", str(new), "--html", str(page))
    assert code == 0 and lines[-1] == "2 changed, 0 new, 0 removed, 1 unchanged"  # the crosswalk ends bare
    assert "  why: project: funding changed" in lines
    html = page.read_text(encoding="utf-8")
    assert parse(html).errors == []
    assert "the European Union’s Example Programme <ins>II</ins> under grant" in html
    assert "<p>Mini · made by policynote changes</p>" in html


def test_a_release_carries_the_changes_since_the_previous_one(notes, tmp_path):
    out, dist = tmp_path / "out", tmp_path / "dist"
    assert policynote("release", "--notes", str(notes), "--out", str(out), "--dist", str(dist))[0] == 0
    previous = Path(shutil.copy(next(dist.glob("*.zip")), tmp_path / "previous.zip"))
    (notes / "documents" / "mini-crosswalk.yaml").unlink()
    code, lines, err = policynote("release", "--notes", str(notes), "--out", str(out), "--dist", str(dist),
                                  "--since", str(previous), "--edition", "2025")
    assert code == 0, err
    assert lines[1] == "removed mini-crosswalk"
    with zipfile.ZipFile(dist / "mini-publications-2025.zip") as bundle:
        changes = bundle.read("mini-publications-2025/CHANGES.txt").decode("utf-8")
        readme = bundle.read("mini-publications-2025/README.txt").decode("utf-8")
        assert "mini-publications-2025/changes.html" in bundle.namelist()
    assert changes.splitlines() == ["mini-crosswalk (The plan and the evidence): removed",
                                    "0 changed, 0 new, 1 removed, 2 unchanged"]
    assert "  CHANGES.txt    what changed in each document since previous.zip, and why\n" in readme


def test_what_cannot_be_compared_is_said_plainly(notes, tmp_path):
    out = tmp_path / "out"
    code, _, err = policynote("changes", "--notes", str(notes), "--since", str(out))
    assert code == 1 and f"there is no build or release at {out.as_posix()} to compare with" in err
    (tmp_path / "notes.txt").write_text("not a build")
    code, _, err = policynote("changes", "--notes", str(notes), "--since", str(tmp_path / "notes.txt"))
    assert code == 1 and "notes.txt is neither a build folder nor a release bundle (.zip)" in err
    assert policynote("build", "--notes", str(notes), "--out", str(out), "--format", "md,html")[0] == 0
    code, _, err = policynote("changes", "--notes", str(notes), "--since", str(out))
    assert code == 1 and "was built without the json format" in err


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=Editor", "-c", "user.email=editor@mini.test",
                    *args], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_release_from_uncommitted_sources_says_so_and_strict_refuses(tmp_path):
    project = tmp_path / "project"
    notes = Path(shutil.copytree(CORPORA["mini"], project / "notes"))
    templates = Path(shutil.copytree(TEMPLATES, project / "templates"))
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "sources")
    edit(notes / "documents" / "mini-brief.yaml", "title: A brief", "title: A changed brief")
    args = ["release", "--notes", str(notes), "--templates", str(templates), "--out", str(tmp_path / "out"),
            "--dist", str(tmp_path / "dist")]
    code, _, err = policynote(*args, "--strict")
    assert code == 1 and not (tmp_path / "dist").exists()
    assert err.startswith("policynote: error: changes not yet committed (notes/documents/mini-brief.yaml)")
    code, _, err = policynote(*args)
    assert code == 0 and err.startswith("policynote: warning: changes not yet committed")
    with zipfile.ZipFile(next((tmp_path / "dist").glob("*.zip"))) as bundle:
        readme = bundle.read(f"{bundle.namelist()[0].split('/')[0]}/README.txt").decode("utf-8")
    assert readme.endswith("Made from a working tree with changes not yet committed:\n  notes/documents/mini-brief.yaml\n")


def test_a_release_that_replaces_another_of_its_edition_says_so(notes, tmp_path):
    templates = Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))  # outside any git repository
    args = ["release", "--notes", str(notes), "--templates", str(templates), "--out", str(tmp_path / "out"),
            "--dist", str(tmp_path / "dist"), "--edition", "2024.1"]
    assert policynote(*args)[::2] == policynote(*args)[::2] == (0, "")  # the same sources: the same bundle
    edit(notes / "documents" / "mini-brief.yaml", "title: A brief", "title: A longer brief")
    code, _, err = policynote(*args)
    assert code == 0 and err.startswith("policynote: warning: ") and "replaces a release of the same edition" in err


def test_a_previous_json_gone_or_altered_is_made_again_without_a_word(notes, tmp_path):
    out = tmp_path / "out"
    build(notes, out)
    (out / "json" / "mini-note.json").unlink()
    (out / "json" / "mini-brief.json").write_text("{", encoding="utf-8")
    edit(notes / "project.yaml", "programme: Example Programme", "programme: Example Programme II")
    assert build(notes, out) == []  # the note and the brief cannot be compared; the crosswalk shows no funding
    assert (out / "json" / "mini-note.json").is_file() and json.loads((out / "json" / "mini-brief.json").read_text())


def test_the_closing_matter_is_a_part_of_its_own(notes, tmp_path):
    out = tmp_path / "out"
    build(notes, out)
    edit(notes / "project.yaml", "programme: Example Programme", "programme: Example Programme II")
    code, lines, _ = policynote("changes", "--notes", str(notes), "--since", str(out))
    assert '  "(closing matter)": paragraph changed: … from the European Union’s Example Programme {+II+} under' \
           ' grant agreement No. 000001.' in lines


def test_two_sections_of_one_title_are_told_apart(notes, tmp_path):
    brief = notes / "documents" / "mini-brief.yaml"
    edit(brief, "sections:\n", "sections:\n  - title: Reading\n    outputs: [report]\n"
                               "  - title: Reading\n    outputs: [site]\n")
    out = tmp_path / "out"
    build(notes, out)
    data = json.loads((out / "json" / "mini-brief.json").read_text(encoding="utf-8"))
    assert [(p["heading"], p["see"]) for p in data["parts"] if p["heading"] == "Reading"] == [
        ("Reading", ["report"]), ("Reading", ["site"])]
    edit(brief, "    outputs: [site]\n", "    outputs: [site, report]\n")
    assert build(notes, out) == ["changed mini-brief: its own record: sections 'Reading (2)' changed"]


def test_retiring_every_document_builds_an_empty_series(notes, tmp_path):
    out = tmp_path / "out"
    build(notes, out)
    for path in (notes / "documents").glob("*.yaml"):
        path.unlink()
    assert build(notes, out) == ["removed mini-brief", "removed mini-crosswalk", "removed mini-note"]
