"""Hostile sources: each class of input that once crashed, hung or slipped markup through now
ends in a clean problem or a safe build, in time in proportion to its size."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPORA, ROOT, TEMPLATES
from generator.cli import run
from generator.markdown_tree import MAX_SPANS, crowded
from generator.yamlsource import MAX_BYTES


@pytest.fixture
def notes(tmp_path) -> Path:
    return Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))


def policynote(*args: str, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    """The command in a process of its own: a crash shows as a signal, not as a lost test run."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def evidence(notes: Path, text: str) -> None:
    """Make `text` the evidence of the action point every mini document shows."""
    path = notes / "action-points" / "alpha.yaml"
    path.write_text(re.sub(r"^evidence: \|\n(  .*\n)+", lambda m: f"evidence: {json.dumps(text)}\n",
                           path.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")


@pytest.mark.parametrize("nesting", ["[" * 25_000 + "]" * 25_000, "{a: " * 25_000 + "}" * 25_000])
def test_deep_nesting_is_refused_before_it_can_crash(nesting, notes):
    (notes / "action-points" / "beta.yaml").write_text(f"id: beta\ntitle: T\nevidence: E.\nthemes: {nesting}\n")
    done = policynote("check", "--notes", str(notes), "--templates", str(TEMPLATES))
    assert done.returncode == 1, done.stderr  # a crash would be -11 (SIGSEGV)
    assert "beta.yaml:4:" in done.stderr and "values nest deeper than 32 levels" in done.stderr


def test_block_nesting_on_one_line_is_refused(notes):
    (notes / "action-points" / "beta.yaml").write_text("- " * 25_000 + "x\n")
    done = policynote("check", "--notes", str(notes), "--templates", str(TEMPLATES))
    assert done.returncode == 1 and "beta.yaml:1:" in done.stderr and "nest deeper" in done.stderr


def test_a_huge_file_is_not_read_past_the_limit(notes, monkeypatch, capsys):
    path = notes / "outputs.yaml"
    with open(path, "ab") as handle:
        handle.truncate(3 * 1024 ** 3)  # 3 GiB, sparse: reading it whole would take its size in memory
    sizes = []
    real_open = open

    def watched(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        if Path(str(file)) == path and "b" in mode:
            read = handle.read
            handle.read = lambda size=-1: sizes.append(size) or read(size)
        return handle
    monkeypatch.setattr("builtins.open", watched)
    assert run(["check", "--notes", str(notes), "--templates", str(TEMPLATES)]) == 1
    assert "outputs.yaml: error: the file is larger than 2 MB" in capsys.readouterr().err
    assert sizes == [MAX_BYTES + 1]


@pytest.mark.parametrize("value,message", [
    ("!!bool maybe", "cannot read value 'maybe' as bool"),
    ("!!timestamp x", "cannot read value 'x' as timestamp"),
])
def test_explicit_tags_that_cannot_be_read_are_problems(value, message, notes, capsys):
    (notes / "action-points" / "beta.yaml").write_text(f"id: beta\ntitle: {value}\nevidence: E.\n")
    assert run(["check", "--notes", str(notes), "--templates", str(TEMPLATES)]) == 1
    assert f"beta.yaml:2:8: error: {message}" in capsys.readouterr().err


@pytest.mark.parametrize("sign", ["", "-"])
def test_a_number_of_thousands_of_digits_is_quoted_as_written(sign, notes, capsys):
    note = notes / "documents" / "mini-note.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace("number: 3", f"number: {sign}1" + ":55" * 3000))
    assert run(["check", "--notes", str(notes), "--templates", str(TEMPLATES)]) == 1
    err = capsys.readouterr().err
    assert f"mini-note.yaml:4:9: error: expected a number from 1 to 1000000, got {sign}1:55:55" in err
    assert "Traceback" not in err


# (Markdown text, what the built page may not hold): nesting and runs Python-Markdown recursed on.
DEEP_MARKDOWN = [("- " * 300 + "x", "<ul><li><ul><li><ul><li><ul><li><ul>"),
                 ("*" * 3000 + "x" + "*" * 3000, "<em><em>"),
                 ("> " * 300 + "x", None), ("1. " * 300 + "x", "<ol><li><ol><li><ol><li><ol><li><ol>")]


@pytest.mark.parametrize("text,never", DEEP_MARKDOWN)
def test_markdown_nested_on_one_line_builds_as_text_past_four_levels(text, never, notes, tmp_path):
    evidence(notes, text)
    done = policynote("build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    page = re.sub(r"\s", "", (tmp_path / "out" / "html" / "mini-note.html").read_text(encoding="utf-8"))
    assert never is None or never.replace(" ", "") not in page


# Inputs at the documented limit of one field that once took time in the square of their length.
SLOW = {"brackets": "[" * 19_000, "open links": "[x " * 6_300, "nested brackets": "[" * 9_500 + "]" * 9_500,
        "emphasis": "**a" * 6_300, "angle brackets": "<" * 19_000}


@pytest.mark.parametrize("name", SLOW)
def test_a_field_at_the_limit_builds_in_linear_time(name, notes, tmp_path):
    evidence(notes, SLOW[name])
    started = time.perf_counter()
    done = policynote("build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(tmp_path / "out"))
    seconds = time.perf_counter() - started
    if name in CROWDED:  # thousands of spans in one paragraph: refused, as the PDF would take minutes
        assert done.returncode == 1 and "[crowded]" not in done.stderr and "pieces of emphasis" in done.stderr
    else:
        assert done.returncode == 0, done.stderr
    assert seconds < 30, f"{name}: {seconds:.1f} s (measured at about 2 s; quadratic was 38 s and more)"


CROWDED = {"emphasis"}


def test_a_paragraph_at_the_limit_of_spans_builds_every_format_quickly(notes, tmp_path):
    """MAX_SPANS pieces of emphasis in one paragraph: accepted, and laid out as PDF in seconds
    (WeasyPrint's time grows with their square: 3,000 took a minute)."""
    evidence(notes, "**a** " * MAX_SPANS)
    started = time.perf_counter()
    done = policynote("build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert time.perf_counter() - started < 30
    alpha = notes / "action-points" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace('"' + "**a** " * MAX_SPANS, '"' + "**a** " * (MAX_SPANS + 1)),
                     encoding="utf-8")
    done = policynote("check", "--notes", str(notes), "--templates", str(TEMPLATES))
    assert done.returncode == 1 and f"has more than {MAX_SPANS} pieces of emphasis" in done.stderr


def test_spans_are_counted_once_in_the_block_whose_lines_hold_them():
    """A nested list, or a loose list item's paragraph, is laid out apart from the item around
    it: its spans count there, once. Two halves under the limit pass; one block over it is named once."""
    half = "**a** " * (MAX_SPANS // 2 + 1)
    assert crowded(f"- {half}\n    - {half}\n") == []
    assert crowded(f"- {'**a** ' * (MAX_SPANS + 1)}\n\n- b\n") == ["a " * 20]


def test_did_you_mean_over_a_large_catalogue_stays_quick(notes):
    entries = "".join(f"  - {{id: output-{i:04d}-report, title: R{i}, url: 'https://mini.test/{i}',"
                      f" kind: report}}\n" for i in range(3000))
    (notes / "outputs.yaml").write_text(f"outputs:\n{entries}")
    see = ", ".join(f"outptu-{i:04d}-reprot" for i in range(250))
    (notes / "action-points" / "beta.yaml").write_text(f"id: beta\ntitle: T\nevidence: E.\nsee: [{see}]\n")
    started = time.perf_counter()
    done = policynote("check", "--notes", str(notes), "--templates", str(TEMPLATES))
    seconds = time.perf_counter() - started
    unknown = [line for line in done.stderr.splitlines() if "unknown output id 'outptu-" in line]
    assert len(unknown) == 250 and "did you mean 'output-0000-report'?" in unknown[0]
    assert seconds < 60, f"{seconds:.1f} s (measured at about 4 s; once 30 s)"


TERMINATORS = {"CR": "\r", "CRLF": "\r\n", "LS": "\u2028", "PS": "\u2029", "NEL": "\x85", "VT": "\v", "FF": "\f"}


@pytest.mark.parametrize("name", TERMINATORS)
def test_no_line_terminator_makes_a_plain_text_field_several_lines(name, notes, capsys):
    title = json.dumps(f"A{TERMINATORS[name]}## Injected")
    (notes / "action-points" / "beta.yaml").write_text(f"id: beta\ntitle: {title}\nevidence: E.\n")
    assert run(["check", "--notes", str(notes), "--templates", str(TEMPLATES)]) == 1
    assert re.search(r"beta\.yaml:2:8: error: (expected one line of text|control character)", capsys.readouterr().err)


@pytest.mark.parametrize("name", ["CR", "LS", "PS"])
def test_a_line_terminator_in_markdown_is_a_line_break_check_sees(name, notes, capsys):
    evidence(notes, f"Fine.{TERMINATORS[name]}## A heading{TERMINATORS[name]}- an item")
    assert run(["check", "--notes", str(notes), "--templates", str(TEMPLATES)]) == 1
    assert "error: headings are not allowed in Markdown text" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["LS", "PS"])
def test_a_line_terminator_in_markdown_makes_no_heading_in_any_format(name, notes, tmp_path):
    evidence(notes, f"Fine.{TERMINATORS[name] * 2}- an item")
    assert run(["build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(tmp_path / "out")]) == 0
    page = (tmp_path / "out" / "html" / "mini-note.html").read_text(encoding="utf-8")
    assert "<li>an item</li>" in page  # a line break, as CommonMark reads it: in every format alike


def test_a_setext_heading_in_markdown_is_refused(notes, capsys):
    evidence(notes, "Text\n\nA title\n=======\n\nMore\n---\n")
    assert run(["check", "--notes", str(notes), "--templates", str(TEMPLATES)]) == 1
    err = capsys.readouterr().err
    assert err.count("a line of = or - under text makes it a heading") == 2


@pytest.mark.parametrize("field,value", [("id", "beta\\n"), ("language", "en\\n"), ("date", "2024\\n")])
def test_a_value_ending_in_a_line_break_is_refused(field, value, notes, capsys):
    if field == "id":
        (notes / "action-points" / "beta.yaml").write_text(f'id: "{value}"\ntitle: T\nevidence: E.\n')
    else:
        note = notes / "documents" / "mini-note.yaml"
        text = re.sub(rf"^{field}: .*$", f'{field}: "{value}"', note.read_text(encoding="utf-8"), count=1, flags=re.M)
        note.write_text(text, encoding="utf-8")
    assert run(["check", "--notes", str(notes), "--templates", str(TEMPLATES)]) == 1
    assert ": error: " in capsys.readouterr().err


def test_problem_messages_carry_no_terminal_escapes(notes):
    (notes / "action-points" / "beta.yaml").write_text('id: beta\ntitle: T\nevidence: E.\n"\\e[31mred\\e[0m": x\n')
    done = policynote("check", "--notes", str(notes), "--templates", str(TEMPLATES))
    assert done.returncode == 1
    assert "\x1b" not in done.stderr and "\\x1b[31mred" in done.stderr


def test_a_file_name_that_is_not_utf8_is_named_by_check_and_build_alike(notes, tmp_path):
    (notes / os.fsdecode(b"caf\xe9.txt")).write_text("x")
    expected = "caf\\xe9.txt: error: the file's name is not UTF-8"
    for command in (["check"], ["build", "--out", str(tmp_path / "out")]):
        done = policynote(*command, "--notes", str(notes), "--templates", str(TEMPLATES))
        assert done.returncode == 1 and expected in done.stderr and "Traceback" not in done.stderr


def test_a_terminal_that_cannot_show_the_text_gets_escapes(notes, tmp_path):
    out = tmp_path / "out"
    assert policynote("build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out)).returncode == 0
    note = notes / "documents" / "mini-note.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace("title: Lists and tables", "title: Listes et tâches"))
    done = policynote("changes", "--notes", str(notes), "--templates", str(TEMPLATES), "--since", str(out),
                      env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert "t\\xe2ches" in done.stdout
