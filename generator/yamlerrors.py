"""PyYAML's syntax errors, explained in words an editor can act on.

PyYAML says what its parser expected ("did not find expected key", "<block end>"); an editor
needs to know what to change, and where. Each explanation below recognises one common mistake
from the error and the text around it and returns `((line, column), message, hint)`, counted
from 0, or None. The text is read again here, so this costs nothing while files are valid.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import NamedTuple

import yaml

Answer = tuple[tuple[int, int], str, str] | None  # where (from 0), message, hint

MAX_SCAN = 200_000  # characters read again before an error (about a second); beyond, general words
BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break
FIELD_NAME = re.compile(r"[a-z_][a-z0-9_]*")  # how records name their fields
# The start of a line in a block: indentation, list dashes and a key; the value follows.
ENTRY = re.compile(r"(?P<lead> *(?:-(?: +|$))*)"
                   r"(?:(?P<key>\"[^\"]*\"|'[^']*'|[^\s\"'#\[\]{},&*!|>%@`][^#]*?):(?: +|$))?")
NO_SPACE = re.compile(r" *(?:- +)*([a-z_][a-z0-9_]*):(?=[^\s:])")  # 'title:Text'
RESERVED = "*&@`%|>-"  # a plain value starting with one of these means something else to YAML
FLOW_OPEN = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)
FLOW_CLOSE = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)
JARGON = re.compile(r"'?<([a-z ]+)>'?")  # the parsers' names for what they read: <block end>
JARGON_WORDS = {"stream end": "the end of the file", "scalar": "text", "block end": "the end of the indented lines",
                "block mapping start": "a field", "block sequence start": "a list item"}


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[tuple[int, int], str, str]:
    """Where the editor must change `text`, counted from 0, what is wrong there, and what to do."""
    error = SyntaxProblem(exc, text)
    for explanation in EXPLANATIONS:
        answer = explanation(error)
        if answer:
            return answer
    return error.at, "YAML cannot read this: " + _plain(error.problem), ""


class Entry(NamedTuple):
    """A key, or a list item's '-', that starts a line of a block; counted from 0."""

    line: int
    column: int
    name: str  # the key, or '-'


class SyntaxProblem:
    """A PyYAML syntax error, with the text it was raised on."""

    def __init__(self, exc: yaml.MarkedYAMLError, text: str) -> None:
        self.exc, self.text = exc, text
        self.problem, self.context = exc.problem or "", exc.context or ""
        problem, context = exc.problem_mark or exc.context_mark, exc.context_mark or exc.problem_mark
        self.at = (problem.line, problem.column) if problem else (0, 0)
        self.index = problem.index if problem else 0
        self.opened = (context.line, context.column) if context else (0, 0)  # where the construct began
        self.lines = BREAKS.split(text)

    def line(self, number: int) -> str:
        """The text of line `number`, or ''."""
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def char(self, where: tuple[int, int]) -> str:
        """The character at (line, column), or ''."""
        return self.line(where[0])[where[1]:where[1] + 1]

    @property
    def at_end(self) -> bool:
        """True when the error is at the end of the text."""
        return self.at >= (len(self.lines) - 1, len(self.lines[-1]))

    @cached_property
    def scan(self) -> tuple[list[yaml.Token], int]:
        """The tokens before the error, read again by the pure-Python scanner (which keeps every
        token's place), and the line it read to: it refuses some tabs that the C scanner accepts."""
        tokens: list[yaml.Token] = []
        if self.index > MAX_SCAN:
            return tokens, -1
        try:
            loader = yaml.SafeLoader(self.text)
            while loader.check_token() and self.before(loader.peek_token()):
                tokens.append(loader.get_token())
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            if mark is None:
                return [], -1
            return tokens + [token for token in loader.tokens if self.before(token)], mark.line
        return tokens, len(self.lines)

    def tokens(self, line: int) -> list[yaml.Token]:
        """The tokens before the error, if the scanner read every line before `line`; else none."""
        tokens, reached = self.scan
        return tokens if reached >= line else []

    def before(self, token: yaml.Token) -> bool:
        """True when `token` starts before the error."""
        return (token.start_mark.line, token.start_mark.column) < self.at

    def entries(self, line: int) -> list[Entry]:
        """The keys and list items still open at `line`, outermost first."""
        stack: list[Entry] = []
        flow, previous = 0, None
        for token in self.tokens(line):
            if token.start_mark.line >= line:
                break
            flow += isinstance(token, FLOW_OPEN) - isinstance(token, FLOW_CLOSE)
            if flow == 0 and isinstance(token, yaml.BlockEntryToken):
                _push(stack, Entry(token.start_mark.line, token.start_mark.column, "-"))
            elif flow == 0 and isinstance(token, yaml.ScalarToken) and isinstance(previous, yaml.KeyToken):
                _push(stack, Entry(previous.start_mark.line, previous.start_mark.column, token.value))
            previous = token
        return stack


