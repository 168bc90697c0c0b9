"""Every built page passes the W3C Nu HTML checker, and axe-core finds no WCAG 2.1 AA violation,
at a phone's width (320 CSS pixels, WCAG's reflow width) and a desktop's (1280), where no page
is wider than the window (a wide table scrolls in its own region, never the page).

The Nu checker (the vnu-jar package, pinned in tests/a11y) runs on Java; axe-core runs in Debian's
headless Chromium; both come with `npm ci --prefix tests/a11y`, which `make test` runs.
Each test skips with its reason where its tools are missing; CI installs them and sets
POLICYNOTE_REQUIRE_JAVA=1 and POLICYNOTE_REQUIRE_BROWSER=1, which turn the skips into failures.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CORPORA, ROOT, TEMPLATES, unavailable
from generator.cli import run

A11Y = ROOT / "tests" / "a11y"
JAVA = shutil.which("java")
NODE = shutil.which("node")
CHROMIUM = shutil.which("chromium")
# A current checker: it knows CSS's logical properties (border-inline-start), which the house
# stylesheet uses so that a page in Arabic mirrors.
VNU = A11Y / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WIDTHS = ["320", "1280"]  # the window widths axe.mjs lays each page out at, in CSS pixels


@pytest.fixture
def pages(any_build) -> list[str]:
    """Every HTML page of a build, the index included."""
    return [str(p) for p in sorted((any_build / "html").glob("*.html"))]


def test_every_page_passes_the_nu_html_checker(pages):
    """The W3C Nu HTML checker finds no error in any page (warnings are printed, not failed)."""
    assert_valid(pages)


def test_every_page_has_no_wcag21_aa_violations(pages):
    """axe-core, run on each page in headless Chromium, reports no WCAG 2.1 A or AA violation."""
    assert_accessible(pages)


def test_the_changes_page_is_valid_and_accessible(tmp_path):
    """The report of what changed between two builds, a page for people, is held to the same rules."""
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    common = ["--notes", str(notes), "--templates", str(TEMPLATES)]
    assert run(["build", *common, "--out", str(tmp_path / "out")]) == 0
    (notes / "documents" / "mini-crosswalk.yaml").unlink()
    brief = notes / "documents" / "mini-brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("Only background.", "Only the background."))
    page = tmp_path / "changes.html"
    assert run(["changes", *common, "--since", str(tmp_path / "out"), "--html", str(page)]) == 0
    assert "<del>" not in page.read_text(encoding="utf-8") and "<ins>the</ins>" in page.read_text(encoding="utf-8")
    assert_valid([str(page)])
    assert_accessible([str(page)])


def assert_valid(pages: list[str]) -> None:
    """The Nu checker finds no error in `pages`."""
    if JAVA is None:
        unavailable("Java (java) is not installed, and the Nu HTML checker runs on it "
                    "(apt-get install default-jre-headless)", "POLICYNOTE_REQUIRE_JAVA")
    if not VNU.is_file():
        unavailable("the Nu HTML checker is missing (run `npm ci --prefix tests/a11y`, or `make test`, which does)",
                    "POLICYNOTE_REQUIRE_JAVA")
    # One Java process for all pages; JSON rather than text so that errors can be told from warnings.
    done = subprocess.run([JAVA, "-jar", str(VNU), "--format", "json", *pages], capture_output=True, text=True,
                          timeout=600)
    stdout, stderr = done.stdout, done.stderr
    # vnu writes its one-line report to stderr, perhaps after a note from Java (_JAVA_OPTIONS).
    report = next((line for line in (stderr + stdout).splitlines() if line.startswith("{")), None)
    assert report, f"the Nu HTML checker did not run: {stderr}{stdout}"
    messages = json.loads(report)["messages"]
    lines = [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m.get('subType', m['type'])}: {m['message']}"
             for m in messages]
    errors = [line for line, m in zip(lines, messages) if m["type"] != "info"]  # error, non-document-error
    print(f"Nu HTML checker: {len(pages)} pages validated, {len(errors)} errors, "
          f"{len(messages) - len(errors)} warnings or notes", *lines, sep="\n")
    assert pages
    assert not errors, "\n".join(errors)


def assert_accessible(pages: list[str]) -> dict:
    """axe-core finds no WCAG 2.1 A or AA violation in `pages`; what it measured of each page at
    each width (tests/a11y/axe.mjs)."""
    if CHROMIUM is None:
        unavailable("Chromium is not installed (apt-get install chromium)", "POLICYNOTE_REQUIRE_BROWSER")
    if NODE is None:
        unavailable("Node.js (node) is not installed, and axe-core runs from it", "POLICYNOTE_REQUIRE_BROWSER")
    if not (A11Y / "node_modules" / "axe-core").is_dir() or not (A11Y / "node_modules" / "puppeteer-core").is_dir():
        unavailable("tests/a11y/node_modules is missing (run `npm ci --prefix tests/a11y`, "
                    "or `make test`, which does)", "POLICYNOTE_REQUIRE_BROWSER")
    done = subprocess.run([NODE, str(A11Y / "axe.mjs"), *pages], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "CHROMIUM": CHROMIUM})
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    found = [f"{page} at {width}px: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
             for page, widths in results.items() for width, result in widths.items() for v in result["violations"]]
    wide = [f"{page}: {result['scrollWidth']}px wide in a window of {width}px: the page scrolls sideways"
            for page, widths in results.items() for width, result in widths.items()
            if result["scrollWidth"] > int(width)]
    print(f"axe-core (WCAG 2.1 A and AA): {len(results)} pages checked at {', '.join(WIDTHS)} px, "
          f"{len(found)} violations", *found, *wide, sep="\n")
    assert pages and sorted(results) == sorted(pages)
    assert all(sorted(widths) == sorted(WIDTHS) for widths in results.values())
    assert not found, "\n".join(found)
    assert not wide, "\n".join(wide)
    return results
