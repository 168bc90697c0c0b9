"""The release bundle: one deterministic zip of a build and its manifest, named with the version."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from . import __version__
from .manifest import MANIFEST, sha256
from .ziputil import write_zip


def bundle_name(organisation: str) -> str:
    """'FOCUS' -> 'focus-publications-0.1.0'."""
    slug = re.sub(r"[^a-z0-9]+", "-", organisation.lower()).strip("-") or "policynote"
    return f"{slug}-publications-{__version__}"


def bundle(out: Path, dist: Path) -> tuple[Path, str]:
    """Zip every file the manifest of `out` lists, and the manifest; return the zip and its SHA-256."""
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    paths = [o["path"] for doc in manifest["documents"] for o in doc["outputs"].values()]
    paths += [f["path"] for f in manifest["files"]] + [MANIFEST]
    name = bundle_name(manifest["organisation"])
    entries = [(f"{name}/{path}", (out / path).read_bytes()) for path in sorted(paths)]
    data = write_zip(entries)
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / f"{name}.zip"
    partial = dist / f".{name}.zip.partial"
    partial.write_bytes(data)
    os.replace(partial, target)  # a reader never sees half a bundle
    return target, sha256(data)