def _push(stack: list[Entry], entry: Entry) -> None:
    """Open `entry`, closing what it ends: deeper entries, and its sibling at the same column."""
    while stack and (stack[-1].column > entry.column or stack[-1].column == entry.column
                     and (entry.name != "-" or stack[-1].name == "-")):  # 'see:' then '- a' below it
        stack.pop()
    stack.append(entry)


def _tab(error: SyntaxProblem) -> Answer:
    """A tab, where YAML allows only spaces."""
    line = error.line(error.at[0])
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return (error.at[0], line.index("\t")), "a tab is used for indentation", "indent with spaces"
    if error.char(error.at) == "\t":
        return error.at, "a tab is not allowed here", "use a space instead"
    return None


def _quote(error: SyntaxProblem) -> Answer:
    """A quote never closed, or a backslash in double quotes that YAML does not know."""
    if "quoted scalar" not in error.context:
        return None
    if "escape" in error.problem:
        line = error.line(error.at[0])
        column = max(line.rfind("\\", 0, error.at[1] + 1), 0)
        return ((error.at[0], column), "a backslash in double quotes starts a code such as \\n, and"
                f" '{line[column:column + 2]}' is not one", "write the backslash twice (\\\\), or use single quotes")
    quote = error.char(error.opened)
    return error.opened, f"this quote ({quote}) is never closed", _close_hint(error.line(error.opened[0]), quote)


def _flow(error: SyntaxProblem) -> Answer:
    """A '[' or '{' that is not closed on its line."""
    bracket = error.char(error.opened)
    if "flow" not in error.context or bracket not in ("[", "{") or (
            error.at[0] == error.opened[0] and not error.at_end):
        return None
    closing = "]" if bracket == "[" else "}"
    return (error.opened, f"this '{bracket}' is not closed on its line",
            f"end it with '{closing}', or, if it is text, put it in quotes")


def _documents(error: SyntaxProblem) -> Answer:
    """A '---' line, which starts a second document."""
    if "single document" not in error.context:
        return None
    return error.at, "'---' at the start of a line begins a second document", "a file holds one record: remove it"


def _colon(error: SyntaxProblem) -> Answer:
    """A colon and a space where no field can start: in a value, or after a key indented too far."""
    if not error.problem.startswith("mapping values are not allowed"):
        return None
    number, column = error.at
    line = error.line(number)
    start, indent = _value_start(line), _indent(line)
    if indent < start <= column:  # the colon is in the value written after a key or a '-'
        shape = "has a colon followed by a space" if line[column + 1:column + 2] == " " else "ends with a colon"
        return error.at, f"the text {shape}, which YAML takes for a new field", _quote_hint(line, start)
    if FIELD_NAME.fullmatch(line[indent:column]):  # a key, read as more of the text above it
        return _no_space(error, _previous(error, number)) or _misaligned(error, number) or _out_of_line(error, number)
    entries = error.entries(number)  # a colon on a later line of a text written over several lines
    whole = f"the whole text of '{entries[-1].name}'" if entries and entries[-1].name != "-" else "the whole text"
    return (error.at, "the text has a colon followed by a space, which YAML takes for a new field",
            f"put {whole} in quotes")


def _no_colon(error: SyntaxProblem) -> Answer:
    """A line without ':' where YAML expects a field: a colon left out, or text not indented enough."""
    if "could not find expected ':'" not in error.problem:
        return None
    return _no_space(error, error.opened[0]) or _stray_text(error, error.opened[0])


