"""The map's pure functions (frontend/logic.js) and the Python they mirror, run against the same tables of
cases (tests/cases/*.json): the interval lookup, day numbers, Play's next day, the halo band for a zoom and
the hover text. The JavaScript runs in a blank Chromium page, without Streamlit."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from kurils.model.timeline import index_at
from kurils.present.mapdata import HALO_ZOOMS, HATCH_ZOOMS, day_number, halo_file, hatch_file
from kurils.present.mapview import FRONTEND

CASES = Path(__file__).parent / "cases"


def cases(name: str) -> dict:
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))


def feature_starts(properties: dict) -> list[int]:
    """An island feature's interval starts: day 0, then each interval's end day e<k> (mapdata.islands_with_history)."""
    starts = [0]
    while f"e{len(starts) - 1}" in properties:
        starts.append(properties[f"e{len(starts) - 1}"])
    return starts


# Python


def test_interval_cases_in_python():
    """index_at gives every interval of the table: plain starts, and the starts of the islands' features."""
    table = cases("intervals")
    assert [index_at(c["starts"], c["day"]) for c in table["index"]] == [c["index"] for c in table["index"]]
    features = table["features"]
    got = [[index_at(feature_starts(f["properties"]), d["day"]) for d in f["days"]] for f in features]
    assert got == [[d["interval"] for d in f["days"]] for f in features]


def test_day_cases_in_python():
    """day_number gives every day number of the table."""
    table = cases("days")
    assert dt.date.fromisoformat(table["start"]) == dt.date.fromisoformat(table["days"][0]["iso"])
    assert [day_number(dt.date.fromisoformat(c["iso"])) for c in table["days"]] == [c["day"] for c in table["days"]]


def test_halo_cases_use_mapdatas_bands_and_file_names():
    """The halo table's bands are mapdata.HALO_ZOOMS and its file names are mapdata.halo_file's."""
    table = cases("halo")
    assert table["bands"] == list(HALO_ZOOMS)
    assert [halo_file(c["width"], c["band"]) for c in table["cases"]] == [c["file"] for c in table["cases"]]


def test_the_component_loads_logic_before_map():
    """index.html loads deck.gl, then logic.js and labels.js, then map.js, each from the component's own folder."""
    scripts = re.findall(r'<script src="([^"]+)"', (FRONTEND / "index.html").read_text(encoding="utf-8"))
    assert scripts[-3:] == ["logic.js", "labels.js", "map.js"] and all("//" not in s for s in scripts)


# JavaScript, in a blank Chromium page


@pytest.fixture
def page(frontend_page):
    return frontend_page  # a blank page with the map's pure scripts (tests/conftest.py)


@pytest.mark.browser
def test_interval_cases_in_javascript(page):
    """intervalIndex, intervalAt, colourAt and lastAtOrBefore give every answer of the interval table."""
    table = cases("intervals")
    got = page.evaluate(
        """(table) => ({
        index: table.index.map((c) => KurilsLogic.intervalIndex(c.starts, c.day)),
        features: table.features.map((f) => f.days.map((d) => ({
            interval: KurilsLogic.intervalAt(f.properties, d.day),
            fill: KurilsLogic.colourAt(f.properties, "f", d.day),
            ring: KurilsLogic.colourAt(f.properties, "r", d.day),
            again: KurilsLogic.colourAt(f.properties, "f", d.day),  // once the feature's starts are kept
        }))),
        found: table.last_at_or_before.map((c) => KurilsLogic.lastAtOrBefore(c.days, c.day) ?? null),
    })""",
        table,
    )
    assert got == {
        "index": [c["index"] for c in table["index"]],
        "features": [
            [{"interval": d["interval"], "fill": d["fill"], "ring": d["ring"], "again": d["fill"]} for d in f["days"]]
            for f in table["features"]
        ],
        "found": [c["found"] for c in table["last_at_or_before"]],
    }


