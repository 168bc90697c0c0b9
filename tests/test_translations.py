"""Translations: a record's text in another language, in a file beside its source
(`documents/note-en.de.yaml`, `action-points/alpha.ar.yaml`), checked against the source's
structure and built as a document of its own (`note-en.de`) in every format.

The corpus tests/fixtures/languages translates the English note note-en into German and Arabic,
and its action point alpha too; and the catalogues beside them, by id: the report's title
(outputs.de.yaml, outputs.ar.yaml), a box, a definition and the funding programme
(project.de.yaml, project.ar.yaml), the Action Plan's points (action-plan.ar.yaml).
"""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import docx
from docx.oxml.ns import qn

from conftest import CORPORA, TEMPLATES
from generator.cli import run
from generator.writers import WRITERS

TRANSLATIONS = ("note-en.de", "note-en.ar")


def cli(*args: str) -> tuple[int, str, str]:
    """Run the command line: its exit code, and what it printed to stdout and stderr."""
    with redirect_stderr(io.StringIO()) as err, redirect_stdout(io.StringIO()) as out:
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


def read(builds, fmt: str, name: str) -> str:
    return (builds["languages"] / fmt / f"{name}.{fmt}").read_text(encoding="utf-8")


def test_a_translation_is_a_document_in_every_format(builds):
    made = [fmt for fmt in WRITERS if (builds["languages"] / fmt).is_dir()]
    assert {"md", "html", "docx", "json"} <= set(made)  # and pdf where this machine writes it
    for name in TRANSLATIONS:
        for fmt in made:
            assert (builds["languages"] / fmt / f"{name}{WRITERS[fmt].suffix}").is_file(), (name, fmt)


def test_a_translation_shows_its_text_and_its_source_structure(builds):
    """The German note is the English one's structure in German words: its section, the action
    point in its German translation, the same "See:" entries, its series number and date."""
    german = read(builds, "md", "note-en.de")
    assert german.startswith("# Begegnungsorte in der Nachbarschaft\n\nPolicy Note Nr. 1 · Mai 2024\n")
    assert "## Ergebnisse" in german and "### Das Erste tun" in german and "1. beginnen" in german
    assert "*Siehe:* [Der Bericht](https://mini.test/report.pdf), [The Site (beta)]" in german
    assert "sagt\n[der erste Punkt](#das-erste-tun)." in german  # its own heading, in German
    assert '<a href="#alpha" rel="noopener">der erste Punkt</a>' in read(builds, "html", "note-en.de")
    english = read(builds, "md", "note-en")
    assert "### Do the first thing" in english and "Das Erste" not in english
    arabic = docx.Document(builds["languages"] / "docx" / "note-en.ar.docx")
    assert arabic.paragraphs[0].text == "أماكن اللقاء في الجوار" and arabic.core_properties.language == "ar"
    assert arabic.paragraphs[0]._p.pPr.find(qn("w:bidi")) is not None
    assert any(p.text == "القيام بالأمر الأول" and p.style.name == "Heading 2" for p in arabic.paragraphs)


def test_an_original_in_a_language_shows_the_translations_into_it(builds):
    """A document written in German shows the German translation of an action point too."""
    assert "### Das Erste tun" in read(builds, "md", "note-de")


def test_each_page_names_its_publication_in_every_language(builds):
    """Each version's page names all of them for search engines (hreflang), itself included,
    and links to the others under their own names."""
    for name in ("note-en", *TRANSLATIONS):
        page = read(builds, "html", name)
        for language, other in (("en", "note-en"), ("de", "note-en.de"), ("ar", "note-en.ar")):
            address = f"https://mini.test/publications/html/{other}.html"  # absolute, as the canonical one is
            assert f'<link rel="alternate" hreflang="{language}" href="{address}">' in page, (name, other)
            shown = f'<a href="{other}.html" hreflang="{language}" lang="{language}">'
            assert (shown in page) == (other != name), (name, other)
    assert '<a href="note-en.de.html" hreflang="de" lang="de">Deutsch</a>' in read(builds, "html", "note-en.ar")
    assert "hreflang" not in read(builds, "html", "note-de")  # an original no one has translated


