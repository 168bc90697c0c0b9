"""Sources cannot run code, exhaust memory or time, or make the tool write outside --out."""

from __future__ import annotations

import fcntl
import hashlib
import io
import multiprocessing
import os
import shutil
import stat
import time
import tracemalloc
import zipfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from conftest import CORPORA, EPOCH, TEMPLATES, build_corpus
from generator.build import _make_one as MAKE_ONE
from generator.cli import run

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


@pytest.fixture
def notes(tmp_path) -> Path:
    return Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))


def check(notes: Path) -> tuple[int, str]:
    """Run check; return the exit code and what it printed."""
    with redirect_stderr(io.StringIO()) as err:
        code = run(["check", "--notes", str(notes), "--templates", str(TEMPLATES)])
    return code, err.getvalue()


def test_alias_bomb_is_refused_quickly_in_little_memory(notes):
    (notes / "outputs.yaml").write_text(BILLION_LAUGHS)
    started = time.perf_counter()
    code, err = check(notes)
    seconds = time.perf_counter() - started
    assert code == 1
    assert "the file expands to more than 20000 values" in err
    assert seconds < 1.0, seconds  # a bound, not a benchmark: unbounded, it would take hours
    tracemalloc.start()  # measured apart: tracing slows the run several times
    check(notes)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 50_000_000, peak


def test_large_file_long_text_and_deep_nesting_are_refused(notes):
    (notes / "outputs.yaml").write_text("outputs: []\n# " + "x" * 2_100_000 + "\n")
    (notes / "action-points" / "beta.yaml").write_text("id: beta\ntitle: T\nevidence: " + "word " * 5000 + "\n")
    code, err = check(notes)
    assert code == 1
    assert "outputs.yaml: error: the file is larger than 2 MB (split it: one record per file)" in err
    assert "beta.yaml:3:11: error: the text is longer than 20000 characters (split it into sections)" in err


def test_python_tags_never_run(notes, tmp_path):
    marker = tmp_path / "ran"
    (notes / "action-points" / "beta.yaml").write_text(
        f"id: beta\ntitle: !!python/object/apply:os.system ['touch {marker}']\nevidence: E.\n")
    code, err = check(notes)
    assert code == 1 and "is not allowed" in err
    assert not marker.exists()


def test_stale_staging_is_cleaned_and_output_replaced_whole(notes, tmp_path):
    brief = notes / "documents" / "mini-brief.yaml"
    retired = notes / "documents" / "mini-retired.yaml"
    retired.write_text(brief.read_text(encoding="utf-8").replace("id: mini-brief", "id: mini-retired"))
    out = build_corpus(notes, tmp_path / "out")
    retired.unlink()  # its files are of an earlier generation now
    staging, old = tmp_path / ".out.staging", tmp_path / ".out.old"
    for leftover in (staging, old):
        leftover.mkdir()
        (leftover / "half-written.docx").write_bytes(b"PK")
    build_corpus(notes, out)
    assert not staging.exists() and not old.exists()
    assert (out / "md" / "mini-brief.md").exists() and not (out / "md" / "mini-retired.md").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "notes", "out"]


def test_a_link_planted_as_the_old_generation_is_never_taken_for_it(notes, tmp_path):
    elsewhere = build_corpus(notes, tmp_path / "elsewhere")
    before = {p: p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()}
    (tmp_path / ".out.old").symlink_to(elsewhere)  # as if a build had been interrupted mid-swap
    brief = notes / "documents" / "mini-brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("title: A brief", "title: Another"))
    out = build_corpus(notes, tmp_path / "out")  # fails the test unless it exits 0
    assert out.is_dir() and not out.is_symlink() and "Another" in (out / "md" / "mini-brief.md").read_text()
    assert not (tmp_path / ".out.old").exists() and not (tmp_path / ".out.old").is_symlink()
    assert {p: p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()} == before


