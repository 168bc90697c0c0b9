"""Bad sources give every problem at its file:line:col, exit 1, and never a traceback."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import CORPORA, TEMPLATES
from generator.cli import run
from generator.problems import ERRORS
from generator.problems import WARNINGS as WARNING_KINDS

ID_HINT = (" (use lower-case letters, digits and hyphens, so that no two ids differ only in case"
           " and every id is a file name on every system)")

# (file to write, its content, the exact messages expected, in order)
CASES = {
    "yaml-syntax": ("outputs.yaml", "outputs:\n  - id: report\n    title: [unclosed\n",
                    ["outputs.yaml:3:12: error: this '[' is not closed on its line"
                     " (end it with ']', or, if it is text, put it in quotes)"]),
    "tab-indent": ("outputs.yaml", "outputs:\n\t- id: report\n",
                   ["outputs.yaml:2:1: error: a tab is used for indentation (indent with spaces)"]),
    "empty-file": ("outputs.yaml", "",
                   ["outputs.yaml:1:1: error: the file is empty (write at least the record's id)"]),
    "bom": ("outputs.yaml", "\ufeffoutputs: []\n",
            ["outputs.yaml:1:1: error: the file starts with a byte-order mark (save it as UTF-8 without BOM)"]),
    "duplicate-key": ("action-points/beta.yaml",
                      "id: beta\ntitle: One\ntitle: Two\nevidence: E.\n",
                      ["action-points/beta.yaml:3:1: error: duplicate key 'title' (first defined at line 2)"
                       " (remove one of them)"]),
    "unknown-field": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: E.\nsea: [report]\n",
                      ["action-points/beta.yaml:4:1: error: unknown field 'sea' in action point"
                       " (did you mean 'see'?)"]),
    "missing-field": ("action-points/beta.yaml", "id: beta\ntitle: T\n",
                      ["action-points/beta.yaml:1:1: error: missing required field 'evidence' in action point"
                       " (what the research and practice found)"]),
    "yaml-boolean": ("action-points/beta.yaml", "id: beta\ntitle: NO\nevidence: E.\n",
                     ['action-points/beta.yaml:2:8: error: expected text, got a boolean (NO)'
                      ' (put it in quotes: "NO")']),
    "bare-date": ("documents/mini-brief.yaml", "id: mini-brief\ntype: brief\ndate: 2024-01-05\nlanguage: en\n"
                  "title: T\ndescription: D.\nsections: []\n",
                  ['documents/mini-brief.yaml:3:7: error: expected the date as text, got a date (2024-01-05)'
                   ' (write it in quotes: "2024-01-05")']),
    "not-a-date": ("documents/mini-brief.yaml", 'id: mini-brief\ntype: brief\ndate: "2024-02-30"\nlanguage: en\n'
                   "title: T\ndescription: D.\nsections: []\n",
                   ["documents/mini-brief.yaml:3:7: error: '2024-02-30' is not a date (write \"YYYY-MM\" for a"
                    ' month, "YYYY" for a year or "YYYY-MM-DD" for a day, in quotes)']),
    "no-date": ("documents/mini-brief.yaml", "id: mini-brief\ntype: brief\nlanguage: en\n"
                "title: T\ndescription: D.\nsections: []\n",
                ["documents/mini-brief.yaml:1:1: error: missing required field 'date' in document (the publication"
                 ' date, in quotes, as precise as it is known: "2022-06" (a month), "2022" or "2022-06-15")']),
    "todo-in-markdown": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: |\n  Fine.\n\n"
                         "  The figures are TODO until the survey ends.\n",
                         ["action-points/beta.yaml:6:19: error: placeholder 'TODO' still in the text: 'The figures"
                          " are TODO until the survey e…' (write the real text in its place)"]),
    "old-skeleton-prompt": ("action-points/beta.yaml", "id: beta\ntitle: Write the action point\nevidence: E.\n",
                            ["action-points/beta.yaml:2:8: error: placeholder 'Write the action point' still in"
                             " the text: 'Write the action point' (write the real text in its place)"]),
    "example-address": ("outputs.yaml", "outputs:\n  - {id: report, title: R, url: 'https://www.example.com/r',"
                        " kind: report}\n  - {id: site, title: S, url: 'https://b.example/', kind: website}\n",
                        ["outputs.yaml:2:33: error: 'https://www.example.com/r' is a placeholder address"
                         " (www.example.com is reserved for examples) (write the real address)"]),
    "footnote-without-text": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: Counted.[^1]\n",
                              ["action-points/beta.yaml:3:19: error: the footnote [^1] has no text"
                               " (write '[^1]: the note' on a line of its own in this field)"]),
    "footnote-never-referred-to": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: |\n  Counted.\n\n"
                                   "  [^source]: The office.\n",
                                   ["action-points/beta.yaml:6:3: error: the footnote [^source] is never referred to"
                                    " (put [^source] in the text where the note belongs, or remove the note)"]),
    "example-link": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: See [it](https://example.org/x).\n",
                     ["action-points/beta.yaml:3:15: error: 'https://example.org/x' is a placeholder address"
                      " (example.org is reserved for examples) (write the real address)"]),
    "colon-in-a-list-item": ("action-points/beta.yaml", 'id: beta\ntitle: T\nevidence: E.\nthemes:\n  - Housing: "first"\n',
                             ['action-points/beta.yaml:5:5: error: expected text, got a mapping'
                              ' (put the text in quotes: "Housing: first")']),
    "bracket-in-a-host": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: See [x](https://a[b/).\n",
                          ["action-points/beta.yaml:3:15: error: the link [x] points to 'https://a[b/', which is not"
                           " an address (write it as https://..., with %5B and %5D for brackets)"]),
    "bracket-in-a-url": ("outputs.yaml", "outputs:\n  - {id: report, title: R, url: 'http://[foo/x', kind: report}\n"
                         "  - {id: site, title: S, url: 'https://b.example/', kind: website}\n",
                         ["outputs.yaml:2:33: error: 'http://[foo/x' is not an absolute http, https or mailto address"
                          " (write it as https://...)"]),
    "closing-unknown": ("documents/mini-brief.yaml", 'id: mini-brief\ntype: brief\ndate: "2024"\nlanguage: en\n'
                        "title: T\ndescription: D.\nsections: []\nclosing: [funding, disclaimr]\n",
                        ["documents/mini-brief.yaml:8:20: error: unknown closing id 'disclaimr'"
                         " (did you mean 'disclaimer'?)"]),

    "python-tag": ("action-points/beta.yaml", "id: beta\ntitle: !!python/object:os.system T\nevidence: E.\n",
                   ["action-points/beta.yaml:2:8: error: the tag tag:yaml.org,2002:python/object:os.system"
                    " is not allowed (sources are plain data: remove the tag)"]),
    "id-not-file-name": ("action-points/beta.yaml", "id: gamma\ntitle: T\nevidence: E.\n",
                         ["action-points/beta.yaml:1:1: error: the id 'gamma' differs from the file name"
                          " (rename the file to gamma.yaml or change the id)"]),
    "unsafe-id": ("action-points/beta.yaml", "id: Beta Two\ntitle: T\nevidence: E.\n",
                  ["action-points/beta.yaml:1:5: error: the id 'Beta Two' has a space and has capital letters"
                   + ID_HINT]),
    "reserved-id": ("action-points/con.yaml", "id: con\ntitle: T\nevidence: E.\n",
                    ["action-points/con.yaml:1:5: error: 'con' is a name reserved on Windows" + ID_HINT]),
    "not-utf8": ("outputs.yaml", b"outputs:\n  - id: r\xe9port\n",
                 ["outputs.yaml:2:10: error: the file is not UTF-8 (byte 0xe9) (save it as UTF-8)"]),
    "yaml-on": ("action-points/beta.yaml", "id: beta\ntitle: on\nevidence: E.\n",
                ['action-points/beta.yaml:2:8: error: expected text, got a boolean (on) (put it in quotes: "on")']),
    "yaml-float": ("action-points/beta.yaml", "id: beta\ntitle: 1.10\nevidence: E.\n",
                   ['action-points/beta.yaml:2:8: error: expected text, got a number (1.10)'
                    ' (put it in quotes: "1.10")']),
    "yaml-sexagesimal": ("action-points/beta.yaml", "id: beta\ntitle: 12:30\nevidence: E.\n",
                         ['action-points/beta.yaml:2:8: error: expected text, got an integer (12:30)'
                          ' (put it in quotes: "12:30")']),
    "date-as-text": ("action-points/beta.yaml", "id: beta\ntitle: 2024-01-05\nevidence: E.\n",
                     ['action-points/beta.yaml:2:8: error: expected text, got a date (2024-01-05)'
                      ' (put it in quotes: "2024-01-05")']),
    "unknown-reference": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: E.\nsee: [reprot]\n",
                          ["action-points/beta.yaml:4:7: error: unknown output id 'reprot' (did you mean 'report'?)"]),
    "defined-twice": ("outputs.yaml",
                      "outputs:\n  - {id: report, title: R, url: 'https://a.example/', kind: report}\n"
                      "  - {id: site, title: S, url: 'https://b.example/', kind: website}\n"
                      "  - {id: report, title: R2, url: 'https://c.example/', kind: report}\n",
                      ["outputs.yaml:4:10: error: output id 'report' is defined twice"
                       " (first defined at notes/outputs.yaml:2:10)"]),
    "slash-id": ("action-points/beta.yaml", "id: a/b\ntitle: T\nevidence: E.\n",
                 ["action-points/beta.yaml:1:5: error: the id 'a/b' has a slash" + ID_HINT]),
    "dotdot-id": ("action-points/beta.yaml", "id: ..\ntitle: T\nevidence: E.\n",
                  ["action-points/beta.yaml:1:5: error: the id '..' has '..'" + ID_HINT]),
    "case-id": ("action-points/beta.yaml", "id: Beta\ntitle: T\nevidence: E.\n",
                ["action-points/beta.yaml:1:5: error: the id 'Beta' has capital letters" + ID_HINT]),
    "control-character": ("action-points/beta.yaml", 'id: beta\ntitle: "Bell\\a here"\nevidence: E.\n',
                          ["action-points/beta.yaml:2:8: error: control character U+0007 in text"
                           " (delete it; it may have come with pasted text)"]),
    "link-without-target": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: |\n  Fine.\n\n"
                            "  See [the report]() too.\n",
                            ["action-points/beta.yaml:6:7: error: the link [the report] has no target"
                             " (write [text](https://...))"]),
    "link-javascript": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: |\n"
                        "  Click [me](javascript:alert(1)).\n",
                        ["action-points/beta.yaml:4:9: error: the link [me] points to 'javascript:alert(1)'"
                         " (links start with https://, http:// or mailto:, or doc: and point: within the series)"]),
    "cross-reference-to-no-document": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: |\n"
                                       "  See [the note](doc:mini-nite).\n",
                                       ["action-points/beta.yaml:4:7: error: no document 'mini-nite'"
                                        " (did you mean 'mini-note'?)"]),
    "cross-reference-to-no-heading": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: |\n"
                                      "  See [it](doc:mini-note#alfa).\n",
                                      ["action-points/beta.yaml:4:7: error: document 'mini-note' has no heading"
                                       " 'alfa' (did you mean 'alpha'?)"]),
    "cross-reference-to-a-point-not-shown": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: |\n"
                                             "  See [it](point:beta).\n",
                                             ["action-points/beta.yaml:4:7: error: no document shows action"
                                              " point 'beta' (list it in a document's section, or link to the"
                                              " document instead)"]),
    "heading-in-markdown": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: |\n  Text.\n\n"
                            "  ## A heading\n",
                            ["action-points/beta.yaml:6:3: error: headings are not allowed in Markdown text"
                             " (the template sets the headings: use a section title, or **strong** text)"]),
    # Found in review: each of these once ended in a traceback or in broken output.
    "impossible-date": ("documents/mini-brief.yaml", "id: mini-brief\ntype: brief\ndate: 2022-13-45\n"
                        "language: en\ntitle: T\ndescription: D.\nsections: []\n",
                        ["documents/mini-brief.yaml:3:7: error: cannot read value '2022-13-45':"
                         " month must be in 1..12 (put it in quotes if it is text)"]),
    "huge-integer": ("documents/mini-brief.yaml", "id: mini-brief\ntype: brief\nnumber: " + "9" * 5000
                     + '\ndate: "2024"\nlanguage: en\ntitle: T\ndescription: D.\nsections: []\n',
                     ["documents/mini-brief.yaml:3:9: error: cannot read value '" + "9" * 40 + "':"
                      " Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits;"
                      " use sys.set_int_max_str_digits() to increase the limit (put it in quotes if it is text)"]),
    "deep-nesting": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: E.\nthemes: "
                     + "[" * 3000 + "]" * 3000 + "\n",
                     ["action-points/beta.yaml:4:41: error: values nest deeper than 32 levels"]),
    "xml-invalid-character": ("action-points/beta.yaml", 'id: beta\ntitle: "A \\uFFFE B"\nevidence: E.\n',
                              ["action-points/beta.yaml:2:8: error: control character U+FFFE in text"
                               " (delete it; it may have come with pasted text)"]),
    "several-lines": ("action-points/beta.yaml", 'id: beta\ntitle: "Intro\\n# Injected"\nevidence: E.\n',
                      ["action-points/beta.yaml:2:8: error: expected one line of text, got several lines"
                       " (join the lines; only Markdown fields hold paragraphs)"]),
    "empty-text": ("action-points/beta.yaml", 'id: beta\ntitle: ""\nevidence: E.\n',
                   ["action-points/beta.yaml:2:8: error: the text is empty"
                    " (write it, or remove the field if it is optional)"]),
    "language-name": ("documents/mini-brief.yaml", 'id: mini-brief\ntype: brief\ndate: "2024"\nlanguage: English\n'
                      "title: T\ndescription: D.\nsections: []\n",
                      ["documents/mini-brief.yaml:4:11: error: 'English' is not a language tag"
                       " (write en, en-GB, de, fr ...)"]),
    "automatic-mail-link": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: Write to <info@example.org>.\n",
                            ["action-points/beta.yaml:3:20: error: write the address as a link:"
                             " [info@example.org](mailto:info@example.org)"]),
    "shallow-nested-list": ("action-points/beta.yaml", "id: beta\ntitle: T\nevidence: |\n  - one\n"
                            "    - nested by two\n",
                            ["action-points/beta.yaml:5:5: error: a nested list item must be indented by 4"
                             " spaces (indent it by 4 spaces, or not at all for the outer list)"]),
    "url-with-space": ("outputs.yaml", "outputs:\n  - {id: report, title: R, url: 'https://a.example/a b', kind: report}\n"
                       "  - {id: site, title: S, url: 'https://b.example/', kind: website}\n",
                       ["outputs.yaml:2:33: error: 'https://a.example/a b' holds ' ', which an address cannot hold"
                        " as it is (encode it: %20 for a space, %5B and %5D for brackets)"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_problem_is_reported_at_its_place(case, tmp_path, monkeypatch, capsys):
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    name, content, expected = CASES[case]
    (notes / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    assert run(["check", "--notes", "notes", "--templates", str(TEMPLATES)]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if ": error: " in line or ": warning: " in line]
    assert lines == [f"notes/{line}" for line in expected]
    assert "Traceback" not in err
    assert run(["check", "--notes", "notes", "--templates", str(TEMPLATES), "--format", "json"]) == 1
    codes = [problem["code"] for problem in json.loads(capsys.readouterr().out)["problems"]]
    assert codes and all(code in ERRORS or code in WARNING_KINDS for code in codes), codes  # each of a known kind


def test_every_problem_is_listed_at_once(tmp_path, monkeypatch, capsys):
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    (notes / "action-points" / "beta.yaml").write_text("id: beta\ntitle: NO\nevidence: E.\nsea: []\n")
    (notes / "documents" / "mini-brief.yaml").write_text(
        'id: mini-brief\ntype: breif\ndate: "2024"\nlanguage: en\ntitle: T\ndescription: D.\nsections: []\n')
    monkeypatch.chdir(tmp_path)
    assert run(["check", "--notes", "notes", "--templates", str(TEMPLATES)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        'notes/action-points/beta.yaml:2:8: error: expected text, got a boolean (NO) (put it in quotes: "NO")',
        "notes/action-points/beta.yaml:4:1: error: unknown field 'sea' in action point (did you mean 'see'?)",
        "notes/documents/mini-brief.yaml:2:7: error: 'breif' is not one of policy_note, crosswalk, brief"
        " (did you mean 'brief'?)",
        "3 error(s), 0 warning(s): nothing was written",
    ]


def test_template_error_names_the_template_line(tmp_path, capsys):
    templates = Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))
    blocks = templates / "_blocks.md.j2"
    text = blocks.read_text(encoding="utf-8")
    line = text[:text.index("project.funding.grant")].count("\n") + 1
    blocks.write_text(text.replace("project.funding.grant", "project.funding.grnat"), encoding="utf-8")
    assert run(["check", "--notes", str(CORPORA["mini"]), "--templates", str(templates)]) == 1
    err = capsys.readouterr().err
    assert (f"{blocks.as_posix()}:{line}:1: error: template: the record has no attribute 'grnat'"
            " (rendering mini-brief)") in err


WARNINGS = [
    "notes/action-plan.yaml:6:9: warning: Action Plan point 'second' has no evidence"
    " (link an action point to it with 'action_plan: - point: second') [no-evidence]",
    "notes/action-points/beta.yaml:1:5: warning: action point 'beta' is used by no document"
    " (list it in a section's 'action_points:', or link it to an Action Plan point that a crosswalk shows)"
    " [unused-action-point]",
    "notes/action-points/beta.yaml:3:11: warning: this text is not written as a block ('|'): YAML joins its"
    " lines, so its paragraphs and list items run together (write 'evidence: |' and indent the text below it)"
    " [folded-markdown]",
    "notes/outputs.yaml:8:9: warning: output 'site' is cited nowhere"
    " (cite it in a 'see:' list or an 'outputs:' section, or remove it) [uncited-output]",
]


@pytest.fixture
def warned(tmp_path, monkeypatch) -> Path:
    """The mini corpus with an unused action point (its list folded into one line), an uncited
    output and a point without evidence."""
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    (notes / "action-points" / "beta.yaml").write_text("id: beta\ntitle: T\nevidence: First line.\n  - one\n  - two\n")
    alpha = notes / "action-points" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("see: [report, site]", "see: [report]"))
    note = notes / "documents" / "mini-note.yaml"
    note.write_text(note.read_text().replace("outputs: [report, site]", "outputs: [report]"))
    monkeypatch.chdir(tmp_path)
    return notes


def test_warnings_are_listed_and_fail_only_under_strict(warned, capsys):
    args = ["check", "--notes", "notes", "--templates", str(TEMPLATES)]
    assert run(args) == 0
    assert capsys.readouterr().err.splitlines() == WARNINGS + ["0 error(s), 4 warning(s)"]
    assert run(args + ["--strict"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "0 error(s), 4 warning(s): nothing was written"


def test_a_kind_of_warning_can_be_silenced_by_its_code(warned, capsys):
    args = ["check", "--notes", "notes", "--templates", str(TEMPLATES), "--strict"]
    assert run(args + ["--ignore", "no-evidence,unused-action-point,folded-markdown"]) == 1
    assert capsys.readouterr().err.splitlines() == [WARNINGS[3], "0 error(s), 1 warning(s): nothing was written"]
    assert run(args + ["--ignore", "no-evidence,unused-action-point,folded-markdown,uncited-output"]) == 0
    assert run(args + ["--ignore", "uncited"]) == 2
    assert "no kind of warning is called 'uncited' (did you mean 'uncited-output'?)" in capsys.readouterr().err


def test_json_output_for_tools(warned, capsys):
    import json
    assert run(["check", "--notes", "notes", "--templates", str(TEMPLATES), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["errors"], data["warnings"], data["failed"]) == (0, 4, False)
    first = data["problems"][0]
    assert (first["path"], first["line"], first["column"], first["severity"]) == (
        "notes/action-plan.yaml", 6, 9, "warning")


def test_closing_records_show_what_their_kind_shows(tmp_path, monkeypatch, capsys):
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    project = notes / "project.yaml"
    text = re.sub(r"^funding:\n(  .*\n)+", "", project.read_text(encoding="utf-8"), flags=re.M)
    project.write_text(text + "  - id: contact-line\n    kind: text\n  - id: boxed\n    kind: project\n"
                       "    title: Our project\n    default_for: [brief]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(["check", "--notes", "notes", "--templates", str(TEMPLATES)]) == 1
    messages = [line.split(": error: ", 1)[1] for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert sorted(messages) == sorted([
        "closing record 'funding' shows the funding statement, but project.yaml has no 'funding'"
        " (add funding: (programme, grant))",
        "closing record 'contact-line' of kind text has no body (write its text under 'body: |')",
        "closing record 'boxed' of kind project shows the project's own fields, not a title or body"
        " (remove them, or use kind: text)"])


def test_a_closing_record_no_document_uses_is_a_warning(tmp_path, monkeypatch, capsys):
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    brief = notes / "documents" / "mini-brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("closing: [disclaimer, funding]", "closing: [funding]"))
    monkeypatch.chdir(tmp_path)
    assert run(["check", "--notes", "notes", "--templates", str(TEMPLATES)]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        "notes/project.yaml:47:9: warning: closing record 'disclaimer' is used by no document (name a document"
        " type in its default_for, list it in a document's 'closing:', or remove it) [unused-closing]")


@pytest.mark.parametrize("address", ["https://mini.test/publications?lang=en", "https://mini.test/pubs#top",
                                     "mailto:hello@mini.test", "https://mini.test/pubs?", "https://mini.test/pubs#"])
def test_the_publications_address_is_one_paths_can_follow(address, tmp_path, monkeypatch, capsys):
    """Pages join html/<id>.html onto publications_url: a query, a fragment or an e-mail address
    would make every canonical and PDF address a wrong one."""
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    project = notes / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace(
        "publications_url: https://mini.test/publications", f"publications_url: {address}"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(["check", "--notes", "notes", "--templates", str(TEMPLATES)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"notes/project.yaml:5:19: error: '{address}' is not a web address that paths can follow: it has a"
        " query ('?'), a fragment ('#') or is an e-mail address"
        " (write the folder's address, such as https://example.org/publications/)")
