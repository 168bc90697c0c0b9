"""The source records and document types, declared once: checking and the JSON Schema come from here."""

from __future__ import annotations

from dataclasses import dataclass

from .fields import (BaseUrl, Choice, Email, Field, Id, Integer, Language, ListOf, Mapping, Markdown, MediaPath,
                     PublicationDate, Ref, Text, Url)


@dataclass(frozen=True)
class DocType:
    """A document type: its template, and whether it opens with a table of contents. Its names
    for readers are in each language's labels (templates/labels/<language>.yaml, `types:`)."""

    name: str
    contents: bool = False

    @property
    def template(self) -> str:
        """The template file, in the templates folder."""
        return f"{self.name}.md.j2"


# Add a document type here, write templates/<name>.md.j2, and give it its names in each
# catalogue of labels (templates/labels/*.yaml, `types:`).
TYPES = {t.name: t for t in (
    DocType("policy_note"),
    DocType("crosswalk", contents=True),
    DocType("brief"),
)}

# How evidence may relate to an Action Plan point; what a crosswalk says of each is in each
# language's labels (templates/labels/<language>.yaml, `relations:`).
RELATIONS = {
    "supports": "The evidence supports this point.",
    "extends": "The evidence extends this point.",
    "gap": "The evidence shows a gap in this point.",
}
# What a closing record shows; all but 'text' are made from the project's own fields.
CLOSING_KINDS = {
    "project": "the project box: its name, coordinator, contact, website and partners",
    "credit": "one line naming the project, its website and contact",
    "funding": "the funding statement, from 'funding'",
    "text": "the record's own title and body: a disclaimer, a contact line",
}

FIGURE = Mapping("figure", [
    Field("file", MediaPath(), "the image: media/<name>.png or .jpg, in the notes folder", required=True),
    Field("alt", Text(), "what the image shows, said for readers who cannot see it", required=True),
    Field("caption", Text(), "the caption shown under it"),
    Field("width", Integer(minimum=10, maximum=100), "its width in per cent of the text's width (100 if not given)"),
])

LOGO = Mapping("logo", [
    Field("file", MediaPath(), "the logo: media/<name>.png or .jpg, in the notes folder", required=True),
    Field("alt", Text(), "whose logo it is, as a reader who cannot see it needs: 'FOCUS logo'", required=True),
])

PERSON = Mapping("coordinator", [
    Field("name", Text(), "the coordinator's name", required=True),
    Field("organisation", Text(), "the coordinator's organisation", required=True),
])

FUNDING = Mapping("funding", [
    Field("programme", Text(), "the funding programme", required=True),
    Field("grant", Text(), 'the grant agreement number, in quotes: "822401"', required=True, translatable=False),
    Field("emblem", LOGO, "the funder's emblem, shown beside the funding statement"),
    Field("disclaimer", Text(), "the sentence the funder requires under the funding statement"),
])

PARTNER = Mapping("partner", [
    Field("name", Text(), "the partner's name", required=True),
    Field("url", Url(), "the partner's website", required=True),
    Field("logo", LOGO, "the partner's logo, shown on each document's first page"),
])

DEFINITION = Mapping("definition", [
    Field("id", Id("definition"), "the id documents use to show this definition", required=True),
    Field("term", Text(), "the term defined", required=True),
    Field("text", Text(), "the definition, word for word (it is shown as a quotation)", required=True),
    Field("source", Text(), "where the definition comes from", required=True),
])

BOX = Mapping("box", [
    Field("id", Id("box"), "the id documents use to show this box", required=True),
    Field("title", Text(), "the box's title", required=True),
    Field("body", Markdown(), "the box's text", required=True),
])

CLOSING = Mapping("closing record", [
    Field("id", Id("closing"), "the id a document's 'closing:' list uses", required=True),
    Field("kind", Choice(*CLOSING_KINDS), "what it shows: " + "; ".join(
        f"{kind}, {doc}" for kind, doc in CLOSING_KINDS.items()), required=True),
    Field("title", Text(), "a title shown above the body (kind text only)"),
    Field("body", Markdown(), "the text (kind text only)"),
    Field("default_for", ListOf(Choice(*TYPES)),
          "the document types that end with this unless a document lists its own 'closing:'"),
])