def _reserved(error: SyntaxProblem) -> Answer:
    """A value starting with a character that means something else to YAML: * & @ ` % | > -."""
    for number, column in (error.at, error.opened):
        line = error.line(number)
        char = line[column:column + 1]
        if char and char in RESERVED and column == _value_start(line):
            return _starts_with(error, number, column)
    return None


def _block(error: SyntaxProblem) -> Answer:
    """A line that does not fit the block above it: out of line, or with more after a finished value."""
    number, column = error.at
    line = error.line(number)
    if not isinstance(error.exc, yaml.parser.ParserError) or "block" not in error.context or not line.strip():
        return None
    if column > _indent(line):
        return _after_value(error)
    if _value_start(line) == column:  # neither a key nor a list item: text
        return _stray_text(error, number)
    return _misaligned(error, number) or _out_of_line(error, number)


def _first_line(error: SyntaxProblem) -> Answer:
    """A first line indented more than the lines after it, which YAML then cannot place."""
    first = _next(error, 0)
    if "document start" not in error.problem or first < 0 or first >= error.at[0]:
        return None
    indent, wanted = _indent(error.line(first)), _indent(error.line(error.at[0]))
    return ((first, indent), f"this line is indented {_spaces(indent)}, which does not fit the lines below it",
            f"line it up with line {error.at[0] + 1}, indented {_spaces(wanted)}")


EXPLANATIONS = (_tab, _quote, _flow, _documents, _first_line, _colon, _no_colon, _reserved, _block)


def _after_value(error: SyntaxProblem) -> Answer:
    """More on a line after a value that ended: a quote closed too early, or text after ']'."""
    tokens = error.tokens(error.at[0])
    last = tokens[-1] if tokens else None
    if isinstance(last, yaml.ScalarToken) and last.style in ("'", '"'):
        start = (last.start_mark.line, last.start_mark.column)
        line = error.line(start[0])
        if start[0] == error.at[0]:
            return (start, "the quote that opens here closes before the end of the text",
                    _quote_hint(line, start[1], "write it as"))
        end = last.end_mark  # just after the quote that YAML takes for the closing one
        return (start, f"this quote ({last.style}) is not closed on its line, so YAML reads on to the"
                f" {last.style} at line {end.line + 1}, column {end.column}", _close_hint(line, last.style))
    if isinstance(last, FLOW_CLOSE):
        return _starts_with(error, error.at[0], _value_start(error.line(error.at[0])))
    return None


def _misaligned(error: SyntaxProblem, number: int) -> Answer:
    """Where a line out of line belongs: with the open key, or '-', at the closest indentation."""
    line = error.line(number)
    indent = _indent(line)
    item = re.match(r"-( |$)", line[indent:]) is not None
    entries = [entry for entry in error.entries(number) if (entry.name == "-") == item]
    if not entries:
        return None
    target = min(reversed(entries), key=lambda entry: abs(entry.column - indent))  # ties: the nearer line
    if target.column == indent:
        return None
    name = "the '-'" if item else f"'{target.name}'"
    return ((number, indent), f"this line is indented {_spaces(indent)}, which does not fit the lines above it",
            f"line it up with {name} on line {target.line + 1}, indented {_spaces(target.column)}")


def _out_of_line(error: SyntaxProblem, number: int) -> Answer:
    """General words for a line whose indentation fits no line above it."""
    return ((number, _indent(error.line(number))), "the indentation of this line does not match the lines above it",
            "line it up with the field or list item it belongs to")


def _stray_text(error: SyntaxProblem, number: int) -> Answer:
    """A line of text that is not part of the text above it: not indented enough, or a field without ':'."""
    where = (number, _indent(error.line(number)))
    entries = error.entries(number)
    if not entries:
        return where, "this line is not a field", "write it as 'name: value'"
    entry, above = entries[-1], _previous(error, number)
    if above == entry.line:  # the text starts beside its key or '-': its other lines go deeper
        indent = f"indent it by more than {_spaces(entry.column)}" if entry.column else "indent it"
    else:  # the text has lines of its own: its other lines line up with them
        indent = f"line it up with line {above + 1}, indented {_spaces(_indent(error.line(above)))}"
    owner = "the list item" if entry.name == "-" else f"the text of '{entry.name}'"
    return (where, f"this line is neither a field ('name: value') nor part of {owner} on line {entry.line + 1}",
            f"add ':' after the field's name, or, if it continues that text, {indent}")


