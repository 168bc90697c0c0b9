"""The Word package: the reference document read once per process, and for each document only
the parts that change.

A .docx is a zip of XML parts. Most of a document's come from the reference unchanged (its
theme, font table, web settings, app properties, and mostly its styles, settings and numbering):
they are parsed, serialised and deflated once per process (`Reference`). A document adds its body,
headers and footers, footnotes, images, relationships, content types and core properties
(`Package`), and only those are serialised and deflated for it. Part names, relationship ids and
content types are given as python-docx gives them, so a file is what python-docx would write.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import docx
from docx.image.image import Image
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.oxml.ns import qn as clark_name
from docx.styles import BabelFish
from lxml import etree

from ..ziputil import EACH, Deflated, deflated, read_zip, zipped

@lru_cache(maxsize=None)
def qn(name: str) -> str:
    """A prefixed name ('w:p') as lxml names it ('{http://...}p'), worked out once per name."""
    return clark_name(name)


DOCUMENT = "word/document.xml"
IMAGE_NUMBER = re.compile(r"word/media/image(\d+)\.\w+")
CONTENT_TYPES = "[Content_Types].xml"
CORE = "docProps/core.xml"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TEMPLATES = Path(docx.__file__).parent / "templates"  # python-docx's header and footer skeletons
# Where w:titlePg goes in w:sectPr: before the first of these present (ECMA-376 order).
AFTER_TITLE_PAGE = {qn(f"w:{name}") for name in ("textDirection", "bidi", "rtlGutter", "docGrid",
                                                  "printerSettings", "sectPrChange")}
# Where w:bidi goes in w:sectPr: before the first of these present.
AFTER_BIDI = {qn(f"w:{name}") for name in ("rtlGutter", "docGrid", "printerSettings", "sectPrChange")}
# Where w:updateFields goes among w:settings' children: before the first of these present.
AFTER_UPDATE_FIELDS = {qn(f"w:{name}") for name in (
    "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator")}


def xml_bytes(root) -> bytes:
    """A part's XML as python-docx writes it: UTF-8, declared standalone, no added whitespace."""
    return etree.tostring(root, encoding="UTF-8", standalone=True)


XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
SPLICE = "policynote-content"  # a comment that marks where a part's content goes


def spliced(root, holder, content: str) -> bytes:
    """The part `root` as bytes, with `content` (XML text) before the first child of `holder`."""
    mark = etree.Comment(SPLICE)
    holder.insert(0, mark)
    try:
        return xml_bytes(root).replace(f"<!--{SPLICE}-->".encode("utf-8"), content.encode("utf-8"), 1)
    finally:
        holder.remove(mark)


@dataclass
class Relationship:
    """One relationship of a part: its id, type, target, and whether the target is outside the package."""

    rid: str
    reltype: str
    target: str
    external: bool = False


class Relationships(list):
    """A part's relationships, in the order they were made; ids as python-docx gives them (the
    lowest free 'rIdN'), and one relationship for each distinct target."""

    def relate(self, reltype: str, target: str, external: bool = False) -> str:
        """The id of the relationship to `target`, made if there is none yet."""
        for rel in self:
            if (rel.reltype, rel.target, rel.external) == (reltype, target, external):
                return rel.rid
        used = {rel.rid for rel in self}
        rid = next(f"rId{n}" for n in range(1, len(self) + 2) if f"rId{n}" not in used)
        self.append(Relationship(rid, reltype, target, external))
        return rid

    def xml(self) -> bytes:
        """The relationships part (`_rels/<part>.rels`)."""
        root = etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
        for rel in self:
            element = etree.SubElement(root, f"{{{RELS_NS}}}Relationship", Id=rel.rid, Type=rel.reltype,
                                       Target=rel.target)
            if rel.external:
                element.set("TargetMode", "External")
        return xml_bytes(root)

    @classmethod
    def parse(cls, data: bytes) -> Relationships:
        """The relationships of a `.rels` part."""
        return cls(Relationship(r.get("Id"), r.get("Type"), r.get("Target"), r.get("TargetMode") == "External")
                   for r in etree.fromstring(data).iterfind(f"{{{RELS_NS}}}Relationship"))


