"""The map component's Python side on the mini fixture: the whole spec, the
browser's reports (the committed history in the spec: tests/data/test_committed_mapview.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kurils.present import deck, mapdata, maptext, mapview, palette

TODAY = dt.date(2026, 11, 26)


def _spec(mini_ds, **options):
    urls = {"islands.json": "app/static/layers/abc-v4/islands.json"}
    args = dict(
        day=dt.date(1945, 8, 28),
        nonce=3,
        today=TODAY,
        lang="ru",
        pov="japan",
        shown={"labels", "claim"},
        bounds=(145.5, 43.3, 156.8, 50.9),
    )
    return mapview.spec(mini_ds.history, urls, **{**args, **options})


def test_spec_carries_days_events_bounds_and_labels(mini_ds):
    """Base folder from the layer URLs, every event and epoch date, the bounds to fit and the zoom limits:
    with the layer and text files, everything the browser needs to draw any day."""
    spec = _spec(mini_ds)
    changes = ["1855-02-07", "1875-08-22", "1945-08-18", "1945-08-23", "1945-08-28", "1945-09-03"]
    assert {k: spec[k] for k in ("base", "day", "nonce", "start", "max", "events", "epochs", "lang", "pov")} == {
        "base": "app/static/layers/abc-v4/",
        "day": "1945-08-28",
        "nonce": 3,
        "start": "1855-02-07",
        "max": "2026-11-26",
        "events": [*changes, "1952-04-28", "1956-10-19", "1991-12-26"],
        "epochs": [*changes, "1946-02-02", "1952-04-28", "1991-12-26"],
        "lang": "ru",
        "pov": "japan",
    }
    assert spec["bounds"] == [145.5, 43.3, 156.8, 50.9] and spec["zoom_limits"] == [deck.MIN_ZOOM, deck.MAX_ZOOM]
    assert spec["shown"] == ["claim", "labels"] and spec["mode"] == "status" and spec["step"] == "event"
    assert spec["halo_zooms"] == [z / 2 for z in range(6, 25)] and spec["hatch_zooms"] == list(mapdata.HATCH_ZOOMS)


def test_spec_tooltip_is_short_and_names_the_governments_position(mini_ds):
    """Names, holder, claimants and the chosen government's position; no raw source ids, no ISO dates."""
    assert _spec(mini_ds)["tooltip"] == (
        "{name_ru} · {name_ja} · {name_en}\nВладеет: {controller}\nПретензии: {claimants}\n{stance_japan}\n"
        "Нажмите на остров, чтобы увидеть его историю и источники."
    )
    de_facto = _spec(mini_ds, pov="de_facto", lang="en")["tooltip"]
    assert "{stance_" not in de_facto and "{sources}" not in de_facto and "{since}" not in de_facto


def test_text_files_offer_labels_event_titles_and_every_legend_entry(mini_ds):
    """Per language, a file of the map's texts: a label per island (and the Habomai group), the latest
    event's title on each event date, and a legend entry per state, ring and stripe in its colour (the
    browser shows those drawn on the day)."""
    files = maptext.text_files(mini_ds)
    assert set(files) == {"text_en.json", "text_ja.json", "text_ru.json"}
    ja = files["text_ja.json"]
    assert len(ja["event_titles"]) == len(mini_ds.history.event_dates) and all(ja["event_titles"])
    assert {label["id"] for label in ja["labels"]} == set(mini_ds.island_ids()) | {"habomai"}
    legend = ja["legend"]
    assert [e["colour"] for e in legend["fills"]] == [palette.rgba(code) for code in palette.HELD_BY]
    assert {e["label"] for e in legend["fills"]} >= {"ロシアが保持"}
    stripes = {"colour": palette.rgba("japan"), "label": "斜線：日本の立場では日本の領土"}
    assert legend["positions"]["japan"][0] == stripes
    assert set(legend["positions"]) == {"japan", "russia"} and legend["title_position"]["russia"]
    assert "日本" in legend["rings"][0]["label"]


def test_spec_options(mini_ds):
    """A selected island, presenting, tiles, no controls, a story's style and a year step pass through; an
    unknown step falls back to events."""
    spec = _spec(
        mini_ds,
        pov="de_facto",
        shown=set(),
        selected="urup",
        present=True,
        height=400,
        step="year",
        tiles=True,
        controls=False,
        mode="before_borders",
    )
    assert {k: spec[k] for k in ("shown", "selected", "present", "height", "step", "tiles", "controls", "mode")} == {
        "shown": [],
        "selected": "urup",
        "present": True,
        "height": 400,
        "step": "year",
        "tiles": mapview.TILES,
        "controls": False,
        "mode": "before_borders",
    }
    assert _spec(mini_ds, step="<script>")["step"] == "event"
    assert "Click" not in spec["tooltip"] and "Click" in _spec(mini_ds, lang="en")["tooltip"]  # no panel to open


@pytest.mark.parametrize(
    "value",
    [
        None,
        "x",
        [],
        {},
        {"token": "t", "seq": 1, "nonce": 0},
        {"token": "", "seq": 1, "nonce": 0, "day": "1950-01-01"},
        {"token": "t", "seq": 1.5, "nonce": 0, "day": "1950-01-01"},
        {"token": "t", "seq": 1, "nonce": 0, "day": "1950-13-01"},
        {"token": "t", "seq": 1, "nonce": 0, "day": "2027-01-01"},
        {"token": 7, "seq": 1, "nonce": 0, "day": "1950-01-01"},
        {"token": "t", "seq": 1, "day": "1950-01-01"},
        {"token": "t", "seq": 1, "nonce": False, "day": "1950-01-01"},
        {"token": "t", "seq": 1, "nonce": 0, "day": "1950-01-01", "compare": "1700-01-01"},
        {"token": "t", "seq": 1, "nonce": 0, "day": "1950-01-01", "compare": 19500101},
        {"token": "t", "seq": 1, "nonce": 0, "day": "1950-01-01", "compare": "<b>1950</b>"},
    ],
)
def test_malformed_reports_are_none(value):
    """Anything but a well-formed report of a day the atlas covers, up to today, is ignored."""
    assert mapview.parse_value(value, TODAY) is None


def test_a_report_reads_as_a_report():
    """A well-formed report becomes a typed Report, its day a date."""
    first = mapview.parse_value({"token": "a", "seq": 2, "nonce": 5, "day": "1950-01-01", "pick": "iturup"}, TODAY)
    assert first == mapview.Report("a", 2, 5, dt.date(1950, 1, 1), "iturup")
    comparing = {"token": "a", "seq": 3, "nonce": 5, "day": "1950-01-01", "pick": None, "compare": "1945-08-01"}
    assert mapview.parse_value(comparing, TODAY) == mapview.Report(
        "a", 3, 5, dt.date(1950, 1, 1), None, dt.date(1945, 8, 1)
    )


@given(
    st.dictionaries(
        st.sampled_from(["token", "seq", "nonce", "day", "pick", "compare"]),
        st.none() | st.booleans() | st.integers() | st.text(max_size=70),
    )
)
def test_any_value_is_a_report_or_none(value):
    """Whatever the browser sends, parse_value gives a Report of a covered day, or None: it never raises."""
    report = mapview.parse_value(value, TODAY)
    assert report is None or (isinstance(report, mapview.Report) and dt.date(1855, 2, 7) <= report.day <= TODAY)
    assert report is None or report.compare is None or dt.date(1855, 2, 7) <= report.compare <= TODAY