def _starts_with(error: SyntaxProblem, number: int, column: int) -> Answer:
    """A value that starts with a character YAML reads as something other than text."""
    line = error.line(number)
    char = line[column:column + 1]
    if char in ("|", ">"):  # '|' starts a block of text; '>' may also be text ("> 5 years")
        move = "move it to the next line and indent it"
        return ((number, column), f"the text after '{char}' must start on the next line",
                move if char == "|" else f"{move}, or {_quote_hint(line, column)}")
    message = f"text cannot start with '{char}' unless it is in quotes"
    if column > _indent(line):
        return (number, column), message, _quote_hint(line, column)
    keys = [entry for entry in error.entries(number) if entry.name != "-"]
    if not keys:
        return None
    return (number, column), message, f"write '{keys[-1].name}: |' and indent the text below it"  # several lines


def _no_space(error: SyntaxProblem, number: int) -> Answer:
    """A field written 'name:value', without the space YAML needs after the colon."""
    line = error.line(number)
    match = NO_SPACE.match(line)
    if not match:
        return None
    fixed = f"{line[:match.end()]} {line[match.end():]}".strip()
    return (number, match.end()), f"there is no space after '{match.group(1)}:'", f"write {_shorten(fixed)}"


def _previous(error: SyntaxProblem, number: int) -> int:
    """The nearest line above `number` with something other than a comment on it, or -1."""
    return next((above for above in range(number - 1, -1, -1) if _has_content(error.line(above))), -1)


def _next(error: SyntaxProblem, number: int) -> int:
    """The first line from `number` on with something other than a comment on it, or -1."""
    return next((below for below in range(number, len(error.lines)) if _has_content(error.line(below))), -1)


def _has_content(line: str) -> bool:
    """True when a line holds more than spaces and a comment."""
    content = line.strip()
    return bool(content) and not content.startswith("#")


def _value_start(line: str) -> int:
    """The column where the value on a line of a block starts, after its indentation, dashes and key."""
    match = ENTRY.match(line)
    if "-" in match.group("lead") and not FIELD_NAME.fullmatch(match.group("key") or ""):
        return match.end("lead")  # a list item of text: its colon is part of the text
    return match.end()


def _indent(line: str) -> int:
    """The number of spaces a line starts with."""
    return len(line) - len(line.lstrip(" "))


def _spaces(count: int) -> str:
    """'1 space', '4 spaces'."""
    return f"{count} space" if count == 1 else f"{count} spaces"


def _quote_hint(line: str, start: int, lead: str = "put the text in quotes:") -> str:
    """`lead` and the line with its value, from column `start` on, in double quotes."""
    value = line[start:].strip()
    if value[:1] in ("'", '"') and len(value) > 1 and value[-1] == value[0]:
        value = value[1:-1]  # quoted, but closed too early: the quotes inside it get a backslash
    elif value[:1] not in ("'", '"'):
        value = value.split(" #")[0].rstrip()  # a comment stays outside the quotes
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f"{lead} " + _shorten(f'{line[:start].strip()} "{escaped}"'.lstrip())


def _close_hint(line: str, quote: str) -> str:
    """'close it where the text ends', with the line so closed as an example."""
    return f"close it where the text ends, e.g. {_shorten(line.strip() + quote)}"


def _shorten(text: str, width: int = 80) -> str:
    """`text`, or its start and end around '…' when it is longer than `width`."""
    return text if len(text) <= width else text[: width - 21] + "…" + text[-20:]


def _plain(problem: str) -> str:
    """PyYAML's own words for a problem, without its parser's terms."""
    for term, words in (("did not find expected", "expected"), ("the node content", "a value"),
                        ("node content", "a value"), ("expected key", "expected a field")):
        problem = problem.replace(term, words)
    return JARGON.sub(lambda match: JARGON_WORDS.get(match.group(1), "something else"), problem)