def rels_name(part: str) -> str:
    """Where a part's relationships are stored: word/document.xml -> word/_rels/document.xml.rels."""
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


@dataclass(eq=False)
class Reference:
    """The reference document, read once: its parts, its body's section properties, its styles
    by name, and each of its parts deflated once for every file that takes it unchanged."""

    parts: dict[str, bytes]
    content_types: dict[str, dict[str, str]]  # "defaults": extension -> type, "overrides": part -> type
    document: etree._Element  # the main part with an empty body (its section properties only)
    relationships: Relationships  # the main part's
    styles: etree._Element
    numbering: etree._Element | None
    settings: etree._Element | None
    style_ids: dict[str, str]  # style name as Word's interface shows it -> style id
    footnotes: str | None  # the reference's own footnotes part, which a document's notes replace
    _deflated: dict = field(default_factory=dict)  # (part name, variant) -> the part deflated
    _styles_in: dict = field(default_factory=dict)  # (language, right to left?) -> the styles in it
    _by_id: dict = field(default_factory=dict)  # style id -> its w:style element
    numbered: set[str] = field(default_factory=set)  # the numIds that number a list (0 is Word's "none")

    def __post_init__(self) -> None:
        self._by_id.update((s.get(qn("w:styleId")), s) for s in self.styles.iterfind(qn("w:style")))
        if self.numbering is not None:
            self.numbered.update(num.get(qn("w:numId")) for num in self.numbering.iterfind(qn("w:num")))
            self.numbered.discard("0")

    def entry(self, name: str, variant: str = "", make=None) -> Deflated:
        """A part of the reference deflated, the first time it is asked for: as it is, or a
        `variant` of it that `make()` returns the bytes of (its styles in another language)."""
        key = (name, variant)
        if key not in self._deflated:
            self._deflated[key] = deflated(name, make() if make else self.parts[name])
        return self._deflated[key]

    def styles_in(self, language: str, right_to_left: bool = False):
        """The styles with the text's language set (`w:docDefaults`), made once per language. A
        right-to-left language is also the language of complex-script text (`w:bidi`), with the
        reference's region where it names none: 'ar' in a reference set to ar-SA is ar-SA."""
        key = (language, right_to_left)
        if key not in self._styles_in:
            styles = copy.deepcopy(self.styles)
            lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
            if lang is not None:
                lang.set(qn("w:val"), language)
                kept = lang.get(qn("w:bidi"), "")
                if right_to_left and ("-" in language or kept.split("-")[0] != language):
                    lang.set(qn("w:bidi"), language)
            self._styles_in[key] = styles
        return self._styles_in[key]

    def settings_updating_fields(self) -> bytes:
        """The settings asking Word to update the fields (the contents) when it opens the file."""
        settings = copy.deepcopy(self.settings)
        if settings.find(qn("w:updateFields")) is None:
            update = etree.Element(qn("w:updateFields"))
            update.set(qn("w:val"), "true")
            following = next((c for c in settings if c.tag in AFTER_UPDATE_FIELDS), None)
            (following.addprevious if following is not None else settings.append)(update)
        return xml_bytes(settings)

    def style(self, name: str):
        """The `w:style` element of a style, by the name Word shows."""
        return self._by_id[self.style_ids[name]]

    def target(self, reltype: str) -> str | None:
        """The part the main part relates to by `reltype` (its styles, numbering, settings)."""
        return next(("word/" + rel.target for rel in self.relationships if rel.reltype == reltype
                     and not rel.external), None)


