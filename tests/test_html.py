"""Every HTML page parses cleanly and has the structure assistive technology relies on."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit


from conftest import CORPORA, TEMPLATES, build_corpus
from generator.writers import WRITERS
from generator.writers.html import readable_size
from htmlcheck import parse


def documents(build: Path) -> list[str]:
    """The ids of the documents a build's manifest lists."""
    return [doc["id"] for doc in json.loads((build / "manifest.json").read_text(encoding="utf-8"))["documents"]]


def test_pages_parse_without_structure_errors(any_build):
    pages = sorted((any_build / "html").glob("*.html"))
    assert sorted(p.stem for p in pages) == sorted([*documents(any_build), "index"])
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
        assert f"{doc}.html" in targets
        if "." not in doc:  # a translation ('x.de') is listed with its original; its page offers its files
            assert {f"../docx/{doc}.docx", f"../md/{doc}.md"} <= targets
    for href in targets - {"#content"}:
        if not urlsplit(href).scheme:  # a page or file of the build, perhaps with an anchor
            assert (any_build / "html" / href.split("#")[0]).resolve().is_file(), href


def test_boxes_are_notes_and_table_headers_are_scoped(builds):
    html = (builds["mini"] / "html" / "mini-note.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<div aria-labelledby="([\w-]+)" class="box" role="note">\n<p id="([\w-]+)"><strong>', html)
    assert len(boxes) == 3 and all(label == title for label, title in boxes)  # each named by its bold title
    assert '<th scope="col">Column</th>' in html
    assert '<th class="align-right" scope="col">Value</th>' in html


def test_a_box_title_id_never_takes_a_heading_id(tmp_path):
    """Sections called as the writer names box titles ('box-1-title') keep their ids, and each
    box is still labelled by its own title: no id is given twice."""
    notes = Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))
    note = notes / "documents" / "mini-note.yaml"
    text = note.read_text(encoding="utf-8")
    for number, title in enumerate(["Lists and tables", "Action", "Outputs"]):
        text = text.replace(f"- title: {title}\n", f"- title: Box {number + 1} title\n")
    note.write_text(text, encoding="utf-8")
    page = parse((build_corpus(notes, tmp_path / "out", TEMPLATES, "--format", "html") / "html" / "mini-note.html")
                 .read_text(encoding="utf-8"))
    ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
    assert {"box-1-title", "box-2-title", "box-3-title"} <= set(ids) and len(ids) == len(set(ids))
    headings = {attrs["id"] for tag, attrs in page.tags if tag == "h2" and "id" in attrs}
    labels = [attrs["aria-labelledby"] for tag, attrs in page.tags if tag == "div" and "aria-labelledby" in attrs]
    assert len(labels) == 3 and not headings & set(labels) and set(labels) <= set(ids)


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
    region = re.search(r'<div aria-labelledby="([\w-]+)" class="matrix" role="region" tabindex="0">\n<table>\n'
                       r'<caption id="([\w-]+)">Action Plan points and the publications cited as evidence for each'
                       r' \(✓\)</caption>', html)
    assert region and region[1] == region[2]  # a region named by its caption, which scrolls by keyboard too
    assert [attrs.get("scope") for tag, attrs in page.tags if tag == "th"].count("row") == 10
    assert [attrs.get("scope") for tag, attrs in page.tags if tag == "th"].count("col") == 9
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html)
    said = [re.sub(r'<span aria-hidden="true">✓</span>', "", cell) for cell in cells]
    assert len(cells) == 80 and set(said) == {'<span class="visually-hidden">cited</span>',
                                              '<span class="visually-hidden">not cited</span>'}
    assert all(("✓" in cell) == ("not cited" not in cell) for cell in cells)  # a tick is read out as 'cited'


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


