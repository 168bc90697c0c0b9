"""Markdown writer: the intermediate as GitHub-Flavoured Markdown, with the title block, for
code-hosting sites: its markers of structure become block quotes or go (markup.to_gfm), and
its images are copied into media/ beside the files."""

from __future__ import annotations

from ..document import Document
from ..markup import to_gfm
from ..render import escape_text
from ..theme import Theme


def write(doc: Document, theme: Theme) -> str:
    """The document as one Markdown file: title, subtitle, series line, then the body."""
    head = [f"# {escape_text(doc.title)}"]
    if doc.subtitle:
        head.append(f"**{escape_text(doc.subtitle)}**")
    head.append(escape_text(doc.header))
    return "\n\n".join(head) + "\n\n" + to_gfm(doc.body)


def write_media(docs: list[Document], theme: Theme, formats: list[str]) -> dict[str, bytes]:
    """The images the documents show, beside them in media/, where their links point."""
    return {path: image.data for doc in docs for path, image in sorted(doc.media.items())}
