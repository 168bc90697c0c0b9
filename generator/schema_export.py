"""Export the record declarations as JSON Schema, so editors check sources as they type.

Each source file names its schema on its first line, which the YAML language server (VS
Code's YAML extension and others) reads:
    # yaml-language-server: $schema=../schema/action-point.schema.json
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from . import corpus, schema, translation
from .fields import Mapping
from .schema import TYPES

DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft editors' language servers support best


TRANSLATION = ".translation"  # a translation's schema is named after its source's: document.translation


def sources() -> dict[str, Mapping]:
    """Schema name -> the declaration of a source file."""
    return {
        "project": schema.PROJECT,
        "outputs": schema.OUTPUTS,
        "action-plan": schema.ACTION_PLAN,
        "action-point": schema.ACTION_POINT,
        "document": schema.document_record(TYPES),
    }


def records() -> dict[str, Mapping]:
    """Schema name -> the record declaration it exports: each source's, and its translation's
    (policy-note-07.de.yaml, outputs.de.yaml: translation.py)."""
    found = sources()
    return {**found, **{name + TRANSLATION: translation.declaration(kind, says_language=name == "document")
                        for name, kind in found.items()}}


def schema_for(relative: str) -> str | None:
    """The schema name for a source file, by its path relative to the notes folder."""
    path = PurePosixPath(relative)
    named = translation.split(path.stem)
    suffix, source = (TRANSLATION, f"{named[0]}{path.suffix}") if named else ("", path.name)
    if path.parent.name == corpus.POINTS_DIR:
        return "action-point" + suffix
    if path.parent.name == corpus.DOCUMENTS_DIR:
        return "document" + suffix
    name = {corpus.PROJECT_FILE: "project", corpus.OUTPUTS_FILE: "outputs", corpus.PLAN_FILE: "action-plan"}.get(source)
    return name and name + suffix


def modeline(relative: str, schema_dir: str = "schema") -> str:
    """The yaml-language-server line for a source file (notes/ and schema/ side by side)."""
    up = "../" * len(PurePosixPath("notes", relative).parent.parts)
    return f"# yaml-language-server: $schema={up}{schema_dir}/{schema_for(relative)}.schema.json"


def documents() -> dict[str, str]:
    """File name -> JSON text of every schema: the sources', and the catalogues of labels' in the
    templates folder (`templates/labels/<language>.yaml` name `../../schema/labels.schema.json`)."""
    from .labels import catalogue  # it reads the table of writers, which --help does not load

    result = {}
    for name, record in {**records(), "labels": catalogue()}.items():
        data = {"$schema": DRAFT, **record.json_schema()}
        result[f"{name}.schema.json"] = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return result


def write(folder: Path) -> list[Path]:
    """Write every schema into `folder`; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in documents().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
