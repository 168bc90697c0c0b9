"""Worker processes for `build --jobs N`: never more than there is work for, gone with the build.

Workers are forked with the tool already imported. Each drops its copy of the build's lock and,
on Linux, asks to be killed when the build's main process ends, however it ends: a killed build
leaves no worker behind, and nothing holding the lock. A pool that cannot start (the system's
process limit) or breaks (a worker killed) gives up its work, which the build then does itself.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice

from . import publish

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def usable_cpus() -> int:
    """The processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def workers(jobs: int, tasks: int) -> int:
    """How many processes to use for `tasks` when `jobs` are asked for: more would only wait."""
    return max(1, min(jobs, tasks, usable_cpus()))


def run(function, items: list, jobs: int, initializer, initargs: tuple) -> list | None:
    """`function` over `items`, in order, in `jobs` processes set up by `initializer(*initargs)`;
    None where the pool cannot start or breaks, for the caller to do the work in one process."""
    done, results = [], stream(function, items, jobs, initializer, initargs, local=False)
    for result in results:
        if result is _BROKEN:
            return None
        done.append(result)
    return done


_BROKEN = object()  # what `stream` yields, without `local`, where the pool broke
CHUNK = 8  # items sent to a worker at once: fewer round trips, and memory still bounded
AHEAD = 4  # chunks in flight per worker: enough to keep each busy, few enough to hold little


def stream(function, items: Iterable, jobs: int, initializer, initargs: tuple, local: bool = True) -> Iterator:
    """`function` over `items`, in order, in `jobs` processes set up by `initializer(*initargs)`.
    Items are taken only as workers are ready for them, a fixed window of jobs * AHEAD chunks: a
    caller that makes each item as it goes holds only those in flight. Where the pool cannot
    start or breaks, the items not yet done are done in this process (set up the same way), or,
    without `local`, _BROKEN is yielded. Any other error, in making an item or in `function`,
    is the caller's and propagates."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    before = set(multiprocessing.active_children())
    chunks = _chunks(iter(items))
    pending: deque = deque()  # (chunk, its future), in order
    executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start,
                                   initargs=(os.getpid(), initializer, initargs))
    broken, unsent = False, []  # unsent: a chunk whose hand-over failed (a worker that did start
    # may still have run it: done again below, it writes the same bytes)
    try:
        for chunk in chunks:
            try:
                pending.append((chunk, executor.submit(_each, function, chunk)))  # the first starts the workers
            except (OSError, BrokenProcessPool):  # a worker could not start
                broken, unsent = True, chunk
                break
            while len(pending) > jobs * AHEAD and not broken:  # until the pool breaks
                broken = yield from _oldest(pending)
            if broken:
                break
        while pending and not broken:
            broken = yield from _oldest(pending)
    finally:
        _stop(executor, before)
    if not broken:
        return
    if not local:
        yield _BROKEN
        return
    initializer(*initargs)
    for chunk, future in pending:  # what a worker finished before the pool broke is not done again
        yield from future.result() if _finished(future) else (function(item) for item in chunk)
    for chunk in chain([unsent], chunks):  # still one chunk at a time
        yield from (function(item) for item in chunk)


def _finished(future) -> bool:
    """The future's work was done, without an error."""
    return future.done() and not future.cancelled() and future.exception() is None


def _oldest(pending: deque) -> Generator[object, None, bool]:
    """Yield the results of the oldest chunk in flight and drop it; True, with the chunk kept,
    where the pool broke (a worker killed, or one that could not start)."""
    try:
        results = pending[0][1].result()
    except BrokenProcessPool:
        return True
    pending.popleft()
    yield from results
    return False


def _chunks(items: Iterator) -> Iterator[list]:
    """The items, CHUNK at a time."""
    while chunk := list(islice(items, CHUNK)):
        yield chunk


def _each(function, chunk: list) -> list:
    """`function` over one chunk, in a worker."""
    return [function(item) for item in chunk]


def _stop(pool: ProcessPoolExecutor, before: set) -> None:
    """Shut the pool down, and end the workers it started but cannot stop: after a start that
    failed half way, they would wait for work forever, and the build with them."""
    pool.shutdown(wait=True, cancel_futures=True)
    for child in set(multiprocessing.active_children()) - before:
        child.terminate()
        child.join()


def _start(parent: int, initializer, initargs: tuple) -> None:
    """Set up a worker: die with the build's main process, hold no lock, then `initializer`."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the main process ended before the line above took effect
        os._exit(1)
    publish.drop_locks()
    initializer(*initargs)
