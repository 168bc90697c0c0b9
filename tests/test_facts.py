"""The FOCUS documents (frozen in tests/fixtures/focus) carry their seed documents' facts, in place.

The expectations below are transcribed from the seed documents: headings in order, and the
"See:" line under each, with publication titles exactly as the seeds list them.
"""

from __future__ import annotations

import itertools
import re

import docx
import pytest

NOTE_POINTS = [
    ("Encourage 2-way integration", ["FOCUS Approach to Dynamic Integration", "Field Study Reports",
     "Triangulation Report", "Qualitative Study of the Views of Senior Professionals",
     "Summary of Socio-Psychological Factors and Integration"]),
    ("Empowerment is essential – Co-creation should be a guiding principle",
     ["FOCUS Approach to Dynamic Integration", "Practice Case Studies", "Implementation Guide"]),
    ("Seek multi-stakeholder partnerships",
     ["FOCUS Approach to Dynamic Integration", "Practice Case Studies", "Implementation Guide"]),
    ("Promote access to health services and in particular mental health services",
     ["FOCUS Approach to Dynamic Integration", "Summary of Socio-Psychological Factors and Integration"]),
    ("Promote Access to Quality & Affordable Housing",
     ["Field Study Reports", "Triangulation Report", "Summary of Socio-Economic Factors and Integration"]),
    ("Mainstream gender and anti-discrimination practices",
     ["Triangulation Report", "Practice Case Studies", "Implementation Guide"]),
    ("Provide support at different stages of process", ["Field Study Reports", "Practice Case Studies"]),
    ("Evaluation should be credible and reflect timescale of integration",
     ["Qualitative Study of the Views of Senior Professionals", "Implementation Guide"]),
]

CROSSWALK_POINTS = [
    ("Encourage 2-way integration",
     ["Field Study Reports", "Triangulation Report", "Qualitative Study of the Views of Senior Professionals"]),
    ("Encourage ‘encounters and exchanges’, empowering both communities",
     ["Living Well Together Online Resource", "Practice Case Studies", "Implementation Guide"]),
    ("Support should be targeted and tailored to the needs of a diverse population",
     ["Implementation Guide", "Practice Case Studies", "Field Study Reports"]),
    ("Ensure access to health services and in particular mental health services",
     ["Summary of Socio-Psychological Factors and Integration", "Living Well Together Online Resource"]),
    ("Access to Quality & Affordable Housing",
     ["Summary of Socio-Economic Factors and Integration", "Field Study Reports", "Triangulation Report"]),
    ("Need to improve and make accessible the evidence base",
     ["Qualitative Study of the Views of Senior Professionals", "Living Well Together Online Resource",
      "Implementation Guide"]),
    ("Mainstream gender and anti-discrimination practices",
     ["Triangulation Report", "Practice Case Studies", "Implementation Guide"]),
    ("Provide support at different stages of process", ["Field Study Reports", "Practice Case Studies"]),
    ("Support Evaluation", ["Living Well Together Online Resource", "Implementation Guide",
                            "Qualitative Study of the Views of Senior Professionals"]),
    ("Maximise EU added value through multi-stakeholder partnerships",
     ["Practice Case Studies", "Implementation Guide"]),
]

PARTNER_SITES = [
    "https://jcss.org/", "https://web2020.ffzg.unizg.hr/",
    "https://mau.se/en/research/research-centres/malmo-institute-for-studies-of-migration-diversity-and-welfare/",
    "https://www.charite.de/en/", "https://www.hu-berlin.de/en", "https://pscentre.org/",
    "https://www.lansstyrelsen.se/skane/", "https://www.roteskreuz.at/home", "https://en.rodekors.dk/",
    "https://www.redcross.org.uk/", "https://www.baff-zentren.org/", "https://www.and-cg.com/",
    "http://www.arttic.eu/pages/en/home.php", "https://www.q4pr.ie/",
]

OUTPUT_URLS = {
    "FOCUS Approach to Dynamic Integration": "http://www.focus-refugees.eu/resource#approach",
    "Implementation Guide": "https://www.focus-refugees.eu/resource/#ig",
    "Practice Case Studies": "https://www.focus-refugees.eu/resource/#casestudies",
    "Living Well Together Online Resource": "https://www.focus-refugees.eu/resource/",
    "Field Study Reports": "https://www.focus-refugees.eu/results/#research",
    "Triangulation Report": "https://www.focus-refugees.eu/wp-content/uploads/FOCUS-Triangulation-report.pdf",
    "Qualitative Study of the Views of Senior Professionals":
        "https://www.focus-refugees.eu/wp-content/uploads/FOCUS_Brief-1_Integration-practice-in-Europe.pdf",
    "Summary of Socio-Psychological Factors and Integration":
        "https://www.focus-refugees.eu/wp-content/uploads/FOCUS_Policy-Note-2_SP-factors.pdf",
    "Summary of Socio-Economic Factors and Integration":
        "https://www.focus-refugees.eu/wp-content/uploads/FOCUS_Brief-3_Socio-economic-factors_Oct2020.pdf",
}

LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def markdown(builds, name: str) -> str:
    return (builds["focus"] / "md" / f"{name}.md").read_text(encoding="utf-8")


def flat(text: str) -> str:
    """The text with line wrapping undone, for facts that may span a line break."""
    return re.sub(r"[ \t]*\n(?!\n)[ \t]*(?![-#>*])", " ", text)


def see_lines(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(### heading, links of the "See:" lines under it) for every level-3 heading."""
    blocks = re.split(r"^### ", text, flags=re.M)[1:]
    result = []
    for block in blocks:
        heading, _, rest = block.partition("\n")
        links = [LINK.findall(line) for line in rest.splitlines() if line.startswith("*See:*")]
        result.append((heading, [link for line in links for link in line]))
    return result


@pytest.mark.parametrize("name,expected", [("policy-note-07", NOTE_POINTS),
                                           ("action-plan-crosswalk", CROSSWALK_POINTS)])
def test_points_in_seed_order_with_seed_see_lines(builds, name, expected):
    found = see_lines(markdown(builds, name))
    assert [heading for heading, _ in found] == [title for title, _ in expected]
    for (heading, links), (_, titles) in zip(found, expected):
        assert [text for text, _ in links] == titles, heading
        assert [url for _, url in links] == [OUTPUT_URLS[t] for t in titles], heading


def test_policy_note_facts(builds):
    text = markdown(builds, "policy-note-07")
    heads = re.findall(r"^## (.+)$", text, flags=re.M)
    assert heads == ["Introduction", "Integration practice and CSO networks",
                     "Action points for programme and policy development", "Overview of relevant FOCUS outputs"]
    for fact in ("# Promoting Dynamic Integration in Europe",
                 "**Civil Society Networks and Integration: Principles for Programme Development**",
                 "Policy Note #7 · June 2022", "over 5,000", "Germany, Sweden, Croatia and Jordan",
                 "ECRE", "PICUM", "EWSI", "AMIF", "ESF+",
                 "“In the EU context, a dynamic, two-way process of mutual accommodation by all immigrants"
                 " and residents of EU Member States.”",
                 "COM(2005) 389 final", "> **The FOCUS Approach to Dynamic Integration**",
                 "> **The FOCUS project (2019-2022)**", "Sabina Dziadecka Gråbæk / IFRC Psychosocial Centre",
                 "[contact@focus-refugees.eu](mailto:contact@focus-refugees.eu)",
                 "[www.focus-refugees.eu](http://www.focus-refugees.eu/)",
                 "Horizon 2020 research and innovation programme under grant agreement No. 822401"):
        assert fact in flat(text), fact
    after = text[text.index("**Consortium partners:**"):].split("\n")[2:]  # the list after it, in the box
    partners = "\n".join(itertools.takewhile(lambda line: line.startswith("> - "), after))
    assert [url for _, url in LINK.findall(partners)] == PARTNER_SITES
    overview = text[text.index("## Overview"):text.index("> **The FOCUS project")]
    assert {url for _, url in LINK.findall(overview)} == set(OUTPUT_URLS.values())


def test_crosswalk_facts(builds):
    text = markdown(builds, "action-plan-crosswalk")
    for fact in ("# The Action Plan on Integration & Inclusion 2021-27",
                 "**Relevant Research and Practice from the FOCUS project**", "November 2020", "2016",
                 "New Pact on Migration & Asylum", "EU Anti-Racism Action Plan", "AMIF", "ESF+",
                 "over 5,000", "Germany, Sweden, Croatia and Jordan", "grant agreement No. 822401"):
        assert fact in flat(text), fact


def test_brief_facts(builds):
    text = markdown(builds, "integration-brief-01")
    assert "Integration Brief #1" in text
    for fact in ("31 senior professionals", "7 countries", "Feb-May 2019"):
        assert fact in flat(text), fact
    gaps = text[text.index("## Most commonly identified knowledge gaps"):]
    items = re.findall(r"^- (.+)$", gaps, flags=re.M)
    assert len(items) == 8
    for words in ("Long-term impact", "volunteers", "Mental health", "access to services",
                  "civil society", "measure impact", "reception phase", "racism"):
        assert sum(words.lower() in item.lower() for item in items) == 1, words


def test_word_carries_the_same_facts(builds):
    for name in ("policy-note-07", "action-plan-crosswalk", "integration-brief-01"):
        doc = docx.Document(builds["focus"] / "docx" / f"{name}.docx")
        text = "\n".join(p.text for p in doc.paragraphs)
        for title, _ in (NOTE_POINTS if name == "policy-note-07" else CROSSWALK_POINTS if "crosswalk" in name else []):
            assert title in text, title
        assert "822401" in text
