"""Faults outside the sources' text: a template that fails, a damaged Word reference document,
a strange SOURCE_DATE_EPOCH, a damaged build cache, a catalogue `new` cannot add to, links
out of the notes folder. Each ends in a clean message at its place, never a traceback."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import CORPORA, TEMPLATES
from generator.cli import run


@pytest.fixture
def notes(tmp_path) -> Path:
    return Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))


@pytest.fixture
def templates(tmp_path) -> Path:
    return Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))


def policynote(capsys, *args: str) -> tuple[int, str]:
    """Run a command; its exit code and what it wrote to stderr, which must hold no traceback."""
    code = run(list(args))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


BROKEN_EXPRESSIONS = {"1/0": "ZeroDivisionError: division by zero", "doc.title + 1": "TypeError: can only concatenate",
                      "r(1)": "RecursionError: maximum recursion depth exceeded"}
RECURSE = "{% macro r(n) %}{{ r(n) }}{% endmacro %}"


@pytest.mark.parametrize("expression", BROKEN_EXPRESSIONS)
@pytest.mark.parametrize("template,line", [("brief.md.j2", 2), ("html/page.html.j2", 2)])
def test_an_expression_that_fails_in_a_template_is_named_at_its_line(expression, template, line, notes,
                                                                     templates, tmp_path, capsys):
    path = templates / template
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = f"{RECURSE}{{{{ {expression} }}}}"
    lines.insert(1, f"{{% block sections %}}{broken}{{% endblock %}}\n" if template.endswith(".md.j2") else broken + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    for command in (["check"], ["build", "--out", str(tmp_path / "out")], ["build", "--out", str(tmp_path / "out"),
                                                                              "--jobs", "2"]):
        code, err = policynote(capsys, *command, "--notes", str(notes), "--templates", str(templates))
        assert code == 1 and f"{path.as_posix()}:{line}:1: error: template: {BROKEN_EXPRESSIONS[expression]}" in err
    assert not (tmp_path / "out").exists()


def test_after_a_template_fails_no_document_is_written_but_every_one_is_checked(notes, templates, tmp_path,
                                                                             capsys, monkeypatch):
    from generator import build
    written = []
    monkeypatch.setattr(build, "_write_one", lambda doc, setup: written.append(doc.id))
    for template in ("brief.md.j2", "crosswalk.md.j2"):  # the first document, and a later one
        lines = (templates / template).read_text(encoding="utf-8").splitlines(keepends=True)
        lines.insert(2, "{% block sections %}{{ 1/0 }}{% endblock %}\n")
        (templates / template).write_text("".join(lines), encoding="utf-8")
    code, err = policynote(capsys, "build", "--out", str(tmp_path / "out"), "--notes", str(notes),
                           "--templates", str(templates))
    assert code == 1 and written == []  # the mini corpus's first document is its brief
    assert all(f"{(templates / name).as_posix()}:" in err for name in ("brief.md.j2", "crosswalk.md.j2"))


def test_an_error_at_the_end_of_the_index_page_leaves_the_previous_build(notes, templates, tmp_path, capsys):
    out = tmp_path / "out"
    assert policynote(capsys, "build", "--out", str(out), "--notes", str(notes), "--templates", str(templates))[0] == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    path = templates / "html" / "index.html.j2"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("</main>"))
    lines.insert(at, "{{ 1/0 }}\n")  # met once most of the page is written
    path.write_text("".join(lines), encoding="utf-8")
    code, err = policynote(capsys, "build", "--out", str(out), "--notes", str(notes), "--templates", str(templates))
    assert code == 1 and f"{path.as_posix()}:{at + 1}:1: error: template: ZeroDivisionError: division by zero" in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not (tmp_path / ".out.staging").exists()  # the staging folder went with the error


def reference(templates: Path, change) -> Path:
    """Rewrite the reference document's package through `change(entries) -> entries`."""
    path = templates / "reference.docx"
    with zipfile.ZipFile(path) as package:
        entries = {name: package.read(name) for name in package.namelist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in change(entries).items():
            package.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


DAMAGE = {
    "a template (.dotx)": (lambda e: {**e, "[Content_Types].xml": e["[Content_Types].xml"].replace(
        b"document.main+xml", b"template.main+xml")}, "is a Word template (.dotx)"),
    "a part it names is missing": (lambda e: {k: v for k, v in e.items() if k != "word/numbering.xml"},
                                   "is not a Word file, or a damaged one: it lacks word/numbering.xml"),
    "no content types": (lambda e: {k: v for k, v in e.items() if k != "[Content_Types].xml"},
                         "is not a Word file, or a damaged one: it lacks [Content_Types].xml"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_reference_document_is_named(damage, notes, templates, tmp_path, capsys):
    change, message = DAMAGE[damage]
    path = reference(templates, change)
    for command in (["check"], ["build", "--out", str(tmp_path / "out")]):
        code, err = policynote(capsys, *command, "--notes", str(notes), "--templates", str(templates))
        assert code == 1 and f"{path.as_posix()}: error: the Word reference document {message}" in err


# Reference documents Word opens, but without what the Word writer needs of their styles.
def _style_damage(pattern: bytes, replacement: bytes):
    return lambda e: {**e, "word/styles.xml": re.sub(pattern, replacement, e["word/styles.xml"], flags=re.S)}


STYLE_DAMAGE = {
    "a style renamed": (_style_damage(rb'<w:name w:val="Row Heading"/>', b'<w:name w:val="Row Label"/>'),
                        "the reference document lacks the styles: Row Heading"),
    "a list style without numbering": (
        _style_damage(rb'(w:styleId="BoxListNumber">(?:(?!</w:style>).)*?)<w:numPr>.*?</w:numPr>', rb"\1"),
        "the reference document's list styles have no bullets or numbering: Box List Number"),
    "a list style numbered 0 (none)": (
        _style_damage(rb'(w:styleId="BoxListNumber">(?:(?!</w:style>).)*?<w:numId w:val=")\d+', rb"\g<1>0"),
        "the reference document's list styles have no bullets or numbering: Box List Number"),
    "a list style numbered with no numbering behind it": (
        _style_damage(rb'(w:styleId="BoxListNumber">(?:(?!</w:style>).)*?<w:numId w:val=")\d+', rb"\g<1>999"),
        "the reference document's list styles have no bullets or numbering: Box List Number"),
}


@pytest.mark.parametrize("damage", STYLE_DAMAGE)
def test_a_reference_document_without_a_house_style_is_named(damage, notes, templates, tmp_path, capsys):
    change, message = STYLE_DAMAGE[damage]
    path = reference(templates, change)
    code, err = policynote(capsys, "build", "--out", str(tmp_path / "out"), "--notes", str(notes),
                           "--templates", str(templates))
    assert code == 1 and f"{path.as_posix()}: error: {message}" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("epoch", ["²", "١٢٣", "-5", "1e9", ""])
def test_a_source_date_epoch_that_is_no_number_is_refused(epoch, notes, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code, err = policynote(capsys, "build", "--notes", str(notes), "--templates", str(TEMPLATES),
                           "--out", str(tmp_path / "out"))
    assert code == 2 and "SOURCE_DATE_EPOCH must be a whole number" in err


CORRUPTIONS = [
    lambda cache: {**cache, "problems": [{"x": 1}]},
    lambda cache: {**cache, "documents": {ident: {**record, "outputs": {"md": {"path": 5}}}
                                          for ident, record in cache["documents"].items()}},
    lambda cache: {**cache, "files": {"md/mini-note.md": "big"}},
    lambda cache: {**cache, "stamp": None},
    lambda cache: [cache],
]


@pytest.mark.parametrize("corrupt", range(len(CORRUPTIONS)))
def test_a_damaged_cache_means_building_everything_again(corrupt, notes, tmp_path, capsys):
    out = tmp_path / "out"
    common = ["--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out)]
    assert policynote(capsys, "build", *common)[0] == 0
    cache = out / ".cache.json"
    cache.write_text(json.dumps(CORRUPTIONS[corrupt](json.loads(cache.read_text(encoding="utf-8")))))
    assert policynote(capsys, "build", *common)[0] == 0  # nothing changed, but the cache cannot say so
    cache.write_text(json.dumps(CORRUPTIONS[corrupt](json.loads(cache.read_text(encoding="utf-8")))))
    brief = notes / "documents" / "mini-brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("title: A brief", "title: A shorter brief"))
    assert policynote(capsys, "build", *common)[0] == 0
    assert "A shorter brief" in (out / "md" / "mini-brief.md").read_text(encoding="utf-8")


CATALOGUES = {
    "indented by four": ("outputs:\n    - id: report\n      title: R\n      url: https://mini.test/r\n"
                         "      kind: report\n    - id: site\n      title: S\n      url: https://mini.test/s\n"
                         "      kind: website\n", "    - id: fresh\n"),
    "not indented": ("outputs:\n- id: report\n  title: R\n  url: https://mini.test/r\n  kind: report\n"
                     "- id: site\n  title: S\n  url: https://mini.test/s\n  kind: website\n# the end\n", "- id: fresh\n"),
    "empty": ("# Outputs.\noutputs: []  # none yet\n", "  - id: fresh\n"),
}


@pytest.mark.parametrize("shape", CATALOGUES)
def test_new_output_follows_the_catalogue_as_it_is_written(shape, notes, capsys):
    text, expected = CATALOGUES[shape]
    (notes / "outputs.yaml").write_text(text, encoding="utf-8")
    assert policynote(capsys, "new", "output", "fresh", "--notes", str(notes))[0] == 0
    written = (notes / "outputs.yaml").read_text(encoding="utf-8")
    assert written.startswith(text.replace("[]  # none yet\n", " # none yet\n").split("# the end")[0])
    assert expected in written
    code, err = policynote(capsys, "check", "--notes", str(notes), "--templates", str(TEMPLATES))
    problems = [line for line in err.splitlines() if ": error: " in line]
    assert problems and all("TODO" in line or "example.org" in line or "unknown output id" in line
                            for line in problems), problems  # only the new record's prompts


def test_new_output_refuses_a_catalogue_written_on_one_line(notes, capsys):
    text = 'outputs: [{id: report, title: R, url: "https://mini.test/r", kind: report}]\n'
    (notes / "outputs.yaml").write_text(text, encoding="utf-8")
    code, err = policynote(capsys, "new", "output", "fresh", "--notes", str(notes))
    assert code == 1 and "the catalogue is written as [...]" in err
    assert (notes / "outputs.yaml").read_text(encoding="utf-8") == text


def test_new_refuses_a_reserved_document_id(notes, capsys):
    code, err = policynote(capsys, "new", "policy-note", "index", "--notes", str(notes))
    assert code == 1 and "the id 'index' is reserved" in err
    assert not (notes / "documents" / "index.yaml").exists()


def test_links_out_of_the_notes_folder_are_never_read(notes, tmp_path, capsys):
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret\ntitle: Not for publication\nevidence: Private.\n")
    (notes / "action-points" / "secret.yaml").symlink_to(secret)
    (notes / "action-points" / "alias.yaml").symlink_to(notes / "action-points" / "beta.yaml")
    code, err = policynote(capsys, "check", "--notes", str(notes), "--templates", str(TEMPLATES))
    assert code == 1
    assert (f"{(notes / 'action-points' / 'secret.yaml').as_posix()}: error: this is a link to a file outside the"
            " notes folder, which is never read (copy the file into the notes folder instead)") in err
    assert "Not for publication" not in err and "alias.yaml: error: this is a link" not in err


def test_a_source_that_cannot_be_read_is_named_as_such(notes, tmp_path, monkeypatch, capsys):
    beta = notes / "action-points" / "beta.yaml"
    real = Path.read_bytes

    def read_bytes(self):
        if self == beta:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)  # as chmod 000 does, for anyone but root
    code, err = policynote(capsys, "build", "--notes", str(notes), "--templates", str(TEMPLATES),
                           "--out", str(tmp_path / "out"))
    assert code == 1 and f"{beta.as_posix()}: error: cannot read the file: Permission denied" in err
    assert "cannot write" not in err and not (tmp_path / "out").exists()


@pytest.mark.skipif(not Path("/proc/self/mem").is_file(), reason="needs Linux's /proc/self/mem")
def test_a_link_out_of_the_notes_folder_to_a_device_is_never_read(notes, tmp_path, capsys):
    link = notes / "action-points" / "device.yaml"
    link.symlink_to("/proc/self/mem")  # reading it fails; a link to /proc/kmsg would never end
    code, err = policynote(capsys, "build", "--notes", str(notes), "--templates", str(TEMPLATES),
                           "--out", str(tmp_path / "out"))
    assert code == 1 and f"{link.as_posix()}: error: this is a link to a file outside the notes folder" in err
    assert "cannot" not in err
