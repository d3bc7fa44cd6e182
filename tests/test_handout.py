"""`kurils map` and `kurils story` on the mini fixture: printable maps in three languages, with real
fonts (every committed name and text drawn: tests/data/test_committed_handout.py)."""

from __future__ import annotations

import datetime as dt
import io
import warnings

import numpy as np
import pytest
from PIL import Image

from kurils.cli import main
from kurils.present import handout
from kurils.present.palette import RGB


def _share_of(png: bytes, state: str, tolerance: int = 12) -> float:
    """The share of the page's pixels in a state's colour."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return float((np.abs(pixels - np.array(RGB[state])).max(axis=2) <= tolerance).mean())


@pytest.fixture
def geodata(monkeypatch, mini):
    """The commands read the mini fixture."""
    monkeypatch.setenv("KURILS_GEODATA", str(mini))
    return mini


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
def test_handout_has_every_glyph(mini_ds, lang):
    """No 'Glyph missing from font' warning: Japanese and Cyrillic come out as letters, not boxes."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = handout.map_handout(mini_ds, dt.date(1956, 10, 19), lang, "japan", "png")
    assert png.startswith(b"\x89PNG")


def test_handout_colours_follow_the_day(mini_ds):
    """1860: Iturup and the south in Japan's colour, the north in the Russian Empire's; no Soviet colour.
    1950: the Soviet colour and no Japanese islands."""
    early = handout.map_handout(mini_ds, dt.date(1860, 1, 1), "en", "de_facto", "png")
    late = handout.map_handout(mini_ds, dt.date(1950, 1, 1), "en", "de_facto", "png")
    legend_only = _share_of(early, "ussr")  # in 1860 the Soviet colour is only the legend's swatch
    assert _share_of(early, "japan") > 2 * legend_only and _share_of(early, "russian_empire") > 2 * legend_only
    assert _share_of(late, "ussr") > 2 * legend_only
    assert _share_of(late, "russian_empire") < legend_only * 1.5 < _share_of(early, "russian_empire")


def test_map_command_writes_pdf_with_embedded_cjk_font(geodata, tmp_path, capsys):
    """A Japanese PDF embeds Noto Sans CJK and DejaVu Sans, and the command says where it wrote it."""
    out = tmp_path / "handout.pdf"
    assert main(["map", "--at", "1945-09-03", "--lang", "ja", "--out", str(out)]) == 0
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and b"NotoSansCJK" in pdf and b"DejaVuSans" in pdf
    assert capsys.readouterr().out == f"wrote {out}\n"


def test_map_command_png_in_russian(geodata, tmp_path):
    """A PNG of A4 landscape at 200 dpi."""
    out = tmp_path / "handout.png"
    assert main(["map", "--at", "2022-03-21", "--lang", "ru", "--pov", "russia", "--out", str(out)]) == 0
    assert Image.open(out).size == (2338, 1654)  # A4 at 200 dpi


@pytest.mark.parametrize(
    "args, message",
    [
        (["--at", "1945-09-03", "--out", "x.txt"], "kurils map: --out must end in .png or .pdf (x.txt)\n"),
        (["--at", "1800-01-01", "--out", "x.pdf"], "kurils map: --at must be from 1855-02-07 to today (1800-01-01)\n"),
        (["--at", "3 Sept", "--out", "x.pdf"], "kurils map: --at must be a date YYYY-MM-DD (3 Sept)\n"),
    ],
)
def test_map_command_refuses_bad_arguments(geodata, tmp_path, monkeypatch, capsys, args, message):
    """A wrong suffix or date: exit 2, one line saying what is wrong, no file."""
    monkeypatch.chdir(tmp_path)
    assert main(["map", *args]) == 2
    assert capsys.readouterr().err == message
    assert list(tmp_path.iterdir()) == []


def test_story_pdf_has_one_page_per_chapter(mini_ds):
    """The mini fixture's three chapters: three pages."""
    pdf = handout.story_pdf(mini_ds, "en")
    assert (pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages"), pdf.count(b"/Type /Pages")) == (3, 1)


def test_story_command_writes_the_pdf(geodata, tmp_path, capsys):
    """`kurils story` writes the same pages as story_pdf, in the language asked for."""
    out = tmp_path / "story.pdf"
    assert main(["story", "--lang", "ru", "--out", str(out)]) == 0
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 3
    assert capsys.readouterr().out == f"wrote {out}\n"


def test_chapter_bounds_whole(mini_ds):
    """Each chapter's islands with a margin, widened to the page's shape (west, south, east, north)."""
    bounds = [handout.chapter_bounds(mini_ds, c) for c in mini_ds.story.to_dict("records")]
    assert bounds == [
        pytest.approx((145.53048, 43.1108, 146.90952, 44.0192), abs=1e-5),
        pytest.approx((145.76039, 43.2668, 146.87961, 44.0032), abs=1e-5),
        pytest.approx((144.97532, 43.69, 158.52468, 51.96), abs=1e-5),
    ]


def test_chapter_bounds_frame_its_islands(mini_ds):
    """Each chapter's map contains all of the islands it names."""
    for chapter in mini_ds.story.to_dict("records"):
        west, south, east, north = handout.chapter_bounds(mini_ds, chapter)
        ids = chapter["island_ids"].split(";")
        w, s, e, n = mini_ds.islands[mini_ds.islands["id"].isin(ids)].total_bounds
        assert west < w and south < s and east > e and north > n
