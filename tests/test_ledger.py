"""A build's finished documents wait on disk, not in memory (generator/ledger.py), and the
manifest and cache are written in pieces (generator/jsontext.py): the same files as before,
with memory that does not grow with the series."""

from __future__ import annotations

import gc
import json
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.document import Document
from generator.images import Image
from generator.jsontext import item, spliced
from generator.ledger import Ledger

from conftest import CORPORA, build_corpus

SCALARS = st.none() | st.booleans() | st.integers() | st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                                          max_size=3), max_leaves=8)


@given(head=st.dictionaries(st.text(max_size=4), VALUES, max_size=3), items=st.lists(VALUES, max_size=4),
       keys=st.lists(st.text(max_size=4), max_size=4, unique=True), indent=st.integers(1, 3), sort_keys=st.booleans())
def test_members_written_in_pieces_are_the_text_of_the_whole(head, items, keys, indent, sort_keys):
    members = dict(zip(keys, items))
    whole = {**head, "long": items, "more": members}
    pieces = spliced({**head, "long": None, "more": None},
                     {"long": (item(value, indent, sort_keys) for value in items),
                      "more": (item(members[key], indent, sort_keys, key=key)
                               for key in (sorted(members) if sort_keys else members))},
                     indent, sort_keys, objects=("more",))
    assert "".join(pieces) == json.dumps(whole, indent=indent, sort_keys=sort_keys, ensure_ascii=False)


def _document(ident: str, media: dict[str, Image]) -> Document:
    return Document(id=ident, type="policy_note", label=f"Note {ident}", date="2022-06", language="en",
                    title=f"About {ident}", subtitle=None, description="d", keywords=["k"], author="FOCUS",
                    body="text", media=media,
                    citations=[{"heading": "Housing", "anchor": "housing",
                                "outputs": [{"id": "o", "title": "O", "url": "https://example.org/"}]}])


def test_the_ledger_gives_back_each_document_in_the_order_rendered(tmp_path):
    picture = Image("media/a.png", "image/png", 1, 1, 72.0, b"png")
    ledger = Ledger((tmp_path, ".out.scratch-"), {"media/a.png": picture})
    for ident in ("b", "a", "c"):
        ledger.expect(ident)
    for ident in ("c", "a", "b"):  # finished in another order, as a pool's documents may be
        doc = _document(ident, {"media/a.png": picture} if ident == "a" else {})
        doc.slim()
        ledger.add(doc, f"manifest {ident}", f"cache {ident}")
    assert [doc.id for doc in ledger] == ["b", "a", "c"] and len(ledger) == 3
    assert ledger[1].title == "About a" and ledger[1].media == {"media/a.png": picture}
    assert ledger[0].citations[0]["outputs"][0]["url"] == "https://example.org/" and ledger[0].media == {}
    assert list(ledger.manifest_entries()) == ["manifest b", "manifest a", "manifest c"]
    assert list(ledger.cache_records()) == ["cache a", "cache b", "cache c"]
    assert list(tmp_path.iterdir()) == []  # the file has no name
    ledger.close()
    assert len(ledger) == 3
    with pytest.raises(ValueError, match="closed"):
        ledger[0]


def test_manifest_and_cache_are_the_text_of_their_data(builds):
    for out in builds.values():
        manifest = (out / "manifest.json").read_text(encoding="utf-8")
        assert manifest == json.dumps(json.loads(manifest), indent=2, ensure_ascii=False) + "\n"
        cache = (out / ".cache.json").read_text(encoding="utf-8")
        assert cache == json.dumps(json.loads(cache), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        assert [entry["id"] for entry in json.loads(manifest)["documents"]] == sorted(json.loads(cache)["documents"])


def test_a_build_holds_no_finished_document_in_memory(tmp_path, monkeypatch):
    """Whenever the index page reads a document back, only a few are alive (the one read, the
    one before it), whatever the number of documents (12 here)."""
    notes = tmp_path / "notes"
    shutil.copytree(CORPORA["mini"], notes)
    source = (notes / "documents" / "mini-note.yaml").read_text(encoding="utf-8")
    for number in range(2, 11):
        (notes / "documents" / f"mini-note-{number}.yaml").write_text(
            source.replace("\nid: mini-note\n", f"\nid: mini-note-{number}\n")
            .replace("\nnumber: 3\n", f"\nnumber: {number + 10}\n"),
            encoding="utf-8")
    alive = []
    read = Ledger.__getitem__

    def counting(self, index):
        doc = read(self, index)
        gc.collect()
        alive.append(sum(isinstance(thing, Document) for thing in gc.get_objects()))
        return doc

    monkeypatch.setattr(Ledger, "__getitem__", counting)
    out = build_corpus(notes, tmp_path / "out")
    assert len(json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]) == 12
    assert len(alive) >= 24 and max(alive) <= 3  # each read twice at least (its order, its entry)
