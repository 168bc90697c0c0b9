"""Put a finished build in place all at once, so --out always holds one whole generation.

The new files are written to a staging folder beside --out; then the two folders are
exchanged in one step (Linux renameat2 RENAME_EXCHANGE), and the old generation deleted.
Where the exchange is not available, two renames are used, and a build interrupted between
them is repaired by the next run. A lock file keeps two builds from writing at once.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from .manifest import MANIFEST

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; builds must not overlap there
    fcntl = None

AT_FDCWD, RENAME_EXCHANGE = -100, 2


class PublishError(Exception):
    """The build could not be put in place; the message says why, for the user."""


def publish(out: Path, files: dict[str, bytes], protected: list[Path]) -> None:
    """Replace the contents of `out` with `files`, or raise PublishError leaving `out` as it was."""
    out = Path(os.path.abspath(out))
    _refuse_dangerous(out, protected)
    staging, old = _beside(out, "staging"), _beside(out, "old")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with _lock(_beside(out, "lock")):
            _recover(out, old)
            for leftover in (staging, old):
                shutil.rmtree(leftover, ignore_errors=True)
            _write(staging, files)
            _swap(staging, out, old)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(f"cannot write the build: {exc.strerror or exc}") from exc


def _beside(out: Path, what: str) -> Path:
    """A hidden sibling of `out`, on the same file system, so renames are atomic."""
    return out.parent / f".{out.name}.{what}"


def _refuse_dangerous(out: Path, protected: list[Path]) -> None:
    """Never replace the working folder, a folder holding the sources, or a non-build."""
    here = Path.cwd().resolve()
    real = out.resolve()
    if real == here or real in here.parents:
        raise PublishError("refusing to build into the working folder or one above it")
    for path in protected:
        if path.resolve() == real or real in path.resolve().parents:
            raise PublishError(f"refusing to build into {out.name}: it holds {path.name}")
    if out.exists() and not out.is_dir():
        raise PublishError("the output path exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise PublishError("refusing to replace a folder that is not a previous build (it has no manifest.json)")


@contextmanager
def _lock(path: Path):
    """Hold an exclusive lock for the build's writes; fail at once if another build holds it."""
    with open(path, "a+b") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise PublishError(f"another build is writing to this folder (it holds {path.name});"
                                   " wait for it to finish") from None
        yield


def _recover(out: Path, old: Path) -> None:
    """Undo a two-rename swap that was interrupted between its renames."""
    if not out.exists() and old.is_dir() and (old / MANIFEST).is_file():
        old.rename(out)


def _write(staging: Path, files: dict[str, bytes]) -> None:
    """Write every file below `staging`; paths never leave it."""
    for relative, data in files.items():
        path = staging / relative
        if ".." in Path(relative).parts or Path(relative).is_absolute():
            raise PublishError(f"refusing to write outside the build folder: {relative}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _swap(staging: Path, out: Path, old: Path) -> None:
    """Make `staging` the new `out` in one step where the system allows it."""
    if not out.exists():
        staging.rename(out)
    elif _exchange(staging, out):
        shutil.rmtree(staging)  # now the old generation
    else:
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)


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
