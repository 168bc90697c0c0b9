"""`policynote new`: commented skeletons of new records.

Every text an editor must write is a "TODO: ..." prompt and every address is on example.org,
so `check` refuses an unedited skeleton at the line of each prompt (placeholders.py).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import yaml

from . import corpus, schema
from .fields import Choice, Field, Integer, Language, ListOf, Mapping, Markdown, PublicationDate, Url
from .schema import TYPES, document_record
from .schema_export import modeline
from .yamlsource import Loader

HEAD = """\
{modeline}
# {what} '{id}', written from the declarations docs/sources.md describes.
# Replace every TODO ('check' refuses the file until you have), uncomment
# what you need, then run: {then}
"""
WIDTH = 96  # comment lines wrap here


def skeleton(mapping: Mapping, given: dict[str, str], indent: str = "", first: str = "") -> list[str]:
    """The lines of a record: each field with its description above it; a required one with a
    prompt to replace (or the value `given`), an optional one commented out. `first` prefixes
    the first line ('- ' for a list's item)."""
    lines: list[str] = []
    for field in mapping.fields.values():
        lead = (first if not lines else " " * len(first)) if first else ""
        own = indent + lead
        about = textwrap.wrap(field.doc[0].upper() + field.doc[1:] + ".", WIDTH - len(indent) - len(first) - 2)
        comments = [f"{indent}{' ' * len(first)}# {line}" for line in about]
        if field.name in given:
            value = [f"{own}{field.name}: {given[field.name]}"]
        elif field.required:
            value = _prompt(field, own, indent + " " * len(first))
        else:
            value = [f"{indent}{' ' * len(first)}# {field.name}: {_example(field)}"]
        lines += comments + value
    return lines


def _prompt(field: Field, own: str, indent: str) -> list[str]:
    """A required field's line: a prompt `check` refuses until it is replaced."""
    kind = field.kind
    if isinstance(kind, ListOf) and isinstance(kind.item, Mapping):
        return [f"{own}{field.name}:", *skeleton(kind.item, {}, indent + "  ", "- ")]
    if isinstance(kind, ListOf):
        return [f"{own}{field.name}: []"]
    if isinstance(kind, Markdown):
        return [f"{own}{field.name}: |", f"{indent}  TODO: {field.doc}."]
    if isinstance(kind, Choice):
        return [f"{own}{field.name}: {kind.choices[0]}  # {kind.name}"]
    if isinstance(kind, Url):
        return [f"{own}{field.name}: https://example.org/"]
    if isinstance(kind, Language):
        return [f"{own}{field.name}: en"]
    if isinstance(kind, PublicationDate):
        return [f'{own}{field.name}: "TODO"']
    return [f"{own}{field.name}: {json.dumps('TODO: ' + field.doc, ensure_ascii=False)}"]


def _example(field: Field) -> str:
    """What an optional field looks like, for its commented-out line."""
    kind = field.kind
    if isinstance(kind, ListOf):
        return "[]"
    if isinstance(kind, Mapping):
        return "(see docs/sources.md)"
    if isinstance(kind, Markdown):
        return "|"
    if isinstance(kind, Integer):
        return "1"
    if isinstance(kind, Choice):
        return f"{kind.choices[0]}  # {kind.name}"
    return "..."


KINDS = ("action-point", "output", *TYPES)
RESERVED = document_record().fields["id"].kind.reserved  # document ids the build needs for itself


def kind_named(text: str) -> str | None:
    """The kind `text` names, spelt with hyphens or underscores (policy-note, policy_note), or None."""
    wanted = text.strip().lower().replace("-", "_")
    return next((kind for kind in KINDS if kind.replace("-", "_") == wanted), None)


def new(kind: str, ident: str, notes: Path) -> tuple[Path, str]:
    """Write the skeleton of a new record; return its file and '' or why nothing was written."""
    if kind == "output":
        return _new_output(ident, notes)
    if kind == "action-point":
        folder, record, given, what = corpus.POINTS_DIR, schema.ACTION_POINT, {"id": ident}, "Action point"
    else:
        folder, record, what = corpus.DOCUMENTS_DIR, document_record(), kind.replace("_", " ").capitalize()
        given = {"id": ident, "type": kind}
    relative = f"{folder}/{ident}.yaml"
    path = notes / relative
    if path.exists():
        return path, "the file already exists; nothing was overwritten"
    reserved = RESERVED.get(ident) if kind in TYPES else None
    if reserved:
        return path, f"the id '{ident}' is reserved: {reserved}; choose another"
    path.parent.mkdir(parents=True, exist_ok=True)
    head = HEAD.format(modeline=modeline(relative), what=what, id=ident,
                       then="policynote check" if kind == "action-point" else "make")
    path.write_text(head + "\n".join(skeleton(record, given)) + "\n", encoding="utf-8")
    return path, ""


def _new_output(ident: str, notes: Path) -> tuple[Path, str]:
    """Append an output to the catalogue, in the catalogue's own indentation, unless its id is
    taken or the catalogue is not a list this can add to without rewriting it."""
    path = notes / corpus.OUTPUTS_FILE
    try:
        text = path.read_text(encoding="utf-8")
        outputs = _catalogue(yaml.compose(text, Loader=Loader))
    except (OSError, UnicodeError, yaml.YAMLError, RecursionError):
        outputs = None
    if not isinstance(outputs, yaml.SequenceNode):
        return path, "cannot read the outputs catalogue as a list; run 'policynote check' and fix it first"
    if ident in _ids(outputs):
        return path, f"output '{ident}' already exists; nothing was changed"
    if outputs.flow_style and outputs.value:
        return path, ("the catalogue is written as [...]: write each output on a line of its own starting"
                      " with '- ', then run this again")
    if outputs.flow_style:  # outputs: []: the first entry replaces the brackets
        start, end = outputs.start_mark.index, outputs.end_mark.index
        text = text[:start].rstrip(" ") + text[end:]
        at, column = text.find("\n", start) if "\n" in text[start:] else len(text), 2
    else:
        at, column = outputs.end_mark.index, outputs.start_mark.column
    entry = "\n".join(skeleton(schema.OUTPUT, {"id": ident}, " " * column, "- ")) + "\n"
    head = text[:at] if text[:at].endswith("\n") else text[:at] + "\n"
    path.write_text(head + entry + text[at:].lstrip("\n"), encoding="utf-8")
    return path, ""


def _catalogue(root) -> yaml.Node | None:
    """The node under the catalogue's 'outputs:' key."""
    if not isinstance(root, yaml.MappingNode):
        return None
    return next((value for key, value in root.value if getattr(key, "value", None) == "outputs"), None)


def _ids(outputs: yaml.SequenceNode) -> set[str]:
    """The ids written in the catalogue."""
    return {value.value for item in outputs.value if isinstance(item, yaml.MappingNode)
            for key, value in item.value if getattr(key, "value", None) == "id" and isinstance(value, yaml.ScalarNode)}
