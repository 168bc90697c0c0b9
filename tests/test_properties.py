"""Random mutations of the FOCUS fixture's sources end in a build, or in a clean problem list
with exit 1 and the previous build untouched; never in a traceback.

Run with HYPOTHESIS_PROFILE=ci for 2,000 examples (CI does).
"""

from __future__ import annotations

import io
import json
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import CORPORA, TEMPLATES, build_corpus
from generator.cli import run
from generator.writers import WRITERS, unavailable
from generator.writers.outline import indented

FOCUS = CORPORA["focus"]
SOURCES = sorted(p.relative_to(FOCUS).as_posix() for p in FOCUS.rglob("*.yaml"))
ORIGINAL = {path: (FOCUS / path).read_bytes() for path in SOURCES}
# Values YAML or our checks treat specially, and text that tries to be markup or a template.
TOKENS = ["NO", "on", "~", "null", "[]", "{}", "1.10", "12:30", "2022-13-45", "2022-06-01", "0x1F", ".inf",
          "!!python/object/apply:os.system ['echo hacked']", "!custom x", "&anchor x", "*anchor", "*undefined",
          "'unclosed", '"unclosed', '"\\u0007"', '"\\uFFFE"', "- item", ": colon", "? key", "| block", "> folded",
          "<script>alert(1)</script>", "[x](javascript:alert(1))", "[x](https://a[b/)", "http://[foo/x",
          "# heading", "<info@example.org>",
          "{{ 7*7 }}", "{% for x in y %}", "x" * 300, "9" * 5000, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]",
          "policy-note-07", "two-way", "see: [nowhere]", "id: Bad Id", "type: pamphlet", "\t"]
PROBLEM = re.compile(r"^\S[^\n]*?: (error|warning): .+$")
SUMMARY = re.compile(r"^\d+ error\(s\), \d+ warning\(s\)(: nothing was written)?$")


@st.composite
def mutated_source(draw) -> tuple[str, bytes]:
    """One source file with one to three random edits."""
    path = draw(st.sampled_from(SOURCES))
    lines = ORIGINAL[path].split(b"\n")
    for _ in range(draw(st.integers(1, 3))):
        lines = draw(_edit(lines))
    return path, b"\n".join(lines)


def _edit(lines: list[bytes]):
    """A strategy for one edit of a file's lines."""
    lines = lines or [b""]  # a file truncated to nothing is one empty line
    index = st.integers(0, len(lines) - 1)
    text = st.one_of(st.sampled_from(TOKENS), st.text(max_size=20)).map(lambda t: t.encode("utf-8", "surrogatepass"))

    def replace_value(i, token):
        key, sep, _ = lines[i].partition(b": ")
        return lines[:i] + [key + b": " + token if sep else lines[i] + token] + lines[i + 1:]

    def insert(i, column, token):
        line = lines[i]
        at = min(column, len(line))
        return lines[:i] + [line[:at] + token + line[at:]] + lines[i + 1:]

    def swap(i, j):
        copy = list(lines)
        copy[i], copy[j] = copy[j], copy[i]
        return copy

    return st.one_of(
        index.map(lambda i: lines[:i] + lines[i + 1:]),                        # delete a line
        index.map(lambda i: lines[:i + 1] + lines[i:]),                         # duplicate a line
        st.tuples(index, index).map(lambda ij: swap(*ij)),                      # swap two lines
        st.tuples(index, text).map(lambda it: replace_value(*it)),              # replace a value
        st.tuples(index, st.integers(0, 80), text).map(lambda t: insert(*t)),   # insert text
        st.tuples(index, st.sampled_from([b"", b" ", b"   ", b"\t"])).map(      # re-indent a line
            lambda it: lines[:it[0]] + [it[1] + lines[it[0]].lstrip()] + lines[it[0] + 1:]),
        st.tuples(index, st.binary(min_size=1, max_size=4)).map(                # raw bytes
            lambda ib: lines[:ib[0]] + [ib[1] + lines[ib[0]]] + lines[ib[0] + 1:]),
        index.map(lambda i: lines[:i]),                                         # truncate
    )


