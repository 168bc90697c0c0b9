"""JSON Schema for editors, saying what `check` says, in its words.

The field kinds (fields.py) export their schema with these helpers; schema_export.py writes it.
"""

from __future__ import annotations

from typing import Any

# The YAML language server (yaml-language-server 1.25) shows a node's `errorMessage` for a wrong type, a value outside an enum, a missing property
# or an unknown one, and `patternErrorMessage` for a pattern, instead of its own words ('Incorrect
# type. Expected "array | null"', 'String does not match the pattern of "^[a-z0-9]..."').
# A node has one message, so each JSON type a value must not have is refused by a rule of its own
# ("if it is a boolean, then it must be text"), worded as `describe` words what YAML read.
JSON_TYPES = {"string": "text", "boolean": "a boolean", "number": "a number", "array": "a list",
              "object": "a mapping", "null": "an empty value"}
QUOTABLE = ("boolean", "number")  # what YAML 1.1 reads from unquoted words: NO, on, 1.10, 12:30
NULL = {"type": "null"}


def editor_schema(name: str, accepted: str, hint: str = "", hinted: tuple[str, ...] = QUOTABLE,
                  rules: list[dict] | tuple = (), **keywords: Any) -> dict:
    """A value of JSON type `accepted` meeting `rules`; every other type refused in `check`'s words.

    There is no top-level `type`: it would add a second, generic message to each refusal. A scalar's
    rules sit in a one-branch anyOf, from which the server completes `key: ` as for a typed field."""
    refusals = [{"if": {"type": other}, "then": {"type": accepted, "errorMessage": f"expected {name}, got {words}"
                                                 + (f": {hint}" if hint and other in hinted else "")}}
                for other, words in JSON_TYPES.items() if other != accepted]
    node = {**keywords, "allOf": [*refusals, *rules]}
    return node if accepted in ("array", "object") else {"anyOf": [node]}


def pattern_rule(pattern: str, message: str) -> dict:
    """A rule for text: it matches `pattern`, or the editor says `message`."""
    return {"pattern": pattern, "patternErrorMessage": message}


def _rules_node(schema: dict) -> dict:
    """The node of an `editor_schema` that holds its rules."""
    return schema["anyOf"][0] if "anyOf" in schema else schema


def with_rules(schema: dict, *rules: dict, **keywords: Any) -> dict:
    """An `editor_schema` with more rules (and keywords) for its value."""
    node = _rules_node(schema)
    changed = {**node, **keywords, "allOf": [*node["allOf"], *rules]}
    return {**schema, "anyOf": [changed]} if "anyOf" in schema else changed


def optional(schema: dict) -> dict:
    """An `editor_schema` that also takes an empty value."""
    node = _rules_node(schema)
    changed = {**node, "allOf": [rule for rule in node["allOf"] if rule.get("if") != NULL]}
    return {**schema, "anyOf": [changed]} if "anyOf" in schema else changed
