"""JSON text in pieces, for a file with one member too long to hold (a long series' documents in
the manifest and the cache): each of its items is encoded on its own, as it comes, and the
result is the same text as encoding the whole at once."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator


def _encoder(indent: int, sort_keys: bool) -> json.JSONEncoder:
    return json.JSONEncoder(indent=indent, sort_keys=sort_keys, ensure_ascii=False)


def item(value, indent: int, sort_keys: bool = False, key: str | None = None) -> str:
    """One item of the long member, as it stands in the whole text: two levels in (the member is a
    value of the top object), with its key when the member is an object."""
    text = "".join(_encoder(indent, sort_keys).iterencode(value)).replace("\n", "\n" + " " * (2 * indent))
    return text if key is None else f"{json.dumps(key, ensure_ascii=False)}: {text}"


def spliced(data: dict, members: dict[str, Iterable[str]], indent: int, sort_keys: bool = False,
            objects: tuple[str, ...] = ()) -> Iterator[str]:
    """`data` as JSON text with each member named in `members` made of its items (each from
    item(), in order): a list, or an object for those named in `objects`."""
    markers = {name: json.dumps("\x00" + name) for name in members}  # values no record holds: a build writes
    whole = "".join(_encoder(indent, sort_keys).iterencode({**data, **{name: "\x00" + name for name in members}}))
    rest = whole  # no control character, every text it writes being XML-safe
    if any(whole.count(marker) != 1 for marker in markers.values()):
        raise ValueError("a value holds the text that marks where a member goes")
    for name in sorted(members, key=lambda name: whole.index(markers[name])):
        before, rest = rest.split(markers[name], 1)
        yield before
        yield from _member(members[name], name in objects, indent)
    yield rest


def _member(items: Iterable[str], is_object: bool, indent: int) -> Iterator[str]:
    """A member's value, one level into the top object, its items two levels in."""
    opening, closing = "{}" if is_object else "[]"
    separator = opening
    for text in items:
        yield f"{separator}\n{' ' * (2 * indent)}{text}"
        separator = ","
    yield opening + closing if separator == opening else f"\n{' ' * indent}{closing}"
