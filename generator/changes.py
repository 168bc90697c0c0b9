"""What changed between two builds or releases, document by document, and why.

Each build writes every document as JSON (writers/outline.py): its metadata, its parts (one
per heading) and the fingerprints of the records it shows. Comparing two of them tells what a
reader will see changed (sections, paragraphs, links, "See:" entries) and which records
changed to cause it, so an edit to one record never silently rewrites a published document.
"""

from __future__ import annotations

import difflib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from .manifest import MANIFEST
from .provenance import explain
from .theme import Theme
from .writers.html import STYLESHEET
from .writers.outline import SHOWN

CONTEXT = 6  # words shown either side of a change
LONG = 30  # words shown of a paragraph added or removed


class ChangesError(Exception):
    """A build or release that cannot be compared; the message says why, for the user."""


@dataclass
class Change:
    """One thing a reader sees changed: where, what, and the words before and after."""

    where: str  # the heading it stands under, or '' for the title block
    what: str  # "paragraph changed", "section added", "link removed" ...
    before: str = ""  # context before the change
    removed: str = ""
    added: str = ""
    after: str = ""  # context after the change

    def text(self) -> str:
        """One line, with the change marked as word diffs mark it: [-old-]{+new+}."""
        place = f'"{self.where}": ' if self.where else ""
        marked = " ".join(part for part in (self.before, self.removed and f"[-{self.removed}-]",
                                            self.added and f"{{+{self.added}+}}", self.after) if part)
        return f"{place}{self.what}" + (f": {marked}" if marked else "")


@dataclass
class DocumentChange:
    """A document added, removed or changed, with what changed and why."""

    id: str
    title: str
    status: str  # new, removed, changed
    changes: list[Change] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: "changed policy-note-07: action point housing: evidence changed"."""
        reasons = "; ".join(self.reasons)
        return f"{self.status} {self.id}" + (f": {reasons}" if reasons and self.status == "changed" else "")


@dataclass
class Published:
    """The documents of a build or a release, as their JSON (id -> data), and whose they are."""

    documents: dict[str, dict]
    organisation: str


def read(path: Path) -> Published:
    """The documents of a build folder or a release bundle (.zip)."""
    if path.is_dir():
        return _documents(lambda name: (path / name).read_bytes(), path)
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as bundle:
            manifests = [name for name in bundle.namelist() if name.count("/") == 1 and name.endswith(MANIFEST)]
            if not manifests:
                raise ChangesError(f"{path.as_posix()} is not a release bundle: it holds no {MANIFEST}")
            root = manifests[0][: -len(MANIFEST)]
            return _documents(lambda name: bundle.read(root + name), path)
    if not path.exists():
        raise ChangesError(f"there is no build or release at {path.as_posix()} to compare with"
                           " (build first, or name one with --since)")
    raise ChangesError(f"{path.as_posix()} is neither a build folder nor a release bundle (.zip)")


def _documents(read_file, path: Path) -> Published:
    """Each document of a manifest, read as its JSON output."""
    try:
        manifest = json.loads(read_file(MANIFEST))
        found = {}
        for document in manifest["documents"]:
            if "json" not in document["outputs"]:
                raise ChangesError(f"{path.as_posix()} was built without the json format, which changes"
                                   " compares: build it with every format")
            data = json.loads(read_file(document["outputs"]["json"]["path"]))
            if not comparable(data):
                raise ChangesError(f"{path.as_posix()}: the JSON of {document['id']} is not as policynote writes it")
            found[document["id"]] = data
        return Published(found, manifest["organisation"])
    except (OSError, KeyError, ValueError, TypeError) as exc:
        raise ChangesError(f"cannot read the build in {path.as_posix()}: {exc}") from None


def comparable(data) -> bool:
    """A document's JSON has what a comparison reads (it may come from a file edited by hand)."""
    parts = data.get("parts") if isinstance(data, dict) else None
    return isinstance(data, dict) and isinstance(data.get("title"), str) and isinstance(parts, list) and all(
        isinstance(part, dict) and isinstance(part.get("blocks"), list) and isinstance(part.get("links"), list)
        and isinstance(part.get("see"), list) and {"heading", "level"} <= part.keys() for part in parts)


def compare(old: dict[str, dict], new: dict[str, dict]) -> list[DocumentChange]:
    """Every document added, removed or changed between two builds, in id order."""
    result = []
    for ident in sorted(old.keys() | new.keys()):
        if ident not in old:
            result.append(DocumentChange(ident, new[ident]["title"], "new"))
        elif ident not in new:
            result.append(DocumentChange(ident, old[ident]["title"], "removed"))
        elif text_of(old[ident]) != text_of(new[ident]):
            reasons = explain(old[ident].get("sources", {}), new[ident].get("sources", {}), f"document {ident}")
            result.append(DocumentChange(ident, new[ident]["title"], "changed", what_changed(old[ident], new[ident]),
                                         reasons))
    return result


def between(old: dict[str, dict], new: dict[str, dict]) -> tuple[list[DocumentChange], int]:
    """The documents added, removed or changed, and how many both builds hold that say the same."""
    found = compare(old, new)
    return found, len(old.keys() & new.keys()) - sum(change.status == "changed" for change in found)


def text_of(data: dict) -> dict:
    """What a reader sees of a document: everything but its sources."""
    return {key: value for key, value in data.items() if key != "sources"}


