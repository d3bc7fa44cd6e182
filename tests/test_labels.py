"""The map's island labels: the candidates Python sends (kurils.present.deck.island_labels), the font they are
set in (kurils.builders.font, frontend/fonts/) and where the browser puts them (frontend/labels.js, run in a
blank Chromium page against tests/cases/labels.json)."""

from __future__ import annotations

import base64
import csv
import json
import random
from pathlib import Path

import pytest

from kurils.builders import font
from kurils.paths import DEFAULT_GEODATA
from kurils.present import deck
from kurils.present.i18n import LANGS
from kurils.present.words import HABOMAI

CASES = json.loads((Path(__file__).parent / "cases" / "labels.json").read_text(encoding="utf-8"))["cases"]
FONTS = [font.FOLDER / name for name in font.WEIGHTS.values()]


# The candidates


def test_every_island_is_a_candidate_with_its_area_as_priority(mini_ds):
    """Every island, whatever its size, with its id, name, label point and area (km², 2 decimals)."""
    names = list(mini_ds.records["names"].values())
    labels = deck.island_labels(names, mini_ds.areas, "ru")
    islands = [label for label in labels if not label.get("isGroup")]
    assert [label["id"] for label in islands] == [r["id"] for r in names]
    for label, r in zip(islands, names):
        assert label["text"] == r["name_ru"]
        assert label["position"] == [float(r["label_lon"]), float(r["label_lat"])]
        assert label["priority"] == round(mini_ds.areas.get(r["id"], 0), 2)
        assert label.get("group") == ("habomai" if r["id"] in HABOMAI else None)
    assert any(label["priority"] < deck.LABEL_MIN_KM2 for label in islands)  # small islands are candidates too


def test_the_habomai_group_is_one_more_candidate(committed_ds):
    """One group candidate after the islands: its name in each language, at the mean of the islets' label
    points, its priority the islets' total area; every islet in HABOMAI carries group "habomai"."""
    names = list(committed_ds.records["names"].values())
    for lang, name in {"en": "Habomai islands", "ja": "歯舞群島", "ru": "острова Хабомаи"}.items():
        labels = deck.island_labels(names, committed_ds.areas, lang)
        groups = [label for label in labels if label.get("isGroup")]
        islets = [label for label in labels if label.get("group") == "habomai" and not label.get("isGroup")]
        assert {i["id"] for i in islets} == HABOMAI and len(groups) == 1 and labels[-1] is groups[0]
        group = groups[0]
        assert group["id"] == "habomai" and group["group"] == "habomai" and group["text"] == name, lang
        assert group["priority"] == pytest.approx(sum(i["priority"] for i in islets), abs=0.01)
        for k in (0, 1):
            assert group["position"][k] == pytest.approx(sum(i["position"][k] for i in islets) / len(islets), abs=1e-4)


def test_no_habomai_islets_no_group():
    row = {"id": "urup", "name_en": "Urup", "label_lon": "150", "label_lat": "46"}
    assert deck.island_labels([row], {"urup": 1439.934}) == [
        {"id": "urup", "text": "Urup", "position": [150.0, 46.0], "priority": 1439.93}
    ]


# The font


def _cmap(path: Path) -> set[str]:
    from fontTools.ttLib import TTFont

    return {chr(c) for c in TTFont(path)["cmap"].getBestCmap()}


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.name)
def test_the_font_has_every_character_of_every_name(path):
    """Each committed label font has a glyph for every character of every island name in
    geodata/island_names.csv, of every label text in every language, and of the builder's fixed set."""
    with (DEFAULT_GEODATA / "island_names.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    needed = {ch for r in rows for column in font.NAME_COLUMNS for ch in r[column]}
    needed |= {ch for lang in LANGS for label in deck.island_labels(rows, {}, lang) for ch in label["text"]}
    needed |= set(font.characters())
    missing = "".join(sorted(needed - _cmap(path)))
    assert not missing, (
        f"{path.name} has no glyph for {missing!r} ({', '.join(f'U+{ord(c):04X}' for c in missing)}): "
        "a name was added or changed; rebuild the font with `python -m kurils.builders.font` and commit "
        "src/kurils/present/mapview/frontend/fonts/"
    )


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.name)
def test_the_font_is_small_and_a_subset(path):
    """A few hundred glyphs, tens of KB, not the 16 MB collection; and no character the labels do not need."""
    assert path.read_bytes()[:4] == b"wOF2" and path.stat().st_size < 200_000
    assert _cmap(path) <= set(font.characters())


def test_the_licence_is_beside_the_font():
    text = font.LICENCE.read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007" in text and "Adobe" in text
    assert text.rstrip().endswith("OTHER DEALINGS IN THE FONT SOFTWARE.")


