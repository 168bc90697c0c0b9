"""What the previous build can lend the next: a key per document over everything it depends on.

A document's key is a SHA-256 over the tool's version, SOURCE_DATE_EPOCH, the formats, the
templates, and the bytes of each source file the document reads: its own record, the
project, the outputs and the Action Plan, and its action points (a document showing Action
Plan points reads them all, since any of them may link to its points). Equal keys, equal
files: the new generation takes that document's files from the previous one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import __version__
from .corpus import OUTPUTS_FILE, PLAN_FILE, PROJECT_FILE, Corpus
from .manifest import sha256

CACHE = ".cache.json"  # inside --out: it travels with its generation, and no manifest lists it


def context(formats: list[str], templates_digest: str) -> str:
    """What every document's files depend on besides its sources."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return f"policynote {__version__}|epoch {epoch}|{','.join(formats)}|templates {templates_digest}"


def document_keys(notes: Path, corpus: Corpus, shared: str) -> dict[str, str]:
    """Document id -> its key."""
    digests: dict[str, str] = {}

    def digest(path: str) -> str:
        if path not in digests:
            digests[path] = sha256(Path(path).read_bytes())
        return digests[path]

    common = [(notes / name).as_posix() for name in (PROJECT_FILE, OUTPUTS_FILE, PLAN_FILE)]
    every_point = sorted(point.mark.path for point in corpus.action_points.values())
    keys = {}
    for record in corpus.documents:
        sections = record["sections"]
        if any(section["action_plan_points"] for section in sections):
            points = every_point
        else:
            points = sorted({corpus.action_points[i].mark.path for s in sections for i in s["action_points"]})
        parts = [shared] + [f"{digest(path)} {path}" for path in [*common, record.mark.path, *points]]
        keys[record["id"]] = sha256("\n".join(parts).encode("utf-8"))
    return keys


def load(out: Path) -> dict:
    """The cache of the build in `out`, or an empty one."""
    try:
        data = json.loads((out / CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def dump(data: dict) -> bytes:
    """The cache as bytes, stable from run to run."""
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