def test_the_index_lists_a_publication_once_with_its_translations(builds):
    index = read(builds, "html", "index")
    assert index.count('<a href="note-en.html">') == 1
    assert '<a href="note-en.de.html" hreflang="de" lang="de">Deutsch</a>' in index
    assert '<a href="note-en.ar.html" hreflang="ar" lang="ar">العربية</a>' in index
    assert '<h3><a href="note-en.de.html">' not in index and '<h3><a href="note-en.ar.html">' not in index
    # Among the places that cite a publication, an original's heading stands for its translations';
    # a heading in another language than the page's is marked as such
    assert 'href="note-en.de.html#' not in index and 'href="note-en.ar.html#' not in index
    assert '<li lang="de" dir="ltr"><a href="note-de.html#alpha">Policy Note Nr. 2: Das Erste tun</a></li>' in index
    assert '<h3><a href="https://mini.test/report.pdf">التقرير</a></h3>' in index  # the page is in Arabic, as most are


def spoil(tmp_path: Path, name: str, text: str) -> Path:
    """A copy of the corpus with the file `name` (relative to it) written as `text`."""
    notes = Path(shutil.copytree(CORPORA["languages"], tmp_path / "notes"))
    (notes / name).write_text(text, encoding="utf-8")
    return notes


def check(notes: Path) -> tuple[int, str]:
    code, _, err = cli("check", "--notes", str(notes), "--templates", str(TEMPLATES))
    return code, err


def test_a_translation_changes_only_text(tmp_path):
    notes = spoil(tmp_path, "documents/note-en.de.yaml",
                  "title: Begegnungsorte\nnumber: 4\nsections:\n  - title: Ergebnisse\n    action_points: [beta]\n")
    code, err = check(notes)
    where = f"{notes.as_posix()}/documents/note-en.de.yaml"
    assert code == 1
    assert (f"{where}:2:9: error: a translation changes only text, not 'number' ({notes.as_posix()}/documents/"
            "note-en.yaml has 1) (leave the field out, or write it as the source does)") in err, err
    assert f"{where}:5:20: error: a translation changes only text, not 'action_points'" in err, err


def test_a_translation_has_its_source_sections_one_for_one(tmp_path):
    notes = spoil(tmp_path, "documents/note-en.de.yaml",
                  "title: Begegnungsorte\nsections:\n  - title: Ergebnisse\n  - title: Zu viel\n")
    code, err = check(notes)
    assert code == 1
    assert (f"{notes.as_posix()}/documents/note-en.de.yaml:3:3: error: the translation has 2 sections and the"
            " source 1") in err, err


def test_a_translation_is_in_the_language_its_file_name_says(tmp_path):
    notes = spoil(tmp_path, "documents/note-en.de.yaml", "language: fr\ntitle: Begegnungsorte\n")
    code, err = check(notes)
    assert code == 1
    assert (f"{notes.as_posix()}/documents/note-en.de.yaml:1:11: error: a translation is in the language its file"
            " name says: de") in err, err


def test_a_translation_translates_a_record_and_names_a_language(tmp_path):
    notes = spoil(tmp_path, "action-points/gamma.de.yaml", "title: Das Dritte\n")
    (notes / "action-points" / "alpha.deutsch.yaml").write_text("title: Das Erste\n", encoding="utf-8")
    (notes / "action-points" / "alpha.de.yaml").write_text("titel: Das Erste\n", encoding="utf-8")
    code, err = check(notes)
    points = f"{notes.as_posix()}/action-points"
    assert code == 1
    assert f"{points}/gamma.de.yaml: error: there is no action-points/gamma.yaml for this file to translate" in err
    assert f"{points}/alpha.deutsch.yaml: error: 'deutsch' is not a language tag" in err
    assert f"{points}/alpha.de.yaml:1:1: error: unknown field 'titel' in action point (did you mean 'title'?)" in err


