"""docs/sources.md, written from the record declarations (schema.py), so that it cannot drift
from what `check` checks: every field, its kind, whether it is required, and what it means.

    python -m generator.sourcedocs            (or: make docs)
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import schema
from .fields import BaseUrl, Choice, Email, Field, Id, Integer, Language, ListOf, Mapping, Markdown, MediaPath, \
    PublicationDate, Ref, Text, Url
from .schema_export import sources

PATH = Path("docs/sources.md")
FILES = {"project": "`project.yaml`", "outputs": "`outputs.yaml`", "action-plan": "`action-plan.yaml`",
         "action-point": "`action-points/<id>.yaml` (the file name is the id)",
         "document": "`documents/<id>.yaml` (the file name is the id; the output files are named after it)"}

INTRO = """\
# Source records

<!-- Written by `make docs` (python -m generator.sourcedocs) from generator/schema.py: edit
     those declarations, not this file. A test fails when the two differ. -->

Everything policynote publishes comes from YAML records in `notes/`. One file per record
keeps diffs small; every id is checked where it is defined and where it is used.

```
notes/
  project.yaml              the organisation: name, contacts, logos, funding, partners, definitions, boxes
  outputs.yaml              the catalogue of publications cited in "See:" lines
  action-plan.yaml          the points of the EU Action Plan on Integration and Inclusion 2021-27
  action-points/<id>.yaml   one record per action point (evidence, guidance, links, "See:")
  documents/<id>.yaml       one record per publication (its type, number, date, title, sections)
  media/                    the images the records name: figures, logos, the funder's emblem
  translated/               each translation's source text as it was translated (policynote translated)
```

Any of these files may have translations beside it, named after it and a language:
`documents/<id>.de.yaml`, `action-points/<id>.ar.yaml`, `outputs.de.yaml`, `project.de.yaml`,
`action-plan.de.yaml`. A translation holds the same fields with their text translated and
leaves out, or writes as its source does, every field that is not text; a list of records
with ids (outputs, boxes, definitions, closing records, Action Plan points) is translated by
id, the rest in the source's order. Each has its schema for editors,
`schema/<name>.translation.schema.json`.
"""

KINDS = [  # (kind, what it takes), for the table of kinds
    (Id, "lower-case letters, digits and hyphens, starting with a letter or digit (`two-way`); safe as a"
         " file name everywhere"),
    (Text, "one line of plain text, not empty, shown exactly as written. Quote it when YAML could read it"
           " as something else (`\"NO\"`, `\"1.10\"`, `\"12:30\"`)"),
    (Markdown, "text in the portable Markdown subset: paragraphs, `-` and `1.` lists (nested ones indented by"
               " 4 spaces), `*emphasis*`, `**strong**`, `[links](https://...)`, pipe tables, footnotes"
               " (`text[^1]`, and `[^1]: the note` on a line of its own in the same field), and links within"
               " the series: `doc:<document id>`, `doc:<document id>#<heading id>`, `point:<action point id>`."
               " No headings, raw HTML, images, rules or indented code: `check` refuses them"),
    (Url, "an absolute `http://`, `https://` or `mailto:` address, with no spaces, quotes or brackets"
          " (write `%20`)"),
    (BaseUrl, "an `http://` or `https://` address of a folder, with no `?` or `#`: paths are joined to it"),
    (Email, "an e-mail address: letters, digits and `. _ % + -`, an `@`, and a domain"),
    (Language, "a BCP 47 language tag: `en`, `en-GB`, `de`, `sr-Latn`"),
    (PublicationDate, "a publication date as precise as it is known, quoted: `\"2022-06\"` (a month),"
                      " `\"2022\"` (a year) or `\"2022-06-15\"` (a day)"),
    (Integer, "a whole number, within the bounds the field gives"),
    (MediaPath, "an image in the notes folder's `media/`: `media/<name>.png` or `.jpg`, the name in lower-case"
                " letters, digits, `-` and `_`; checked to be the PNG or JPEG it says, at most 5 MB"),
    (Ref, "the id of a record of that kind, defined elsewhere"),
    (Choice, "one of the words listed"),
    (ListOf, "a YAML list, each item on its own line after `- `"),
]
PLACEHOLDERS = """\
## Placeholders never ship
`policynote new` writes every text an editor must fill in as `TODO: ...` and every address on
`example.org`. `check` refuses any text holding `TODO`, `TBD`, `FIXME` or `XXX` (in capitals)
or "lorem ipsum", the prompts of earlier skeletons ("Write the title"), and any address on
example.com, example.net or example.org (domains reserved for examples), each at its line.
"""


def kind_name(kind) -> str:
    """A field's kind in a few words: 'text', 'list of output ids', 'a figure (below)'."""
    if isinstance(kind, ListOf):
        if isinstance(kind.item, Mapping):
            return f"list of {kind.item.name}s (below)"
        inner = kind_name(kind.item)
        return f"list of {inner}" if isinstance(kind.item, Choice) else f"list of {inner}s"
    if isinstance(kind, Mapping):
        return f"{kind.name} (below)"
    if isinstance(kind, Choice):
        return ", ".join(f"`{choice}`" for choice in kind.choices)
    if isinstance(kind, Integer):
        return f"whole number, {kind.minimum} to {kind.maximum:,}"
    if isinstance(kind, Ref):
        return kind.name
    return kind_name_of(type(kind))


