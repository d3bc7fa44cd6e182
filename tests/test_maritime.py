"""The sea layer (maritime.geojson) on the fixtures: its validator rules, `kurils build-maritime` and its
errors, the zones in force on a day, what the map and the handout say about them, and the CLI's export."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_edits import edit_json

from kurils.builders import maritime
from kurils.model import dataset
from kurils.model.validate import validate
from kurils.present import handout, maptext, sea


def props_of(zone_id: str, **changes):
    """An edit of the tiny fixture: these properties of one maritime feature."""

    def change(data):
        next(f for f in data["features"] if f["properties"]["id"] == zone_id)["properties"].update(changes)

    return edit_json("maritime.geojson", change)


def problems(tiny: Path, edit) -> list[tuple[str, str, str, str]]:
    edit(tiny)
    return [(p.file, p.where, p.field, p.code) for p in validate(tiny)]


def test_the_fixtures_sea_validates(tiny):
    assert validate(tiny) == []


@pytest.mark.parametrize(
    "zone_id, changes, expected",
    [
        ("ussr_sea", {"coasts": "polonsky;atlantis"}, ("ussr_sea", "coasts", "unknown-coast")),
        ("ussr_sea", {"median_with": "group:nowhere"}, ("ussr_sea", "median_with", "unknown-coast")),
        ("ussr_sea", {"breadth_nm": None}, ("ussr_sea", "breadth_nm", "rule-incomplete")),
        ("ussr_sea", {"coasts": ""}, ("ussr_sea", "coasts", "rule-incomplete")),
        ("ussr_sea", {"of": "japan_sea;ussr_sea"}, ("ussr_sea", "of", "rule-incomplete")),
        ("both_claim", {"of": "japan_zone"}, ("both_claim", "of", "rule-incomplete")),
        ("both_claim", {"of": "japan_zone;no_such_zone"}, ("both_claim", "of", "rule-incomplete")),
        ("ussr_sea", {"valid_to": "1950-01-01"}, ("ussr_sea", "valid_to", "end-before-start")),
        ("ussr_sea", {"party": "atlantis"}, ("ussr_sea", "party", "unknown-vocabulary")),
        ("ussr_sea", {"source_ids": "src_a;no_such_source"}, ("ussr_sea", "source_ids", "unknown-source")),
        ("ussr_sea", {"declared_in": "no_such_source"}, ("ussr_sea", "declared_in", "unknown-source")),
        ("ussr_sea", {"kind": "lake"}, ("ussr_sea", "kind", "constraint-error")),
    ],
)
def test_a_broken_sea_feature_is_named_with_its_field(tiny, zone_id, changes, expected):
    found = problems(tiny, props_of(zone_id, **changes))
    assert ("maritime.geojson", *expected) in [(f, w.removeprefix("feature "), fl, c) for f, w, fl, c in found], found


def test_build_maritime_says_which_rule_cannot_be_applied(tiny):
    props_of("ussr_sea", coasts="atlantis")(tiny)
    done = subprocess.run(
        [sys.executable, "-m", "kurils", "build-maritime", "--dir", str(tiny)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "kurils build-maritime: ussr_sea: no island or land 'atlantis'"


def test_building_twice_changes_nothing(tiny):
    before = (tiny / "maritime.geojson").read_bytes()
    maritime.build(tiny)
    assert (tiny / "maritime.geojson").read_bytes() == before


def test_an_overlap_of_two_computed_zones_is_computed_from_them(tiny):
    """Moving Japan's zone's breadth changes the overlap too, without touching the overlap's own properties."""
    data = json.loads((tiny / "maritime.geojson").read_text(encoding="utf-8"))
    area = {f["properties"]["id"]: f for f in data["features"]}
    props_of("japan_zone", breadth_nm=20)(tiny)
    maritime.build(tiny)
    after = {f["properties"]["id"]: f for f in json.loads((tiny / "maritime.geojson").read_text())["features"]}
    assert after["both_claim"]["geometry"] != area["both_claim"]["geometry"]
    assert after["ussr_zone"]["geometry"] == area["ussr_zone"]["geometry"]


def test_each_zone_is_in_force_from_its_first_day_until_its_last(mini_ds):
    rows = mini_ds.maritime.drop(columns="geometry").to_dict("records")
    assert rows
    for r in rows:
        start = dt.date.fromisoformat(r["valid_from"])
        ids = lambda day: {z["id"] for z in sea.in_force(mini_ds.maritime, day)}  # noqa: E731
        assert r["id"] in ids(start) and r["id"] not in ids(start - dt.timedelta(days=1))
        if r["valid_to"]:
            end = dt.date.fromisoformat(r["valid_to"])
            assert r["id"] in ids(end - dt.timedelta(days=1)) and r["id"] not in ids(end)


