"""The YAML mistakes editors make get one plain line each, at the place to change; Markdown
that YAML folds into one paragraph gets a warning.

Each case replaces the mini corpus's action point `beta` (below as it ships) with a mistake
in it and expects `check` to print exactly these lines, with the C loader and without it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import CORPORA, TEMPLATES
from generator import yamlsource
from generator.cli import run
from generator.yamlerrors import explain

BETA = """\
id: beta
title: Do the second thing
evidence: Second evidence.
action_plan:
  - point: second
    relation: gap
    see: [site, report]
"""


def beta(old: str, new: str) -> str:
    """The shipped `beta` with one piece of text replaced."""
    assert old in BETA
    return BETA.replace(old, new)


# name: (the text of action-points/beta.yaml, the exact problem lines after "action-points/beta.yaml:")
ERRORS = {
    # A colon and a space in a value that is not in quotes.
    "colon-in-value": (beta("Do the second thing", "Integration: a guide"),
                       ['2:19: error: the text has a colon followed by a space, which YAML takes for a new field'
                        ' (put the text in quotes: title: "Integration: a guide")']),
    "colon-in-nested-value": (beta("relation: gap", "relation: gap\n    comment: Note: the plan is silent"),
                              ['7:18: error: the text has a colon followed by a space, which YAML takes for a new'
                               ' field (put the text in quotes: comment: "Note: the plan is silent")']),
    "colon-in-list-item": (BETA + "themes:\n  - housing\n  - Work: training: jobs\n",
                           ['10:19: error: the text has a colon followed by a space, which YAML takes for a new'
                            ' field (put the text in quotes: - "Work: training: jobs")']),
    "colon-and-quotes": (beta("Do the second thing", 'The "best" way: a guide'),
                         ['2:22: error: the text has a colon followed by a space, which YAML takes for a new field'
                          ' (put the text in quotes: title: "The \\"best\\" way: a guide")']),
    "colon-at-end": (beta("Do the second thing", "Note:"),
                     ['2:12: error: the text ends with a colon, which YAML takes for a new field'
                      ' (put the text in quotes: title: "Note:")']),
    "colon-on-later-line": (beta("Second evidence.", "Three things\n  matter here: housing, work."),
                            ["4:14: error: the text has a colon followed by a space, which YAML takes for a new"
                             " field (put the whole text of 'evidence' in quotes)"]),
    "no-space-after-colon": (beta("title: Do", "title:Do"),
                             ["2:7: error: there is no space after 'title:' (write title: Do the second thing)"]),
    # Indentation: what the line should line up with, worked out from the lines above it.
    "key-indented-more": (beta("evidence:", "  evidence:"),
                          ["3:3: error: this line is indented 2 spaces, which does not fit the lines above it"
                           " (line it up with 'title' on line 2, indented 0 spaces)"]),
    "key-in-item-indented-less": (beta("    relation", "   relation"),
                                  ["6:4: error: this line is indented 3 spaces, which does not fit the lines above"
                                   " it (line it up with 'point' on line 5, indented 4 spaces)"]),
    "key-in-item-indented-more": (beta("    relation", "      relation"),
                                  ["6:7: error: this line is indented 6 spaces, which does not fit the lines above"
                                   " it (line it up with 'point' on line 5, indented 4 spaces)"]),
    "item-indented-more": (BETA + "   - point: first\n",
                           ["8:4: error: this line is indented 3 spaces, which does not fit the lines above it"
                            " (line it up with the '-' on line 5, indented 2 spaces)"]),
    "item-indented-less": (BETA + " - point: first\n",
                           ["8:2: error: this line is indented 1 space, which does not fit the lines above it"
                            " (line it up with the '-' on line 5, indented 2 spaces)"]),
    "first-line-indented": (beta("id: beta", "   id: beta"),
                            ["1:4: error: this line is indented 3 spaces, which does not fit the lines below it"
                             " (line it up with line 2, indented 0 spaces)"]),
    "continuation-not-indented": (beta("Second evidence.", "Second evidence,\nwritten on two lines."),
                                  ["4:1: error: this line is neither a field ('name: value') nor part of the text"
                                   " of 'evidence' on line 3 (add ':' after the field's name, or, if it continues"
                                   " that text, indent it)"]),
    "continuation-of-block": (beta("Second evidence.", "|\n    Second evidence,\n  written on two lines."),
                              ["5:3: error: this line is neither a field ('name: value') nor part of the text"
                               " of 'evidence' on line 3 (add ':' after the field's name, or, if it continues"
                               " that text, line it up with line 4, indented 4 spaces)"]),
    "missing-colon": (beta("title: Do", "title Do"),
                      ["2:1: error: this line is neither a field ('name: value') nor part of the text of 'id'"
                       " on line 1 (add ':' after the field's name, or, if it continues that text, indent it)"]),
    "list-where-fields-are": (beta("evidence:", "- evidence:"),
                              ["3:1: error: the indentation of this line does not match the lines above it"
                               " (line it up with the field or list item it belongs to)"]),
    # Quotes: where a quote opened, and that it is never closed, or closed too early.
    "double-quote-never-closed": (beta("Do the second thing", '"Do the second thing'),
                                  ['2:8: error: this quote (") is never closed'
                                   ' (close it where the text ends, e.g. title: "Do the second thing")']),
    "single-quote-never-closed": (beta("Do the second thing", "'Do the second thing"),
                                  ["2:8: error: this quote (') is never closed"
                                   " (close it where the text ends, e.g. title: 'Do the second thing')"]),
    "quote-closed-by-next-line": (beta("Do the second thing\nevidence: Second evidence.",
                                       '"Do the second thing\nevidence: "Second evidence."'),
                                  ['2:8: error: this quote (") is not closed on its line, so YAML reads on to the'
                                   ' " at line 3, column 11 (close it where the text ends,'
                                   ' e.g. title: "Do the second thing")']),
    "quote-closed-early": (beta("Do the second thing", '"The "best" way"'),
                           ['2:8: error: the quote that opens here closes before the end of the text'
                            ' (write it as title: "The \\"best\\" way")']),
    "apostrophe-closes-quote": (beta("Do the second thing", "'Europe's plan'"),
                                ["2:8: error: the quote that opens here closes before the end of the text"
                                 ' (write it as title: "Europe\'s plan")']),
    "unknown-escape": (beta("Do the second thing", '"C:\\plans"'),
                       ["2:11: error: a backslash in double quotes starts a code such as \\n, and '\\p' is not one"
                        " (write the backslash twice (\\\\), or use single quotes)"]),
    # Brackets.
    "bracket-never-closed": (beta("[site, report]", "[site, report"),
                             ["7:10: error: this '[' is not closed on its line"
                              " (end it with ']', or, if it is text, put it in quotes)"]),
    "brace-never-closed": (beta("- point: second\n    relation: gap\n    see: [site, report]",
                                "- {point: second, relation: gap"),
                           ["5:5: error: this '{' is not closed on its line"
                            " (end it with '}', or, if it is text, put it in quotes)"]),
    "text-after-bracket": (beta("Do the second thing", "[Draft] Do the second thing"),
                           ["2:8: error: text cannot start with '[' unless it is in quotes"
                            ' (put the text in quotes: title: "[Draft] Do the second thing")']),
    # Tabs.
    "tab-indentation": (beta("    relation", "\trelation"),
                        ["6:1: error: a tab is used for indentation (indent with spaces)"]),
    "tab-after-dash": (beta("  - point", "  -\tpoint"),
                       ["5:4: error: a tab is not allowed here (use a space instead)"]),
    # Characters that mean something else at the start of a value.
    "emphasis-first": (beta("Second evidence.", "*Second* evidence."),
                       ["3:11: error: text cannot start with '*' unless it is in quotes"
                        ' (put the text in quotes: evidence: "*Second* evidence.")']),
    "markdown-list-not-block": (beta("Second evidence.", "\n  * first\n  * second"),
                                ["4:3: error: text cannot start with '*' unless it is in quotes"
                                 " (write 'evidence: |' and indent the text below it)"]),
    "at-sign-first": (beta("Do the second thing", "@home"),
                      ["2:8: error: text cannot start with '@' unless it is in quotes"
                       ' (put the text in quotes: title: "@home")']),
    "text-after-pipe": (beta("Second evidence.", "| Second evidence."),
                        ["3:11: error: the text after '|' must start on the next line"
                         " (move it to the next line and indent it)"]),
    "second-document": (beta("evidence:", "---\nevidence:"),
                        ["3:1: error: '---' at the start of a line begins a second document"
                         " (a file holds one record: remove it)"]),
}

WARNINGS = {
    "blank-line-plain": beta("Second evidence.", "Second evidence.\n\n  A second paragraph."),
    "blank-line-quoted": beta("Second evidence.", '"Second evidence.\n\n  A second paragraph."'),
    "blank-line-folded": beta("Second evidence.", ">\n  Second evidence.\n\n  A second paragraph."),
    "list-items-plain": beta("Second evidence.", "Second evidence, in two parts\n  - housing\n  - work"),
}
FOLDED = ("3:11: warning: this text is not written as a block ('|'): YAML joins its lines, so its paragraphs"
          " and list items run together (write 'evidence: |' and indent the text below it) [folded-markdown]")
JARGON = re.compile(r"block end|while (parsing|scanning)|mapping values|did not find|<[^<>]*>")


@pytest.fixture(params=["C", "pure"])
def loader(request, monkeypatch) -> str:
    """Run with PyYAML's C loader where it is installed, then with its pure-Python one."""
    if request.param == "C" and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML has no C loader here")
    monkeypatch.setattr(yamlsource, "Loader", yaml.CSafeLoader if request.param == "C" else yaml.SafeLoader)
    return request.param