@pytest.mark.browser
def test_day_cases_in_javascript(page):
    """toDay and toIso turn every date of the day table into its day number and back; clampDay keeps a day whole
    and in range."""
    table = cases("days")
    got = page.evaluate(
        """(table) => {
        const start = KurilsLogic.startMs(table.start);
        return {
            days: table.days.map((c) => KurilsLogic.toDay(c.iso, start)),
            isos: table.days.map((c) => KurilsLogic.toIso(c.day, start)),
            clamped: table.clamp.map((c) => KurilsLogic.clampDay(c.day, c.max)),
        };
    }""",
        table,
    )
    assert got == {
        "days": [c["day"] for c in table["days"]],
        "isos": [c["iso"] for c in table["days"]],
        "clamped": [c["clamped"] for c in table["clamp"]],
    }


@pytest.mark.browser
def test_play_cases_in_javascript(page):
    """nextPlayDay gives every next day of the Play table (by event, by year, 29 February, the loop back to day 0);
    eventStep every previous and next event."""
    table = cases("play")
    got = page.evaluate(
        """(table) => {
        const L = KurilsLogic, start = L.startMs(table.start), day = (iso) => L.toDay(iso, start);
        const events = table.events.map(day);
        return {
            play: table.play.map((c) => L.toIso(
                L.nextPlayDay(day(c.day), {step: c.step, events, max: day(c.max ?? table.max), start}), start)),
            steps: table.steps.map((c) => {
                const to = L.eventStep(events, day(c.day), c.direction);
                return to === undefined ? null : L.toIso(to, start);
            }),
        };
    }""",
        table,
    )
    assert got == {"play": [c["next"] for c in table["play"]], "steps": [c["to"] for c in table["steps"]]}


@pytest.mark.browser
def test_halo_cases_in_javascript(page):
    """haloBand and haloFile give every band and file name of the halo table."""
    table = cases("halo")
    got = page.evaluate(
        """(table) => table.cases.map((c) => ({
        band: KurilsLogic.haloBand(c.zoom, c.scale, table.bands),
        file: KurilsLogic.haloFile(c.width, c.zoom, c.scale, table.bands),
    }))""",
        table,
    )
    assert got == [{"band": c["band"], "file": c["file"]} for c in table["cases"]]


@pytest.mark.browser
def test_template_cases_in_javascript(page):
    """fillTemplate gives every hover text of the template table."""
    table = cases("template")
    got = page.evaluate("(table) => table.cases.map((c) => KurilsLogic.fillTemplate(c.template, c.properties))", table)
    assert got == [c["text"] for c in table["cases"]]


@pytest.mark.browser
def test_logic_is_a_frozen_constant_that_leaves_the_page_alone(page):
    """logic.js defines KurilsLogic, frozen, as a script constant (no window property), and adds nothing to the page."""
    got = page.evaluate(
        """() => ({
        frozen: Object.isFrozen(KurilsLogic),
        onWindow: "KurilsLogic" in window,
        body: document.body.innerHTML,
    })"""
    )
    assert got == {"frozen": True, "onWindow": False, "body": ""}


def test_hatch_cases_use_mapdatas_bands_and_file_names():
    """The stripe files the browser asks for are the ones mapdata writes."""
    table = cases("frame")
    written = {hatch_file(z) for z in HATCH_ZOOMS}
    assert {c["file"] for c in table["hatch"]} <= written


