"""Kill builds at random moments: --out always holds one whole generation, old or new.

Two versions of the FOCUS fixture (A, and B with another title) are built in turn into
one folder, and each build is killed (SIGKILL) at a random moment of its run. After every
kill the folder must equal, byte for byte, a complete build of A or of B.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from conftest import CORPORA, EPOCH, ROOT, TEMPLATES

KILLS = 60


def snapshot(folder: Path) -> dict[str, bytes]:
    """The artefacts of a build (not its cache, which records file times)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".cache.json"}


def command(notes: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--notes", str(notes), "--out", str(out),
            "--templates", str(TEMPLATES)]


def test_killed_builds_leave_one_whole_generation(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    versions = {"A": Path(shutil.copytree(CORPORA["focus"], tmp_path / "a"))}
    versions["B"] = Path(shutil.copytree(CORPORA["focus"], tmp_path / "b"))
    note = versions["B"] / "documents" / "policy-note-07.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace("title: Promoting", "title: Advancing"), encoding="utf-8")
    generations = {}
    for name, notes in versions.items():
        subprocess.run(command(notes, tmp_path / f"ref-{name}"), env=env, cwd=ROOT, check=True, capture_output=True)
        generations[name] = snapshot(tmp_path / f"ref-{name}")
    assert generations["A"] != generations["B"]

    out = tmp_path / "out"
    started = time.perf_counter()
    subprocess.run(command(versions["A"], out), env=env, cwd=ROOT, check=True, capture_output=True)
    duration = time.perf_counter() - started
    rng = random.Random(822401)
    outcomes = Counter()
    for kill in range(KILLS):
        before = "A" if snapshot(out) == generations["A"] else "B"
        target = "B" if before == "A" else "A"
        process = subprocess.Popen(command(versions[target], out), env=env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration * 1.2))
        process.kill()
        process.wait()
        after = snapshot(out)
        assert after in (generations["A"], generations["B"]), f"kill {kill}: --out holds neither generation"
        outcomes["old kept" if after == generations[before] else "new in place"] += 1

    subprocess.run(command(versions["A"], out), env=env, cwd=ROOT, check=True, capture_output=True)
    assert snapshot(out) == generations["A"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", ".ref-A.lock", ".ref-B.lock",
                                                          "a", "b", "out", "ref-A", "ref-B"]  # no staging left
    print(f"{KILLS} kills over {duration:.2f} s builds: {dict(outcomes)}")
    assert sum(outcomes.values()) == KILLS
