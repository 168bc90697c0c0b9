"""Read a YAML file into values that remember where they were written.

PyYAML's constructors forget positions and silently keep the last of two duplicate keys,
so we compose the node graph ourselves and build `Value`s that carry a `Mark` each.
Only the safe, standard YAML tags are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Mark, Problems
from .yamlerrors import explain

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster

MAX_NODES = 20_000  # values one file may expand to, aliases included: a catalogue needs ~5 a record
MAX_DEPTH = 32  # nesting levels; records need five
MAX_BYTES = 2_000_000  # a source record is a few kB; anything this large is a mistake
BOM = b"\xef\xbb\xbf"

# Tags a source may use; anything else (`!!python/object`, custom tags) is refused.
SCALAR_KINDS = {
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:int": "integer",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:bool": "boolean",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "date",
}
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"

# In a scalar that YAML folds, a blank line or a line starting a list item that folding loses.
FOLDED_STRUCTURE = re.compile(r"\S[ \t\r]*\n[ \t\r]*\n\s*\S|\n[ \t]*(?:[-*+]|\d+[.)])[ \t]")


@dataclass
class Value:
    """A YAML value with its place: a scalar, a dict of Values or a list of Values."""

    data: Any
    mark: Mark
    kind: str  # text, integer, number, boolean, null, date, mapping, list
    raw: str = ""  # a scalar as written, for messages
    key_marks: dict[str, Mark] = field(default_factory=dict)  # mappings: where each key is
    source: str = field(default="", repr=False)  # the whole file (shared, not copied)
    span: tuple[int, int] = (0, 0)  # where the value is written in `source`
    style: str = ""  # a scalar's YAML style: '' plain, '"' or "'" quoted, '|' literal, '>' folded
    key: str = ""  # the key this value is written under, for hints

    def locate(self, needle: str) -> Mark:
        """The place of `needle` as written inside this value, or the value's own place."""
        index = self.source.find(needle, *self.span) if needle else -1
        return self.mark if index < 0 else _place(self.source, index, self.mark.path)

    def folds_structure(self) -> bool:
        """True when YAML joins this text's lines although its source shows paragraphs or list items."""
        return self.kind == "text" and self.style != "|" and bool(
            FOLDED_STRUCTURE.search(self.source, *self.span))


def load_file(path: Path, shown: str, problems: Problems) -> Value | None:
    """Load one YAML file; report problems under the name `shown` and return None on failure."""
    data = read_source(path, shown, problems)
    return None if data is None else load_data(data, shown, problems)


def read_source(path: Path | str, shown: str, problems: Problems) -> bytes | None:
    """The bytes of a source file, or None with a problem: unreadable, or over the limit."""
    try:
        with open(path, "rb") as handle:  # no more than the limit and a byte: a huge file is not read
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        problems.add(Mark(shown), f"cannot read the file: {exc.strerror or exc}", code="file")
        return None
    if len(data) > MAX_BYTES:
        problems.add(Mark(shown), f"the file is larger than {MAX_BYTES // 1_000_000} MB",
                     "split it: one record per file", code="file")
        return None
    return data


def load_data(data: bytes, shown: str, problems: Problems, loaded_before: bool = False) -> Value | None:
    """Load the YAML of a file's bytes (read_source); problems under the name `shown`. Bytes
    `loaded_before` (the same, by their digest) are known not to nest too deep for the composer."""
    text = _decode(data, shown, problems)
    if text is None:
        return None
    deep = None if loaded_before else _too_deep(text)
    if deep is not None:
        problems.add(Mark(shown, deep.line + 1, deep.column + 1), f"values nest deeper than {MAX_DEPTH} levels",
                     code="yaml")
        return None
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        _syntax_problem(exc, text, shown, problems)
        return None
    except RecursionError:
        problems.add(Mark(shown, 1, 1), f"the file nests deeper than {MAX_DEPTH} levels", code="yaml")
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow anywhere
        problems.add(_place(text, exc.position, shown), f"character U+{exc.character:04X} is not allowed in YAML"
                     if isinstance(exc.character, int) else f"cannot read YAML: {exc.reason}",
                     "delete it; it may have come with pasted text", code="yaml")
        return None
    except yaml.YAMLError as exc:  # any other error without a position
        problems.add(Mark(shown, 1, 1), "cannot read YAML: " + " ".join(str(exc).split()), code="yaml")
        return None
    if node is None:
        problems.add(Mark(shown, 1, 1), "the file is empty", "write at least the record's id", code="file")
        return None
    builder = _Builder(shown, text, problems)
    value = builder.build(node)
    return None if builder.over_limit else value