# Characters and shapes that once crashed, hung or slipped markup through: control characters,
# every line terminator, runs of brackets and emphasis, and nesting far past the limits.
HOSTILE = st.one_of(
    st.sampled_from(["\x00", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\r", "\r\n", "\v", "\f",
                     "\u202e", "\ufeff", "\ud800"]),
    st.builds(lambda mark, n: mark * n, st.sampled_from(["[", "]", "(", "{", "<", "*", "_", "`", "!", "- ", "> ",
                                                         "1. ", "#", "=", "\\", "&#", "]("]),
              st.integers(1, 3000)),
    st.builds(lambda n: "[" * n + "]" * n, st.integers(30, 30_000)),
    st.builds(lambda n: "{a: " * n + "}" * n, st.integers(30, 30_000)),
    st.builds(lambda n: "- " * n + "x", st.integers(30, 3000)),
)


@st.composite
def hostile_source(draw) -> tuple[str, bytes]:
    """One source file with hostile text put into one of its lines, raw or as a quoted value."""
    path = draw(st.sampled_from(SOURCES))
    lines = ORIGINAL[path].split(b"\n")
    index = draw(st.integers(0, len(lines) - 1))
    text = draw(HOSTILE)
    if draw(st.booleans()):  # as a double-quoted value, where YAML's escapes reach the checks
        key = lines[index].partition(b": ")[0]
        lines[index] = key + b": " + json.dumps(text).encode("utf-8")
    else:
        column = draw(st.integers(0, len(lines[index])))
        lines[index] = lines[index][:column] + text.encode("utf-8", "surrogatepass") + lines[index][column:]
    return path, b"\n".join(lines)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> tuple[Path, Path]:
    """A writable copy of the FOCUS fixture and a first build of it."""
    root = tmp_path_factory.mktemp("properties")
    notes = Path(shutil.copytree(FOCUS, root / "notes"))
    return notes, build_corpus(notes, root / "out")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(change=mutated_source())
def test_mutated_sources_build_or_fail_cleanly(workspace, change):
    build_or_fail_cleanly(workspace, change)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(change=hostile_source())
def test_hostile_text_builds_or_fails_cleanly(workspace, change):
    build_or_fail_cleanly(workspace, change)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                  HealthCheck.data_too_large])
@given(change=hostile_source())
def test_hostile_text_lays_out_as_pdf_or_fails_cleanly(workspace, change):
    """The same, for the PDF alone: a few dozen examples, as each document takes WeasyPrint a
    third of a second (the other formats' 2,000 examples would take it twenty minutes)."""
    if unavailable(["pdf"]):
        pytest.skip(f"no PDF on this machine: {unavailable(['pdf'])['pdf']}")
    build_or_fail_cleanly(workspace, change, "pdf")


# The formats the many examples build: all but the PDF, which is laid out from the HTML page
# and has its own, fewer examples above.
FORMATS = ",".join(name for name in WRITERS if name != "pdf")


def build_or_fail_cleanly(workspace, change, formats: str = FORMATS) -> None:
    """Build with one source changed: exit 0, or exit 1 with a clean problem list and --out as it
    was; never a traceback."""
    notes, out = workspace
    path, data = change
    before = snapshot(out)
    (notes / path).write_bytes(data)
    try:
        with redirect_stderr(io.StringIO()) as err, redirect_stdout(io.StringIO()):
            code = run(["build", "--notes", str(notes), "--out", str(out), "--templates", str(TEMPLATES),
                        "--format", formats])
    finally:
        (notes / path).write_bytes(ORIGINAL[path])
    event(f"exit {code}")
    assert code in (0, 1)
    lines = err.getvalue().splitlines()
    if code == 1:
        assert snapshot(out) == before, "a failed build changed --out"
        assert lines and SUMMARY.match(lines[-1]), lines
        assert all(PROBLEM.match(line) for line in lines[:-1]), lines
    assert "Traceback" not in err.getvalue()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner) | st.tuples(inner, inner) | st.dictionaries(st.text(), inner),
    max_leaves=30)


@given(JSON_VALUES)
def test_the_json_writer_writes_what_the_standard_library_would(value):
    """outline.indented is json.dumps with indent=1, written faster: the same text for any value."""
    assert indented(value) == json.dumps(value, indent=1, ensure_ascii=False)