def rebuilt(tmp_path: Path, name: str, old: str, new: str, formats: str = "md,json") -> tuple[str, Path]:
    """Build a copy of the corpus, change `old` to `new` in its file `name`, build again: what the
    second build said, and where it built."""
    notes, out = Path(shutil.copytree(CORPORA["languages"], tmp_path / "notes")), tmp_path / "out"
    common = ["--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out), "--format", formats]
    assert cli("build", *common)[0] == 0
    path = notes / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    code, said, err = cli("build", *common)
    assert code == 0, err
    return said, out


def test_a_changed_translation_rebuilds_only_what_shows_it(tmp_path):
    said, out = rebuilt(tmp_path, "action-points/alpha.de.yaml", "Das Erste tun", "Zuerst das Erste", "md,html,json")
    assert "(2 made, 4 unchanged;" in said, said  # the two documents in German that show it
    assert "changed note-de: action point alpha: title changed" in said
    assert "changed note-en.de: action point alpha: title changed" in said
    assert "### Zuerst das Erste" in (out / "md" / "note-en.de.md").read_text(encoding="utf-8")


def test_translations_are_current_until_their_source_text_changes(tmp_path):
    """Each translation of the corpus says which version of its source it translates: check has
    nothing to say, even strictly. A change to the English action point's text makes check warn
    at each of its translations, naming what changed; a change that is not text does not."""
    notes = Path(shutil.copytree(CORPORA["languages"], tmp_path / "notes"))
    assert check_strictly(notes) == (0, "")
    document = notes / "documents" / "note-en.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace('date: "2024-05"', 'date: "2024-04"'),
                        encoding="utf-8")
    assert check_strictly(notes) == (0, "")
    point = notes / "action-points" / "alpha.yaml"
    point.write_text(point.read_text(encoding="utf-8").replace("says **so**", "says **so, clearly**"), encoding="utf-8")
    code, err = check_strictly(notes)
    assert code == 1
    for language in ("ar", "de"):
        translated = f"{notes.as_posix()}/action-points/alpha.{language}.yaml"
        line = next(number for number, text in enumerate(Path(translated).read_text(encoding="utf-8").splitlines(),
                                                          start=1) if text.startswith("translated_from:"))
        assert (f"{translated}:{line}:18: warning: out of date: {notes.as_posix()}/action-points/alpha.yaml changed"
                f" since it was translated, in evidence (translate what changed, then run: policynote translated"
                f" {translated}) [outdated-translation]") in err, err
    assert err.count("[outdated-translation]") == 2


def check_strictly(notes: Path) -> tuple[int, str]:
    """`check --strict`: its exit code, and the warnings it printed."""
    code, _, err = cli("check", "--strict", "--notes", str(notes), "--templates", str(TEMPLATES))
    return code, "\n".join(line for line in err.splitlines() if ": warning: " in line)


def test_translated_marks_a_translation_as_current(tmp_path):
    """`policynote translated FILE` writes the source's fingerprint into the translation (after
    its opening comments, or in place of the old one) and keeps the source's text, so check is
    content again, and can later say what changed."""
    notes = Path(shutil.copytree(CORPORA["languages"], tmp_path / "notes"))
    new = notes / "action-points" / "beta.de.yaml"
    new.write_text("# Beta, in German.\ntitle: Das Zweite tun\n", encoding="utf-8")
    code, err = check_strictly(notes)
    assert code == 1 and f"{new.as_posix()}: warning: this translation does not say which version" in err, err
    point = notes / "action-points" / "alpha.yaml"
    point.write_text(point.read_text(encoding="utf-8").replace("says **so**", "says **so, clearly**"), encoding="utf-8")
    code, said, err = cli("translated", "--notes", str(notes), str(new), str(notes / "action-points" / "alpha.de.yaml"))
    assert code == 0 and err == "", err
    assert said.startswith(f"{new.as_posix()} translates {notes.as_posix()}/action-points/beta.yaml as it is now")
    assert new.read_text(encoding="utf-8").splitlines()[:2] == [
        "# Beta, in German.", f'translated_from: "{said.splitlines()[0].split()[-1][:-1]}" # written by policynote'
        ' translated']
    code, err = check_strictly(notes)
    assert code == 1 and err.count("[outdated-translation]") == 1 and "alpha.ar.yaml" in err, err  # the one not done
    # the text of alpha (then and now), beta, note-en and the three catalogues as translated
    assert len(list((notes / "translated").glob("*.json"))) == 7


def test_translated_refuses_what_is_not_a_translation(tmp_path):
    notes = Path(shutil.copytree(CORPORA["languages"], tmp_path / "notes"))
    source = notes / "documents" / "note-en.yaml"
    code, said, err = cli("translated", "--notes", str(notes), str(source))
    assert code == 1 and said == ""
    assert err.startswith(f"{source.as_posix()}: error: this is not a translation in {notes.as_posix()}/,")
    assert source.read_text(encoding="utf-8") == (CORPORA["languages"] / "documents" / "note-en.yaml").read_text(
        encoding="utf-8")


