"""Text an editor has not replaced yet: skeleton prompts, placeholder markers, example addresses.

`policynote new` writes its prompts as "TODO: ..." and its addresses on example.org, so an
unedited skeleton fails `check` at the line of each prompt and can never reach a build.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MARK = "TODO"  # how every skeleton prompt starts
# Markers people leave in drafts, as whole words in capitals, and filler text.
MARKERS = re.compile(r"\b(?:TODO|TBD|FIXME|XXX)\b|\blorem ipsum\b", re.IGNORECASE)
CAPITALS_ONLY = {"todo", "tbd", "fixme", "xxx"}  # "xxx" or "todo" in running text is left alone
WORDS = (*CAPITALS_ONLY, "lorem ipsum")  # what MARKERS can find, in lower case
# The prompts of skeletons written by earlier versions of `policynote new`.
OLD_PROMPTS = {
    "Write the action point", "Write the evidence here.", "Write the guidance here.", "Write the title",
    "Write the subtitle", "One sentence on what this document is about.", "Write the introduction here.",
    "Write the publication's exact title", "One or two sentences for overviews.",
}
# Domains reserved for examples (RFC 2606): no real publication lives there.
EXAMPLE_HOST = re.compile(r"(^|\.)example\.(com|net|org)$")


def marker(text: str) -> str:
    """The placeholder left in `text` (as written there), or ''."""
    stripped = text.strip()
    if stripped in OLD_PROMPTS:
        return stripped
    if text.isascii() and not any(word in text.lower() for word in WORDS):  # most texts: no slower search
        return ""  # (beyond ASCII, the search's case rules are Unicode's: 'ſ' matches 's')
    for match in MARKERS.finditer(text):
        word = match.group()
        if word.lower() not in CAPITALS_ONLY or word.isupper():
            return word
    return ""


def example_address(address: str) -> str:
    """The reserved example domain an address or e-mail address points to, or ''."""
    try:
        parts = urlsplit(address)
        host = (parts.hostname if parts.netloc else address.rpartition("@")[2]) or ""
    except ValueError:  # not an address at all: the field's own check says so
        return ""
    host = host.lower().rstrip(".")
    return host if EXAMPLE_HOST.search(host) else ""
