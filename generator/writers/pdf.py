"""PDF writer: the web page laid out for print by WeasyPrint, as a tagged PDF (PDF/UA-1).

The page is the HTML writer's, so the PDF says what the page says; its print rules (A4, page
numbers) are the stylesheet's `@media print`, which a browser's print uses too, and
templates/html/pdf.css adds what only paged media does (the running header from page 2).
WeasyPrint needs Pango from the system: `missing()` says what a machine lacks.
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
    # pdf.css goes into the page after style.css, not in WeasyPrint's `stylesheets`: those are
    # user stylesheets, which lose to the page's own rules in the cascade.
    page = html.write(doc, theme, siblings=siblings(doc), stylesheets=(html.STYLESHEET, STYLESHEET),
                      offer_formats=False)  # a PDF offers no downloads of itself
    # A figure's width attribute sizes its image, as in a browser (presentational hints).
    laid_out = _weasyprint().HTML(string=page).render(presentational_hints=True)
    laid_out.metadata.title = doc.title  # the document's own title, not the page's "title | series" for tabs
    return laid_out.write_pdf(
        pdf_variant="pdf/ua-1",  # tagged, with the PDF/UA identification in its metadata
        pdf_identifier=doc.id.encode())  # a file identifier of its own, never a random one


def siblings(doc: Document) -> str:
    """Where the PDF links to another document: its PDF at the address the build is published
    under, when project.yaml names one (a PDF read from a download folder has no neighbours),
    else the PDF beside it."""
    return f"{doc.published_at}pdf/{{}}.pdf" if doc.published_at else "{}.pdf"


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