def test_a_second_build_at_once_is_refused_while_the_first_holds_the_lock(notes, tmp_path):
    out = build_corpus(notes, tmp_path / "out")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with open(tmp_path / ".out.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        with redirect_stderr(io.StringIO()) as err:
            code = run(["build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out)])
    assert code == 1
    assert "another build is writing to this folder" in err.getvalue()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def _failing_writes(monkeypatch, error: BaseException, after: int) -> None:
    """Make the build's file writes (every file a build writes is opened in publish.py) fail
    with `error` once `after` files are written."""
    from generator import publish
    count = {"n": 0}

    def failing_open(file, mode="r", *args, **kwargs):
        if "w" in mode or "x" in mode:
            count["n"] += 1
            if count["n"] > after:
                raise error
        return open(file, mode, *args, **kwargs)

    monkeypatch.setattr(publish, "open", failing_open, raising=False)


def test_a_full_disk_leaves_the_previous_build(notes, tmp_path, monkeypatch):
    import errno
    out = build_corpus(notes, tmp_path / "out")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (notes / "documents" / "mini-brief.yaml").write_text(  # a change, so the build writes
        (notes / "documents" / "mini-brief.yaml").read_text().replace("title: A brief", "title: Another"))
    _failing_writes(monkeypatch, OSError(errno.ENOSPC, "No space left on device"), after=3)
    with redirect_stderr(io.StringIO()) as err:
        code = run(["build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out)])
    monkeypatch.undo()
    assert code == 1
    assert "error: cannot write the build: No space left on device" in err.getvalue()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not (tmp_path / ".out.staging").exists()


def test_ctrl_c_leaves_the_previous_build_and_clears_its_own_files(notes, tmp_path, monkeypatch):
    out = build_corpus(notes, tmp_path / "out")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (notes / "documents" / "mini-brief.yaml").write_text(
        (notes / "documents" / "mini-brief.yaml").read_text().replace("title: A brief", "title: Another"))
    _failing_writes(monkeypatch, KeyboardInterrupt(), after=3)
    with pytest.raises(KeyboardInterrupt):  # main() turns it into exit code 130
        run(["build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out)])
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not (tmp_path / ".out.staging").exists()  # its half-written files went with it


def test_a_checked_series_holds_no_document_text_until_it_renders_it(notes):
    from generator.corpus import load_corpus
    from generator.render import render_all
    corpus, _ = load_corpus(notes)
    held = repr(corpus.documents)
    assert "Only background." not in held and "mini-brief" in held  # the brief's first words; its id
    docs, problems = render_all(corpus, TEMPLATES)
    assert not problems.errors and "Only background." in next(d.body for d in docs if d.id == "mini-brief")


def test_a_document_changed_during_a_build_fails_it_and_leaves_the_previous_one(notes, tmp_path, monkeypatch):
    from generator import build
    out = build_corpus(notes, tmp_path / "out")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    brief = notes / "documents" / "mini-brief.yaml"
    real = build.load_corpus

    def edited_after_the_check(folder):
        loaded = real(folder)
        times = brief.stat()
        brief.write_text(brief.read_text().replace("Only background.", "Only backgroune."))  # the same size
        os.utime(brief, ns=(times.st_atime_ns, times.st_mtime_ns))  # and time, as `cp -p` leaves it
        return loaded

    monkeypatch.setattr(build, "load_corpus", edited_after_the_check)
    with redirect_stderr(io.StringIO()) as err:
        code = run(["build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out)])
    assert code == 1
    assert f"{brief.as_posix()}:5:1: error: the file changed while it was being built" in err.getvalue()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def artefacts(folder: Path) -> dict[str, bytes]:
    """A build's files and their bytes, but its cache (which records file times)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != ".cache.json"}


@pytest.fixture
def many_cpus(monkeypatch):
    """A machine with 64 processors, so that --jobs is bounded by the documents alone."""
    from generator import pool
    monkeypatch.setattr(pool, "usable_cpus", lambda: 64)
    return pool


@pytest.fixture
def no_leftover_workers():
    """Fail on a worker left running (it would wait for work forever, and the run with it); end it."""
    before = set(multiprocessing.active_children())
    yield
    left = set(multiprocessing.active_children()) - before
    for child in left:
        child.kill()
        child.join()
    assert not left, f"workers left running: {left}"


def test_jobs_are_bounded_by_the_documents_and_the_processors(notes, tmp_path, many_cpus, monkeypatch):
    sizes = []

    class Recorded(ProcessPoolExecutor):
        def __init__(self, workers, **options):
            sizes.append(workers)
            super().__init__(workers, **options)

    monkeypatch.setattr(many_cpus, "ProcessPoolExecutor", Recorded)
    build_corpus(notes, tmp_path / "one", TEMPLATES, "--jobs", "300")
    monkeypatch.setattr(many_cpus, "usable_cpus", lambda: 2)
    build_corpus(notes, tmp_path / "two", TEMPLATES, "--jobs", "300")
    assert sizes == [3, 2]  # the mini corpus has 3 documents
    monkeypatch.setattr(many_cpus, "usable_cpus", lambda: 1)
    build_corpus(notes, tmp_path / "three", TEMPLATES, "--jobs", "300")
    assert sizes == [3, 2] and artefacts(tmp_path / "three") == artefacts(tmp_path / "one")


def test_workers_render_as_well_as_write(notes, tmp_path, many_cpus, monkeypatch, no_leftover_workers):
    """With --jobs, the main process renders no document: it would be the pool's bottleneck."""
    from generator import render
    reference, pids, real = build_corpus(notes, tmp_path / "reference"), tmp_path / "pids", render._render_one

    def noted(record, *args):
        with open(pids, "a", encoding="utf-8") as handle:  # each process appends its own line
            handle.write(f"{os.getpid()} {record['id']}\n")
        return real(record, *args)

    monkeypatch.setattr(render, "_render_one", noted)
    out = build_corpus(notes, tmp_path / "out", TEMPLATES, "--jobs", "2")
    rendered = [line.split() for line in pids.read_text(encoding="utf-8").splitlines()]
    assert sorted(ident for _, ident in rendered) == ["mini-brief", "mini-crosswalk", "mini-note"]
    assert str(os.getpid()) not in {pid for pid, _ in rendered}  # (one chunk of documents: one worker)
    assert artefacts(out) == artefacts(reference)


def test_a_build_keeps_nothing_of_the_series_once_it_is_done(notes, tmp_path):
    """`serve` builds again and again in one process: the corpus and the previous build's records
    that the documents were made with go with the build."""
    from generator import build
    build_corpus(notes, tmp_path / "out")
    assert build._WORKER == {}


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="forks its workers elsewhere")
def test_a_pool_that_cannot_start_all_its_workers_falls_back_to_one_process(notes, tmp_path, many_cpus,
                                                                             monkeypatch, no_leftover_workers):
    import errno
    from multiprocessing import popen_fork
    reference = build_corpus(notes, tmp_path / "reference")
    real, started = popen_fork.Popen._launch, []

    def launch(self, process):
        if started:  # the second worker meets the system's limit of processes
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
        started.append(process)
        return real(self, process)

    monkeypatch.setattr(popen_fork.Popen, "_launch", launch)
    out = build_corpus(notes, tmp_path / "out", TEMPLATES, "--jobs", "3")
    assert started and artefacts(out) == artefacts(reference)


def dies_in_a_worker(item):
    """What a worker does when the system kills it for memory; in the main process, the real work."""
    if multiprocessing.parent_process() is not None:
        os._exit(1)
    return MAKE_ONE(item)


def test_a_pool_whose_worker_is_killed_falls_back_to_one_process(notes, tmp_path, many_cpus, monkeypatch,
                                                                  no_leftover_workers):
    from generator import build
    reference = build_corpus(notes, tmp_path / "reference")
    monkeypatch.setattr(build, "_make_one", dies_in_a_worker)
    out = build_corpus(notes, tmp_path / "out", TEMPLATES, "--jobs", "2")
    assert artefacts(out) == artefacts(reference)


def full_disk_in_a_worker(item):
    """A worker's disk is full; in the main process (where the pool's fallback would redo the
    document, and must not) the real work."""
    import errno
    if multiprocessing.parent_process() is not None:
        raise OSError(errno.ENOSPC, "No space left on device")
    return MAKE_ONE(item)


def _rebuild_failing(notes: Path, out: Path, monkeypatch, sabotage) -> tuple[int, str, bool]:
    """Build, change one document, `sabotage()`, then rebuild with two processes; the exit code,
    stderr, and whether the first build's files are all still there as they were."""
    before = {p: p.read_bytes() for p in build_corpus(notes, out).rglob("*") if p.is_file()}
    brief = notes / "documents" / "mini-brief.yaml"
    brief.write_text(brief.read_text().replace("Counted twice.", "Counted twice over."))  # its own text only
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # as build_corpus built: the others are reused
    sabotage()
    with redirect_stderr(io.StringIO()) as err:
        code = run(["build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out), "--jobs", "2"])
    monkeypatch.undo()
    return code, err.getvalue(), {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_an_error_in_taking_a_document_from_the_previous_build_is_not_a_broken_pool(notes, tmp_path, many_cpus,
                                                                                     monkeypatch, no_leftover_workers):
    import errno
    from generator import publish

    def reuse(self, path):
        raise OSError(errno.EIO, "Input/output error")

    code, err, kept = _rebuild_failing(notes, tmp_path / "out", monkeypatch,
                                       lambda: monkeypatch.setattr(publish.Staging, "reuse", reuse))
    assert (code, kept) == (1, True) and "Traceback" not in err
    assert "error: cannot write the build: Input/output error" in err
    assert not (tmp_path / ".out.staging").exists()


def test_an_error_in_a_worker_fails_the_build_and_is_not_done_again(notes, tmp_path, many_cpus, monkeypatch,
                                                                     no_leftover_workers):
    from generator import build
    code, err, kept = _rebuild_failing(notes, tmp_path / "out", monkeypatch,
                                       lambda: monkeypatch.setattr(build, "_make_one", full_disk_in_a_worker))
    assert (code, kept) == (1, True) and "Traceback" not in err
    assert "error: cannot write the build: No space left on device" in err


def squared(number: int) -> int:
    return number * number


def test_a_pool_that_breaks_mid_stream_still_gives_every_item_in_order(monkeypatch, no_leftover_workers):
    import errno
    from generator import pool
    handed = []

    class FailingLater(ProcessPoolExecutor):
        def submit(self, *args, **options):
            handed.append(args)
            if len(handed) == 12:  # past the window of jobs * AHEAD chunks in flight
                raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
            return super().submit(*args, **options)

    monkeypatch.setattr(pool, "CHUNK", 1)
    monkeypatch.setattr(pool, "ProcessPoolExecutor", FailingLater)
    assert list(pool.stream(squared, range(40), 2, int, ())) == [n * n for n in range(40)]
    assert len(handed) == 12


def test_a_release_holds_the_lock_from_its_build_to_its_bundle(notes, tmp_path, monkeypatch, capsys):
    from generator import release
    real, held = release.bundle, []

    def bundle(out, dist, extras):
        with open(tmp_path / ".out.lock", "a+b") as lock:  # what a second build or release would do
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held.append(False)
            except BlockingIOError:
                held.append(True)
        return real(out, dist, extras)

    monkeypatch.setattr(release, "bundle", bundle)
    common = ["--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(tmp_path / "out")]
    assert run(["release", *common, "--dist", str(tmp_path / "dist")]) == 0
    assert held == [True]
    with open(tmp_path / ".out.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as another release holds it
        assert run(["release", *common, "--dist", str(tmp_path / "other")]) == 1
    err = capsys.readouterr().err
    assert f"{(tmp_path / 'out').as_posix()}: error: another build is writing to this folder" in err
    assert not (tmp_path / "other").exists()


def test_a_bundle_is_written_apart_from_other_runs_and_readable_by_all(notes, tmp_path, capsys):
    dist = tmp_path / "dist"
    dist.mkdir()
    name = "mini-publications-2024-05-15.zip"
    elsewhere = dist / f".{name}.partial"  # what another run is writing
    elsewhere.write_bytes(b"another run's half")
    mask = os.umask(0o022)
    try:
        assert run(["release", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(tmp_path / "out"),
                    "--dist", str(dist)]) == 0
    finally:
        os.umask(mask)
    bundle = dist / name
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()
    assert capsys.readouterr().out.splitlines()[-1] == f"{digest}  {bundle.as_posix()}"
    assert sorted(p.name for p in dist.iterdir()) == [elsewhere.name, name]
    assert elsewhere.read_bytes() == b"another run's half"
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o644  # a temporary file's 0600 would hide it from the web server
    with zipfile.ZipFile(bundle) as archive:
        assert archive.testzip() is None


def holds(path: Path) -> bool:
    """Whether this process has `path` open (read from /proc)."""
    return any(os.path.realpath(fd) == str(path) for fd in Path("/proc/self/fd").iterdir())


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
def test_workers_hold_no_copy_of_the_lock(tmp_path):
    from generator import pool, publish
    lock = tmp_path / ".out.lock"
    with publish.locked(tmp_path / "out"):
        assert holds(lock)
        assert pool.run(holds, [lock] * 4, 2, int, ()) == [False] * 4  # else a worker left behind keeps it
