"""The command-line contract: exit codes, messages, and a failed build that changes nothing."""

from __future__ import annotations

import json
from dataclasses import replace
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPORA, ROOT, TEMPLATES, build_corpus
from generator.cli import run
from generator.writers import WRITERS, unavailable


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def mini(tmp_path) -> Path:
    """A writable copy of the mini corpus."""
    return Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))


def test_bad_usage_exits_2(capsys):
    assert run([]) == 2
    assert run(["build", "--format", "epub"]) == 2
    assert "unknown format epub" in capsys.readouterr().err
    assert run(["publish"]) == 2


def test_check_passes_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run(["check", "--notes", str(CORPORA["focus"]), "--templates", str(TEMPLATES)]) == 0
    assert list(tmp_path.iterdir()) == []
    assert capsys.readouterr().err == ""


def test_failed_build_leaves_previous_output_untouched(mini, tmp_path, capsys):
    out = build_corpus(mini, tmp_path / "out")
    before = snapshot(out)
    alpha = mini / "action-points" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("see: [report, site]", "see: [reprot]"),
                     encoding="utf-8")
    code = run(["build", "--notes", str(mini), "--out", str(out), "--templates", str(TEMPLATES)])
    assert code == 1
    err = capsys.readouterr().err
    assert f"{alpha.as_posix()}:11:7: error: unknown output id 'reprot' (did you mean 'report'?)" in err
    assert "nothing was written" in err
    assert snapshot(out) == before


def test_only_requested_formats_are_built(tmp_path):
    out = tmp_path / "out"
    assert run(["build", "--notes", str(CORPORA["mini"]), "--out", str(out), "--templates", str(TEMPLATES),
                "--format", "md"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [".cache.json", "manifest.json", "md"]


def test_a_format_this_machine_cannot_write_is_left_out_with_a_warning_unless_asked_for(tmp_path, monkeypatch, capsys):
    """Without Pango there is no PDF: a plain build says so and makes the rest; asking for PDF, a
    release (which must hold every format) or --strict (where a warning fails) fails and writes nothing."""
    monkeypatch.setitem(WRITERS, "pdf", replace(WRITERS["pdf"], missing=lambda: "WeasyPrint cannot start (no Pango)"))
    common = ["--notes", str(CORPORA["mini"]), "--templates", str(TEMPLATES)]
    assert run(["build", *common, "--out", str(tmp_path / "out")]) == 0
    assert "policynote: warning: no PDF files: WeasyPrint cannot start (no Pango)" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir()) == ["docx", "html", "json", "md"]
    assert run(["build", *common, "--out", str(tmp_path / "pdf"), "--format", "md,pdf"]) == 1
    assert "policynote: error: no PDF files: WeasyPrint cannot start (no Pango)" in capsys.readouterr().err
    assert run(["build", *common, "--out", str(tmp_path / "strict"), "--strict"]) == 1
    assert "policynote: error: no PDF files: WeasyPrint cannot start (no Pango)" in capsys.readouterr().err
    assert run(["release", *common, "--out", str(tmp_path / "rel"), "--dist", str(tmp_path / "dist")]) == 1
    assert not any((tmp_path / name).exists() for name in ("pdf", "strict", "dist"))


def test_refuses_to_replace_a_folder_that_is_not_a_build(tmp_path, capsys):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("do not delete")
    code = run(["build", "--notes", str(CORPORA["mini"]), "--out", str(precious), "--templates", str(TEMPLATES)])
    assert code == 1
    assert "refusing to replace" in capsys.readouterr().err
    assert (precious / "thesis.txt").read_text() == "do not delete"


def test_a_web_apps_folder_with_its_own_manifest_is_never_replaced(tmp_path, capsys):
    public = tmp_path / "public"
    (public / "photos").mkdir(parents=True)
    (public / "manifest.json").write_text('{"name": "Our app", "start_url": "/", "icons": []}')
    (public / "index.html").write_text("<!doctype html><title>Our app</title>")
    for n in range(3):
        (public / "photos" / f"{n}.jpg").write_bytes(b"\xff\xd8 a photo")
    before = snapshot(public)
    code = run(["build", "--notes", str(CORPORA["mini"]), "--out", str(public), "--templates", str(TEMPLATES)])
    assert code == 1
    assert (f"{public.as_posix()}: error: refusing to replace public: it holds files no build wrote"
            " (index.html, manifest.json, photos/0.jpg and 2 more); move them, or choose another --out"
            in capsys.readouterr().err)
    assert snapshot(public) == before


def test_a_build_with_files_added_by_hand_is_never_replaced(mini, tmp_path, capsys):
    out = build_corpus(mini, tmp_path / "out")
    (out / "docx" / "~$mini-note.docx").write_bytes(b"Word's lock of an open file")  # litter: no matter
    (out / ".DS_Store").write_bytes(b"Finder's")
    assert build_corpus(mini, out) == out
    (out / "md" / "draft.md").write_text("mine")
    (out / "photo.jpg").symlink_to(tmp_path / "nowhere.jpg")
    common = ["--notes", str(mini), "--out", str(out), "--templates", str(TEMPLATES)]
    assert run(["build", *common]) == 1
    assert "it holds files no build wrote (md/draft.md, photo.jpg)" in capsys.readouterr().err
    assert (out / "md" / "draft.md").read_text() == "mine" and (out / "photo.jpg").is_symlink()
    copied = Path(shutil.copytree(out, tmp_path / "copied", symlinks=True))  # a build's manifest is no pass
    (out / "md" / "draft.md").unlink()
    (out / "photo.jpg").unlink()
    assert run(["build", *common]) == 0
    assert run(["build", *common[:2], "--out", str(copied), *common[4:]]) == 1
    assert "(md/draft.md, photo.jpg)" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(["build", *common[:2], "--out", str(empty), *common[4:]]) == 0


def test_manifest_lists_every_output_with_its_checksum(builds):
    import hashlib
    build = builds["focus"]
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in manifest["documents"]] == [
        "action-plan-crosswalk", "integration-brief-01", "policy-note-07"]
    for document in manifest["documents"]:
        assert sorted(document["outputs"]) == sorted(set(WRITERS) - set(unavailable(WRITERS)))
        for entry in document["outputs"].values():
            data = (build / entry["path"]).read_bytes()
            assert entry["sha256"] == hashlib.sha256(data).hexdigest()
            assert entry["bytes"] == len(data)
    assert [f["path"] for f in manifest["files"]] == ["html/index.html", "md/media/eu-emblem.png"]
    assert manifest["edition"] == "2022-06"  # no edition in project.yaml: the newest document's date


