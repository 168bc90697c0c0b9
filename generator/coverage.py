"""How far the evidence covers the Action Plan: the matrix, the gaps, and each publication's use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .fields import Record

if TYPE_CHECKING:  # corpus.py calls this module to warn of gaps
    from .corpus import Corpus


@dataclass
class Coverage:
    """Coverage of Action Plan points by cited publications, and what is missing."""

    rows: list[dict] = field(default_factory=list)  # per Action Plan point: id, title, action points, outputs
    columns: list[Record] = field(default_factory=list)  # outputs cited for any Action Plan point, catalogue order
    no_evidence: list[str] = field(default_factory=list)  # Action Plan points no action point links to
    uncited: list[str] = field(default_factory=list)  # outputs nothing cites
    unlinked: list[str] = field(default_factory=list)  # action points linked to no Action Plan point
    citations: dict[str, dict[str, int]] = field(default_factory=dict)  # output -> counts

    @property
    def gaps(self) -> bool:
        """True when a point has no evidence or a publication is cited nowhere."""
        return bool(self.no_evidence or self.uncited)

    def as_dict(self) -> dict:
        """The report as plain data, for JSON."""
        return {"action_plan_points": self.rows, "no_evidence": self.no_evidence, "uncited": self.uncited,
                "unlinked": self.unlinked, "citations": self.citations, "gaps": self.gaps}

    def text(self, corpus: Corpus) -> str:
        """The report for people."""
        width = max([len(ident) for ident in corpus.outputs] + [len("publication")])
        lines = [f"Action Plan points: {len(self.rows)}, with evidence: {len(self.rows) - len(self.no_evidence)}",
                 *(f"  no evidence: {ident}  {corpus.plan_points[ident]['title']}" for ident in self.no_evidence),
                 f"Publications: {len(corpus.outputs)}, cited nowhere: {len(self.uncited)}",
                 *(f"  cited nowhere: {ident}" for ident in self.uncited),
                 f"Action points linked to no Action Plan point: {', '.join(self.unlinked) or 'none'}",
                 "", f"{'publication':<{width}}  Action Plan points  action points"]
        lines += [f"{ident:<{width}}  {counts['action_plan_points']:>18}  {counts['action_points']:>13}"
                  for ident, counts in self.citations.items()]
        return "\n".join(lines)


def plan_row(corpus: Corpus, plan_id: str) -> dict:
    """An Action Plan point with the action points linked to it and the outputs they cite, in order."""
    links = corpus.links_to(plan_id)
    cited = list(dict.fromkeys(output for _, link in links for output in link["see"]))
    return {"id": plan_id, "title": corpus.plan_points[plan_id]["title"],
            "action_points": [point["id"] for point, _ in links],
            "relations": [link["relation"] for _, link in links], "outputs": cited}


def matrix_columns(corpus: Corpus, rows: list[dict]) -> list[Record]:
    """The outputs cited in any of `rows`, in the catalogue's order."""
    cited = {output for row in rows for output in row["outputs"]}
    return [output for ident, output in corpus.outputs.items() if ident in cited]


def coverage(corpus: Corpus) -> Coverage:
    """Coverage of the whole Action Plan by the corpus."""
    rows = [plan_row(corpus, ident) for ident in corpus.plan_points]
    by_point = {ident: set(point["see"]) for ident, point in corpus.action_points.items()}
    in_documents = {output for doc in corpus.documents for section in doc["sections"]
                    for output in section["outputs"]}
    citations = {ident: {"action_plan_points": sum(ident in row["outputs"] for row in rows),
                         "action_points": sum(ident in see for see in by_point.values())}
                 for ident in corpus.outputs}
    return Coverage(
        rows=rows,
        columns=matrix_columns(corpus, rows),
        no_evidence=[row["id"] for row in rows if not row["action_points"]],
        uncited=[ident for ident, counts in citations.items()
                 if not any(counts.values()) and ident not in in_documents],
        unlinked=[ident for ident, point in corpus.action_points.items() if not point["action_plan"]],
        citations=citations,
    )
