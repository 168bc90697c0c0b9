"""Shared fixtures: each corpus is built once per session, reproducibly, into a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from generator.cli import run

# CI runs the property tests at full strength (HYPOTHESIS_PROFILE=ci); a developer's default is quick.
settings.register_profile("ci", max_examples=2000, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"shipped": ROOT / "notes", "mini": ROOT / "tests" / "fixtures" / "mini"}
TEMPLATES = ROOT / "templates"
GOLDEN = ROOT / "tests" / "golden"
EPOCH = "1700000000"  # a fixed SOURCE_DATE_EPOCH, so builds are comparable


def pytest_addoption(parser):
    """`pytest --update-golden` rewrites the golden files from the current output."""
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden on purpose")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    """Whether this run rewrites golden files."""
    return request.config.getoption("--update-golden")


def build_corpus(notes: Path, out: Path) -> Path:
    """Build `notes` into `out` with a fixed epoch; fail the test on a non-zero exit."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        code = run(["build", "--notes", str(notes), "--out", str(out), "--templates", str(TEMPLATES)])
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    assert code == 0, f"building {notes} failed"
    return out


@pytest.fixture(scope="session")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Each corpus built once: name -> its build folder."""
    base = tmp_path_factory.mktemp("builds")
    return {name: build_corpus(notes, base / name) for name, notes in CORPORA.items()}


def outputs(build: Path, fmt: str) -> list[Path]:
    """The document files of one format in a build (not the index)."""
    return sorted(p for p in (build / fmt).iterdir() if p.name != "index.html")