def test_hostile_translations_get_an_error_at_their_place(tmp_path):
    """A translation into its source's own language, one that is a link out of the notes folder,
    and a fingerprint nobody wrote are errors; `translated` refuses, never a traceback, what it
    cannot mark."""
    notes = spoil(tmp_path, "documents/note-de.de.yaml", "title: Begegnungsorte\n")
    outside = tmp_path / "outside.yaml"
    outside.write_text("title: Von draußen\n", encoding="utf-8")
    (notes / "documents" / "note-en.fr.yaml").symlink_to(outside)
    point = notes / "action-points" / "alpha.ar.yaml"
    point.write_text(point.read_text(encoding="utf-8").replace('translated_from: "', 'translated_from: "../'),
                     encoding="utf-8")
    code, err = check(notes)
    documents = f"{notes.as_posix()}/documents"
    assert code == 1 and "Traceback" not in err
    assert (f"{documents}/note-de.de.yaml:1:1: error: a translation is into another language than its source's, de"
            in err), err
    assert f"{documents}/note-en.fr.yaml: error: this is a link to a file outside the notes folder" in err
    assert f"{point.as_posix()}:2:18: error: translated_from is not a fingerprint policynote translated wrote" in err
    flow = notes / "action-points" / "beta.de.yaml"
    flow.write_text("{title: Das Zweite tun}\n", encoding="utf-8")
    latin = notes / "action-points" / "alpha.de.yaml"
    latin.write_bytes(latin.read_bytes().replace("Das Erste".encode(), "Das Erste \xe4".encode("latin-1")))
    for path, said in ((flow, "cannot add the line translated_from: to this file"), (latin, "the file is not UTF-8"),
                       (notes / "documents" / "note-en.xx.yaml", "no such file")):
        before = path.read_bytes() if path.exists() else None
        code, out, err = cli("translated", "--notes", str(notes), str(path.resolve()))
        assert code == 1 and out == "" and f": error: {said}" in err and "Traceback" not in err, err
        assert (path.read_bytes() if path.exists() else None) == before


def test_a_document_shows_the_catalogues_in_its_language(builds):
    """Outputs, boxes, the funding statement and the Action Plan's points show in the language of
    each document where a catalogue's translation has them (a translation or an original), and
    as written where not: the site's title, in every language."""
    german, arabic = read(builds, "md", "note-en.de"), read(builds, "md", "note-ar")
    assert "*Siehe:* [Der Bericht](https://mini.test/report.pdf), [The Site (beta)](https://mini.test/site_" in german
    assert "Beispielprogramm" in german and "Example Programme" not in german
    assert "> **Was bedeutet „Ding“?**" in read(builds, "md", "note-de")
    assert "> **عن هذا الإطار**" in arabic and "About this box" not in arabic
    assert "[التقرير](https://mini.test/report.pdf): A report on *everything*." in arabic  # its summary untranslated
    crosswalk = docx.Document(builds["languages"] / "docx" / "crosswalk-ar.docx")
    assert [p.text for p in crosswalk.paragraphs if p.style.name == "Heading 2"] == [
        "النقطة الأولى من الخطة", "النقطة الثانية من الخطة"]
    english = read(builds, "md", "note-en")
    assert "[The Report](https://mini.test/report.pdf)" in english and "Example Programme" in english


def test_a_catalogue_is_translated_record_by_record_by_id(tmp_path):
    """A catalogue's translation names each record it translates by id, once; it changes only
    their text."""
    notes = spoil(tmp_path, "outputs.de.yaml", "outputs:\n  - id: reprot\n    title: Der Bericht\n"
                  "  - title: Die Seite\n  - id: site\n    url: https://mini.test/seite/\n"
                  "  - id: site\n    title: Die Seite\n")
    code, err = check(notes)
    where, source = f"{notes.as_posix()}/outputs.de.yaml", f"{notes.as_posix()}/outputs.yaml"
    assert code == 1
    assert f"{where}:2:9: error: {source} has no output 'reprot' (did you mean 'report'?)" in err, err
    assert (f"{where}:4:5: error: a translated output says which it translates by its 'id:' (write its id as"
            f" {source} does)") in err, err
    assert f"{where}:6:10: error: a translation changes only text, not 'url'" in err, err
    assert f"{where}:7:9: error: output 'site' is translated twice (translate each once)" in err, err