def test_python_dash_m_runs_the_same_command():
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--notes", str(CORPORA["mini"]),
                           "--templates", str(TEMPLATES)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_output_folder_mistakes_are_refused_cleanly(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    common = ["--notes", str(CORPORA["mini"]), "--templates", str(TEMPLATES)]
    assert run(["build", *common, "--out", "."]) == 1
    assert "refusing to build into the working folder" in capsys.readouterr().err
    project = tmp_path / "project"
    shutil.copytree(CORPORA["mini"], project / "notes")
    assert run(["build", "--notes", str(project / "notes"), "--templates", str(TEMPLATES),
                "--out", str(project)]) == 1
    assert "refusing to build into project: it holds notes" in capsys.readouterr().err
    assert run(["build", *common, "--out", "/proc/policynote-test"]) == 1
    assert "cannot write the build" in capsys.readouterr().err
    assert list(empty.iterdir()) == []


def test_unwritable_places_are_errors_not_tracebacks(tmp_path, capsys):
    assert run(["schema", "--out", "/proc/policynote-test"]) == 1
    a_file = tmp_path / "file"
    a_file.write_text("")
    assert run(["new", "action-point", "x", "--notes", str(a_file)]) == 1
    err = capsys.readouterr().err
    assert err.count("policynote: error:") == 2 and "Traceback" not in err


def test_missing_documents_folder_and_editor_litter(mini, capsys):
    (mini / "documents" / ".#mini-note.yaml").write_text("lock file of an editor")
    (mini / "documents" / "#mini-note.yaml#").write_text("backup")
    assert run(["check", "--notes", str(mini), "--templates", str(TEMPLATES)]) == 0
    shutil.rmtree(mini / "documents")
    assert run(["check", "--notes", str(mini), "--templates", str(TEMPLATES)]) == 1
    assert f"{(mini / 'documents').as_posix()}: error: missing folder documents/" in capsys.readouterr().err


def test_bad_source_date_epoch_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert run(["build", "--notes", str(CORPORA["mini"]), "--templates", str(TEMPLATES),
                "--out", str(tmp_path / "out")]) == 2
    assert "SOURCE_DATE_EPOCH must be a whole number" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_symlinked_or_nested_output_folder_is_refused(mini, tmp_path, capsys):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    common = ["--notes", str(mini), "--templates", str(TEMPLATES)]
    assert run(["build", *common, "--out", str(link)]) == 1
    assert "the output folder is a symbolic link" in capsys.readouterr().err
    assert run(["build", *common, "--out", str(mini / "build")]) == 1
    assert "refusing to build inside notes: choose a folder beside it" in capsys.readouterr().err
    assert list(real.iterdir()) == [] and not (mini / "build").exists()


def test_a_document_cannot_take_the_index_pages_name(mini, capsys):
    note = mini / "documents" / "mini-note.yaml"
    note.rename(mini / "documents" / "index.yaml")
    path = mini / "documents" / "index.yaml"
    path.write_text(path.read_text().replace("id: mini-note", "id: index"))
    assert run(["check", "--notes", str(mini), "--templates", str(TEMPLATES)]) == 1
    assert ("error: the id 'index' is reserved: it names the page listing every document"
            in capsys.readouterr().err)


def test_broken_templates_are_problems_at_their_place(mini, tmp_path, capsys):
    templates = Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))
    (templates / "reference.docx").write_bytes(b"not a zip")
    common = ["--notes", str(mini), "--templates", str(templates)]
    assert run(["check", *common]) == 1
    err = capsys.readouterr().err
    assert f"{(templates / 'reference.docx').as_posix()}: error: the Word reference document is not a Word file" in err
    shutil.copyfile(TEMPLATES / "reference.docx", templates / "reference.docx")
    page = templates / "html" / "page.html.j2"
    page.write_text(page.read_text().replace("{{ doc.title }}</h1>", "{{ doc.title }</h1>"))
    for command in ("check", "build"):
        assert run([command, *common, "--out", str(tmp_path / "out")] if command == "build" else [command, *common]) == 1
        err = capsys.readouterr().err
        assert f"{page.as_posix()}:" in err and "error: template: unexpected '}'" in err and "Traceback" not in err