def test_the_map_says_each_zone_in_each_language(mini_ds):
    files = maptext.text_files(mini_ds)
    zone_ids = set(mini_ds.maritime["id"])
    english = files["text_en.json"]["sea"]
    for lang in ("en", "ja", "ru"):
        words = files[f"text_{lang}.json"]["sea"]
        assert set(words) == zone_ids
        legend = files[f"text_{lang}.json"]["legend"]
        assert set(legend["sea"]) == {"sea", "claimed", "overlap", "regime"} and legend["sea_note"]
        for zone_id, lines in words.items():
            assert len(lines) == 4 and lines[0] and lines[2] and lines[3], (lang, zone_id)
            if lang != "en":
                assert lines[0] != english[zone_id][0] and lines[3] != english[zone_id][3], (lang, zone_id)
    assert english["japan_sea"][0] == "Japan's territorial sea (12 nautical miles)"
    assert english["both_claim"][0] == "Waters both count as theirs: Japan and Soviet Union"
    assert english["ussr_sea"][2] == "from 1 January 1960 to 26 December 1991"
    assert english["ussr_sea"][3].endswith("not a legal boundary.")


def test_the_browsers_file_sends_each_outline_once_with_its_zones(mini_ds):
    from kurils.present.mapdata import _day_or_open, day_number

    layer = sea.browser_layer(mini_ds.maritime, _day_or_open)
    zones = [z for f in layer["features"] for z in f["properties"]["zones"]]
    assert sorted(z["id"] for z in zones) == sorted(mini_ds.maritime["id"])
    ussr = next(z for z in zones if z["id"] == "ussr_sea")
    assert ussr["t0"] == day_number(dt.date(1960, 1, 1)) and ussr["t1"] == day_number(dt.date(1991, 12, 26))
    kinds = [f["properties"]["kind"] for f in layer["features"]]
    assert kinds == sorted(kinds, key=sea.DRAW_ORDER.index)  # the wide zones under the narrow belts
    for f in layer["features"]:
        geometry = f["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        assert all(len(rings) == 1 for rings in polygons)  # no holes: the land is drawn over the sea


def test_the_map_in_words_names_the_zones_of_the_day(mini_ds):
    assert sea.sentence(mini_ds.maritime, dt.date(1950, 1, 1), "en") is None
    text = sea.sentence(mini_ds.maritime, dt.date(1980, 1, 1), "en")
    assert text is not None and text.startswith("At sea (zones drawn by rule")
    assert "Japan's territorial sea (12 nautical miles)" in text and "Soviet Union's fishery zone (50" in text
    japanese = sea.sentence(mini_ds.maritime, dt.date(1980, 1, 1), "ja") or ""
    assert "日本の領海（12海里）" in japanese and "Japan" not in japanese


def test_the_handout_draws_the_sea_only_when_asked(mini_ds):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    counts = []
    for with_sea in (False, True):
        ax = Figure().add_subplot()
        handout.draw_map(ax, mini_ds, dt.date(1980, 1, 1), "en", with_sea=with_sea)
        counts.append(len(ax.collections))
    assert counts[1] == counts[0] + len(sea.in_force(mini_ds.maritime, dt.date(1980, 1, 1)))


def test_status_geojson_adds_the_zones_in_force(mini: Path):
    from kurils.model.dataset import load_history
    from kurils.present import status_export

    statuses = load_history(mini).status_at("1980-01-01")
    text = status_export.to_geojson(
        statuses,
        (mini / "islands.geojson").read_text(encoding="utf-8"),
        "1980-01-01",
        (mini / "maritime.geojson").read_text(encoding="utf-8"),
    )
    features = json.loads(text)["features"]
    zones = [f["properties"] for f in features if f["properties"].get("layer") == "maritime"]
    assert sorted(z["id"] for z in zones) == ["both_claim", "japan_sea", "japan_zone", "ussr_sea", "ussr_zone"]
    assert all(z["date"] == "1980-01-01" for z in zones)
    assert len(features) - len(zones) == len(statuses)


def test_the_dataset_loads_the_layer(mini: Path):
    ds = dataset.load(mini)
    assert set(ds.maritime["kind"]) == {"territorial_sea", "fishery_zone", "overlap"}
