"""The parser's quick tests (markdown_tree.NEEDS) only pass over blocks their pattern could not
match: the trees are those Python-Markdown makes without them."""

from __future__ import annotations

from xml.etree.ElementTree import tostring

from hypothesis import given
from hypothesis import strategies as st

from generator.markdown_tree import NEEDS, _parser, converted, safe_markdown

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
