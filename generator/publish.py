"""Put a finished build in place all at once, so --out always holds one whole generation.

The new files are written to a staging folder beside --out; then the two folders are
exchanged in one step (Linux renameat2 RENAME_EXCHANGE), and the old generation deleted.
Where the exchange is not available, two renames are used, and a build interrupted between
them is repaired by the next run. A lock file keeps two builds from writing at once.
Only a folder a build wrote is ever replaced: any file its manifest does not list is named,
and the folder left as it is.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from .cache import CACHE
from .manifest import MANIFEST, listing

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; builds must not overlap there
    fcntl = None

AT_FDCWD, RENAME_EXCHANGE = -100, 2
# What file managers and office suites leave beside the documents they show or open: opening
# build/docx in Word or Finder must not make the folder look like someone else's.
LITTER = re.compile(r"\.DS_Store|Thumbs\.db|desktop\.ini|~\$.*|\.~lock\..*#")
_HELD: dict = {}  # the lock files this process holds, and their open files


class PublishError(Exception):
    """The build could not be put in place; the message says why, for the user."""


class Staging:
    """A build's new generation, written beside `out` and swapped in by `commit`.

    Used as a context: entering takes the lock, repairs and clears what an interrupted build
    left, and refuses dangerous folders; leaving without `commit` deletes the new files.
    """

    def __init__(self, out: Path, protected: list[Path]) -> None:
        self.out = Path(os.path.abspath(out))
        self.protected = protected
        self.root = _beside(self.out, "staging")
        self.committed = False
        self._lock = None

    def __enter__(self) -> "Staging":
        _refuse_dangerous(self.out, self.protected)
        try:
            lock = locked(self.out)
            lock.__enter__()
            self._lock = lock
            _recover(self.out, _beside(self.out, "old"))
            for leftover in (self.root, _beside(self.out, "old"), *self.out.parent.glob(f"{self.scratch[1]}*")):
                _remove(leftover)
            self.root.mkdir()
        except OSError as exc:
            self.__exit__(None, None, None)
            raise PublishError(f"cannot write the build: {exc.strerror or exc}") from exc
        return self

    @property
    def scratch(self) -> tuple[Path, str]:
        """Where a build keeps temporary files of its own, and how their names start: beside
        `out`, on its file system. Where the system gives such a file a name at all, one left by
        a build that was stopped is removed by the next."""
        return self.out.parent, f".{self.out.name}.scratch-"

    def write(self, relative: str, data: bytes | Iterable[bytes]) -> None:
        """Write one file of the new generation."""
        write_file(self.root, relative, data)

    def reuse(self, relative: str) -> None:
        """Take a file unchanged from the current generation (a hard link where possible)."""
        source, target = _inside(self.out, relative), _inside(self.root, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)

    def commit(self) -> None:
        """Put the new generation in place, in one step where the system allows it."""
        try:
            _swap(self.root, self.out, _beside(self.out, "old"))
        except OSError as exc:
            raise PublishError(f"cannot write the build: {exc.strerror or exc}") from exc
        self.committed = True

    def __exit__(self, kind, error, trace) -> None:
        if not self.committed:
            shutil.rmtree(self.root, ignore_errors=True)
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None


def write_file(root: Path, relative: str, data: bytes | Iterable[bytes]) -> None:
    """Write `data` (bytes, or bytes in pieces) at `relative` below `root`, never outside it, and
    never into an existing file.

    A file already there (one a worker left half written when it was stopped, and this process
    makes again) is replaced, never written into: it could be a hard link to the previous
    generation's.
    """
    path = _inside(root, relative)
    folder, name = os.path.split(path)
    os.makedirs(folder, exist_ok=True)
    try:
        handle = open(path, "xb")  # a new file, as most are
    except FileExistsError:
        partial = os.path.join(folder, f".{name}.partial")
        with open(partial, "wb") as handle:
            _write(handle, data)
        os.replace(partial, path)
        return
    with handle:
        _write(handle, data)


def _write(handle, data: bytes | Iterable[bytes]) -> None:
    """Write bytes, or bytes in pieces, to an open file."""
    for piece in [data] if isinstance(data, bytes) else data:
        handle.write(piece)


def _inside(root: Path, relative: str) -> str:
    """`root / relative`, refused if it would lie outside `root`. A string, not a Path: pathlib
    interns every name it parses, and the interpreter's table of interned strings, grown by a
    long series' thousands of names, stays that size."""
    if (".." in relative.replace("\\", "/").split("/") or os.path.isabs(relative)
            or os.path.splitdrive(relative)[0] or relative.startswith(("/", "\\"))):
        raise PublishError(f"refusing to write outside the build folder: {relative}")
    return os.path.join(root, relative)