@pytest.mark.browser
def test_frame_cases_in_javascript(page):
    """Play's pause (per step and pace, held on an event), a year back and forth, a position's stripe colour,
    the legend's entries drawn on the day, the map's height, the stripe file for a zoom, when the page
    moved enough to fit the map again, and whether a panel hides a point."""
    table = cases("frame")
    got = page.evaluate(
        """([table, bands]) => {
        const L = KurilsLogic, start = L.startMs(table.start), day = (iso) => L.toDay(iso, start);
        const events = table.events.map(day);
        return {
            pause: table.pause.map((c) => L.playPause(day(c.from), day(c.to), {step: c.step, pace: c.pace, events})),
            years: table.years.map((c) => L.toIso(L.addYears(day(c.day), c.years, start), start)),
            periods: table.periods.map((c) => L.periodColour(c.periods, c.day)),
            legend: table.legend.map((c) => L.entriesShown(c.entries, c.colours).map((e) => e.label)),
            height: table.height.map((c) => L.fitHeight(c)),
            hatch: table.hatch.map((c) => L.hatchFile(c.zoom, bands)),
            host: table.host.map((c) => L.hostMoved(c.was, c.now)),
            clear: table.clear.map((c) => L.pointsClear(c.points, c.panels, c.margin)),
        };
    }""",
        [table, list(HATCH_ZOOMS)],
    )
    assert got == {
        "pause": [c["ms"] for c in table["pause"]],
        "years": [c["to"] for c in table["years"]],
        "periods": [c["colour"] for c in table["periods"]],
        "legend": [c["shown"] for c in table["legend"]],
        "height": [c["height"] for c in table["height"]],
        "hatch": [c["file"] for c in table["hatch"]],
        "host": [c["moved"] for c in table["host"]],
        "clear": [c["clear"] for c in table["clear"]],
    }


@pytest.mark.browser
def test_measure_cases_in_javascript(page):
    """The distance tool's geodesic agrees with pyproj's Geod (WGS84) to a millimetre on every pair; Cape Nosappu
    to Kaigara comes within 5% of the published 3.7 km (the two points are the atlas's, not the survey's);
    an event dot fades by half every four years, never below a fifth."""
    from pyproj import Geod

    table = cases("measure")
    geod = Geod(ellps="WGS84")
    got = page.evaluate(
        """(table) => ({
        metres: table.pairs.map((c) => KurilsLogic.geodesicMetres(c.a, c.b)),
        alpha: table.alpha.map((c) => KurilsLogic.markAlpha(c.age, c.latest)),
    })""",
        table,
    )
    for case, metres in zip(table["pairs"], got["metres"], strict=True):
        expected = geod.inv(*case["a"], *case["b"])[2]
        assert abs(metres - expected) < 1e-3, (case["name"], metres, expected)
        if "published_km" in case:
            assert abs(metres / 1000 - case["published_km"]) / case["published_km"] < 0.05
    assert got["alpha"] == [c["alpha"] for c in table["alpha"]]


@pytest.mark.browser
def test_the_sea_hover_finds_the_zones_shapely_finds(page, mini):
    """pointInGeometry agrees with shapely on a grid of points over every zone of the mini fixture (holes
    included: a point on an island is not in the sea around it); zoneAt picks the zone in force on a day."""
    import numpy as np
    import shapely
    from shapely.geometry import shape

    from kurils.model.geojson_io import read_collection

    zones = read_collection(mini / "maritime.geojson")["features"]
    xs, ys = np.meshgrid(np.linspace(144.0, 151.0, 36), np.linspace(42.0, 47.0, 26))
    points = [[round(float(x), 4), round(float(y), 4)] for x, y in zip(xs.ravel(), ys.ravel())]
    got = page.evaluate(
        "([zones, points]) => zones.map((z) => points.map((p) => KurilsLogic.pointInGeometry(p, z.geometry)))",
        [zones, points],
    )
    for zone, inside in zip(zones, got, strict=True):
        geom = shape(zone["geometry"])
        off_edge = [geom.boundary.distance(shapely.Point(p)) > 1e-6 for p in points]  # on the line: either
        expected = [bool(geom.contains(shapely.Point(p))) for p in points]
        assert [a for a, ok in zip(inside, off_edge) if ok] == [e for e, ok in zip(expected, off_edge) if ok]
        assert any(expected), zone["properties"]["id"]  # the grid reaches every zone
    periods = [{"id": "a", "t0": 0, "t1": 10}, {"id": "b", "t0": 10, "t1": 20}]
    found = page.evaluate(
        "(zones) => [0, 9, 10, 19, 20, -1].map((d) => (KurilsLogic.zoneAt(zones, d) || {id: null}).id)", periods
    )
    assert found == ["a", "a", "b", "b", None, None]
