"""Read a .docx as its parts, XML canonicalised, for comparisons that ignore byte layout."""

from __future__ import annotations

import re
import zipfile
import difflib
from pathlib import Path

from lxml import etree

# Dates a writer stamps on each build; pandoc's OOXML tests ignore them too.
VOLATILE = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def parts(path: Path) -> dict[str, bytes]:
    """Part name -> canonical XML (C14N) or raw bytes for non-XML parts."""
    result = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith((".xml", ".rels")):
                data = VOLATILE.sub(b"", data)
                parser = etree.XMLParser(remove_blank_text=True)
                data = etree.tostring(etree.fromstring(data, parser), method="c14n")
            result[name] = data
    return result


def differences(path: Path, golden: Path) -> list[str]:
    """What differs between two .docx files: missing parts, then a short diff per changed part."""
    ours, theirs = parts(path), parts(golden)
    report = [f"part only in one file: {name}" for name in sorted(ours.keys() ^ theirs.keys())]
    for name in sorted(ours.keys() & theirs.keys()):
        if ours[name] != theirs[name]:
            diff = difflib.unified_diff(_lines(theirs[name]), _lines(ours[name]), "golden", "built", n=1)
            report.append(f"{name}:\n" + "\n".join(list(diff)[:20]))
    return report


def _lines(xml: bytes) -> list[str]:
    """One element per line, so a diff points at the element that changed."""
    return xml.decode("utf-8", "replace").replace("><", ">\n<").split("\n")
