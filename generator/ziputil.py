"""Deterministic zip archives: fixed entry order, timestamps and permissions.

Word files and release bundles are zips; pandoc's reproducible Word output still differs
in zip metadata (its issue #7654). Writing every entry the same way closes that gap.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Deflated:
    """One zip entry, compressed once: a part several archives hold is deflated only once."""

    name: bytes
    crc: int
    size: int
    data: bytes


# Deflate's levels: 6, zlib's default, for what is deflated once; 1 for what is deflated for each
# file of a series (a Word file's body): half the time of 6, for a file some 3% larger.
ONCE, EACH = 6, 1


def deflated(name: str, data: bytes, level: int = ONCE) -> Deflated:
    """An entry `name` holding `data`, deflated at `level` (ONCE: as `write_zip` deflates)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Deflated(name.encode("utf-8"), zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


# Zip records (APPNOTE 4.3): a local header before each entry's data, a central directory
# entry for each, and its end. Version 2.0, deflate, the fixed time, UTF-8 names (bit 11).
LOCAL = struct.Struct("<IHHHHHIIIHH")
CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
END = struct.Struct("<IHHHHIIH")
DOS_TIME, DOS_DATE = 0, (FIXED_TIME[0] - 1980) << 9 | FIXED_TIME[1] << 5 | FIXED_TIME[2]
UTF8_NAMES = 0x800


def zipped(entries: list[Deflated]) -> bytes:
    """A zip of entries deflated beforehand, in the given order, with write_zip's fixed metadata
    (each under 4 GB: the parts of a Word file)."""
    out, directory = io.BytesIO(), []
    for entry in entries:
        offset = out.tell()
        out.write(LOCAL.pack(0x04034B50, 20, UTF8_NAMES, 8, DOS_TIME, DOS_DATE, entry.crc, len(entry.data),
                             entry.size, len(entry.name), 0))
        out.write(entry.name)
        out.write(entry.data)
        directory.append(CENTRAL.pack(0x02014B50, 3 << 8 | 20, 20, UTF8_NAMES, 8, DOS_TIME, DOS_DATE, entry.crc,
                                      len(entry.data), entry.size, len(entry.name), 0, 0, 0, 0, 0o644 << 16,
                                      offset) + entry.name)
    start = out.tell()
    out.write(b"".join(directory))
    out.write(END.pack(0x06054B50, 0, 0, len(entries), len(entries), out.tell() - start, start, 0))
    return out.getvalue()


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