@lru_cache(maxsize=4)
def reference(data: bytes) -> Reference:
    """The reference document `data`, read and prepared once per process."""
    parts = dict(read_zip(data))
    types = _content_types(parts[CONTENT_TYPES])
    relationships = Relationships.parse(parts[rels_name(DOCUMENT)])
    targets = {rel.reltype: "word/" + rel.target for rel in relationships if not rel.external}
    document = _declaring(etree.fromstring(parts[DOCUMENT]), BODY_PREFIXES)
    body = document.find(qn("w:body"))
    for child in list(body):  # the reference's own sample content is not ours
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    styles = etree.fromstring(parts[targets[RT.STYLES]])
    ids = {BabelFish.internal2ui(s.find(qn("w:name")).get(qn("w:val"))): s.get(qn("w:styleId"))
           for s in styles.iterfind(qn("w:style")) if s.find(qn("w:name")) is not None}
    numbering, settings = (etree.fromstring(parts[targets[t]]) if t in targets else None
                           for t in (RT.NUMBERING, RT.SETTINGS))
    for name, value in list(parts.items()):  # python-docx writes each XML part anew: so do we, once
        if name.endswith((".xml", ".rels")) and name != CONTENT_TYPES:
            parts[name] = xml_bytes(etree.fromstring(value))
    return Reference(parts, types, document, relationships, styles, numbering, settings, ids,
                     targets.get(RT.FOOTNOTES))


BODY_PREFIXES = ("w", "r", "wp")  # what the body's XML text is written with (ooxml.py)


def _declaring(root, prefixes: tuple[str, ...]):
    """`root`, declaring each of `prefixes` for its namespace: Word declares them all on every
    document it saves; a reference that does not gets a root that does."""
    wanted = {prefix: clark_name(f"{prefix}:x")[1:].partition("}")[0] for prefix in prefixes}
    if all(root.nsmap.get(prefix) == uri for prefix, uri in wanted.items()):
        return root
    declaring = etree.Element(root.tag, root.attrib, nsmap={**root.nsmap, **wanted})
    declaring.extend(root)
    return etree.fromstring(xml_bytes(declaring))  # its children's own declarations left out


def _content_types(data: bytes) -> dict[str, str]:
    """Each part's content type, from [Content_Types].xml: its override, else its extension's default."""
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    root = etree.fromstring(data)
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in root.iterfind(f"{ns}Default")}
    overrides = {o.get("PartName").lstrip("/"): o.get("ContentType") for o in root.iterfind(f"{ns}Override")}
    return {"defaults": defaults, "overrides": overrides}


@dataclass
class _Part:
    """What python-docx's content types item reads of a part."""

    partname: PackURI
    content_type: str


