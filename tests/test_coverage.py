"""Crosswalk coverage: the matrix, the typed links, and `policynote coverage` with its gaps."""

from __future__ import annotations

import io
import json
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import docx
from docx.oxml.ns import qn

from conftest import CORPORA
from generator.cli import run
from test_facts import CROSSWALK_POINTS

SHORT = {"Implementation Guide": "Implementation Guide", "Practice Case Studies": "Case Studies",
         "Living Well Together Online Resource": "Living Well Together", "Field Study Reports": "Field Study Reports",
         "Triangulation Report": "Triangulation Report",
         "Qualitative Study of the Views of Senior Professionals": "Senior Professionals Study",
         "Summary of Socio-Psychological Factors and Integration": "Socio-Psychological Summary",
         "Summary of Socio-Economic Factors and Integration": "Socio-Economic Summary"}


def matrix_from_markdown(text: str) -> tuple[list[str], list[tuple[str, set[str]]]]:
    """The column headings and, per row, the point and the columns marked, from the pipe table."""
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    cells = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]
    header, rows = cells[0], cells[2:]
    label = re.compile(r"\[(.*)\]\(#[\w-]+\)")  # a row's label links to the point's heading
    return header[1:], [(label.fullmatch(row[0])[1], {header[i] for i, mark in enumerate(row) if mark == "✓"})
                        for row in rows]


def test_focus_matrix_has_the_seeds_ten_rows_and_see_marks(builds):
    text = (builds["focus"] / "md" / "action-plan-crosswalk.md").read_text(encoding="utf-8")
    columns, rows = matrix_from_markdown(text)
    assert [title for title, _ in rows] == [title for title, _ in CROSSWALK_POINTS]
    for (title, marked), (_, see) in zip(rows, CROSSWALK_POINTS):
        assert marked == {SHORT[t] for t in see}, title
    assert len(rows) == 10 and set(columns) == set(SHORT.values())


def test_crosswalk_states_each_relation(builds):
    text = (builds["focus"] / "md" / "action-plan-crosswalk.md").read_text(encoding="utf-8")
    relations = re.findall(r"^\*The evidence (supports|extends|shows a gap in) this point\.\*$", text, re.M)
    assert len(relations) == 10
    assert relations.count("shows a gap in") == 1 and relations.count("extends") == 2
    gender = text[text.index("### Mainstream gender"):]
    assert gender.split("\n\n")[1] == "*The evidence shows a gap in this point.*"


def test_matrix_is_a_word_table_with_a_repeated_header_row(builds):
    doc = docx.Document(builds["focus"] / "docx" / "action-plan-crosswalk.docx")
    table = doc.tables[0]
    assert len(table.rows) == 11 and len(table.columns) == 9
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1].cells[0].text == "Encourage 2-way integration"


def coverage(notes: Path, *options: str) -> tuple[int, str, str]:
    with redirect_stdout(io.StringIO()) as out, redirect_stderr(io.StringIO()) as err:
        code = run(["coverage", "--notes", str(notes), *options])
    return code, out.getvalue(), err.getvalue()


def test_focus_corpus_has_no_gaps():
    code, out, _ = coverage(CORPORA["focus"], "--strict")
    assert code == 0
    assert out.splitlines()[:3] == ["Action Plan points: 10, with evidence: 10",
                                    "Publications: 9, cited nowhere: 0",
                                    "Action points linked to no Action Plan point: co-creation"]
    assert "implementation-guide                   6              4" in out


def test_a_gap_fails_coverage_strict_and_is_named(tmp_path):
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    (notes / "action-points" / "beta.yaml").write_text("id: beta\ntitle: T\nevidence: E.\n")
    code, out, _ = coverage(notes)
    assert code == 0 and "  no evidence: second  Second point of the plan" in out
    code, out, err = coverage(notes, "--strict")
    assert code == 1
    assert err.splitlines()[0] == (f"{(notes / 'action-plan.yaml').as_posix()}:6:9: warning: Action Plan point"
                                   " 'second' has no evidence (link an action point to it with"
                                   " 'action_plan: - point: second') [no-evidence]")
    code, out, _ = coverage(notes, "--format", "json")
    data = json.loads(out)
    assert data["no_evidence"] == ["second"] and data["gaps"] is True
    assert data["unlinked"] == ["beta"]
    assert data["citations"]["report"] == {"action_plan_points": 1, "action_points": 1}
