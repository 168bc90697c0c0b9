"""Typed fields for source records: each kind checks a `Value` and says what is wrong.

Records are declared as `Mapping`s of `Field`s (see schema.py), as MkDocs declares its
config options; checking collects every problem instead of stopping at the first.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import images, placeholders, xref
from .editorschema import JSON_TYPES, editor_schema, optional, pattern_rule, with_rules
from .markdown_tree import MAX_SPANS, code_blocks, crowded
from .markup import (AUTOMAIL, CODE_HINT, LINK_TARGET, LINE_BREAK, MD_HEADING, NOT_IN_SUBSET, NOTE_DEFINITION,
                     NOTE_LABEL, NOTE_REFERENCE, SETEXT, SHALLOW_ITEM, WEB_SCHEMES)
from .problems import Mark, Problems
from .yamlsource import Value

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                    *(f"lpt{i}" for i in range(1, 10))}
URL_SCHEMES = WEB_SCHEMES
DATE_PATTERN = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
EMAIL_PATTERN = re.compile(r"^[\w.%+-]+@[\w-]+(\.[\w-]+)+$")  # nothing Markdown or HTML could read
# What an address cannot hold unencoded (RFC 3986); parentheses it may hold are escaped when written.
URL_UNSAFE = re.compile(r'[\s<>"\\\[\]{}|^`]')
# C0 and C1 control characters other than tab and line ends, the bidirectional overrides
# that make text display differently from what it says, and what XML cannot hold at all.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff\ufffe\uffff]")
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Z]{2}|\d{3}))?$")  # BCP 47: en, en-GB, sr-Latn
ID_ADVICE = "use lower-case letters, digits and hyphens"
MAX_TEXT = 20_000  # characters in one field: a long section is a few thousand
class PlainText(str):
    """Text from a plain-text field: templates escape it, so it never becomes Markdown."""

    mark: Mark | None = None  # where the field's value was written
    translatable = True  # False: data, the same in every language (Field.translatable)


class MarkdownText(str):
    """Text from a Markdown field: templates insert it as it is."""

    mark: Mark | None = None
    translatable = True


class UrlText(str):
    """An address from a URL or e-mail field: templates insert it, escaped, as a link's target."""


class Record(dict):
    """A checked mapping; `mark` says where it was written. A document's summary (corpus.py)
    also has `source`: its file, and the SHA-256 of the bytes that were checked."""

    __slots__ = ("mark", "source")  # no dict of attributes: a long series keeps a summary of each document

    mark: Mark
    source: tuple[str, str]


@dataclass
class Context:
    """What checking collects besides problems: ids defined and ids referenced."""

    problems: Problems
    definitions: list[tuple[str, str, Mark]] = field(default_factory=list)
    references: list[tuple[str, str, Mark]] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # namespaces whose defining file failed
    media: list[tuple[str, Mark]] = field(default_factory=list)  # images named, read once all are known
    xrefs: list[tuple[str, Mark]] = field(default_factory=list)  # cross-references, checked once all are known
    # A file read again, the same bytes as were checked (Corpus.full): only its values are wanted,
    # so the checks of text that can only find problems are skipped.
    values_only: bool = False