def check(tmp_path: Path, monkeypatch, text: str, *options: str) -> int:
    """Run `check` on the mini corpus with `text` as action point beta."""
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    (notes / "action-points" / "beta.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return run(["check", "--notes", "notes", "--templates", str(TEMPLATES), *options])


def problem_lines(err: str) -> list[str]:
    """The problems printed, without the file's path and the summary."""
    assert "Traceback" not in err
    prefix = "notes/action-points/beta.yaml:"
    return [line.removeprefix(prefix) for line in err.splitlines() if line.startswith(prefix)]


@pytest.mark.parametrize("case", ERRORS)
def test_mistake_is_explained_at_its_place(case, loader, tmp_path, monkeypatch, capsys):
    text, expected = ERRORS[case]
    assert check(tmp_path, monkeypatch, text) == 1
    err = capsys.readouterr().err
    assert problem_lines(err) == expected
    assert err.splitlines()[-1] == f"{len(expected)} error(s), 0 warning(s): nothing was written"


@pytest.mark.parametrize("case", WARNINGS)
def test_folded_markdown_is_a_warning(case, loader, tmp_path, monkeypatch, capsys):
    assert check(tmp_path, monkeypatch, WARNINGS[case]) == 0
    assert problem_lines(capsys.readouterr().err) == [FOLDED]
    assert run(["check", "--notes", "notes", "--templates", str(TEMPLATES), "--strict"]) == 1
    assert problem_lines(capsys.readouterr().err) == [FOLDED]


@pytest.mark.parametrize("text", [beta("Second evidence.", "|\n  Second evidence.\n\n  A second paragraph."),
                                  beta("Second evidence.", "Second evidence,\n  wrapped on two lines.")])
def test_block_or_one_paragraph_is_not_warned(text, tmp_path, monkeypatch, capsys):
    assert check(tmp_path, monkeypatch, text, "--strict") == 0
    assert problem_lines(capsys.readouterr().err) == []


@pytest.mark.parametrize("case", ERRORS)
def test_message_is_one_plain_line(case, loader):
    text, _ = ERRORS[case]
    for variant in (text, text[: len(text) // 2], text.replace("\n", "\r\n"), text + "\u2028é\U0001F600: x\n",
                    text.replace("second", "s" * 5000)):
        try:
            yaml.compose(variant, Loader=yamlsource.Loader)
        except yaml.MarkedYAMLError as exc:
            _, message, hint = explain(exc, variant)
            assert len(f"{message} ({hint})".splitlines()) == 1 and not JARGON.search(message + hint), message


@pytest.mark.parametrize("loader, expected", [("C", "YAML cannot read this: expected a value"),
                                              ("pure", "YAML cannot read this: expected a value, but found '-'")],
                         indirect=["loader"])
def test_other_errors_keep_their_place_in_plain_words(loader, expected):
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose("see: [a, - b]\n", Loader=yamlsource.Loader)
    assert explain(caught.value, "see: [a, - b]\n") == ((0, 9), expected, "")
