"""The documents a build has finished, kept in a temporary file until the index pages, the
manifest and the cache are written, and read back one at a time: what a build holds in memory
does not grow with the series (docs/benchmarks.md). For the index page's template it is a
sequence of documents, in the series' order, as a list of them would be."""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections.abc import Iterator
from pathlib import Path

from .document import Document
from .images import Image


class Ledger:
    """Each finished document (its metadata, without its text), its manifest entry and its cache
    record as JSON text (jsontext.item), on disk; in memory, only where each is."""

    def __init__(self, scratch: tuple[Path, str], media: dict[str, Image]) -> None:
        """A file in a folder, its name starting with a prefix (`scratch`, Staging.scratch), that
        has no name where the system allows and is gone once closed; `media`: every image by
        its path, given back to the documents that show them."""
        folder, prefix = scratch
        self._file = tempfile.TemporaryFile(dir=folder, prefix=prefix)
        self._media = media
        self._order: list[str] = []  # the documents' ids in the series' order, as they are made
        self._position: dict[str, int] = {}  # each id's place in that order
        self._where = array("Q")  # for each place: where its document starts, and its three parts' lengths
        self._last: tuple[int, Document] | None = None  # a template reads one document's fields in a row

    def expect(self, ident: str) -> None:
        """A document is made: it takes the next place in the order, whatever order the rest are added in."""
        self._position[ident] = len(self._order)
        self._order.append(ident)
        self._where.extend((0, 0, 0, 0))

    def add(self, doc: Document, manifest_entry: str, cache_record: str) -> None:
        """A finished document, slimmed (Document.slim), and its two entries."""
        shown, doc.media = sorted(doc.media), {}
        parts = [pickle.dumps((doc, shown), pickle.HIGHEST_PROTOCOL), manifest_entry.encode("utf-8"),
                 cache_record.encode("utf-8")]
        self._file.seek(0, 2)
        at = 4 * self._position[doc.id]
        self._where[at:at + 4] = array("Q", (self._file.tell(), *map(len, parts)))
        for part in parts:
            self._file.write(part)

    def __len__(self) -> int:
        return len(self._order)

    def __getitem__(self, index: int) -> Document:
        """The `index`th document, read back, with its images."""
        if self._last is None or self._last[0] != index:
            doc, shown = pickle.loads(self._part(self._order[index], 0))
            doc.media = {path: self._media[path] for path in shown}
            self._last = (index, doc)
        return self._last[1]

    def __iter__(self) -> Iterator[Document]:
        return (self[index] for index in range(len(self)))

    def manifest_entries(self) -> Iterator[str]:
        """The documents' manifest entries, in the series' order."""
        return (self._part(ident, 1).decode("utf-8") for ident in self._order)

    def cache_records(self) -> Iterator[str]:
        """The documents' cache records, by id (the cache sorts its keys)."""
        return (self._part(ident, 2).decode("utf-8") for ident in sorted(self._order))

    def ids(self) -> list[str]:
        """Every document's id, in the series' order."""
        return list(self._order)

    def _part(self, ident: str, which: int) -> bytes:
        if self._file.closed:
            raise ValueError("the build is over: its ledger of documents is closed")
        at = 4 * self._position[ident]
        start, *lengths = self._where[at:at + 4]
        if not lengths[0]:
            raise ValueError(f"document {ident} was expected but never finished")
        self._file.seek(start + sum(lengths[:which]))
        return self._file.read(lengths[which])

    def close(self) -> None:
        """Let the file go (it has no name to remove), and the document read last."""
        self._file.close()
        self._last = None