class Package:
    """One document's package: the reference's parts, and those this document changes or adds."""

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self.document = copy.deepcopy(ref.document)
        self.rels = {DOCUMENT: Relationships(copy.copy(rel) for rel in ref.relationships)}
        self.added: dict[str, tuple[str, bytes]] = {}  # part name -> (content type, bytes)
        self.images: dict[str, tuple[str, Image]] = {}  # sha1 -> (part name, image)
        self.numbering = None  # the reference's numbering, copied when a list restarts its count
        self.update_fields = False
        self.language: str | None = None
        self.right_to_left = False  # the language is written right to left: its complex-script language set

    @property
    def body(self):
        return self.document.find(qn("w:body"))

    def relate(self, source: str, reltype: str, target: str, external: bool = False) -> str:
        """The id of a relationship from part `source` (its name) to `target`."""
        return self.rels.setdefault(source, Relationships()).relate(reltype, target, external)

    def add_part(self, source: str, reltype: str, stem: str, content_type: str, data: bytes) -> str:
        """A new part named with the lowest free number ('word/header%d.xml'), related from
        `source`; returns the relationship's id."""
        name = next(stem % n for n in range(1, len(self.added) + 2) if stem % n not in self.added
                    and stem % n not in self.ref.parts)
        self.added[name] = (content_type, data)
        return self.relate(source, reltype, name.removeprefix("word/"))

    def image(self, data: bytes) -> tuple[str, Image]:
        """The relationship id of an image (one part per distinct image) and what python-docx reads of it."""
        sha1 = hashlib.sha1(data).hexdigest()
        if sha1 not in self.images:
            image = _image(data)
            found = (IMAGE_NUMBER.fullmatch(name) for name in (*self.ref.parts, *self.added))
            used = {int(match[1]) for match in found if match}
            number = next(n for n in range(1, len(used) + 2) if n not in used)
            name = f"word/media/image{number}.{image.ext}"
            self.added[name] = (image.content_type, data)
            self.images[sha1] = (name, image)
        name, image = self.images[sha1]
        return self.relate(DOCUMENT, RT.IMAGE, name.removeprefix("word/")), image

    def footnotes_part(self) -> str:
        """The name of the footnotes part (the reference's, which the notes replace, or a new
        one), related from the main part; its links relate from it."""
        name = self.ref.footnotes or "word/footnotes.xml"
        self.relate(DOCUMENT, RT.FOOTNOTES, name.removeprefix("word/"))
        return name

    def footnotes(self, content: str) -> None:
        """The footnotes part, holding `content` (XML text: its `w:footnote` elements)."""
        root = f'<w:footnotes {nsdecls("w", "r")}>{content}</w:footnotes>'
        self.added[self.footnotes_part()] = (CT.WML_FOOTNOTES, XML_DECLARATION + root.encode("utf-8"))

    def restarted_numbering(self, style_id_num: str, start: int, level: int) -> str:
        """A new numbering instance of the list whose instance is `style_id_num`, its `level`
        counting from `start`; returns its id (the lowest free, as python-docx gives it)."""
        if self.numbering is None:
            self.numbering = copy.deepcopy(self.ref.numbering)
        nums = self.numbering.findall(qn("w:num"))
        abstract = next(n for n in nums if n.get(qn("w:numId")) == style_id_num).find(qn("w:abstractNumId"))
        used = {int(n.get(qn("w:numId"))) for n in nums}
        number = next(n for n in range(1, len(used) + 2) if n not in used)
        num = etree.Element(qn("w:num"), {qn("w:numId"): str(number)})
        etree.SubElement(num, qn("w:abstractNumId"), {qn("w:val"): abstract.get(qn("w:val"))})
        override = etree.SubElement(num, qn("w:lvlOverride"), {qn("w:ilvl"): str(level)})
        etree.SubElement(override, qn("w:startOverride"), {qn("w:val"): str(start)})
        cleanup = self.numbering.find(qn("w:numIdMacAtCleanup"))
        (cleanup.addprevious if cleanup is not None else self.numbering.append)(num)
        return str(number)

    def header_and_footer(self, kind: str, part_type: str, paragraph: str) -> None:
        """A header or footer part ('header' or 'footer') of the section, of `part_type`
        ('default' or 'first'), holding `paragraph` (XML text)."""
        head, tail = _skeleton(kind)
        content_type = CT.WML_HEADER if kind == "header" else CT.WML_FOOTER
        reltype = RT.HEADER if kind == "header" else RT.FOOTER
        rid = self.add_part(DOCUMENT, reltype, f"word/{kind}%d.xml", content_type,
                            head + paragraph.encode("utf-8") + tail)
        section = self.body.find(qn("w:sectPr"))
        reference = etree.SubElement(section, qn(f"w:{kind}Reference"))
        reference.set(qn("w:type"), part_type)
        reference.set(qn("r:id"), rid)
        references = [c for c in section if c.tag in (qn("w:headerReference"), qn("w:footerReference"))]
        others = [c for c in section if c not in references]
        section[:] = [*references, *others]  # references first, in the order they were made

    def title_page(self) -> None:
        """Give the section's first page a header and footer of its own (`w:titlePg`)."""
        section = self.body.find(qn("w:sectPr"))
        if section.find(qn("w:titlePg")) is not None:
            return
        following = next((c for c in section if c.tag in AFTER_TITLE_PAGE), None)
        title = etree.Element(qn("w:titlePg"))
        (following.addprevious if following is not None else section.append)(title)

    def right_to_left_section(self) -> None:
        """Lay the section out right to left (`w:bidi`): its columns and page furniture mirrored."""
        section = self.body.find(qn("w:sectPr"))
        if section.find(qn("w:bidi")) is None:
            following = next((c for c in section if c.tag in AFTER_BIDI), None)
            bidi = etree.Element(qn("w:bidi"))
            (following.addprevious if following is not None else section.append)(bidi)

    def to_bytes(self, core: dict, body: str) -> WordFile:
        """The package as a .docx, its body's content the XML text `body`: the reference's parts
        as they are or in a variant made once (styles by language, settings asking for fields to
        update), the rest deflated now."""
        ref = self.ref
        styles, settings, numbering = (ref.target(t) for t in (RT.STYLES, RT.SETTINGS, RT.NUMBERING))
        entries = {name: ref.entry(name) for name in ref.parts if name != CONTENT_TYPES}
        styles_root = ref.styles if self.language is None else ref.styles_in(self.language, self.right_to_left)
        if self.language is not None:
            variant = f"{self.language} rtl" if self.right_to_left else self.language
            entries[styles] = ref.entry(styles, variant, lambda: xml_bytes(styles_root))
        if self.update_fields:
            entries[settings] = ref.entry(settings, "update fields", ref.settings_updating_fields)
        core_root = _core(ref.parts[CORE], core)
        changed = {DOCUMENT: spliced(self.document, self.body, body), CORE: xml_bytes(core_root),
                   **{rels_name(name): rels.xml() for name, rels in self.rels.items()},
                   **{name: data for name, (_, data) in self.added.items()}}
        if self.numbering is not None:
            changed[numbering] = xml_bytes(self.numbering)
        entries.update({name: deflated(name, data, EACH) for name, data in changed.items()})
        data = WordFile(zipped([self._content_types(entries), *(entries[name] for name in sorted(entries))]))
        data.styles, data.core = styles_root, core_root
        return data

    def _content_types(self, entries: dict) -> Deflated:
        """[Content_Types].xml for the parts, as python-docx composes it, deflated."""
        parts = []
        for name in entries:
            if name.endswith(".rels"):
                continue
            if name in self.added:
                content_type = self.added[name][0]
            else:
                ext = name.rpartition(".")[2].lower()
                content_type = self.ref.content_types["overrides"].get(name) or self.ref.content_types["defaults"][ext]
            parts.append((name, content_type))
        return _content_types_entry(tuple(parts))


