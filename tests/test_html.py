"""Every HTML page parses cleanly and has the structure assistive technology relies on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit


from conftest import CORPORA, build_corpus
from htmlcheck import parse


def documents(build: Path) -> list[str]:
    """The ids of the documents a build's manifest lists."""
    return [doc["id"] for doc in json.loads((build / "manifest.json").read_text(encoding="utf-8"))["documents"]]


def test_pages_parse_without_structure_errors(any_build):
    pages = sorted((any_build / "html").glob("*.html"))
    assert [p.stem for p in pages] == sorted([*documents(any_build), "index"])
    for path in pages:
        page = parse(path.read_text(encoding="utf-8"))
        assert page.errors == [], path.name
        assert page.doctype.lower() == "doctype html", path.name


def test_language_title_and_landmarks(any_build):
    for path in sorted((any_build / "html").glob("*.html")):
        page = parse(path.read_text(encoding="utf-8"))
        tags = [tag for tag, _ in page.tags]
        html_attrs = dict(page.tags[0][1])
        assert page.tags[0][0] == "html" and html_attrs.get("lang"), path.name
        for landmark in ("header", "main", "title"):
            assert tags.count(landmark) == 1, f"{path.name}: {landmark}"
        # the page's footer; the closing matter's, inside main, is no landmark
        assert [attrs for tag, attrs in page.tags if tag == "footer" and ("class", "closing") not in attrs], path.name
        assert tags.count("footer") <= 2, path.name
        assert "script" not in tags and "iframe" not in tags


def test_headings_start_at_one_and_never_skip(any_build):
    for path in sorted((any_build / "html").glob("*.html")):
        levels = parse(path.read_text(encoding="utf-8")).headings
        assert levels[0] == 1 and levels.count(1) == 1, path.name
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"{path.name}: h{before} then h{after}"


def test_links_have_text_and_safe_targets(any_build):
    for path in sorted((any_build / "html").glob("*.html")):
        for text, href in parse(path.read_text(encoding="utf-8")).links:
            assert text.strip(), f"{path.name}: empty link to {href}"
            assert urlsplit(href).scheme in ("", "http", "https", "mailto"), href
            assert text.lower() not in ("here", "click here", "link")


def test_index_links_every_document_and_format(any_build):
    page = parse((any_build / "html" / "index.html").read_text(encoding="utf-8"))
    targets = {href for _, href in page.links}
    for doc in documents(any_build):
        assert {f"{doc}.html", f"../docx/{doc}.docx", f"../md/{doc}.md"} <= targets
    for href in targets - {"#content"}:
        if not urlsplit(href).scheme:  # a page or file of the build, perhaps with an anchor
            assert (any_build / "html" / href.split("#")[0]).resolve().is_file(), href


def test_boxes_are_notes_and_table_headers_are_scoped(builds):
    html = (builds["mini"] / "html" / "mini-note.html").read_text(encoding="utf-8")
    assert html.count('<div class="box" role="note">') == 3
    assert '<th scope="col">Column</th>' in html
    assert '<th class="align-right" scope="col">Value</th>' in html


def _ids(path) -> set[str]:
    return {attrs["id"] for _, attrs in parse(path.read_text(encoding="utf-8")).tags if "id" in attrs}


def test_every_link_within_a_page_has_its_target(any_build):
    """A footnote's mark and its way back, the skip link: each '#id' names an element of the page."""
    for path in sorted((any_build / "html").glob("*.html")):
        inside = [href[1:] for _, href in parse(path.read_text(encoding="utf-8")).links if href.startswith("#")]
        assert set(inside) <= _ids(path), path.name

    
def test_footnotes_link_there_and_back(builds):
    page = parse((builds["mini"] / "html" / "mini-brief.html").read_text(encoding="utf-8"))
    notes = [(text, href) for text, href in page.links if href.startswith("#fn")]
    assert [text for text, _ in notes] == ["1", "2", "\u21a9", "\u21a9"]  # the marks, then the notes' ways back
    assert [href.startswith("#fnref") for _, href in notes] == [False, False, True, True]


def test_reverse_index_links_both_ways(builds):
    html = builds["focus"] / "html"
    index = parse((html / "index.html").read_text(encoding="utf-8"))
    entries = {attrs["id"] for tag, attrs in index.tags if tag == "li" and attrs.get("id", "").startswith("output-")}
    assert len(entries) == 9  # every publication of the catalogue is cited somewhere
    cited_in = [href for _, href in index.links if ".html#" in href]
    assert len(cited_in) >= 30
    for href in cited_in:  # each "cited in" link lands on a heading of that document
        page, anchor = href.split("#")
        assert anchor in _ids(html / page), href
    for page in ("policy-note-07.html", "action-plan-crosswalk.html"):
        back = [href for _, href in parse((html / page).read_text(encoding="utf-8")).links
                if href.startswith("index.html#")]
        assert back and all(href.split("#")[1] in entries for href in back), page


def test_matrix_is_an_accessible_html_table(builds):
    html = (builds["focus"] / "html" / "action-plan-crosswalk.html").read_text(encoding="utf-8")
    page = parse(html)
    assert "<caption>Action Plan points and the publications cited as evidence for each (✓)</caption>" in html
    assert [attrs.get("scope") for tag, attrs in page.tags if tag == "th"].count("row") == 10
    assert [attrs.get("scope") for tag, attrs in page.tags if tag == "th"].count("col") == 9


def test_index_lists_each_series_newest_first(tmp_path):
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    note = (notes / "documents" / "mini-note.yaml").read_text(encoding="utf-8")
    for ident, date in (("older-note", "2023-11"), ("newer-note", "2024-06-01"), ("same-year", "2024")):
        (notes / "documents" / f"{ident}.yaml").write_text(
            note.replace("id: mini-note", f"id: {ident}").replace('date: "2024-05"', f'date: "{date}"'))
    page = parse((build_corpus(notes, tmp_path / "out") / "html" / "index.html").read_text(encoding="utf-8"))
    order = [href for _, href in page.links if href.endswith(".html") and "#" not in href]
    assert order == ["newer-note.html", "mini-note.html", "same-year.html", "older-note.html",  # policy notes
                     "mini-crosswalk.html", "mini-brief.html"]
    assert [text for tag, attrs in page.tags if tag == "h2" for text in [attrs.get("id")]] == [
        "series-policy_note", "series-crosswalk", "series-brief", "cited"]


def test_a_document_without_a_region_takes_the_series_one(builds):
    """The FOCUS documents say 'en' and project.yaml 'en-GB': pages and Word files say en-GB; the
    mini corpus names no region, and its 'en' stays 'en'."""
    import docx
    from docx.oxml.ns import qn
    for corpus, expected in (("focus", "en-GB"), ("mini", "en")):
        page = (builds[corpus] / "html" / f"{'policy-note-07' if corpus == 'focus' else 'mini-note'}.html")
        assert f'<html lang="{expected}">' in page.read_text(encoding="utf-8")
        word = docx.Document(page.parent.parent / "docx" / page.with_suffix(".docx").name)
        assert word.core_properties.language == expected
        lang = word.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
        assert lang.get(qn("w:val")) == expected
