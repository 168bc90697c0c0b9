"""The parser's quick tests (markdown_tree.NEEDS) only pass over blocks their pattern could not
match: the trees are those Python-Markdown makes without them."""

from __future__ import annotations

from xml.etree.ElementTree import tostring

from hypothesis import given
from hypothesis import strategies as st

from generator.markdown_tree import NEEDS, _parser, converted, parse, safe_markdown, spoken_whole
from generator.markup import SPAN_CLOSE, SPAN_OPEN, SPAN_SAID, language_span, unspanned

# What the four patterns look for, and what stands near it in a body: headings, underlines,
# quotes, footnotes and their definitions, lists, tables, boxes.
PIECES = ["# ", "## ", "#", "> ", ">", "[^1]", "[^1]: A note.", "[^", "- ", "1. ", "---", "===", "=", "-",
          "| a | b |\n|---|---|\n| c | d |", "Table: T", "::: box", ":::", "text", "*x*", " ", "   ", "\n", "\n\n"]
BODIES = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


def _plain():
    """A parser as markdown_tree makes it, but with Python-Markdown's own block tests."""
    md = _parser()
    for name in NEEDS:
        del md.parser.blockprocessors[name].test  # the instance's quick test: the class's shows again
    return md


QUICK, PLAIN = _parser(), _plain()


@given(BODIES)
def test_quick_block_tests_make_the_same_trees(body):
    text = safe_markdown(body)
    assert tostring(converted(QUICK, text)) == tostring(converted(PLAIN, text))


def test_the_quick_tests_are_in_place():
    """Each names a block processor Python-Markdown still has, and has replaced its test."""
    for name in NEEDS:
        processor = QUICK.parser.blockprocessors[name]
        assert "test" in vars(processor) and "test" not in vars(PLAIN.parser.blockprocessors[name])


SPANNED = ("First *paragraph*\ncontinued, with [a link](https://x.test/).\n\n- one\n- two [wrapped\n  link](https://x.test/)"
           "\n    - nested\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n> quoted\n\nText[^n] ] with [0, 1) and `[`.\n\n"
           "[^n]: The note.")


def test_text_in_another_language_is_marked_block_by_block():
    """Each paragraph and each list item's text (its lines continuing it too) is marked as in its
    language, with marks no source can write; a table, a quote and a note's text are left as they
    are; marks off, the text is as it was."""
    start, end = f"{SPAN_OPEN}en ltr{SPAN_SAID}", SPAN_CLOSE
    marked = language_span(SPANNED, "en", "ltr")
    assert marked == (f"{start}First *paragraph*\ncontinued, with [a link](https://x.test/).{end}\n\n- {start}one{end}\n"
                      f"- {start}two [wrapped\n  link](https://x.test/){end}\n    - {start}nested{end}\n\n"
                      f"| a | b |\n| --- | --- |\n| 1 | 2 |\n\n> quoted\n\n{start}Text[^n] ] with [0, 1) and `[`.{end}\n\n"
                      "[^n]: The note.")
    assert unspanned(marked) == SPANNED
    assert language_span("Housing", "ar", "rtl", plain=True) == f"{SPAN_OPEN}ar rtl{SPAN_SAID}Housing{SPAN_CLOSE}"


def test_a_span_is_read_as_text_in_its_language():
    """The parser makes each marked text a span with its language and direction, its text read
    as any other (a link, emphasis, brackets); a block all in it says so, one with other text
    does not; a mark that lost its partner is dropped."""
    english = language_span("The Report", "en", "ltr", plain=True)
    tree = parse(language_span(SPANNED, "ar", "rtl") + f"\n\nو {english}\n\n{SPAN_OPEN}ar rtl{SPAN_SAID}A\n# B{SPAN_CLOSE}")
    spans = list(tree.iter("span"))
    assert [span.get("lang") for span in spans] == ["ar"] * 5 + ["en"]
    assert spans[0].find("em").text == "paragraph" and spans[0].find("a").get("href") == "https://x.test/"
    assert spans[2].find("a").text == "wrapped\n  link" and "".join(spans[4].itertext()) == "Text1 ] with [0, 1) and [."  # the note's mark, 1
    paragraphs = tree.findall("p")
    assert spoken_whole(paragraphs[0]) == "rtl" and spoken_whole(paragraphs[-2]) is None
    text = tostring(tree, encoding="unicode")
    assert SPAN_OPEN not in text and SPAN_CLOSE not in text and SPAN_SAID not in text
    assert tree.find("h1").text == "B" and paragraphs[-1].text == "A"