@pytest.mark.skipif(not font.NOTO.exists(), reason="needs Debian's fonts-noto-cjk")
def test_the_committed_font_is_what_the_builder_makes():
    """Rebuilding gives the committed bytes: the builder is deterministic and the committed files are current."""
    stale = [path.name for path, blob in font.build().items() if path.read_bytes() != blob]
    assert stale == [], (
        "rebuild with `python -m kurils.builders.font` and commit the fonts/ folder (if no name changed, "
        "this fontTools or fonts-noto-cjk differs from the one the committed files were made with)"
    )


# The placement, in a blank Chromium page


@pytest.fixture
def page(frontend_page):
    return frontend_page  # a blank page with the map's pure scripts (tests/conftest.py)


PLACE = "(c) => KurilsLabels.place(c.candidates, c.viewport, c.options)"


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_placement_cases(page, case):
    """place() gives each case's labels, in order, each on its side; and the details the case names."""
    placed = page.evaluate(PLACE, case)
    assert [[p["id"], p["side"]] for p in placed] == case["placed"]
    by_id = {p["id"]: p for p in placed}
    for label_id, details in case.get("details", {}).items():
        assert {k: by_id[label_id][k] for k in details} == details


def _boxes_overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and (a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])
    )


@pytest.mark.browser
@pytest.mark.parametrize("seed", range(5))
def test_placement_never_cuts_or_overlaps(page, seed):
    """Hundreds of random labels: every placed box inside the map minus its margin, off the reserved box,
    off every other placed box; larger islands placed before smaller ones; the text where the box says."""
    rng = random.Random(seed)
    width, height, margin = 640, 480, 4
    reserved = [{"x": 0, "y": 380, "width": 200, "height": 100}]
    candidates = [
        {
            "id": f"i{k}",
            "text": "x",
            "x": rng.uniform(-50, width + 50),
            "y": rng.uniform(-50, height + 50),
            "width": rng.uniform(10, 160),
            "height": rng.choice([13, 20]),
            "priority": rng.choice([0, 1, 5, 50, 500]),
        }
        for k in range(300)
    ]
    case = {"candidates": candidates, "viewport": {"width": width, "height": height}, "options": {"reserved": reserved}}
    placed = page.evaluate(PLACE, case)
    assert 10 < len(placed) < 300
    for i, p in enumerate(placed):
        box = p["box"]
        assert margin <= box["x"] and box["x"] + box["width"] <= width - margin
        assert margin <= box["y"] and box["y"] + box["height"] <= height - margin
        assert not _boxes_overlap(box, reserved[0])
        assert not any(_boxes_overlap(box, q["box"]) for q in placed[:i])
        # the text (box minus pad 3) is where deck.gl draws it: the point plus the offset, anchored
        x = p["x"] + p["offset"][0]
        left = {"start": x, "end": x - p["width"], "middle": x - p["width"] / 2}[p["anchor"]]
        assert box["x"] + 3 == pytest.approx(left)
    assert [p["priority"] for p in placed] == sorted((p["priority"] for p in placed), reverse=True)


@pytest.mark.browser
def test_labels_is_a_frozen_constant_that_leaves_the_page_alone(page):
    got = page.evaluate(
        """() => ({frozen: Object.isFrozen(KurilsLabels), onWindow: "KurilsLabels" in window,
        body: document.body.innerHTML})"""
    )
    assert got == {"frozen": True, "onWindow": False, "body": ""}


@pytest.mark.browser
def test_the_font_loads_and_sets_every_script(page):
    """Chromium loads the committed WOFF2 as a web font and measures Latin, Cyrillic and Japanese in it:
    a CJK character one em wide, and the same widths whichever text the page's fallback would use."""
    blob = base64.b64encode(FONTS[0].read_bytes()).decode()
    got = page.evaluate(
        """async (blob) => {
        const bytes = Uint8Array.from(atob(blob), (c) => c.charCodeAt(0));
        const face = new FontFace("kurils-labels", bytes);
        await face.load();
        document.fonts.add(face);
        const ctx = document.createElement("canvas").getContext("2d");
        const measure = (family, text) => { ctx.font = `20px ${family}`; return ctx.measureText(text).width; };
        const result = {
            status: face.status,
            check: document.fonts.check("20px kurils-labels", "択捉島 Итуруп Iturup"),
            ja: measure("kurils-labels", "択捉島"),
        };
        document.fonts.delete(face);
        return result;
    }""",
        blob,
    )
    assert got["status"] == "loaded" and got["check"] is True
    assert got["ja"] == pytest.approx(60, abs=0.5)  # three full-width characters at 20 px