def test_a_catalogue_translation_has_a_source_and_another_language(tmp_path):
    """A translation names a catalogue and a language other than the series'; the series'
    language is not a translation's to change."""
    notes = spoil(tmp_path, "outputs.en.yaml", "outputs: []\n")
    (notes / "projekt.de.yaml").write_text("name: Mini\n", encoding="utf-8")
    project = notes / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace("name: Mini\n", "name: Mini\nlanguage: en-GB\n"),
                       encoding="utf-8")
    (notes / "project.de.yaml").write_text("language: de\n", encoding="utf-8")
    code, err = check(notes)
    assert code == 1
    assert (f"{notes.as_posix()}/outputs.en.yaml: error: a translation is into another language than the series',"
            " en-GB") in err, err
    assert f"{notes.as_posix()}/projekt.de.yaml: error: there is no projekt.yaml for this file to translate" in err
    assert f"{notes.as_posix()}/project.de.yaml:1:11: error: a translation changes only text, not 'language'" in err


def test_a_changed_catalogue_translation_rebuilds_the_documents_in_its_language(tmp_path):
    said, out = rebuilt(tmp_path, "outputs.de.yaml", "Der Bericht", "Unser Bericht")
    assert "(2 made, 4 unchanged;" in said, said  # note-de and note-en.de
    assert "[Unser Bericht](https://mini.test/report.pdf)" in (out / "md" / "note-de.md").read_text(encoding="utf-8")


def test_a_catalogue_translation_is_kept_in_step_by_id(tmp_path):
    """A change to an output's text makes each translation of the outputs out of date, naming the
    output by its id; `translated` marks a catalogue's translation current again."""
    notes = Path(shutil.copytree(CORPORA["languages"], tmp_path / "notes"))
    outputs = notes / "outputs.yaml"
    outputs.write_text(outputs.read_text(encoding="utf-8").replace("title: The Site (beta)", "title: The Website"),
                       encoding="utf-8")
    code, err = check_strictly(notes)
    assert code == 1 and err.count("[outdated-translation]") == 2, err
    assert (f"{notes.as_posix()}/outputs.de.yaml:2:18: warning: out of date: {outputs.as_posix()} changed since it"
            " was translated, in outputs site title") in err, err
    for language in ("de", "ar"):
        assert cli("translated", "--notes", str(notes), str(notes / f"outputs.{language}.yaml"))[0] == 0
    assert check_strictly(notes) == (0, "")


def test_a_link_goes_to_the_version_in_the_readers_language(builds):
    """A German document's link to a translated document goes to its German version, at the same
    heading there (its id made of the German title); a link to a document not in German stays."""
    german = read(builds, "md", "note-de")
    assert "[den Ergebnissen der ersten Notiz](note-en.de.md#ergebnisse)" in german
    assert "[der arabischen Notiz](note-ar.md)" in german
    assert '<a href="note-en.de.html#ergebnisse" rel="noopener">' in read(builds, "html", "note-de")
    assert "(note-en.md#findings)" not in german
    word = docx.Document(builds["languages"] / "docx" / "note-de.docx")
    links = [(word.part.rels[link.get(qn("r:id"))].target_ref, link.get(qn("w:anchor")))
             for link in word.element.body.iter(qn("w:hyperlink")) if link.get(qn("r:id"))]
    assert ("note-en.de.docx", "h_ergebnisse") in links and ("note-ar.docx", None) in links, links


def test_a_retitled_heading_rebuilds_the_documents_linking_to_it(tmp_path):
    """A document's files say where its links go: retitling the German heading a German note
    links to rebuilds that note too, with the link's new address."""
    said, out = rebuilt(tmp_path, "documents/note-en.de.yaml", "title: Ergebnisse", "title: Befunde")
    assert "(2 made, 4 unchanged;" in said, said  # note-en.de, and note-de, which links to it
    assert "(note-en.de.md#befunde)" in (out / "md" / "note-de.md").read_text(encoding="utf-8")


