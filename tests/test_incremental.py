"""Incremental builds: nothing changed, nothing done; one record changed, only its documents
rebuilt; and the result byte-identical to a full build, with one process or several."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from conftest import CORPORA, EPOCH, TEMPLATES
from generator.cli import run
from generator.writers import WRITERS, unavailable


@pytest.fixture(autouse=True)
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # Word files carry the build's time


@pytest.fixture
def notes(tmp_path) -> Path:
    return Path(shutil.copytree(CORPORA["focus"], tmp_path / "notes"))


# Files of a build of the FOCUS fixture: its 3 documents in each format this machine writes, the
# index page, the emblem beside the Markdown, the manifest.
FILES = 3 * len(set(WRITERS) - set(unavailable(WRITERS))) + 3


def build(notes: Path, out: Path, *options: str) -> str:
    """Build and return the line that sums it up (the documents that changed follow it); fail on
    a non-zero exit."""
    with redirect_stdout(io.StringIO()) as said, redirect_stderr(io.StringIO()) as err:
        code = run(["build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out), *options])
    assert code == 0, err.getvalue()
    return said.getvalue().splitlines()[0]


def artefacts(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".cache.json"}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def build_full(notes: Path, out: Path) -> Path:
    """A full build of `notes` into a new folder."""
    build(notes, out)
    return out


def test_nothing_changed_nothing_done(notes, tmp_path):
    out = tmp_path / "out"
    build(notes, out)
    inodes = {p: p.stat().st_ino for p in out.rglob("*")}
    assert build(notes, out) == f"{out.as_posix()}/ is up to date (3 document(s)): nothing changed"
    assert {p: p.stat().st_ino for p in out.rglob("*")} == inodes


def test_one_record_changed_rebuilds_only_its_documents_as_a_full_build_would(notes, tmp_path):
    out = tmp_path / "out"
    build(notes, out)
    edit(notes / "documents" / "integration-brief-01.yaml", "Feb-May 2019.", "Feb-May 2019 (revised).")
    assert build(notes, out).endswith(f"(1 made, 2 unchanged; {FILES} files)")
    edit(notes / "action-points" / "co-creation.yaml", "Empowerment is essential", "Empowerment is vital")
    # the note shows it; the crosswalk does not (co-creation links to no Action Plan point)
    assert build(notes, out).endswith(f"(1 made, 2 unchanged; {FILES} files)")
    edit(notes / "action-points" / "housing.yaml", "secure and appropriate is", "safe and appropriate is")
    assert build(notes, out).endswith(f"(2 made, 1 unchanged; {FILES} files)")  # the note and the crosswalk
    edit(notes / "action-points" / "co-creation.yaml", "\nthemes:", "\naction_plan:\n  - point: encounters\n"
         "    relation: supports\nthemes:")
    # a new link: the crosswalk now shows co-creation under 'encounters', the note is rebuilt too
    assert build(notes, out).endswith(f"(2 made, 1 unchanged; {FILES} files)")
    assert artefacts(out) == artefacts(Path(build_full(notes, tmp_path / "full")))


@pytest.mark.parametrize("change", ["project", "template", "epoch"])
def test_shared_inputs_rebuild_everything(change, notes, tmp_path, monkeypatch):
    templates = Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))
    out = tmp_path / "out"

    def build_here():
        with redirect_stdout(io.StringIO()) as said:
            assert run(["build", "--notes", str(notes), "--templates", str(templates), "--out", str(out)]) == 0
        return said.getvalue()

    build_here()
    if change == "project":
        edit(notes / "project.yaml", "contact@focus-refugees.eu", "info@focus-refugees.eu")
    elif change == "template":
        edit(templates / "html" / "style.css", "--accent: #1f5c7a;", "--accent: #1f5c7b;")
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 1))
    assert f"(3 made, 0 unchanged; {FILES} files)" in build_here()


def test_an_output_edited_by_hand_is_made_again(notes, tmp_path):
    out = tmp_path / "out"
    build(notes, out)
    before = artefacts(out)
    with open(out / "md" / "policy-note-07.md", "a", encoding="utf-8") as handle:
        handle.write("an edit by hand\n")
    assert build(notes, out).endswith(f"(1 made, 2 unchanged; {FILES} files)")
    assert artefacts(out) == before


def test_a_process_pool_writes_the_same_bytes(notes, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    build(notes, one)
    assert build(notes, two, "--jobs", "2").endswith(f"(3 made, 0 unchanged; {FILES} files)")
    assert artefacts(one) == artefacts(two)


def test_a_failed_swap_after_an_incremental_build_leaves_the_build_as_it_was(notes, tmp_path, monkeypatch):
    from generator import publish
    out = tmp_path / "out"
    build(notes, out)
    before = artefacts(out)
    edit(notes / "documents" / "policy-note-07.yaml", "title: Promoting", "title: Advancing")

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish, "_swap", full_disk)
    with redirect_stderr(io.StringIO()) as err, redirect_stdout(io.StringIO()):
        assert run(["build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out)]) == 1
    assert "cannot write the build: No space left on device" in err.getvalue()
    assert artefacts(out) == before  # reused files are links: nothing may be written through them


def test_the_same_sources_elsewhere_are_not_up_to_date(notes, tmp_path):
    out = tmp_path / "out"
    build(notes, out)
    elsewhere = Path(shutil.copytree(notes, tmp_path / "elsewhere"))
    assert "up to date" not in build(elsewhere, out)


def test_a_new_broken_source_is_never_up_to_date(notes, tmp_path):
    out = tmp_path / "out"
    build(notes, out)
    (notes / "action-points" / "__draft.yaml").write_text("id: [unclosed\n")
    with redirect_stderr(io.StringIO()) as err, redirect_stdout(io.StringIO()):
        assert run(["build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out)]) == 1
    assert "__draft.yaml:1:5: error: this '[' is not closed on its line" in err.getvalue()


def test_ids_beginning_with_index_are_listed_once(notes, tmp_path):
    brief = (notes / "documents" / "integration-brief-01.yaml").read_text(encoding="utf-8")
    (notes / "documents" / "index-2022.yaml").write_text(
        brief.replace("id: integration-brief-01", "id: index-2022"), encoding="utf-8")
    out = tmp_path / "out"
    build(notes, out)
    import json
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [f["path"] for f in manifest["files"]] == ["html/index.html", "md/media/eu-emblem.png"]
    assert "index-2022" in [d["id"] for d in manifest["documents"]]