PROJECT = Mapping("project", [
    Field("name", Text(), "the organisation's short name, the author of every document", required=True,
          translatable=False),
    Field("edition", Text(), 'the edition of the series a release carries, in quotes: "2024.1" or "2024-06"'
          " (else the date of the newest document)", translatable=False),
    Field("period", Text(), 'the project\'s years, in quotes: "2019-2022"', translatable=False),
    Field("language", Language(), "the series' language with its region, such as en-GB: a document in the same"
          " language written without a region (en) takes it, for spelling and hyphenation"),
    Field("website", Url(), "the organisation's website", required=True),
    Field("publications_url", BaseUrl(), "where the build is published (its html/, pdf/ and docx/ folders"
          " under it), such as https://example.org/publications/: pages then name their canonical"
          " address, and their PDF, for search engines and reference managers"),
    Field("contact", Email(), "the contact e-mail address", required=True),
    Field("logo", LOGO, "the organisation's logo, shown on each document's first page"),
    Field("coordinator", PERSON, "who coordinates the project"),
    Field("funding", FUNDING, "the funding acknowledgement"),
    Field("partners", ListOf(PARTNER), "the consortium partners"),
    Field("definitions", ListOf(DEFINITION), "definitions shown as boxes"),
    Field("boxes", ListOf(BOX), "boxed texts reused across documents"),
    Field("closing", ListOf(CLOSING), "what documents end with, in this order: the project box, the funding"
          " statement, a disclaimer"),
])

OUTPUT = Mapping("output", [
    Field("id", Id("output"), "the id used in 'see:' lists", required=True),
    Field("title", Text(), "the publication's exact title", required=True),
    Field("short", Text(), "a short title for table headings, such as the coverage matrix's"),
    Field("url", Url(), "where to read it", required=True),
    Field("kind", Choice("publication", "report", "guide", "resource", "website"),
          "what sort of output it is", required=True),
    Field("summary", Markdown(), "one or two sentences for overviews"),
])

OUTPUTS = Mapping("outputs file", [
    Field("outputs", ListOf(OUTPUT), "the catalogue of publications", required=True),
])

PLAN_POINT = Mapping("Action Plan point", [
    Field("id", Id("plan point"), "the id action points link to", required=True),
    Field("title", Text(), "the Action Plan's wording", required=True),
])

ACTION_PLAN = Mapping("action plan", [
    Field("title", Text(), "the Action Plan's title", required=True),
    Field("points", ListOf(PLAN_POINT), "its points, in order", required=True),
])

PLAN_LINK = Mapping("Action Plan link", [
    Field("point", Ref("plan point"), "the Action Plan point this evidence speaks to", required=True),
    Field("relation", Choice(*RELATIONS), "how the evidence relates to the point", required=True),
    Field("see", ListOf(Ref("output")), "the crosswalk's 'See:' line for this point, in order"),
    Field("comment", Markdown(), "what the crosswalk adds for this point"),
])

ACTION_POINT = Mapping("action point", [
    Field("id", Id("action point"), "the id, equal to the file name", required=True),
    Field("title", Text(), "the action point as a policy note states it", required=True),
    Field("evidence", Markdown(), "what the research and practice found", required=True),
    Field("guidance", Markdown(), "what programme designers should do"),
    Field("see", ListOf(Ref("output")), "the policy note's 'See:' line, in order"),
    Field("action_plan", ListOf(PLAN_LINK), "the Action Plan points this evidence speaks to"),
    Field("themes", ListOf(Text()), "keywords"),
])

SECTION = Mapping("section", [
    Field("title", Text(), "the section's heading", required=True),
    Field("body", Markdown(), "the section's own text"),
    Field("figures", ListOf(FIGURE), "images shown after the section's own text, each with its alt text"),
    Field("definitions", ListOf(Ref("definition")), "definitions to show as boxes"),
    Field("boxes", ListOf(Ref("box")), "boxed texts to show"),
    Field("action_points", ListOf(Ref("action point")), "action points, in order"),
    Field("action_plan_points", ListOf(Ref("plan point")), "Action Plan points, in order"),
    Field("outputs", ListOf(Ref("output")), "outputs to list"),
    Field("after", Markdown(), "text after everything else in the section"),
])


def document_record(types=TYPES) -> Mapping:
    """The document record; `types` are the document types the renderer knows."""
    return Mapping("document", [
        Field("id", Id("document", reserved={"index": "it names the page listing every document"}),
              "the id, equal to the file name", required=True),
        Field("type", Choice(*types), "the document type", required=True),
        Field("number", Integer(minimum=1), "the number in its series"),
        Field("date", PublicationDate(), 'the publication date, in quotes, as precise as it is known:'
              ' "2022-06" (a month), "2022" or "2022-06-15"', required=True),
        Field("language", Language(), "a BCP 47 language tag such as en, en-GB, de or ar: the words the document"
              " shows that no record holds come from templates/labels/<language>.yaml", required=True),
        Field("title", Text(), "the title", required=True),
        Field("subtitle", Text(), "the subtitle"),
        Field("description", Text(), "one sentence: Word's subject, the page's description", required=True),
        Field("keywords", ListOf(Text()), "keywords"),
        Field("sections", ListOf(SECTION), "the body, in order", required=True),
        Field("closing", ListOf(Ref("closing")), "what the document ends with, ids from project.yaml's"
              " 'closing:', in order; leave it out for its type's default, or write [] for nothing",
              inherits=True),
    ])
