"""The manifest: what a build holds, with checksums, and a digest of what it was built from."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import __version__, jsontext
from .document import Document
from .problems import Mark, Problems


def ignored(name: str) -> bool:
    """Editors' lock and backup files and hidden files: never sources, never in a digest."""
    return name.startswith((".", "#"))


MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    """The SHA-256 of `data`, in hex."""
    return hashlib.sha256(data).hexdigest()


def entry(path: str, data: bytes) -> dict:
    """A file's manifest entry: path relative to the manifest, size and SHA-256."""
    return {"path": path, "bytes": len(data), "sha256": sha256(data)}


def ordered(item: dict) -> dict:
    """An entry in the manifest's key order, wherever it was read from (the cache sorts keys)."""
    return {"path": item["path"], "bytes": item["bytes"], "sha256": item["sha256"]}


def file_digests(folder: Path, problems: Problems, links_out: bool = True) -> dict[Path, str]:
    """Each source file below `folder`, in a sorted walk, with its SHA-256: read once per build.
    A file that cannot be read is a problem at its path."""
    root, digests, depth = folder.resolve(), {}, len(folder.parts)
    places = _Places()
    for path in sorted(folder.rglob("*")):
        if not any(ignored(part) for part in path.parts[depth:]) and path.is_file():
            try:
                digests[path] = sha256(_content(path, root, links_out, places))
            except OSError as exc:
                problems.add(Mark(path.as_posix()), f"cannot read the file: {exc.strerror or exc}", code="file")
    return digests


class _Places(dict):
    """Each folder's real place, found once (resolving every file's path, link by link, was most
    of the time a rebuild with nothing changed takes)."""

    def of(self, path: Path) -> Path:
        """Where `path` really is."""
        if path.is_symlink():
            return path.resolve()
        if path.parent not in self:
            self[path.parent] = path.parent.resolve()
        return self[path.parent] / path.name


def _content(path: Path, root: Path, links_out: bool, places: _Places) -> bytes:
    """What a file's digest covers: its bytes; unless `links_out`, for a link out of the folder,
    where it points from there (the corpus never reads it: it might be a device that never ends)."""
    if links_out:
        return path.read_bytes()
    target = places.of(path)
    if target.is_relative_to(root):
        return path.read_bytes()
    return f"-> {os.path.relpath(target, root)}".encode("utf-8")


def inputs_digest(folders: dict[str, Path], digests: dict[Path, str]) -> dict:
    """One SHA-256 over the files of `folders` (role/relative path and content), and a count.

    `digests` comes from file_digests. The listing is `sha256sum`'s format, sorted, so the
    digest is the same on every machine.
    """
    lines = [f"{digest}  {role}/{'/'.join(path.parts[len(folder.parts):])}\n"  # (relative_to, 1,000s of times)
             for role, folder in sorted(folders.items())
             for path, digest in digests.items() if path.parts[:len(folder.parts)] == folder.parts]
    # surrogateescape: a file name that is not UTF-8 (check names it) keeps its own bytes
    return {"sha256": sha256("".join(lines).encode("utf-8", "surrogateescape")), "files": len(lines)}


def listing(path: Path) -> set[str] | None:
    """Every file the manifest at `path` lists, itself included; None unless policynote wrote it."""
    try:
        data = json.loads(path.read_bytes())
        if data.get("generator") != "policynote":
            return None
        paths = [o["path"] for doc in data["documents"] for o in doc["outputs"].values()]
        paths += [item["path"] for item in data["files"]]
        return {path for path in paths if isinstance(path, str)} | {MANIFEST}
    except (OSError, ValueError, RecursionError, KeyError, TypeError, AttributeError):
        return None


INDENT = 2


def document_entry(doc: Document, outputs: dict[str, dict]) -> str:
    """A document's entry in the manifest, as JSON text (jsontext.item); `outputs` holds its
    files' entries by format."""
    return jsontext.item({"id": doc.id, "type": doc.type, "title": doc.title, "label": doc.label, "date": doc.date,
                          "language": doc.language,
                          "outputs": {fmt: ordered(item) for fmt, item in outputs.items()}}, INDENT)


def manifest(entries: Iterable[str], organisation: str, others: list[dict], inputs: dict,
             edition: str) -> Iterator[str]:
    """The manifest as JSON text in pieces (a long series' is written as it is made, never held
    whole): `entries` are the documents' (document_entry), `others` the entries of the files
    written once for all documents."""
    data = {
        "generator": "policynote",
        "version": __version__,
        "organisation": organisation,
        "edition": edition,
        "inputs": inputs,
        "documents": None,
        "files": [ordered(item) for item in sorted(others, key=lambda item: item["path"])],
    }
    yield from jsontext.spliced(data, {"documents": entries}, INDENT)
    yield "\n"
