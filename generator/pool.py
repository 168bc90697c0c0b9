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
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

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
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start,
                               initargs=(os.getpid(), initializer, initargs))
    try:
        try:
            results = pool.map(function, items, chunksize=max(1, len(items) // (jobs * 8)))  # starts the workers
        except OSError:  # a process could not be started: the system's limit of processes, say
            return None
        try:
            return list(results)
        except BrokenProcessPool:  # a worker was killed, or could not set itself up
            return None
    finally:
        _stop(pool, before)


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