HEAVY = ("jinja2", "docx", "lxml", "weasyprint", "PIL")  # what only rendering and writing need


def _loaded_after(args: list[str], cwd: Path) -> list[str]:
    """The heavy libraries a fresh interpreter has loaded after running `args`."""
    script = ("import sys; from generator.cli import run; run(sys.argv[1:]);"
              f" print('loaded:', *(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, capture_output=True, text=True,
                          env={"SOURCE_DATE_EPOCH": "1717200000", "PATH": "/usr/bin:/bin"}, timeout=300)
    last = done.stdout.splitlines()[-1].split()
    assert last[0] == "loaded:", done.stderr
    return last[1:]


def test_commands_that_render_nothing_load_no_renderer_or_writer(tmp_path):
    """--help, a check that fails at once and a build with nothing to do start quickly because
    they never import the template engine, the writers' libraries or the image library."""
    notes = shutil.copytree(CORPORA["mini"], tmp_path / "notes")
    build = ["build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(tmp_path / "out"),
             "--format", "md,html,docx,json"]
    assert set(HEAVY) & set(_loaded_after(build, tmp_path))  # the first build renders and writes
    assert _loaded_after(build, tmp_path) == []  # nothing changed since
    assert _loaded_after(["--help"], tmp_path) == []
    assert _loaded_after(["check", "--notes", str(tmp_path / "none")], tmp_path) == []
