"""Images (figures, logos, the emblem): checked for what they are, reported at the field that
names them; the EU emblem drawn to its geometry; a new picture rebuilds what shows it."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import CORPORA, ROOT, TEMPLATES
from generator import emblem, images
from generator.cli import run

BRIEF = (CORPORA["mini"] / "documents" / "mini-brief.yaml").read_text(encoding="utf-8")
LINE = BRIEF[:BRIEF.index("- file: media/arrivals.png")].count("\n") + 1  # the brief's figure
AT_FILE = f"notes/documents/mini-brief.yaml:{LINE}:15: error: "  # at its file's value


@pytest.fixture
def notes(tmp_path, monkeypatch) -> Path:
    """A copy of the mini corpus, as the current folder's notes/."""
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copytree(CORPORA["mini"], tmp_path / "notes"))


def check(capsys) -> list[str]:
    """The errors `check` prints for notes/."""
    assert run(["check", "--notes", "notes", "--templates", str(TEMPLATES)]) == 1
    return [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]


def name_figure(notes: Path, path: str) -> None:
    """Make the mini brief's figure name `path`."""
    brief = notes / "documents" / "mini-brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("media/arrivals.png", path), encoding="utf-8")


def png(width: int = 40, height: int = 20) -> bytes:
    """A small PNG."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("path,content,message", [
    ("media/missing.png", None, "there is no image media/missing.png in the notes folder (put it in notes/media/,"
                                " or correct the name)"),
    ("media/renamed.png", "jpeg", "media/renamed.png is named .png but is a JPEG file"),
    ("media/text.png", b"not an image at all\n", "media/text.png is not a readable image (UnidentifiedImageError)"),
    ("media/cut.png", "truncated", "media/cut.png is not a readable image"),
    ("../outside.png", None, "'../outside.png' is not an image in media/"),
    ("media/Chart.PNG", None, "'media/Chart.PNG' is not an image in media/"),
    ("media/chart.svg", None, "'media/chart.svg' is not an image in media/"),
])
def test_a_bad_image_is_an_error_at_the_field_that_names_it(notes, capsys, path, content, message):
    if content == "jpeg":
        out = io.BytesIO()
        Image.new("RGB", (8, 8)).save(out, "JPEG")
        content = out.getvalue()
    elif content == "truncated":
        content = png(400, 400)[:60]
    if content is not None:
        (notes / path).write_bytes(content)
    name_figure(notes, path)
    errors = check(capsys)
    assert len(errors) == 1 and errors[0].startswith(AT_FILE), errors
    assert message in errors[0]


def test_an_image_larger_than_the_limit_is_refused(notes, capsys, monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 100)
    errors = check(capsys)
    assert errors[0].startswith(AT_FILE + "media/arrivals.png is larger than")


def test_a_figure_without_alt_text_is_an_error(notes, capsys):
    brief = notes / "documents" / "mini-brief.yaml"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(re.sub(r"        alt: .*\n", "", text), encoding="utf-8")
    assert check(capsys) == [f"notes/documents/mini-brief.yaml:{LINE}:9: error: missing required field 'alt' in figure"
                             " (what the image shows, said for readers who cannot see it)"]


def test_an_image_linked_from_outside_the_notes_folder_is_never_read(notes, capsys, tmp_path):
    (tmp_path / "secret.png").write_bytes(png())
    (notes / "media" / "link.png").symlink_to(tmp_path / "secret.png")
    name_figure(notes, "media/link.png")
    assert check(capsys) == [AT_FILE + "media/link.png is a link to a file"
                             " outside the notes folder, which is never read (copy the image into the notes"
                             " folder instead)"]


def test_a_new_picture_rebuilds_only_the_documents_that_show_it(notes, capsys):
    assert run(["build", "--notes", "notes", "--templates", str(TEMPLATES), "--out", "out"]) == 0
    capsys.readouterr()
    (notes / "media" / "arrivals.png").write_bytes(png())
    assert run(["build", "--notes", "notes", "--templates", str(TEMPLATES), "--out", "out"]) == 0
    out = capsys.readouterr().out
    assert "(1 made, 2 unchanged;" in out
    assert "changed mini-brief: image media/arrivals.png: bytes changed" in out
    assert (Path("out") / "md" / "media" / "arrivals.png").read_bytes() == png()


def test_the_emblem_follows_its_published_geometry():
    picture = Image.open(io.BytesIO(emblem.draw(300))).convert("RGB")
    assert picture.size == (450, 300)  # one and a half times as wide as high
    centres = emblem.centres(300)
    assert centres[0] == pytest.approx((225, 50))  # twelve o'clock: a third of the height above the centre
    for x, y in centres:
        assert _near(picture.getpixel((round(x), round(y))), emblem.GOLD), (x, y)
    for x, y in (centres[0][0], 150), (5, 5), ((centres[0][0] + centres[1][0]) / 2, (centres[0][1] + centres[1][1]) / 2):
        assert _near(picture.getpixel((round(x), round(y))), emblem.BLUE), (x, y)
    assert _near(picture.getpixel((225, round(50 - 300 / 18 + 2))), emblem.GOLD)  # a point 1/18 high


def test_the_shipped_emblem_is_the_one_drawn():
    drawn = Image.open(io.BytesIO(emblem.draw())).convert("RGB")
    for path in (ROOT / "notes" / "media" / "eu-emblem.png", CORPORA["mini"] / "media" / "eu-emblem.png"):
        shipped = Image.open(path).convert("RGB")
        assert shipped.size == drawn.size
        assert max(abs(a - b) for a, b in zip(shipped.tobytes(), drawn.tobytes())) <= 2, path


def _near(colour, expected, tolerance: int = 40) -> bool:
    """Whether a pixel is about the colour expected."""
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected))
