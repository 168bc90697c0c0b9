"""Same sources, same bytes: every file and the release bundle, whatever the time zone or locale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import CORPORA, EPOCH, ROOT, TEMPLATES

ENVIRONMENTS = [
    {"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "0"},
    {"TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8", "PYTHONHASHSEED": "12345"},
]


def release(tmp: Path, extra: dict) -> tuple[dict[str, bytes], bytes]:
    """Run `policynote release` in its own process; return the build's files and the bundle."""
    env = {**os.environ, **extra, "SOURCE_DATE_EPOCH": EPOCH}
    done = subprocess.run([sys.executable, "-m", "generator", "release", "--notes", str(CORPORA["focus"]),
                           "--templates", str(TEMPLATES), "--out", str(tmp / "build"), "--dist", str(tmp / "dist")],
                          env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    files = {p.relative_to(tmp / "build").as_posix(): p.read_bytes()  # artefacts: not the cache
             for p in sorted((tmp / "build").rglob("*")) if p.is_file() and p.name != ".cache.json"}
    bundle = tmp / "dist" / "focus-publications-2022-06.zip"
    assert done.stdout.splitlines()[-1].endswith(f"  {bundle.as_posix()}")
    return files, bundle.read_bytes()


def test_two_builds_in_different_time_zones_and_locales_are_byte_identical(tmp_path):
    (first, bundle_one), (second, bundle_two) = (release(tmp_path / str(i), env)
                                                 for i, env in enumerate(ENVIRONMENTS))
    assert sorted(first) == sorted(second)
    for path in first:
        assert first[path] == second[path], path
    assert bundle_one == bundle_two


def test_bundle_holds_the_build_and_its_manifest(tmp_path):
    files, bundle = release(tmp_path, ENVIRONMENTS[0])
    bundle_path = tmp_path / "dist" / "focus-publications-2022-06.zip"
    with zipfile.ZipFile(bundle_path) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        contents = {name.removeprefix("focus-publications-2022-06/"): archive.read(name) for name in names}
    readme = contents.pop("README.txt").decode("utf-8")
    assert contents == files
    assert readme.startswith("FOCUS publications, edition 2022-06\n\n3 documents, each in every folder below:")
    assert "  docx/          Word files, in the house style\n" in readme
    manifest = json.loads(files["manifest.json"])
    assert manifest["version"] == "0.1.0" and manifest["organisation"] == "FOCUS"
    assert manifest["edition"] == "2022-06"  # named by the series' edition, not the tool's version
    assert len(manifest["inputs"]["sha256"]) == 64 and manifest["inputs"]["files"] > 20
