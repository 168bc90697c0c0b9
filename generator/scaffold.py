"""`policynote new`: commented skeletons of new records.

Every text an editor must write is a "TODO: ..." prompt and every address is on example.org,
so `check` refuses an unedited skeleton at the line of each prompt (placeholders.py).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from . import corpus
from .schema import TYPES, document_record
from .schema_export import modeline
from .yamlsource import Loader

ACTION_POINT = """\
{modeline}
# Action point '{id}'. Every field is described in docs/sources.md.
# Replace every TODO ('check' refuses the file until you have), then run: policynote check
id: {id}
# The action point as a policy note states it.
title: "TODO: the action point"
# What the research and practice found. Markdown: paragraphs, - lists, *emphasis*, [links](https://...).
evidence: |
  TODO: what the research and practice found.
# What programme designers should do; policy notes show it after the evidence.
# guidance: |
#   What programme designers should do.
# The policy note's "See:" line: ids from outputs.yaml, in order.
see: []
# The Action Plan points this evidence speaks to, each with the crosswalk's "See:" line.
action_plan: []
#  - point: two-way               # an id from action-plan.yaml
#    relation: supports           # supports, extends or gap
#    see: []                      # ids from outputs.yaml, in order
#    comment: What the crosswalk adds for this point.
themes: []
"""

DOCUMENT = """\
{modeline}
# {label} '{id}'. Every field is described in docs/sources.md.
# Replace every TODO ('check' refuses the file until you have), then run: make
id: {id}
type: {type}
# number: 1                      # its number in the series: "{label} #1"
# The publication date, in quotes: "2026-01" (a month), "2026" (a year) or "2026-01-15" (a day).
date: "TODO"
language: en
title: "TODO: the title"
# subtitle: The subtitle
description: "TODO: one sentence on what this document is about."
keywords: []
sections:
  - title: Introduction
    body: |
      TODO: the introduction.
    # definitions: []            # ids of definitions in project.yaml, shown as boxes
    # boxes: []                  # ids of boxes in project.yaml
    # action_points: []          # ids of files in action-points/
    # action_plan_points: []     # ids from action-plan.yaml (for crosswalks)
    # outputs: []                # ids from outputs.yaml, listed with their summaries
# What it ends with: leave this out for the type's default (closing records in project.yaml
# that name {type} in default_for), or list closing ids, or write [] for nothing.
# closing: [funding]
"""

OUTPUT = """
  - id: {id}
    title: "TODO: the publication's exact title"
    url: https://example.org/    # where to read it
    kind: publication            # publication, report, guide, resource or website
    # summary: One or two sentences for overviews.
"""

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
    folder, template, extra = (corpus.POINTS_DIR, ACTION_POINT, {}) if kind == "action-point" else (
        corpus.DOCUMENTS_DIR, DOCUMENT, {"type": kind, "label": TYPES.get(kind).label})
    relative = f"{folder}/{ident}.yaml"
    path = notes / relative
    if path.exists():
        return path, "the file already exists; nothing was overwritten"
    reserved = RESERVED.get(ident) if kind in TYPES else None
    if reserved:
        return path, f"the id '{ident}' is reserved: {reserved}; choose another"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template.format(modeline=modeline(relative), id=ident, **extra), encoding="utf-8")
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
    entry = textwrap.indent(textwrap.dedent(OUTPUT.format(id=ident)).strip("\n"), " " * column) + "\n"
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