def what_changed(old: dict, new: dict) -> list[Change]:
    """The changes a reader sees: metadata, then the parts, in document order."""
    changes = [_edit("", f"{name} changed", _said_as_text(old.get(name)), _said_as_text(new.get(name)))
               for name in SHOWN if old.get(name) != new.get(name)]
    old_parts, new_parts = old["parts"], new["parts"]
    keys = difflib.SequenceMatcher(None, [_key(p) for p in old_parts], [_key(p) for p in new_parts], autojunk=False)
    for tag, i1, i2, j1, j2 in keys.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):  # same parts, or renamed one for one
            for before, after in zip(old_parts[i1:i2], new_parts[j1:j2]):
                changes += _part_changes(before, after)
            continue
        changes += [Change(_heading(p), f"{_noun(p)} removed") for p in old_parts[i1:i2]]
        changes += [Change(_heading(p), f"{_noun(p)} added") for p in new_parts[j1:j2]]
    return changes


def _said_as_text(value) -> str:
    """A metadata value as text: keywords joined, nothing as ''."""
    return ", ".join(value) if isinstance(value, list) else value or ""


def _key(part: dict) -> tuple:
    """What identifies a part: its level and heading, or being the closing matter."""
    return part["level"], part["heading"], part.get("closing", False)


def _heading(part: dict) -> str:
    """The heading a change stands under."""
    if part.get("closing"):
        return "(closing matter)"
    return part["heading"] or "(before the first heading)"


def _noun(part: dict) -> str:
    """A part named as a reader would: a section, a point within one, or the closing matter."""
    return "closing matter" if part.get("closing") else "section" if part["level"] <= 1 else "point"


def _part_changes(old: dict, new: dict) -> list[Change]:
    """What changed inside one part: its heading, blocks, links and "See:" entries."""
    where = _heading(new)
    changes = [_edit(where, "heading changed", old["heading"] or "", new["heading"] or "")] \
        if old["heading"] != new["heading"] else []
    changes += _block_changes(where, old["blocks"], new["blocks"])
    old_links, new_links = {tuple(link) for link in old["links"]}, {tuple(link) for link in new["links"]}
    changes += [Change(where, "link removed", removed=f"{text} ({url})") for text, url in sorted(old_links - new_links)]
    changes += [Change(where, "link added", added=f"{text} ({url})") for text, url in sorted(new_links - old_links)]
    changes += [Change(where, '"See:" no longer cites', removed=o) for o in old["see"] if o not in new["see"]]
    changes += [Change(where, '"See:" now cites', added=o) for o in new["see"] if o not in old["see"]]
    return changes


def _block_changes(where: str, old: list[dict], new: list[dict]) -> list[Change]:
    """Paragraphs, items and cells added, removed or changed; a block changed is one replaced by
    a block of its own kind at its place."""
    changes = []
    matcher = difflib.SequenceMatcher(None, [_said(b) for b in old], [_said(b) for b in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        kinds = difflib.SequenceMatcher(None, [_kind(b) for b in old[i1:i2]], [_kind(b) for b in new[j1:j2]],
                                        autojunk=False)
        for kind_tag, k1, k2, l1, l2 in kinds.get_opcodes():
            if kind_tag == "equal":
                changes += [_edit(where, f"{_kind(b)} changed", a["text"], b["text"])
                            for a, b in zip(old[i1 + k1:i1 + k2], new[j1 + l1:j1 + l2])]
                continue
            changes += [Change(where, f"{_kind(b)} removed", removed=_cut(b["text"])) for b in old[i1 + k1:i1 + k2]]
            changes += [Change(where, f"{_kind(b)} added", added=_cut(b["text"])) for b in new[j1 + l1:j1 + l2]]
    return changes


def _said(block: dict) -> tuple:
    """A block as compared: its kind, its text, whether it is boxed."""
    return block["kind"], block["text"], block.get("box", False)


def _kind(block: dict) -> str:
    """A block named as a reader would."""
    name = {"item": "list item", "cell": "table cell"}.get(block["kind"], block["kind"])
    return f"boxed {name}" if block.get("box") else name


def _cut(text: str, words: int = LONG) -> str:
    """The start of a long text."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _edit(where: str, what: str, old: str, new: str) -> Change:
    """A change of one text into another, shown as the words that differ with a little context."""
    a, b = old.split(), new.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    before = a[max(0, start - CONTEXT):start]
    after = a[len(a) - end:][:CONTEXT]
    return Change(where, what, ("… " if start > CONTEXT else "") + " ".join(before),
                  " ".join(a[start:len(a) - end]), " ".join(b[start:len(b) - end]),
                  " ".join(after) + (" …" if end > CONTEXT else ""))


def counts(changes: list[DocumentChange], unchanged: int) -> str:
    """'1 changed, 1 new, 0 removed, 2 unchanged'."""
    found = {status: sum(c.status == status for c in changes) for status in ("changed", "new", "removed")}
    return ", ".join(f"{n} {status}" for status, n in found.items()) + f", {unchanged} unchanged"


def report(changes: list[DocumentChange], unchanged: int) -> str:
    """The changes as text for people, a document at a time, with the counts at the end."""
    lines = []
    for change in changes:
        lines.append(f"{change.id} ({change.title}): {change.status}")
        lines += [f"  why: {reason}" for reason in change.reasons]
        lines += [f"  {item.text()}" for item in change.changes]
    return "\n".join([*lines, counts(changes, unchanged)]) + "\n"


def page(changes: list[DocumentChange], unchanged: int, since: str, to: str, author: str, theme: Theme) -> str:
    """The changes as a standalone page in the house style (templates/html/changes.html.j2)."""
    return theme.render("changes.html.j2", documents=changes, counts=counts(changes, unchanged), since=since,
                        to=to, author=author, language="en", css=Markup(theme.text(STYLESHEET)))
