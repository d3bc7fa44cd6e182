"""`kurils map` and `kurils story`: printable maps in three languages, with real fonts."""

from __future__ import annotations

import datetime as dt
import io
import warnings

import numpy as np
import pytest
from PIL import Image

from kurils.cli import main
from kurils.model import dataset
from kurils.paths import DEFAULT_GEODATA
from kurils.present import handout
from kurils.present.palette import RGB

DS = dataset.load(DEFAULT_GEODATA)


def _share_of(png: bytes, state: str, tolerance: int = 12) -> float:
    """The share of the page's pixels in a state's colour."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return float((np.abs(pixels - np.array(RGB[state])).max(axis=2) <= tolerance).mean())


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
def test_handout_has_every_glyph(lang):
    """No 'Glyph missing from font' warning: Japanese and Cyrillic come out as letters, not boxes."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = handout.map_handout(DS, dt.date(1956, 10, 19), lang, "japan", "png")
    assert png.startswith(b"\x89PNG")


def test_handout_colours_follow_the_day():
    """1860: Iturup and the south in Japan's colour, the north in the Russian Empire's; no Soviet colour.
    1950: the Soviet colour and no Japanese islands."""
    early = handout.map_handout(DS, dt.date(1860, 1, 1), "en", "de_facto", "png")
    late = handout.map_handout(DS, dt.date(1950, 1, 1), "en", "de_facto", "png")
    legend_only = _share_of(early, "ussr")  # in 1860 the Soviet colour is only the legend's swatch
    assert _share_of(early, "japan") > 2 * legend_only and _share_of(early, "russian_empire") > 2 * legend_only
    assert _share_of(late, "ussr") > 2 * legend_only


def test_map_command_writes_pdf_with_embedded_cjk_font(tmp_path, capsys):
    out = tmp_path / "handout.pdf"
    assert main(["map", "--at", "1945-09-03", "--lang", "ja", "--out", str(out)]) == 0
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and b"NotoSansCJK" in pdf and b"DejaVuSans" in pdf
    assert f"wrote {out}" in capsys.readouterr().out


def test_map_command_png_in_russian(tmp_path):
    out = tmp_path / "handout.png"
    assert main(["map", "--at", "2022-03-21", "--lang", "ru", "--pov", "russia", "--out", str(out)]) == 0
    assert Image.open(out).size[0] >= 2000  # A4 at 200 dpi


@pytest.mark.parametrize(
    "args, message",
    [
        (["--at", "1945-09-03", "--out", "x.txt"], "must end in .png or .pdf"),
        (["--at", "1800-01-01", "--out", "x.pdf"], "must be from 1855-02-07"),
        (["--at", "3 Sept", "--out", "x.pdf"], "must be a date"),
    ],
)
def test_map_command_refuses_bad_arguments(tmp_path, capsys, args, message):
    assert main(["map", *args]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_story_pdf_has_one_page_per_chapter():
    pdf = handout.story_pdf(DS, "en")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= len(
        DS.story
    ) or pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == len(DS.story)


def test_chapter_bounds_frame_its_islands():
    for chapter in DS.story.to_dict("records"):
        west, south, east, north = handout.chapter_bounds(DS, chapter)
        ids = [i for i in chapter["island_ids"].split(";") if i] or list(DS.islands["id"])
        w, s, e, n = DS.islands[DS.islands["id"].isin(ids)].total_bounds
        assert west < w and south < s and east > e and north > n
