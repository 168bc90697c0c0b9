"""Markdown writer: the intermediate as GitHub-Flavoured Markdown, with the title block, for
code-hosting sites: its markers of structure become block quotes or go (markup.to_gfm), and
its images are copied into media/ beside the files."""

from __future__ import annotations

from collections.abc import Iterable

from ..document import Document
from ..markup import escape_text, to_gfm
from ..xref import gfm_slug
from ..theme import Theme


def write(doc: Document, theme: Theme) -> str:
    """The document as one Markdown file: title, subtitle, series line (and the publication's
    other languages), then the body."""
    head = [f"# {escape_text(doc.title)}"]
    if doc.subtitle:
        head.append(f"**{escape_text(doc.subtitle)}**")
    head.append(escape_text(doc.header))
    others = theme.other_languages(doc.versions, doc.id)
    if others:  # each beside this file, as the page links them
        labels = theme.labels(doc.language)
        head.append(escape_text(labels["other_languages"]) + " " + " · ".join(
            f"[{escape_text(name)}]({ident}.md)" for _, name, ident in others))
    body = doc.body
    for target, heading in doc.xrefs.items():
        body = body.replace(f"]({target})", f"]({cross_reference(heading, doc)})")
    return "\n\n".join(head) + "\n\n" + to_gfm(body)


def cross_reference(heading, doc: Document) -> str:
    """Where a Markdown file links to a heading (xref.Heading): the id a hosting site gives it,
    in this file or in another beside it."""
    page = "" if heading.doc == doc.id else f"{heading.doc}.md"
    return page + (f"#{gfm_slug(heading.text)}" if heading.anchor else "") or "#"


def write_media(docs: Iterable[Document], theme: Theme, writers: list) -> dict[str, bytes]:
    """The images the documents show, beside them in media/, where their links point."""
    return {path: image.data for doc in docs for path, image in sorted(doc.media.items())}
