"""The release bundle: one deterministic zip of a build, named by the series' edition.

Besides the build and its manifest it holds a README saying what each folder holds and,
when a previous release is given, what changed since it, as text and as a page.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
from pathlib import Path

from . import __version__, changes
from .manifest import MANIFEST, sha256
from .theme import Theme
from .writers import WRITERS
from .ziputil import write_zip


def bundle_name(organisation: str, edition: str) -> str:
    """'FOCUS', '2022-06' -> 'focus-publications-2022-06'."""
    slug = re.sub(r"[^a-z0-9]+", "-", organisation.lower()).strip("-") or "policynote"
    return f"{slug}-publications-{re.sub(r'[^A-Za-z0-9._-]+', '-', edition).strip('-.') or 'edition'}"


def readme(manifest: dict, uncommitted: list[str], since: str | None) -> str:
    """What the bundle holds, folder by folder, and what it was made from."""
    formats = [fmt for fmt in WRITERS if any(fmt in doc["outputs"] for doc in manifest["documents"])]
    lines = [f"{manifest['organisation']} publications, edition {manifest['edition']}", "",
             f"{len(manifest['documents'])} documents, each in every folder below:", ""]
    lines += [f"  {fmt + '/':<15}{WRITERS[fmt].about}" for fmt in formats]
    lines += [f"  {MANIFEST:<15}every file with its size and SHA-256, and one SHA-256 over the sources"]
    if since:
        lines += [f"  {'CHANGES.txt':<15}what changed in each document since {since}, and why",
                  f"  {'changes.html':<15}the same, as a page"]
    lines += ["", f"Made by policynote {__version__} from sources with SHA-256 {manifest['inputs']['sha256']}."]
    if uncommitted:
        lines += ["Made from a working tree with changes not yet committed:", *(f"  {p}" for p in uncommitted)]
    return "\n".join(lines) + "\n"


def notes(out: Path, theme: Theme, uncommitted: list[str], since: str | None,
          old: dict[str, dict] | None) -> dict[str, bytes]:
    """The README of the release built in `out` and, given the previous release's documents
    (`old`, from the bundle named `since`), what changed since it, as text and as a page."""
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    extras = {"README.txt": readme(manifest, uncommitted, since).encode("utf-8")}
    if old is not None:
        new = changes.read(out).documents
        found, unchanged = changes.between(old, new)
        extras["CHANGES.txt"] = changes.report(found, unchanged).encode("utf-8")
        page = changes.page(found, unchanged, since, f"edition {manifest['edition']}", manifest["organisation"], theme)
        extras["changes.html"] = page.encode("utf-8")
    return extras


def bundle(out: Path, dist: Path, extras: dict[str, bytes]) -> tuple[Path, str, bool]:
    """Zip every file the manifest of `out` lists, the manifest and `extras` (README, changes);
    return the zip, its SHA-256, and whether it replaced another release of the same name."""
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    paths = [o["path"] for doc in manifest["documents"] for o in doc["outputs"].values()]
    paths += [f["path"] for f in manifest["files"]] + [MANIFEST]
    name = bundle_name(manifest["organisation"], manifest["edition"])
    files = {path: (out / path).read_bytes() for path in paths} | extras
    data = write_zip([(f"{name}/{path}", files[path]) for path in sorted(files)])
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / f"{name}.zip"
    replaced = target.is_file() and target.read_bytes() != data
    _write_whole(target, data)
    return target, sha256(data), replaced


def _write_whole(target: Path, data: bytes) -> None:
    """Write `target` under a name no other run uses, then rename it into place: a reader never
    sees half a file, two runs at once never write into one, and it has the usual permissions."""
    partial = target.with_name(f".{target.name}.{secrets.token_hex(8)}.partial")
    handle = open(partial, "xb")
    try:
        with handle:
            handle.write(data)
        os.replace(partial, target)
    except BaseException:  # a full disk, Ctrl-C: leave nothing behind
        partial.unlink(missing_ok=True)
        raise


def uncommitted(folders: list[Path]) -> list[str]:
    """Files below `folders` that differ from the last commit (git's view); none outside git."""
    changed = []
    for folder in folders:
        try:
            done = subprocess.run(["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=all",
                                   "--", "."], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return []  # no git here: nothing to tell
        if done.returncode == 0:
            changed += [line[3:] for line in done.stdout.splitlines()]
    return sorted(set(changed))
