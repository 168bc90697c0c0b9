"""PDF writer: the web page laid out for print by WeasyPrint, as a tagged PDF (PDF/UA-1).

The page is the HTML writer's, so the PDF says what the page says; its print rules (A4, page
numbers) are the stylesheet's `@media print`, which a browser's print uses too, and
templates/html/pdf.css adds what only paged media does (the running header from page 2). WeasyPrint needs Pango from the system: `missing()` says what a machine lacks.
"""

from __future__ import annotations

import logging
from functools import cache

from ..document import Document
from ..theme import Theme
from . import html

STYLESHEET = "html/pdf.css"  # the PDF's own rules, after the page's (running header, hyphens)


def write(doc: Document, theme: Theme) -> bytes:
    """The document as a PDF: tagged, with its title, language and author, bookmarks from its
    headings, fonts embedded, and the same bytes for the same sources (no clock is read)."""
    page = html.write(doc, theme, siblings=".pdf")
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=page).write_pdf(
        stylesheets=[weasyprint.CSS(string=theme.text(STYLESHEET))],
        pdf_variant="pdf/ua-1",  # tagged, with the PDF/UA identification in its metadata
        pdf_identifier=doc.id.encode(),  # a file identifier of its own, never a random one
        presentational_hints=True)  # a figure's width attribute sizes its image, as in a browser


def missing() -> str | None:
    """Why this machine cannot write PDF, or None when it can."""
    try:
        _weasyprint()
    except (ImportError, OSError) as exc:  # WeasyPrint not installed, or Pango not found by it
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"WeasyPrint cannot start ({first}); install Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
    return None


@cache
def _weasyprint():
    """WeasyPrint, imported when first needed: it loads Pango, which the other formats do not need."""
    import weasyprint

    # Its warnings are about CSS it does not apply (a browser's property in the house stylesheet):
    # they are not the editor's to act on, and would drown the build's own messages.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return weasyprint