def test_a_catalogue_translation_names_records_by_text_ids_and_keeps_data(tmp_path):
    """An id that is not text is a problem at its place, never a traceback; the text that is data
    (a grant's number) and what a closing record's kind does not show are not a translation's."""
    notes = spoil(tmp_path, "outputs.de.yaml", "outputs:\n  - id: [report]\n    title: X\n  - id:\n    title: Y\n")
    (notes / "project.de.yaml").write_text("funding:\n  programme: Beispielprogramm\n  grant: \"999999\"\n",
                                           encoding="utf-8")
    code, err = check(notes)
    outputs, project = f"{notes.as_posix()}/outputs.de.yaml", f"{notes.as_posix()}/project.de.yaml"
    assert code == 1 and "Traceback" not in err, err
    assert f"{outputs}:2:5: error: a translated output says which it translates by its 'id:'" in err, err
    assert f"{outputs}:4:5: error: a translated output says which it translates by its 'id:'" in err, err
    assert f"{project}:3:10: error: a translation changes only text, not 'grant'" in err, err
    (notes / "outputs.de.yaml").unlink()
    (notes / "project.de.yaml").write_text("closing:\n  - id: funding\n    title: Finanzierung\n", encoding="utf-8")
    code, err = check(notes)
    assert code == 1
    assert (f"{project}:2:5: error: closing record 'funding' of kind funding shows the project's own fields,"
            " not a title or body") in err, err


def test_translations_need_the_series_language_and_a_readable_source(tmp_path):
    """A series whose project.yaml names no language cannot say what an action point's
    translation translates from; a missing catalogue is said once, not again at its translation;
    a file beside the catalogues that translates none is a problem."""
    notes = Path(shutil.copytree(CORPORA["languages"], tmp_path / "notes"))
    project = notes / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace("language: en\n", ""), encoding="utf-8")
    (notes / "outputs.yaml").unlink()
    (notes / "period.de.yaml").write_text("title: Zeitraum\n", encoding="utf-8")
    (notes / "period.yaml").write_text("title: Period\n", encoding="utf-8")
    code, err = check(notes)
    assert code == 1
    assert (f"{notes.as_posix()}/action-points/alpha.de.yaml: error: the series' language is not known, so what this"
            " translates from is not (write language: (such as en-GB) in project.yaml)") in err, err
    assert f"{notes.as_posix()}/outputs.yaml: error: missing file outputs.yaml" in err
    assert "outputs.de.yaml" not in err and "outputs.ar.yaml" not in err, err
    assert (f"{notes.as_posix()}/period.de.yaml: error: there is no period.yaml for this file to translate (the files"
            " translated here are project.yaml, outputs.yaml, action-plan.yaml)") in err, err


def test_a_regional_document_falls_back_file_by_file(tmp_path):
    """A document in de-AT shows the outputs of outputs.de-AT.yaml and, as there is no
    project.de-AT.yaml, the project's texts of project.de.yaml."""
    notes = spoil(tmp_path, "outputs.de-AT.yaml", "outputs:\n  - id: report\n    title: Der österreichische Bericht\n")
    document = notes / "documents" / "note-de.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace("language: de\n", "language: de-AT\n"),
                        encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = cli("build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out),
                       "--format", "md")
    assert code == 0, err
    text = (out / "md" / "note-de.md").read_text(encoding="utf-8")
    assert "[Der österreichische Bericht](https://mini.test/report.pdf)" in text
    assert "Beispielprogramm" in text and "**Was bedeutet „Ding“?**" in text


