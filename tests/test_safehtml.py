"""The page's body is written from the tree through an allow-list (generator/writers/safehtml.py):
the same HTML the sanitizer nh3 (ammonia) gave back from the serialized tree, which it replaces,
without parsing markup back; and text that looks like an entity stays the text it is."""

from __future__ import annotations

import html
import io
from xml.etree.ElementTree import Comment, Element, ProcessingInstruction

import docx
import nh3
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html
from markdown.serializers import to_html_string

from generator.document import Document
from generator.theme import Theme
from generator.writers import docx as docx_writer
from generator.writers import html as html_writer
from generator.writers.safehtml import Policy, to_html

from conftest import TEMPLATES

POLICY = Policy(tags=frozenset({"div", "p", "h2", "ul", "li", "a", "strong", "em", "code", "br", "img", "span"}),
                attributes={"a": frozenset({"href", "class"}), "p": frozenset({"id"}),
                            "img": frozenset({"src", "alt"}), "span": frozenset({"class"})},
                schemes=frozenset({"http", "https", "mailto", "data"}), link_rel="noopener")
# Text without ';' never completes an entity, which Python-Markdown's serializer would leave for
# nh3 to read as markup (the fault test_entities_stay_text shows mended).
TEXT = st.text(st.sampled_from("ab &<>\"'\xa0\n\t\x00\u00e9\u0627"), max_size=8)
ADDRESSES = st.sampled_from(["https://a.test/x?y=1&z=2", "mailto:a@b.test", "#note-1", "page.html#part",
                             "javascript:alert(1)", " java\tscript:alert(1)", "java\x00script:alert(1)",
                             "JavaScript:x", "vbscript:x",
                             "data:image/png;base64,AA==", "ftp://files.test/", "//elsewhere.test/", "HTTPS://A.TEST"])
ATTRIBUTES = st.dictionaries(st.sampled_from(["class", "id", "title", "lang", "onclick", "style", "alt"]), TEXT,
                             max_size=3)


def _remark(kind, text: str, tail: str) -> Element:
    """A comment or a processing instruction, and the text after it."""
    remark = kind(text.replace("-", "").replace(">", "").replace("?", "") or "x")  # whole, once serialized
    remark.tail = tail or None
    return remark


def _element(tag: str, attributes: dict, text: str, children: list, tail: str = "") -> Element:
    element = Element(tag, attributes)
    element.text, element.tail = text or None, tail or None
    element.extend(children)
    return element


# Phrasing inside phrasing, never a link inside a link, and blocks only where blocks may be:
# HTML a parser reads back as the same tree, so the two writers can be compared.
LEAVES = (st.builds(_element, st.sampled_from(["br", "img"]), ATTRIBUTES | st.fixed_dictionaries({"src": ADDRESSES}),
                    TEXT, st.just([]), TEXT)  # a void element's text follows it, as a parser reads it
          | st.builds(_element, st.sampled_from(["script", "SCRIPT", "style"]), ATTRIBUTES, TEXT, st.just([]),
                      TEXT)  # text only, in HTML
          | st.builds(_remark, st.sampled_from([Comment, lambda text: ProcessingInstruction("php", text)]), TEXT, TEXT))
SPANS = st.sampled_from(["strong", "em", "code", "span", "b", "U"])
INLINE = st.recursive(LEAVES, lambda inner: st.builds(_element, SPANS, ATTRIBUTES, TEXT, st.lists(inner, max_size=3),
                                                      TEXT), max_leaves=6)
LINK = st.builds(lambda attributes, address, text, children, tail: _element("a", {**attributes, "href": address},
                                                                            text, children, tail),
                 ATTRIBUTES, ADDRESSES, TEXT, st.lists(INLINE, max_size=2), TEXT)
PARAGRAPH = st.builds(_element, st.sampled_from(["p", "h2", "h5", "li"]), ATTRIBUTES, TEXT,
                      st.lists(INLINE | LINK, max_size=4), st.just("\n"))
BLOCKS = st.recursive(PARAGRAPH, lambda inner: st.builds(_element, st.sampled_from(["div", "section", "ul"]),
                                                         ATTRIBUTES, st.just(""), st.lists(inner, max_size=3),
                                                         st.just("\n")), max_leaves=8)


@given(st.lists(BLOCKS, max_size=4))
def test_the_tree_is_written_as_nh3_cleaned_its_serialization(blocks):
    serialized = "".join(to_html_string(block) for block in blocks)
    expected = nh3.clean(serialized, tags=set(POLICY.tags), url_schemes=set(POLICY.schemes), link_rel="noopener",
                         attributes={tag: set(names) for tag, names in POLICY.attributes.items()})
    assert to_html(blocks, POLICY) == expected


def test_a_tree_of_any_depth_is_written():
    root = inner = Element("div")
    for _ in range(20_000):  # deeper than the interpreter's stack
        inner.append(Element("div"))
        inner = inner[0]
    inner.text = "deep"
    assert to_html([root], POLICY) == "<div>" * 20_001 + "deep" + "</div>" * 20_001


def test_entities_stay_text():
    """A source that writes an entity means its characters, as the Word file and the Markdown
    show them: the page did show '&copy;' as the sign, since nh3 read the serializer's output
    (which leaves what looks like an entity alone) as markup."""
    words = "AT&amp;T &copy; 2020 &#169; &lt;b&gt;"
    doc = Document(id="x", type="brief", label="Brief", date=None, language="en", title="T", subtitle="",
                   description="", keywords=[], author="A", body=f"{words}\n")
    page = lxml_html.document_fromstring(html_writer.write(doc, Theme(TEMPLATES)))
    shown = [p.text_content() for p in page.iter("p")]
    word = [p.text for p in docx.Document(io.BytesIO(docx_writer.write(doc, Theme(TEMPLATES)))).paragraphs]
    assert words in shown and words in word
    assert html.escape(words, quote=False) in html_writer.body_html(doc, Theme(TEMPLATES).labels("en"))