def table(mapping: Mapping) -> list[str]:
    """The table of a record's fields."""
    rows = ["| field | kind | required | what it holds |", "| --- | --- | --- | --- |"]
    rows += [f"| `{f.name}` | {kind_name(f.kind).replace('|', chr(92) + '|')} | {'yes' if f.required else ''} | {_doc(f)} |"
             for f in mapping.fields.values()]
    return rows


def _doc(field: Field) -> str:
    """A field's description, for a table cell."""
    return field.doc.replace("|", "\\|").replace("<", "&lt;")


def nested(mapping: Mapping, seen: set[str]) -> list[Mapping]:
    """The records inside a record's fields, each once, in the order they appear."""
    found = []
    for f in mapping.fields.values():
        inner = f.kind.item if isinstance(f.kind, ListOf) else f.kind
        if isinstance(inner, Mapping) and inner.name not in seen:
            seen.add(inner.name)
            found += [inner, *nested(inner, seen)]
    return found


def text() -> str:
    """The whole of docs/sources.md."""
    lines = [INTRO, "## Kinds of field", "| kind | what it takes |", "| --- | --- |"]
    lines += [f"| {kind_name_of(kind)} | {doc} |" for kind, doc in KINDS]
    seen: set[str] = set()
    for name, record in sources().items():
        lines += ["", f"## {FILES[name]}", *table(record)]
        for inner in nested(record, seen):
            lines += ["", f"**{inner.name[0].upper() + inner.name[1:]}**, in the fields above:", "", *table(inner)]
    lines += ["", "## Document types", "Each document's `type`; its template is `templates/<type>.md.j2`, and its"
              " names for readers, in each language, are under `types:` in `templates/labels/<language>.yaml`.", "",
              "| type | template | contents |", "| --- | --- | --- |"]
    lines += [f"| `{t.name}` | `{t.template}` | {'yes' if t.contents else ''} |" for t in schema.TYPES.values()]
    lines += ["", "## Kinds of closing record", "| kind | what it shows |", "| --- | --- |"]
    lines += [f"| `{kind}` | {doc} |" for kind, doc in schema.CLOSING_KINDS.items()]
    lines += ["", "## Relations of evidence to an Action Plan point", "What a crosswalk says of each, in each language,"
              " is under `relations:` in `templates/labels/<language>.yaml`.", "", "| relation | in English |",
              "| --- | --- |"]
    lines += [f"| `{relation}` | {label} |" for relation, label in schema.RELATIONS.items()]
    return "\n".join(lines) + "\n\n" + PLACEHOLDERS


def kind_name_of(kind: type) -> str:
    """A kind's name in the table of kinds."""
    return {Id: "id", Text: "text", Markdown: "markdown", Url: "url", BaseUrl: "http(s) url", Email: "e-mail address",
            Language: "language tag", PublicationDate: "date", Integer: "whole number", MediaPath: "image path",
            Ref: "*x* id", Choice: "one of ...", ListOf: "list of ..."}[kind]


def main(argv: list[str] | None = None) -> int:
    """Write docs/sources.md, or the path given."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else PATH
    path.write_text(text(), encoding="utf-8")
    print(f"wrote {path.as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
