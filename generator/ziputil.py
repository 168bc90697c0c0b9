"""Deterministic zip archives: fixed entry order, timestamps and permissions.

Word files and release bundles are zips; pandoc's reproducible Word output still differs
in zip metadata (its issue #7654). Writing every entry the same way closes that gap.
"""

from __future__ import annotations

import io
import zipfile

# 1980-01-01 is the earliest time a zip entry can hold; any fixed value would do.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def write_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """Return a zip holding `entries` in the given order, with fixed metadata."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever the host
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


def read_zip(data: bytes) -> list[tuple[str, bytes]]:
    """Return the entries of a zip, in archive order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def normalise_ooxml(data: bytes) -> bytes:
    """Rewrite an Office Open XML package deterministically ([Content_Types].xml first)."""
    entries = read_zip(data)
    first = [e for e in entries if e[0] == "[Content_Types].xml"]
    rest = sorted((e for e in entries if e[0] != "[Content_Types].xml"), key=lambda e: e[0])
    return write_zip(first + rest)