def test_a_link_to_a_heading_no_link_can_name_stays_with_the_original(tmp_path):
    """A translated heading whose id cannot be named ('1-ergebnisse') leaves the link where it
    was written; a link with a title goes to the reader's language too."""
    notes = Path(shutil.copytree(CORPORA["languages"], tmp_path / "notes"))
    document = notes / "documents" / "note-de.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace(
        "(doc:note-ar)", '(doc:note-en#findings "Befunde")'), encoding="utf-8")
    out = tmp_path / "out"
    common = ["--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out), "--format", "html"]
    assert cli("build", *common)[0] == 0
    page = (out / "html" / "note-de.html").read_text(encoding="utf-8")
    assert page.count('href="note-en.de.html#ergebnisse"') == 2, page
    german = notes / "documents" / "note-en.de.yaml"
    german.write_text(german.read_text(encoding="utf-8").replace("title: Ergebnisse", 'title: "1. Ergebnisse"'),
                      encoding="utf-8")
    code, _, err = cli("build", *common)
    assert code == 0, err
    page = (out / "html" / "note-de.html").read_text(encoding="utf-8")
    assert page.count('href="note-en.html#findings"') == 2 and "doc:" not in page, page


def test_translated_refuses_a_link_out_of_the_notes_folder(tmp_path):
    notes = Path(shutil.copytree(CORPORA["languages"], tmp_path / "notes"))
    outside = tmp_path / "outside.de.yaml"
    outside.write_text("outputs: []\n", encoding="utf-8")
    (notes / "outputs.de.yaml").unlink()
    (notes / "outputs.de.yaml").symlink_to(outside)
    code, said, err = cli("translated", "--notes", str(notes), str(notes / "outputs.de.yaml"))
    assert code == 1 and said == "" and "a link to a file outside the notes folder" in err, err
    assert outside.read_text(encoding="utf-8") == "outputs: []\n"


def test_text_not_in_the_documents_language_says_its_own(builds):
    """What a document shows from a record not translated into its language (the site's title,
    an action point's comment) is marked as in the series' language, in every format: HTML spans
    with lang and dir, a paragraph all in it set out its way; Word runs with w:lang, that paragraph
    left to right; Markdown, which cannot say it, without marks. A label, data (the grant's number)
    and the document's own text are not marked."""
    page = read(builds, "html", "note-ar")
    assert '<a href="https://mini.test/site_(beta)/" rel="noopener"><span dir="ltr" lang="en">The Site (beta)</span></a>' \
        in page
    assert ': <span dir="ltr" lang="en">A report on <em>everything</em>.</span></li>' in page
    assert '<span dir="ltr" lang="en">000001</span>' not in page and "000001" in page
    crosswalk = read(builds, "html", "crosswalk-ar")
    assert '<p dir="ltr"><span dir="ltr" lang="en">The plan says little about this.</span></p>' in crosswalk
    assert 'lang="en"' not in read(builds, "html", "note-en").split("<main", 1)[1]  # English throughout
    assert "]{lang" not in read(builds, "md", "note-ar") and "A report on *everything*." in read(builds, "md", "note-ar")
    word = docx.Document(builds["languages"] / "docx" / "crosswalk-ar.docx")
    comment = next(p for p in word.paragraphs if p.text == "The plan says little about this.")
    assert comment._p.pPr is None or comment._p.pPr.find(qn("w:bidi")) is None
    assert all(run._r.rPr.find(qn("w:lang")).get(qn("w:val")) == "en" for run in comment.runs)
    heading = next(p for p in word.paragraphs if p.style.name == "Heading 2")
    assert heading.runs[0]._r.rPr is None or heading.runs[0]._r.rPr.find(qn("w:lang")) is None  # translated


def test_ids_are_in_no_language(tmp_path):
    """A translation's contents links to its headings by the ids its source gives them: ids are
    data, never marked as in the source's language (a mark inside an address breaks the link)."""
    notes = spoil(tmp_path, "documents/crosswalk-ar.en.yaml",
                  "title: The plan and the evidence\ndescription: Plan points and evidence.\n"
                  "sections:\n  - title: The points\n")
    out = tmp_path / "out"
    code, _, err = cli("build", "--notes", str(notes), "--templates", str(TEMPLATES), "--out", str(out),
                       "--format", "html,md")
    assert code == 0, err
    page = (out / "html" / "crosswalk-ar.en.html").read_text(encoding="utf-8")
    contents = page.split('class="contents">', 1)[1].split("</nav>", 1)[0]
    assert '<a href="#first" rel="noopener">' in contents and '<a href="#second" rel="noopener">' in contents, contents


def test_word_and_markdown_name_the_other_languages(builds):
    """Under its series line, each version's Word and Markdown file names the others in their own
    languages, each a link to its file beside it, as the page does; an original nobody has
    translated names none."""
    assert "\n\nAuch auf: [English](note-en.md) · [العربية](note-en.ar.md)\n\n" in read(builds, "md", "note-en.de")
    word = docx.Document(builds["languages"] / "docx" / "note-en.ar.docx")
    line = word.paragraphs[2]
    assert line.style.name == "Series" and line.text == "متوفر أيضًا باللغة: English · Deutsch"
    links = [(word.part.rels[link.get(qn("r:id"))].target_ref, link.find(f".//{qn('w:lang')}").get(qn("w:val")))
             for link in line._p.iter(qn("w:hyperlink"))]
    assert links == [("note-en.docx", "en"), ("note-en.de.docx", "de")], links
    assert "Also in:" not in read(builds, "md", "note-de")
