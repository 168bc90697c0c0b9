"""What the previous build can lend the next: a key per document over everything it depends on.

A document's key is a SHA-256 over the tool's version, SOURCE_DATE_EPOCH, the formats, the
templates, and the bytes of each source file the document reads: its own record, the
project, the outputs and the Action Plan (and their translations into its language), and its
action points. A document showing Action
Plan points reads the action points that link to them, and the link index (which action
point links to which point): a new link elsewhere changes what it shows, other text does
not. A cross-reference adds the heading it goes to, and that heading's text. Equal keys, equal files: the new generation takes that document's files from the
previous one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import __version__, jsontext
from .corpus import OUTPUTS_FILE, PLAN_FILE, PROJECT_FILE, Corpus
from .manifest import sha256

CACHE = ".cache.json"  # inside --out: it travels with its generation, and no manifest lists it


TOOL = Path(__file__).parent
LIBRARIES = ("jinja2", "markdown", "pyyaml", "pillow")  # besides each format's own (its row in WRITERS)


def tool_digest() -> str:
    """The tool's own code and the versions of the libraries that shape its output."""
    code = [sha256(path.read_bytes()) for path in sorted(TOOL.rglob("*.py"))]
    versions = []
    from importlib import metadata  # slow to import, and needed by a build only
    from .writers import WRITERS  # the formats' own libraries, from their rows

    for name in dict.fromkeys([*LIBRARIES, *(name for writer in WRITERS.values() for name in writer.libraries)]):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} ?")
    return sha256("\n".join([__version__, *code, *versions]).encode("utf-8"))


def context(formats: list[str], templates_digest: str) -> str:
    """What every document's files depend on besides its sources."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return f"policynote {tool_digest()}|epoch {epoch}|{','.join(formats)}|templates {templates_digest}"


class DocumentKeys:
    """Each document's key: what it was made from (its record, the shared files, the action
    points it shows, its images), so a build can tell whether its files are still current."""

    def __init__(self, notes: Path, corpus: Corpus, shared: str, digests: dict[Path, str]) -> None:
        """`digests` holds the sources' SHA-256 (manifest.file_digests) but the document records':
        a document's own is its summary's (Record.source), checked equal (build._same_as_hashed)."""
        self.notes, self.corpus, self.shared, self.digests = notes, corpus, shared, digests
        self.common = [(notes / name).as_posix() for name in (PROJECT_FILE, OUTPUTS_FILE, PLAN_FILE)]
        links = json.dumps([(ident, [link["point"] for link in point["action_plan"]])
                            for ident, point in corpus.action_points.items()])
        self.links = f"links {sha256(links.encode('utf-8'))}"

    def of(self, record, media: dict, xrefs: dict) -> str:
        """The key of the document `record`, which shows `media` and links to the headings
        `xrefs` (Document.media, Document.xrefs)."""
        paths, shown = _read_points(self.corpus, record)
        parts = [self.shared, self.links if shown else "no links"]
        parts += [f"{self._digest(path)} {path}" for path in self.common]
        parts += [f"{self._digest(item.mark.path)} {item.mark.path}"  # shown in its language (outputs.de.yaml)
                  for item in self.corpus.translated_catalogues(record["language"]).values()]
        parts.append(f"{record.source[1]} {record.mark.path}")  # what its check read (build._same_as_hashed)
        original = getattr(record, "original", None)  # a translation's source (corpus.TranslatedSummary)
        if original is not None:
            parts.append(f"{original[1]} {original[0]}")
        parts.append("versions " + " ".join(self.corpus.versions_of(record["id"])))  # its page names each
        parts += [f"{self._digest(path)} {path}" for path in paths]
        parts += [f"{image.sha256} {path}" for path, image in sorted(media.items())]
        # where its links go, and the text that names them there (Markdown's anchors are made of it)
        parts += [f"xref {target} {heading.doc}#{heading.anchor} {heading.text}" for target, heading in
                  sorted(xrefs.items())]
        return sha256("\n".join(parts).encode("utf-8"))

    def _digest(self, path: str) -> str:
        return self.digests.get(Path(path)) or sha256(Path(path).read_bytes())


def _read_points(corpus: Corpus, record) -> tuple[list[str], bool]:
    """The files of the action points a document shows (their translations into its language too),
    and whether it shows Action Plan points."""
    sections = record["sections"]
    shown = {ident for section in sections for ident in section["action_plan_points"]}
    used = {ident for section in sections for ident in section["action_points"]}
    used |= {ident for ident, point in corpus.action_points.items()
             if any(link["point"] in shown for link in point["action_plan"])}
    translated = corpus.translated_points(record["language"])  # shown in the document's language
    paths = [corpus.action_points[ident].mark.path for ident in used]
    return sorted(paths + [translated[ident].mark.path for ident in used if ident in translated]), bool(shown)


def load(out: Path) -> dict:
    """The cache of the build in `out`; an empty one where there is none, or it is damaged or not
    one this version wrote: then everything is built again."""
    try:
        data = json.loads((out / CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if _valid(data) else {}


def _valid(data) -> bool:
    """The cache has, all through, the shape this version writes."""
    try:
        return (isinstance(data["stamp"], str)
                and all(isinstance(path, str) and _stat(stat) for path, stat in data["files"].items())
                and all(_document(record) for record in data["documents"].values())
                and all(_problem(problem) for problem in data["problems"]))
    except (KeyError, TypeError, AttributeError):
        return False


def _stat(stat) -> bool:
    """A file's size and modification time."""
    return isinstance(stat, list) and len(stat) == 2 and all(isinstance(n, int) for n in stat)


def _document(record) -> bool:
    """A document's key, its outputs' manifest entries and its lint messages."""
    return (set(record) == {"key", "outputs", "lint"} and isinstance(record["key"], str)
            and all(isinstance(fmt, str) and set(item) == {"path", "bytes", "sha256"}
                    and isinstance(item["path"], str) and isinstance(item["bytes"], int)
                    and isinstance(item["sha256"], str) for fmt, item in record["outputs"].items())
            and all(isinstance(message, str) for message in record["lint"]))


def _problem(problem) -> bool:
    """A warning as Problem.as_dict writes it."""
    return (set(problem) == {"path", "line", "column", "severity", "message", "hint", "code"}
            and isinstance(problem["line"], int) and isinstance(problem["column"], int)
            and all(isinstance(problem[name], str) for name in ("path", "severity", "message", "hint", "code")))


INDENT = 1


def record(ident: str, made: dict) -> str:
    """A document's record in the cache ({key, outputs, lint}), as JSON text (jsontext.item)."""
    return jsontext.item(made, INDENT, sort_keys=True, key=ident)


def dump(data: dict, records: Iterable[str], files: Iterable[tuple[str, list[int]]]) -> Iterator[str]:
    """The cache as text in pieces, stable from run to run: a long series' is written as it is
    made, never held whole. `records` are the documents' (record()), by id; `files` each file
    of the build with its size and time, by path."""
    listed = (jsontext.item(stat, INDENT, sort_keys=True, key=path) for path, stat in files)
    yield from jsontext.spliced(data, {"documents": records, "files": listed}, INDENT, sort_keys=True,
                                objects=("documents", "files"))
    yield "\n"
