"""The body's element tree written as HTML through an allow-list, in one pass over the tree.

The tree is the parser's (markdown_tree.py), so its structure is known and its text is text:
sanitizing it means leaving out what the allow-list does not name, never parsing markup back.
The rules are the HTML sanitizer ammonia's (nh3), which did this job on the serialized page:
an element not allowed gives its content in its place (`script` and `style` give nothing, nor
do comments); an attribute is kept where allowed on its element, or on any (`lang`, `title`); an
address (`href`, `src`) only with an allowed scheme or none; every link gets `rel`. One rule is
looser: an address with an allowed scheme that a URL parser refuses (`http://[x`) is kept,
where ammonia dropped it; it leads nowhere, and can do nothing. Text and attribute values
are escaped as the HTML standard serializes them, every '&' included: a source's `&copy;` is
the text it says, in the page as in the Word file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr"})  # written without an end tag: what one holds follows it
DROPPED = frozenset({"script", "style"})  # not allowed, and neither is their content
GENERIC = frozenset({"lang", "dir", "title"})  # allowed on every element that is
ADDRESSES = frozenset({"href", "src"})
# An address's scheme, as a URL parser reads it: after leading spaces and control characters,
# a letter, then letters, digits, '+', '-' or '.', up to the first ':'. A browser drops tabs and
# line ends anywhere in an address first ('java\nscript:' is 'javascript:').
SCHEME = re.compile(r"[\x00-\x20]*([A-Za-z][A-Za-z0-9+.-]*):")
IGNORED = re.compile(r"[\t\n\r]")


@dataclass(frozen=True)
class Policy:
    """What a page may hold: its elements, each one's attributes, the schemes of its addresses,
    and the `rel` every link gets."""

    tags: frozenset[str]
    attributes: dict[str, frozenset[str]]
    schemes: frozenset[str]
    link_rel: str


def to_html(elements: Iterable[Element], policy: Policy) -> str:
    """The elements, each followed by its tail, as sanitized HTML. Iterative: however deep the
    tree, the stack of the interpreter is not."""
    out: list[str] = []
    pending: list[Element | str] = list(reversed(list(elements)))
    while pending:
        node = pending.pop()
        if isinstance(node, str):  # an end tag, or text already escaped
            out.append(node)
            continue
        if node.tail:
            pending.append(text(node.tail))
        if not isinstance(node.tag, str):  # a comment or a processing instruction: nothing to show
            continue
        tag = node.tag.lower()  # as an HTML parser reads it
        if tag in DROPPED:
            continue
        if tag in policy.tags:
            items = node.items()  # (not .attrib, which makes a dict for each element)
            out.append(_start(tag, items, policy) if items or tag == "a" else f"<{tag}>")
            if tag not in VOID:  # a void element's content, if any, follows it, as a parser reads it
                pending.append(f"</{tag}>")
        if node.text:
            out.append(text(node.text))
        pending.extend(reversed(node))
    return "".join(out)


def _start(tag: str, items: list[tuple[str, str]], policy: Policy) -> str:
    """A start tag with its allowed attributes (`items`) in name order, then `rel` on a link."""
    own = policy.attributes.get(tag, ())
    attributes = [f' {name}="{attribute(value)}"' for name, value in sorted(items)
                  if (name in own or name in GENERIC) and (name not in ADDRESSES or _reaches(value, policy))]
    if tag == "a":
        attributes.append(f' rel="{attribute(policy.link_rel)}"')
    return f"<{tag}{''.join(attributes)}>"


def _reaches(address: str, policy: Policy) -> bool:
    """Whether an address is kept: its scheme allowed, or it has none (a page or an anchor).
    Read as it is written (attribute()): a NUL is no longer there to break a scheme's name."""
    scheme = SCHEME.match(IGNORED.sub("", attribute(address)))
    return scheme is None or scheme[1].lower() in policy.schemes


def text(value: str) -> str:
    """Text escaped for an element's content; a carriage return is a line end, as a browser reads it."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\xa0" in value:
        value = value.replace("\xa0", "&nbsp;")
    if "\r" in value or "\x00" in value:  # rare: refused in sources, but a page never holds them
        value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return value


def _attribute_text(value: str) -> str:
    """An attribute's value as an HTML parser reads it: a NUL is the replacement character."""
    return value.replace("\x00", "\ufffd") if "\x00" in value else value


def attribute(value: str) -> str:
    """Text escaped for an attribute's value in double quotes."""
    value = text(_attribute_text(value))
    return value.replace('"', "&quot;") if '"' in value else value