def _too_deep(text: str) -> yaml.Mark | None:
    """Where the values first nest deeper than MAX_DEPTH, found from the parser's events before
    composing: the C composer recurses once a level, and thousands of levels crash the process."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH + 1:  # the record's own mapping is the first level
                    return event.start_mark
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in (exc.problem or "") and exc.problem_mark.index:  # PyYAML 6.0.4 refuses deep
            return _too_deep(text[:exc.problem_mark.index]) or exc.problem_mark  # nesting as it scans ahead
        return None  # composing says what is wrong, at its place
    except yaml.YAMLError:
        return None
    return None


def _decode(data: bytes, shown: str, problems: Problems) -> str | None:
    """Decode UTF-8 text, refusing a byte-order mark and undecodable bytes at their place."""
    if data.startswith(BOM):
        problems.add(Mark(shown, 1, 1), "the file starts with a byte-order mark",
                     "save it as UTF-8 without BOM", code="encoding")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        problems.add(Mark(shown, line, column), f"the file is not UTF-8 (byte 0x{data[exc.start]:02x})",
                     "save it as UTF-8", code="encoding")
        return None


def _place(text: str, index: int, shown: str) -> Mark:
    """The line and column of a character index in `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return Mark(shown, text.count("\n", 0, index) + 1, index - line_start + 1)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, shown: str, problems: Problems) -> None:
    """Report a PyYAML syntax error in plain words, at the place the editor must change."""
    (line, column), message, hint = explain(exc, text)
    problems.add(Mark(shown, line + 1, column + 1), message, hint, code="yaml")


class _Builder:
    """Builds `Value`s from a node graph, counting nodes so aliases cannot explode."""

    def __init__(self, shown: str, text: str, problems: Problems) -> None:
        self.shown = shown
        self.text = text
        self.problems = problems
        self.count = 0
        self.over_limit = False  # too deep or too large: the whole file is refused
        self.constructor = yaml.constructor.SafeConstructor()

    def mark(self, node: yaml.Node) -> Mark:
        """The node's place, counted from 1."""
        return Mark(self.shown, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, depth: int = 0) -> Value | None:
        """Build the Value for `node`, or None after reporting a problem."""
        if depth > MAX_DEPTH:
            if not self.over_limit:
                self.problems.add(self.mark(node), f"values nest deeper than {MAX_DEPTH} levels", code="yaml")
            self.over_limit = True
            return None
        self.count += 1
        if self.count > MAX_NODES:
            self.over_limit = True
            if self.count == MAX_NODES + 1:
                self.problems.add(self.mark(node), f"the file expands to more than {MAX_NODES} values",
                                  "aliases (*name) may repeat a value only a few times", code="yaml")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node, depth)
        return self.scalar(node)

    def scalar(self, node: yaml.ScalarNode) -> Value | None:
        """Build a scalar with PyYAML's safe constructor (YAML 1.1 rules, so NO is a boolean)."""
        kind = SCALAR_KINDS.get(node.tag)
        if kind is None:
            self.problems.add(self.mark(node), f"the tag {node.tag} is not allowed",
                              "sources are plain data: remove the tag", code="yaml")
            return None
        try:
            data = self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self.problems.add(self.mark(node), f"cannot read value {node.value[:40]!r}: {exc.problem}", code="yaml")
            return None
        except (ValueError, OverflowError) as exc:  # 2022-13-45, or an integer of 5,000 digits
            self.problems.add(self.mark(node), f"cannot read value {node.value[:40]!r}: {exc}",
                              "put it in quotes if it is text", code="yaml")
            return None
        except (KeyError, AttributeError, TypeError):  # what PyYAML's constructors raise for '!!bool maybe'
            self.problems.add(self.mark(node), f"cannot read value {node.value[:40]!r} as {node.tag.rsplit(':', 1)[-1]}",
                              "put it in quotes if it is text, and remove the tag", code="yaml")
            return None
        return Value(data, self.mark(node), kind, raw=node.value, source=self.text,
                     span=(node.start_mark.index, node.end_mark.index), style=node.style or "")

    def sequence(self, node: yaml.SequenceNode, depth: int) -> Value | None:
        """Build a list of Values."""
        if node.tag != SEQ_TAG:
            self.problems.add(self.mark(node), f"the tag {node.tag} is not allowed", code="yaml")
            return None
        items = [self.build(child, depth + 1) for child in node.value]
        return Value([item for item in items if item is not None], self.mark(node), "list")

    def mapping(self, node: yaml.MappingNode, depth: int) -> Value | None:
        """Build a dict of Values with string keys, reporting duplicate keys with both lines."""
        if node.tag != MAP_TAG:
            self.problems.add(self.mark(node), f"the tag {node.tag} is not allowed", code="yaml")
            return None
        data: dict[str, Value] = {}
        key_marks: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            if key is None:
                continue
            if key in key_marks:
                first = key_marks[key]
                self.problems.add(self.mark(key_node), f"duplicate key '{key}' (first defined at line {first.line})",
                                  "remove one of them", code="yaml")
                continue
            key_marks[key] = self.mark(key_node)
            value = self.build(value_node, depth + 1)
            if value is not None:
                value.key = key
                data[key] = value
        return Value(data, self.mark(node), "mapping", key_marks=key_marks)

    def key(self, node: yaml.Node) -> str | None:
        """Return a mapping key, which must be plain text."""
        if isinstance(node, yaml.ScalarNode) and node.tag in (
            "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool"
        ):
            return node.value
        if isinstance(node, yaml.ScalarNode) and node.value == "<<":
            self.problems.add(self.mark(node), "merge keys (<<) are not supported", "write the fields out", code="yaml")
            return None
        self.problems.add(self.mark(node), "a key must be plain text", code="yaml")
        return None