@lru_cache(maxsize=64)  # files with the same parts (most of a series) share it
def _content_types_entry(parts: tuple[tuple[str, str], ...]) -> Deflated:
    """[Content_Types].xml for parts (name, content type), deflated."""
    items = [_Part(PackURI("/" + name), content_type) for name, content_type in parts]
    return deflated(CONTENT_TYPES, _ContentTypesItem.from_parts(items).blob)


@lru_cache(maxsize=2)
def _skeleton(kind: str) -> tuple[bytes, bytes]:
    """python-docx's empty header or footer part, as the bytes before and after its content."""
    root = etree.fromstring((TEMPLATES / f"default-{kind}.xml").read_bytes())
    root[:] = []
    head, _, tail = spliced(root, root, SPLICE).partition(SPLICE.encode("utf-8"))
    return head, tail


@lru_cache(maxsize=64)
def _image(data: bytes) -> Image:
    """What python-docx reads of an image: its type, extension and size."""
    return Image.from_file(io.BytesIO(data))


def _core(data: bytes, values: dict):
    """The core properties part with `values` set, through python-docx's own properties."""
    element = parse_xml(data)
    props = CoreProperties(element)
    for name, value in values.items():
        setattr(props, name, value)
    return element


class WordFile(bytes):
    """A .docx's bytes, and what its lint reads of them as the writer made them (wordlint.py):
    the styles and core properties trees, and what its body holds (`facts`, a wordlint.Facts)."""

    styles: etree._Element
    core: etree._Element
    facts: object
