"""Shared fixtures: each corpus is built once per session, reproducibly, into a temporary folder.

The tool's tests own their data: the corpora under tests/fixtures (a frozen copy of the FOCUS
corpus, a small one exercising every writer, one in English, German and Arabic) and a frozen
copy of the house style (tests/fixtures/templates). The live notes/ and templates/ are the
organisation's content, which editors and staff change every week: tests/test_content.py checks
them as content, and the generic checks (valid HTML, Word re-read, formats agreeing) run on
them through `any_build`.
"""

from __future__ import annotations

import io
import os
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import settings

from generator.cli import run

# CI runs the property tests at full strength (HYPOTHESIS_PROFILE=ci); a developer's default is quick.
settings.register_profile("ci", max_examples=2000, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# The tests' own corpora: a frozen FOCUS, a small one for every writer, one in several languages.
CORPORA = {"focus": FIXTURES / "focus", "mini": FIXTURES / "mini", "languages": FIXTURES / "languages"}
TEMPLATES = FIXTURES / "templates"  # the tests' own house style
LIVE_NOTES, LIVE_TEMPLATES = ROOT / "notes", ROOT / "templates"  # the organisation's content
GOLDEN = ROOT / "tests" / "golden"
EPOCH = "1700000000"  # a fixed SOURCE_DATE_EPOCH, so builds are comparable


def unavailable(reason: str, variable: str) -> None:
    """Skip for want of a tool, or fail where `variable`=1 says the tool is required (CI)."""
    if os.environ.get(variable) == "1":
        pytest.fail(f"{variable}=1 but {reason}")
    pytest.skip(f"{reason}; CI installs it and sets {variable}=1")


def pytest_addoption(parser):
    """`pytest --update-golden` rewrites the golden files from the current output."""
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden on purpose")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    """Whether this run rewrites golden files."""
    return request.config.getoption("--update-golden")


def build_corpus(notes: Path, out: Path, templates: Path = TEMPLATES, *options: str) -> Path:
    """Build `notes` into `out` with a fixed epoch; on failure, fail with the problems it printed."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        with redirect_stderr(io.StringIO()) as err, redirect_stdout(io.StringIO()):
            code = run(["build", "--notes", str(notes), "--out", str(out), "--templates", str(templates), *options])
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    if code != 0:
        pytest.fail(f"building {notes.as_posix()} failed:\n{err.getvalue()}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Each of the tests' corpora built once: name -> its build folder."""
    base = tmp_path_factory.mktemp("builds")
    return {name: build_corpus(notes, base / name) for name, notes in CORPORA.items()}


@pytest.fixture(scope="session")
def live_build(tmp_path_factory) -> Path:
    """The organisation's notes/ built with its templates/, strictly: a content error fails here,
    with its problems named as an editor sees them (notes/documents/x.yaml:3:5: ...)."""
    out, here = tmp_path_factory.mktemp("live") / "build", Path.cwd()
    os.chdir(ROOT)
    try:
        return build_corpus(LIVE_NOTES.relative_to(ROOT), out, LIVE_TEMPLATES.relative_to(ROOT), "--strict")
    finally:
        os.chdir(here)


@pytest.fixture(params=[*CORPORA, "live"])
def any_build(request) -> Path:
    """Each build in turn, the live content's included, for checks that hold whatever the content."""
    if request.param == "live":
        return request.getfixturevalue("live_build")
    return request.getfixturevalue("builds")[request.param]


def outputs(build: Path, fmt: str) -> list[Path]:
    """The document files of one format in a build (not the index, nor the Markdown's media/)."""
    return sorted(p for p in (build / fmt).iterdir() if p.name != "index.html" and p.is_file())
