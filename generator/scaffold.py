"""`policynote new`: commented skeletons that pass `policynote check` as they are written."""

from __future__ import annotations

from pathlib import Path

import yaml

from . import corpus
from .render import TYPES
from .schema_export import modeline

ACTION_POINT = """\
{modeline}
# Action point '{id}'. Every field is described in docs/sources.md; then run: policynote check
id: {id}
# The action point as a policy note states it.
title: Write the action point
# What the research and practice found. Markdown: paragraphs, - lists, *emphasis*, [links](https://...).
evidence: |
  Write the evidence here.
# What programme designers should do; policy notes show it after the evidence.
# guidance: |
#   Write the guidance here.
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
# {label} '{id}'. Every field is described in docs/sources.md; then run: make
id: {id}
type: {type}
# number: 1                      # its number in the series: "{label} #1"
# date: "2026-01"                # the publication month, in quotes
language: en
title: Write the title
# subtitle: Write the subtitle
description: One sentence on what this document is about.
keywords: []
sections:
  - title: Introduction
    body: |
      Write the introduction here.
    # definitions: []            # ids of definitions in project.yaml, shown as boxes
    # boxes: []                  # ids of boxes in project.yaml
    # action_points: []          # ids of files in action-points/
    # action_plan_points: []     # ids from action-plan.yaml (for crosswalks)
    # outputs: []                # ids from outputs.yaml, listed with their summaries
"""

OUTPUT = """
  - id: {id}
    title: Write the publication's exact title
    url: https://example.org/
    kind: publication            # publication, report, guide, resource or website
    # summary: One or two sentences for overviews.
"""

KINDS = ("action-point", "output", *TYPES)


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
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template.format(modeline=modeline(relative), id=ident, **extra), encoding="utf-8")
    return path, ""


def _new_output(ident: str, notes: Path) -> tuple[Path, str]:
    """Append an output to the catalogue, unless its id is taken."""
    path = notes / corpus.OUTPUTS_FILE
    try:
        existing = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        ids = {entry.get("id") for entry in existing.get("outputs") or []}
    except (OSError, yaml.YAMLError, AttributeError):
        return path, "cannot read the outputs catalogue; run 'policynote check' and fix it first"
    if ident in ids:
        return path, f"output '{ident}' already exists; nothing was changed"
    text = path.read_text(encoding="utf-8").replace("outputs: []", "outputs:")
    path.write_text(text.rstrip("\n") + "\n" + OUTPUT.format(id=ident), encoding="utf-8")
    return path, ""
