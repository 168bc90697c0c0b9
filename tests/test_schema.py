"""The JSON Schema editors use is current, names itself in every source, and accepts the sources."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import CORPORA, ROOT
from generator import schema_export

SCHEMA_DIR = ROOT / "schema"
SOURCES = sorted(CORPORA["focus"].rglob("*.yaml"))


def load_schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def test_committed_schema_is_current():
    generated = schema_export.documents()
    assert sorted(p.name for p in SCHEMA_DIR.iterdir()) == sorted(generated)
    for name, text in generated.items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == text, \
            f"schema/{name} is stale: run 'policynote schema'"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(CORPORA["focus"]).as_posix())
def test_every_source_names_and_passes_its_schema(path: Path):
    relative = path.relative_to(CORPORA["focus"]).as_posix()
    text = path.read_text(encoding="utf-8")
    name = schema_export.schema_for(relative)
    modeline = text.splitlines()[0]  # it names the schema in schema/, wherever the file lies
    assert modeline.startswith("# yaml-language-server: $schema=") and modeline.endswith(f"/schema/{name}.schema.json")
    assert (path.parent / modeline.split("=", 1)[1]).resolve() == SCHEMA_DIR / f"{name}.schema.json"
    jsonschema.validate(yaml.safe_load(text), load_schema(name),
                        format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("change", [
    ("title", None, "is not of type"),            # a required field must be text
    ("sea", ["report"], "Additional properties"),  # unknown fields are flagged as you type
    ("id", "Bad Id", "does not match"),
])
def test_schema_flags_mistakes(change):
    source = yaml.safe_load((CORPORA["focus"] / "action-points" / "housing.yaml").read_text(encoding="utf-8"))
    field, value, message = change
    source[field] = value
    with pytest.raises(jsonschema.ValidationError, match=message):
        jsonschema.validate(source, load_schema("action-point"))


def test_missing_required_field_is_flagged():
    source = {"id": "x", "title": "T"}
    with pytest.raises(jsonschema.ValidationError, match="'evidence' is a required property"):
        jsonschema.validate(source, load_schema("action-point"))


def test_committed_source_docs_are_current():
    """docs/sources.md is written from the declarations, so it says what check checks."""
    from generator import sourcedocs
    assert (ROOT / "docs" / "sources.md").read_text(encoding="utf-8") == sourcedocs.text(), \
        "docs/sources.md is stale: run 'make docs'"
    assert "| `contact` | e-mail address | yes |" in sourcedocs.text()


def test_every_kind_of_field_is_explained():
    """The table of kinds in docs/sources.md has a row for each kind a field of any record has."""
    from generator import sourcedocs
    from generator.fields import ListOf, Mapping
    explained = {kind for kind, _ in sourcedocs.KINDS}
    pending = list(sourcedocs.sources().values())
    used = set()
    while pending:
        for field in pending.pop().fields.values():
            kind = field.kind
            while isinstance(kind, ListOf):
                used.add(ListOf)
                kind = kind.item
            if isinstance(kind, Mapping):
                pending.append(kind)
            else:
                used.add(type(kind))
    assert used - explained == set()