def _remove(path: Path) -> None:
    """Remove a leftover folder of an interrupted build (or a link standing in its place)."""
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def _beside(out: Path, what: str) -> Path:
    """A hidden sibling of `out`, on the same file system, so renames are atomic."""
    return out.parent / f".{out.name}.{what}"


def _refuse_dangerous(out: Path, protected: list[Path]) -> None:
    """Never replace the working folder, a folder holding the sources, or a non-build."""
    if out.is_symlink():
        raise PublishError("the output folder is a symbolic link: give the folder it points to")
    here = Path.cwd().resolve()
    real = out.resolve()
    if real == here or real in here.parents:
        raise PublishError("refusing to build into the working folder or one above it")
    for path in protected:
        source = path.resolve()
        if source == real or real in source.parents:
            raise PublishError(f"refusing to build into {out.name}: it holds {path.name}")
        if source in real.parents:  # it would be read as a source on the next build
            raise PublishError(f"refusing to build inside {path.name}: choose a folder beside it")
    if out.exists() and not out.is_dir():
        raise PublishError("the output path exists and is not a folder")
    foreign = _foreign(out) if out.is_dir() else []
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise PublishError(f"refusing to replace {out.name}: it holds files no build wrote ({shown});"
                           " move them, or choose another --out")


def _foreign(out: Path) -> list[str]:
    """The files in `out` that no build wrote: all of them, unless policynote wrote its manifest,
    and then those the manifest does not list; links too, since a build never writes one."""
    listed = listing(out / MANIFEST)
    known = set() if listed is None else listed | {CACHE}
    found: list[str] = []

    def walk(folder: str, inside: str) -> None:  # scandir: whether an entry is a link costs no call
        try:
            entries = list(os.scandir(folder))
        except OSError:  # a folder that cannot be read holds nothing it could lose
            return
        for entry in entries:
            relative = f"{inside}{entry.name}"
            if entry.is_symlink():
                found.append(relative)
            elif entry.is_dir():
                walk(entry.path, relative + "/")
            elif relative not in known and not LITTER.fullmatch(entry.name):
                found.append(relative)

    walk(str(out), "")
    return sorted(found)


@contextmanager
def locked(out: Path):
    """Hold the lock of `out` (a build, or a whole release); fail at once if another process holds
    it. Within one process it may be taken again: a release holds it around its build."""
    path = _beside(Path(os.path.abspath(out)), "lock")
    if path in _HELD:
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+b")  # not inherited by programs the build runs (close-on-exec)
    except OSError as exc:
        raise PublishError(f"cannot write the build: {exc.strerror or exc}") from exc
    with handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise PublishError(f"another build is writing to this folder (it holds {path.name});"
                                   " wait for it to finish") from None
        _HELD[path] = handle
        try:
            yield
        finally:
            del _HELD[path]


def drop_locks() -> None:
    """In a worker forked from a build: close its copies of the lock, so that the lock is held by
    the build's main process alone, and ends with it."""
    for handle in _HELD.values():
        handle.close()
    _HELD.clear()


def _recover(out: Path, old: Path) -> None:
    """Undo a two-rename swap that was interrupted between its renames (never taking a link
    planted in its place for the old generation)."""
    if not out.exists() and old.is_dir() and not old.is_symlink() and listing(old / MANIFEST) is not None:
        old.rename(out)


def _swap(staging: Path, out: Path, old: Path) -> None:
    """Make `staging` the new `out` in one step where the system allows it. The new build is in
    place once the renames are done: deleting the old one may fail, the next build clears it."""
    if not out.exists():
        staging.rename(out)
    elif _exchange(staging, out):
        _remove(staging)  # now the old generation
    else:
        out.rename(old)
        staging.rename(out)
        _remove(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux 3.15+); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a))