def did_you_mean(word: str, choices) -> str:
    """A 'did you mean' hint for the closest of `choices`, or ''."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def excerpt(raw: str, width: int = 40) -> str:
    """The start of a value as written, on one line, for messages."""
    line = " ".join(raw.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def describe(value: Value) -> str:
    """Say what a value is, for messages: `a boolean (NO)`."""
    article = "an" if value.kind[0] in "aeiou" else "a"
    if value.kind in ("mapping", "list"):
        return f"{article} {value.kind}"
    return f"{article} {value.kind} ({excerpt(value.raw)})"


class Kind:
    """A kind of field value; `check` returns the Python value or None after a problem."""

    name = "value"

    def check(self, value: Value, ctx: Context) -> Any:
        """Check `value` and return what the model holds."""
        raise NotImplementedError

    def json_schema(self) -> dict:
        """This kind as JSON Schema, for editors: text, saying what `check` says otherwise."""
        return editor_schema(self.name, "string", "put it in quotes")


class Text(Kind):
    """Plain text. YAML 1.1 reads `NO`, `1.10`, `12:30` and dates as other types: we say so."""

    name = "text"
    wrap = PlainText
    multiline = False

    def check(self, value: Value, ctx: Context) -> Any:
        """Accept a string; explain the YAML surprise otherwise."""
        if value.kind == "text":
            if not ctx.values_only and not self.acceptable(value, ctx):
                return None
            data = value.data
            text = self.wrap(LINE_BREAK.sub("\n", data) if "\r" in data or "\u2028" in data or "\u2029" in data
                             else data)
            text.mark = value.mark  # where it was written: a warning about it later still points there
            return text
        if value.kind in ("mapping", "list", "null"):
            ctx.problems.add(value.mark, f"expected {self.name}, got {describe(value)}", _colon_hint(value),
                             code="value")
            return None
        ctx.problems.add(value.mark, f"expected {self.name}, got {describe(value)}",
                         f'put it in quotes: "{excerpt(value.raw)}"', code="value")
        return None

    def acceptable(self, value: Value, ctx: Context) -> bool:
        """Text of the lines its kind allows, clean (Text.clean); else False, and a problem."""
        if not self.multiline and ("\n" in value.data.strip() or LINE_BREAK.search(value.data.strip())):
            ctx.problems.add(value.mark, f"expected one line of {self.name}, got several lines",
                             "join the lines; only Markdown fields hold paragraphs", code="value")
            return False
        return self.clean(value, ctx)

    def json_schema(self) -> dict:
        """Text, in quotes where YAML reads it otherwise: not empty, not too long, no placeholder marker,
        one line unless Markdown."""
        markers = "|".join(sorted(word.upper() for word in placeholders.CAPITALS_ONLY))
        rules = [pattern_rule(r"\S", "the text is empty: write it, or remove the field if it is optional"),
                 pattern_rule(f"^[\\s\\S]{{0,{MAX_TEXT}}}$",
                              f"the text is longer than {MAX_TEXT} characters: split it into sections"),
                 pattern_rule(f"^(?![\\s\\S]*\\b(?:{markers})\\b)",  # a skeleton's TODO: prompts
                              "a placeholder is still in the text: write the real text in its place")]
        if not self.multiline:  # a block scalar of one line ends with line breaks, as `check` allows
            rules.append(pattern_rule(r"^\n*[^\n]*\n*$", f"expected one line of {self.name}, got several lines:"
                                      " join the lines; only Markdown fields hold paragraphs"))
        return editor_schema(self.name, "string", "put it in quotes", rules=rules)

    @staticmethod
    def clean(value: Value, ctx: Context) -> bool:
        """Text holds no control characters and is of reasonable length."""
        bad = CONTROL.search(value.data)
        if bad:
            ctx.problems.add(value.locate(bad.group()), f"control character U+{ord(bad.group()):04X} in text",
                             "delete it; it may have come with pasted text", code="control-character")
            return False
        if not value.data.strip():
            ctx.problems.add(value.mark, "the text is empty", "write it, or remove the field if it is optional",
                             code="empty")
            return False
        if len(value.data) > MAX_TEXT:
            ctx.problems.add(value.mark, f"the text is longer than {MAX_TEXT} characters",
                             "split it into sections", code="too-long")
            return False
        found = placeholders.marker(value.data)
        if found:
            line = next(line for line in value.data.splitlines() if found in line)
            ctx.problems.add(value.locate(found), f"placeholder '{found}' still in the text: '{excerpt(line)}'",
                             "write the real text in its place", code="placeholder")
            return False
        return True

    @staticmethod
    def real_address(address: str, where: Mark, ctx: Context) -> bool:
        """An address is not one of the domains reserved for examples (a skeleton's)."""
        host = placeholders.example_address(address)
        if host:
            ctx.problems.add(where, f"'{excerpt(address)}' is a placeholder address ({host} is reserved"
                             " for examples)", "write the real address", code="placeholder")
        return not host


def _colon_hint(value: Value) -> str:
    """For text with ': ' in it that YAML read as a field ('- Housing: first'), the fix."""
    if value.kind != "mapping" or len(value.data) != 1:
        return ""
    (key, item), = value.data.items()
    if item.kind not in ("text", "integer", "number", "boolean", "date"):
        return ""
    text = f"{key}: {item.raw}".replace('"', '\\"')
    return f'put the text in quotes: "{excerpt(text, 60)}"'


class Markdown(Text):
    """Text in the portable Markdown subset (paragraphs, lists, emphasis, links)."""

    name = "markdown text"
    wrap = MarkdownText
    multiline = True

    def check(self, value: Value, ctx: Context) -> Any:
        """Text whose links have targets with allowed schemes and that holds no headings."""
        text = super().check(value, ctx)
        if text is None or ctx.values_only:
            return text
        if value.folds_structure():  # valid YAML, but the paragraphs are lost without a word
            ctx.problems.warn(value.mark, "this text is not written as a block ('|'): YAML joins its lines,"
                              " so its paragraphs and list items run together",
                              f"write '{value.key}: |' and indent the text below it", "folded-markdown")
        for match in LINK_TARGET.finditer(text):
            self.check_link(text, match, value, ctx)
        self.check_notes(text, value, ctx)
        for match in SETEXT.finditer(text):
            ctx.problems.add(value.locate(match.group(1).strip()), "a line of = or - under text makes it a heading,"
                             " which Markdown text may not hold", "the template sets the headings: remove the"
                             " line, or use **strong** text", code="heading")
        for match in MD_HEADING.finditer(text):
            ctx.problems.add(value.locate(match.group(0).strip()), "headings are not allowed in Markdown text",
                             "the template sets the headings: use a section title, or **strong** text", code="heading")
        for match in SHALLOW_ITEM.finditer(text):
            line = text[match.start():].split("\n", 1)[0].lstrip()
            ctx.problems.add(value.locate(line), "a nested list item must be indented"
                             " by 4 spaces", "indent it by 4 spaces, or not at all for the outer list",
                             code="list-indent")
        for match in AUTOMAIL.finditer(text):
            ctx.problems.add(value.locate(match.group(0)), f"write the address as a link: "
                             f"[{match.group(1)}](mailto:{match.group(1)})", code="link")
        for pattern, what, hint in NOT_IN_SUBSET:
            found = pattern.search(text)  # once a field: one error says it
            if found:
                shown = found.group(1 if what == "a horizontal rule" else 0).strip()
                ctx.problems.add(value.locate(shown), f"{what} ({excerpt(shown)}) is not part of the Markdown the"
                                 " documents use", hint, code="not-in-subset")
        for start in crowded(text):
            ctx.problems.add(value.locate(start) if start else value.mark,
                             f"a paragraph ({excerpt(start)}) has more than {MAX_SPANS} pieces of emphasis, links"
                             " and code", "split it, or mark up less of it", code="crowded")
        for code in code_blocks(text):  # found by the parser: a list item's indented paragraph is no code
            ctx.problems.add(value.locate(code), f"an indented line ({excerpt(code)}) is not part of the Markdown"
                             " the documents use", CODE_HINT, code="not-in-subset")
        return text

    @staticmethod
    def check_notes(text: str, value: Value, ctx: Context) -> None:
        """Each footnote referred to has its text in the same field, and each text is referred to."""
        references = {m[1]: m for m in reversed(list(NOTE_REFERENCE.finditer(text)))}  # the first of each
        definitions: dict[str, re.Match] = {}
        for match in NOTE_DEFINITION.finditer(text):
            if match[1] in definitions:
                ctx.problems.add(value.locate(match.group(0).strip()), f"the footnote [^{match[1]}] has two texts",
                                 "give the second note a label of its own", code="footnote")
            definitions.setdefault(match[1], match)
        for label, match in {**references, **definitions}.items():
            where = value.locate(match.group(0).strip())
            if not NOTE_LABEL.fullmatch(label):
                ctx.problems.add(where, f"the footnote label [^{excerpt(label)}] may hold only letters, digits,"
                                 " - and _", "write [^1], [^source] ...", code="footnote")
            elif label not in definitions:
                ctx.problems.add(where, f"the footnote [^{label}] has no text",
                                 f"write '[^{label}]: the note' on a line of its own in this field", code="footnote")
            elif label not in references:
                ctx.problems.add(where, f"the footnote [^{label}] is never referred to",
                                 f"put [^{label}] in the text where the note belongs, or remove the note",
                                 code="footnote")

    @staticmethod
    def check_link(text: str, match: re.Match, value: Value, ctx: Context) -> None:
        """A Markdown link needs a target with an allowed scheme."""
        start = text.rfind("[", 0, match.start())
        label, target = excerpt(text[start + 1:match.start()]), excerpt(match.group(1).strip("<>"))
        where = value.locate(text[max(start, 0):match.end()])
        if not target:
            ctx.problems.add(where, f"the link [{label}] has no target", "write [text](https://...)", code="link")
        elif target.partition(":")[0] in xref.SCHEMES:
            if xref.split(match.group(1)) is None:
                ctx.problems.add(where, f"the link [{label}] points to '{target}', which names no document or action"
                                 " point", "write doc:<document id>, doc:<document id>#<heading id> or"
                                 " point:<action point id>", code="xref")
            else:
                ctx.xrefs.append((match.group(1), where))  # checked once every record is known
        elif _split(match.group(1).strip("<>")) is None:
            ctx.problems.add(where, f"the link [{label}] points to '{target}', which is not an address",
                             "write it as https://..., with %5B and %5D for brackets", code="link")
        elif urlsplit(target).scheme not in URL_SCHEMES:
            ctx.problems.add(where, f"the link [{label}] points to '{target}'",
                             "links start with https://, http:// or mailto:, or doc: and point: within the series",
                             code="link")
        else:
            Text.real_address(match.group(1).strip("<>"), where, ctx)


class MediaPath(Text):
    """An image in the notes folder's media/ ('media/chart.png'); read and checked with the rest."""

    name = "image path"

    def check(self, value: Value, ctx: Context) -> Any:
        """A safe path to a PNG or JPEG in media/, noted so the file is read and checked once."""
        text = super().check(value, ctx)
        if text is None:
            return None
        problem = images.path_problem(text)
        if problem:
            ctx.problems.add(value.mark, problem, code="image")
            return None
        ctx.media.append((str(text), value.mark))
        return str(text)

    def json_schema(self) -> dict:
        """A path in media/."""
        return with_rules(super().json_schema(), pattern_rule(images.PATH.pattern.join("^$"),
                                                              "write media/<name>.png or .jpg"))


class Integer(Kind):
    """A whole number from `minimum` to `maximum`."""

    name = "whole number"

    def __init__(self, minimum: int = 0, maximum: int = 1_000_000) -> None:
        self.minimum, self.maximum = minimum, maximum

    def check(self, value: Value, ctx: Context) -> Any:
        """Accept an integer in range; the number is quoted as written (it may have thousands of digits)."""
        if value.kind != "integer" or isinstance(value.data, bool):
            ctx.problems.add(value.mark, f"expected a whole number, got {describe(value)}", code="value")
            return None
        if not self.minimum <= value.data <= self.maximum:
            ctx.problems.add(value.mark, f"expected a number from {self.minimum} to {self.maximum},"
                             f" got {excerpt(value.raw)}", code="value")
            return None
        return value.data

    def json_schema(self) -> dict:
        """A whole number with its bounds."""
        return editor_schema(f"a {self.name}", "integer", rules=[{"minimum": self.minimum, "maximum": self.maximum}])


class Url(Text):
    """An absolute http, https or mailto address; templates insert it escaped (markup.escape_address)."""

    name = "URL"
    wrap = UrlText

    def check(self, value: Value, ctx: Context) -> Any:
        """Accept an address with an allowed scheme that a Markdown link can hold unchanged."""
        text = super().check(value, ctx)
        if text is None:
            return None
        parts = _split(text)
        if parts is None or parts.scheme not in URL_SCHEMES or not (parts.hostname or parts.scheme == "mailto"):
            ctx.problems.add(value.mark, f"'{excerpt(text)}' is not an absolute http, https or mailto address",
                             "write it as https://...", code="address")
            return None
        unsafe = URL_UNSAFE.search(text)
        if unsafe:
            ctx.problems.add(value.mark, f"'{excerpt(text)}' holds {unsafe.group()!r}, which an address cannot hold"
                             " as it is", "encode it: %20 for a space, %5B and %5D for brackets", code="address")
            return None
        if parts.scheme != "mailto" and "@" in parts.netloc:  # https://trusted.example@elsewhere.example/
            ctx.problems.add(value.mark, f"'{excerpt(text)}' names someone before its host, which hides where it"
                             " leads", "write the address without 'name@'", code="address")
            return None
        return text if self.real_address(text, value.mark, ctx) else None

    def json_schema(self) -> dict:
        """An http, https or mailto address."""
        return with_rules(super().json_schema(),
                          pattern_rule("^(https?://[^/?#\\s]|mailto:)", "not an absolute http, https or mailto"
                                       " address: write it as https://..."),
                          pattern_rule(f"^[^{URL_UNSAFE.pattern[1:-1]}]*$", "the address holds a space, a quote,"
                                       " a bracket or a backslash: encode it, %20 for a space"))


class BaseUrl(Url):
    """A web address that paths join onto (where a build is published): http or https, with
    neither a query nor a fragment, which would stand between the address and the path."""

    def check(self, value: Value, ctx: Context) -> Any:
        """Accept an address of Url's that a path can follow."""
        text = super().check(value, ctx)
        if text is None:
            return None
        parts = urlsplit(text)
        if parts.scheme == "mailto" or "?" in text or "#" in text:  # even an empty query or fragment
            ctx.problems.add(value.mark, f"'{excerpt(text)}' is not a web address that paths can follow: it"
                             " has a query ('?'), a fragment ('#') or is an e-mail address",
                             "write the folder's address, such as https://example.org/publications/", code="address")
            return None
        return text

    def json_schema(self) -> dict:
        """An http or https address without '?' or '#'."""
        return with_rules(super().json_schema(), pattern_rule("^https?://[^?#]*$", "not a web address that paths"
                                                              " can follow: write it without '?' or '#'"))


def _split(address: str):
    """An address's parts, or None where it cannot be one (a '[' in its host)."""
    try:
        return urlsplit(address)
    except ValueError:
        return None


class Language(Text):
    """A BCP 47 language tag: en, en-GB, sr-Latn."""

    name = "language tag"

    def check(self, value: Value, ctx: Context) -> Any:
        """Accept a well-formed tag; readers' software uses it to pick voice and spelling."""
        text = super().check(value, ctx)
        if text is not None and not LANGUAGE_TAG.fullmatch(text):
            ctx.problems.add(value.mark, f"'{text}' is not a language tag", "write en, en-GB, de, fr ...",
                             code="language")
            return None
        return text

    def json_schema(self) -> dict:
        """A language tag."""
        return with_rules(super().json_schema(),
                          pattern_rule(LANGUAGE_TAG.pattern, "not a language tag: write en, en-GB, de, fr ..."))


class Email(Text):
    """An e-mail address."""

    name = "e-mail address"
    wrap = UrlText  # it goes into mailto: links, escaped as an address

    def check(self, value: Value, ctx: Context) -> Any:
        """Accept something shaped like name@domain.tld."""
        text = super().check(value, ctx)
        if text is not None and not EMAIL_PATTERN.fullmatch(text):
            ctx.problems.add(value.mark, f"'{text}' is not an e-mail address", code="address")
            return None
        return text if text is None or self.real_address(text, value.mark, ctx) else None

    def json_schema(self) -> dict:
        """An e-mail address."""
        return with_rules(super().json_schema(), pattern_rule(EMAIL_PATTERN.pattern, "not an e-mail address"))


class PublicationDate(Text):
    """A publication date as precise as it is known: "2022", "2022-06" or "2022-06-15"."""

    name = "date"

    def check(self, value: Value, ctx: Context) -> Any:
        """Accept a year, a month or a day; a bare date is read by YAML as a date, so ask for quotes."""
        if value.kind == "date":
            ctx.problems.add(value.mark, f"expected the date as text, got a date ({value.raw})",
                             f'write it in quotes: "{value.raw[:10]}"', code="date")
            return None
        text = super().check(value, ctx)
        if text is not None and not _real_date(text):
            ctx.problems.add(value.mark, f"'{text}' is not a date", 'write "YYYY-MM" for a month, "YYYY" for'
                             ' a year or "YYYY-MM-DD" for a day, in quotes', code="date")
            return None
        return text

    def json_schema(self) -> dict:
        """A "YYYY", "YYYY-MM" or "YYYY-MM-DD" string."""
        return with_rules(super().json_schema(), pattern_rule(DATE_PATTERN.pattern, 'not a date: write "YYYY-MM" for'
                                                              ' a month, "YYYY" for a year or "YYYY-MM-DD" for a day,'
                                                              ' in quotes'))


def _real_date(text: str) -> bool:
    """`text` is a year, a month or a day of the calendar, written as ISO 8601 does."""
    if not DATE_PATTERN.fullmatch(text):
        return False
    try:
        return len(text) < 10 or bool(datetime.date.fromisoformat(text))  # 2022-02-30 is no day
    except ValueError:
        return False


class Choice(Text):
    """One of a fixed set of words."""

    def __init__(self, *choices: str) -> None:
        self.choices = choices
        self.name = "one of " + ", ".join(choices)

    def check(self, value: Value, ctx: Context) -> Any:
        """Accept one of the choices, suggesting the closest otherwise."""
        text = super().check(value, ctx)
        if text is not None and text not in self.choices:
            hint = did_you_mean(text, self.choices) or f"use one of: {', '.join(self.choices)}"
            ctx.problems.add(value.mark, f"'{text}' is not {self.name}", hint, code="choice")
            return None
        return text

    def json_schema(self) -> dict:
        """One of the choices. The enum holds for text only, so that a boolean gets one message, the
        type's; the choices are also `examples`, which the server offers as values."""
        return with_rules(super().json_schema(), {"if": {"type": "string"}, "then": {
            "enum": list(self.choices), "errorMessage": f"expected {self.name}"}}, examples=list(self.choices))


def id_problem(text: str) -> str:
    """Why `text` is not safe as an id and file name on every system, or ''."""
    if ID_PATTERN.fullmatch(text):
        return f"'{text}' is a name reserved on Windows" if text in WINDOWS_RESERVED else ""
    reasons = [(lambda t: "/" in t or "\\" in t, "has a slash"), (lambda t: ".." in t, "has '..'"),
               (lambda t: any(c.isspace() for c in t), "has a space"),
               (lambda t: t != t.lower(), "has capital letters"),
               (lambda t: len(t) > 64, "is longer than 64 characters")]
    found = [reason for test, reason in reasons if test(text)]
    return f"the id '{text}' " + (" and ".join(found) if found else "has characters other than lower-case letters,"
                                                                  " digits and hyphens")


class Id(Text):
    """The id a record defines in `namespace`: safe as a file name everywhere."""

    name = "id"

    def __init__(self, namespace: str, reserved: dict[str, str] | None = None) -> None:
        self.namespace = namespace
        self.reserved = reserved or {}  # id -> what already takes that name

    def check(self, value: Value, ctx: Context) -> Any:
        """Accept a safe id and register its definition."""
        text = super().check(value, ctx)
        if text is None:
            return None
        if text in self.reserved:
            ctx.problems.add(value.mark, f"the id '{text}' is reserved: {self.reserved[text]}",
                             "choose another id", code="id")
            return None
        problem = id_problem(text)
        if problem:
            ctx.problems.add(value.mark, problem, "use lower-case letters, digits and hyphens, so that no two"
                             " ids differ only in case and every id is a file name on every system", code="id")
            return None
        ctx.definitions.append((self.namespace, text, value.mark))
        return text

    def json_schema(self) -> dict:
        """A safe id, none of the names reserved on Windows or by the tool."""
        reserved = [pattern_rule(f"^(?!{name}$)", f"the id '{name}' is reserved: {why}")
                    for name, why in self.reserved.items()]
        return with_rules(super().json_schema(), pattern_rule(ID_PATTERN.pattern, ID_ADVICE),
                          pattern_rule(f"^(?!(?:{'|'.join(sorted(WINDOWS_RESERVED))})$)",
                                       "the id is a name reserved on Windows: choose another id"), *reserved)


class Ref(Text):
    """A reference to an id defined in `namespace`; resolved once every file is read."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.name = f"{namespace} id"

    def check(self, value: Value, ctx: Context) -> Any:
        """Accept text and register the reference."""
        text = super().check(value, ctx)
        if text is not None:
            ctx.references.append((self.namespace, text, value.mark))
        return text

    def json_schema(self) -> dict:
        """The id of another record."""
        schema = with_rules(super().json_schema(),
                            pattern_rule(ID_PATTERN.pattern, f"not a valid {self.name}: {ID_ADVICE}"))
        return {**schema, "description": f"{'an' if self.name[0] in 'aeiou' else 'a'} {self.name}"}


class ListOf(Kind):
    """A list whose items are all of one kind."""

    def __init__(self, item: Kind) -> None:
        self.item = item
        self.name = f"list of {item.name}"

    def check(self, value: Value, ctx: Context) -> Any:
        """Check every item; a single item written without a list is a problem."""
        if value.kind != "list":
            ctx.problems.add(value.mark, f"expected a list, got {describe(value)}",
                             "start each item on its own line with '- '", code="value")
            return None
        checked = [self.item.check(item, ctx) for item in value.data]
        return [item for item in checked if item is not None]

    def json_schema(self) -> dict:
        """An array of items."""
        return editor_schema("a list", "array", "start each item on its own line with '- '", hinted=tuple(JSON_TYPES),
                             items=self.item.json_schema())


@dataclass
class Field:
    """A named field of a record: its kind, whether it is required, what it means."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    inherits: bool = False  # absent or empty, it is None: a default comes from elsewhere ([] is none)
    # False for text that is data, the same in every language: a grant's number, the author's name
    translatable: bool = True

    def default(self) -> Any:
        """The value an absent optional field takes (templates then never meet undefined)."""
        return [] if isinstance(self.kind, ListOf) and not self.inherits else None


def prose(kind: Kind) -> bool:
    """Whether a field of this kind holds words, which a translation gives in its language: text
    and Markdown (and lists of them), not an id, a choice or an address."""
    return prose(kind.item) if isinstance(kind, ListOf) else type(kind) in (Text, Markdown)


class Mapping(Kind):
    """A record: named fields, every one declared; unknown and missing fields are problems."""

    def __init__(self, name: str, fields: list[Field], doc: str = "") -> None:
        self.name = name
        self.fields = {f.name: f for f in fields}
        self.doc = doc

    def check(self, value: Value, ctx: Context) -> Any:
        """Check each field and return a Record with every declared field present."""
        if value.kind != "mapping":
            ctx.problems.add(value.mark, f"expected {self.name} (a mapping of fields), got {describe(value)}",
                             code="value")
            return None
        record = Record()
        record.mark = value.mark
        for key, item in value.data.items():
            if key not in self.fields:
                hint = did_you_mean(key, self.fields) or f"known fields: {', '.join(self.fields)}"
                ctx.problems.add(value.key_marks[key], f"unknown field '{excerpt(key)}' in {self.name}", hint,
                                 code="unknown-field")
        for name, spec in self.fields.items():
            record[name] = self.check_field(spec, value, ctx)
        return record

    def check_field(self, spec: Field, value: Value, ctx: Context) -> Any:
        """Check one field of the mapping, or report it missing."""
        item = value.data.get(spec.name)
        if item is None:
            if spec.required and spec.name not in value.key_marks:
                ctx.problems.add(value.mark, f"missing required field '{spec.name}' in {self.name}",
                                 spec.doc, code="missing-field")
            return spec.default()
        if item.kind == "null" and not spec.required:
            return spec.default()
        checked = spec.kind.check(item, ctx)
        if not (spec.translatable and prose(spec.kind)):  # in no language: a document in any shows it as it is
            for text in checked if isinstance(checked, list) else [checked]:
                if isinstance(text, PlainText):
                    text.translatable = False
        return spec.default() if checked is None else checked

    def json_schema(self) -> dict:
        """An object with exactly the declared properties.

        An empty optional field is allowed, as `check` allows it: its kind's rule refusing an empty
        value is left out (a `null` alternative would be offered as a value, and named in messages).
        Each required field is a rule of its own, for the message; a `required` list beside the
        properties would also make the server offer a skeleton of them among the fields."""
        properties = {name: {**(spec.kind.json_schema() if spec.required else optional(spec.kind.json_schema())),
                             "description": spec.doc} for name, spec in self.fields.items()}
        missing = [{"required": [name], "errorMessage": f"missing required field '{name}' in {self.name}"}
                   for name, spec in self.fields.items() if spec.required]
        schema = editor_schema(f"{self.name} (a mapping of fields)", "object", title=self.name,
                               description=self.doc or self.name, properties=properties, additionalProperties=False,
                               errorMessage=f"unknown field in {self.name}: the fields are {', '.join(self.fields)}")
        return with_rules(schema, *missing)