def meta(html: str) -> dict[str, str]:
    """A page's <meta name|property content> as a mapping, and its <link rel href> as 'link:rel'."""
    found = {}
    for tag, attrs in parse(html).tags:
        if tag == "meta" and (attrs.get("name") or attrs.get("property")):
            found[attrs.get("name") or attrs["property"]] = attrs["content"]
        elif tag == "link":
            found[f"link:{attrs['rel']}"] = attrs["href"]
    return found


def test_pages_carry_metadata_for_catalogues_and_previews(builds):
    """Highwire citation_* tags, Open Graph, the canonical address and the PDF's under
    project.yaml's publications_url, the house icon, a machine-readable date, a short title."""
    html = (builds["mini"] / "html" / "mini-note.html").read_text(encoding="utf-8")
    tags = meta(html)
    assert re.search(r"<title>(.*)</title>", html)[1] == "A note with *stars* and [brackets] | Mini Policy Note 3"
    assert tags["citation_title"] == "A note with *stars* and [brackets]: Everything a writer must handle"
    assert (tags["citation_author"], tags["citation_publication_date"], tags["citation_language"]) == (
        "Mini", "2024/05", "en")
    assert (tags["citation_series_title"], tags["citation_technical_report_number"]) == (
        "Mini Policy Notes", "3")
    assert tags["citation_pdf_url"] == "https://mini.test/publications/pdf/mini-note.pdf"
    assert tags["link:canonical"] == tags["og:url"] == "https://mini.test/publications/html/mini-note.html"
    assert (tags["og:type"], tags["og:title"], tags["og:site_name"]) == ("article", "A note with *stars* and [brackets]", "Mini")
    assert tags["link:icon"].startswith("data:image/svg+xml;base64,")
    assert '<time datetime="2024-05">May 2024</time>' in html
    index = meta((builds["mini"] / "html" / "index.html").read_text(encoding="utf-8"))
    assert index["description"].startswith("Mini's publications: Policy Notes, ")
    assert index["link:canonical"] == "https://mini.test/publications/html/index.html"


def test_without_a_publications_url_no_address_is_invented(builds):
    tags = meta((builds["focus"] / "html" / "policy-note-07.html").read_text(encoding="utf-8"))
    assert "link:canonical" not in tags and "og:url" not in tags and "citation_pdf_url" not in tags
    assert tags["citation_language"] == "en-GB" and tags["og:locale"] == "en_GB"


def test_a_document_without_a_number_has_none_in_its_metadata(builds):
    """The crosswalk has no number: no report number, and its tab names the organisation."""
    html = (builds["focus"] / "html" / "action-plan-crosswalk.html").read_text(encoding="utf-8")
    assert "citation_technical_report_number" not in meta(html)
    assert re.search(r"<title>(.*)</title>", html)[1].endswith(" | FOCUS")


def test_each_page_offers_its_other_formats_with_their_sizes(builds):
    """'Download: Markdown (1 kB) · Word (38 kB) · PDF (45 kB)', each size that of the file beside it."""
    build = builds["focus"]
    html = (build / "html" / "policy-note-07.html").read_text(encoding="utf-8")
    offers = re.findall(r'<a href="\.\./(\w+)/policy-note-07\.(\w+)" type="([^"]+)">([^<]+) \(([^)]+)\)</a>', html)
    assert [fmt for fmt, *_ in offers] == [fmt for fmt in ("md", "docx", "pdf") if (build / fmt).is_dir()]
    for fmt, suffix, mime, label, size in offers:
        assert size == readable_size((build / fmt / f"policy-note-07.{suffix}").stat().st_size)
        assert (label, mime) == (WRITERS[fmt].label, WRITERS[fmt].mime)


def test_sizes_read_as_a_file_manager_says_them():
    sizes = [999, 1000, 41_499, 999_499, 999_600, 1_260_000]
    assert [readable_size(size) for size in sizes] == [
        "999 bytes", "1 kB", "41 kB", "999 kB", "1.0 MB", "1.3 MB"]
