"""Kill builds at random moments: --out always holds one whole generation, old or new.

Two versions of the FOCUS fixture (A, and B with another title) are built in turn into
one folder, and each build is killed (SIGKILL) at a random moment of its run. After every
kill the folder must equal, byte for byte, a complete build of A or of B.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

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


def children(pid: int) -> set[int]:
    """The live processes whose parent is `pid` (read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie nobody reaps counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def wait_for(condition, seconds: float) -> bool:
    """Poll `condition` until it holds or `seconds` pass (a guard against hanging, not a timing)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; workers die with the build on Linux")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one processor: --jobs 2 starts no worker")
def test_killing_a_parallel_build_leaves_no_worker_and_no_lock(tmp_path):
    notes = Path(shutil.copytree(CORPORA["focus"], tmp_path / "notes"))
    note = (notes / "documents" / "policy-note-07.yaml").read_text(encoding="utf-8")
    for n in range(10, 110):  # enough work that the workers are busy when the build is killed
        (notes / "documents" / f"policy-note-{n}.yaml").write_text(
            note.replace("id: policy-note-07", f"id: policy-note-{n}"), encoding="utf-8")
    out, env = tmp_path / "out", {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    main = subprocess.Popen([*command(notes, out), "--jobs", "2"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        assert wait_for(lambda: len(children(main.pid)) >= 2, 120), "the build started no workers"
        workers |= children(main.pid)
        main.kill()
        main.wait()
        assert wait_for(lambda: not any(alive(pid) for pid in workers), 30), "workers outlived the build"
        done = subprocess.run([*command(notes, out), "--jobs", "2"], env=env, cwd=ROOT, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr  # no worker holds the lock: the next build runs
        assert "built 103 document(s)" in done.stdout
    finally:
        for pid in workers:  # should the test fail, leave no process of its own behind
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
