"""The map component's Python side on the mini fixture: deck.gl fetched and checked, the whole spec, the
browser's reports (the committed history in the spec: tests/data/test_committed_mapview.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kurils.builders import vendor
from kurils.present import deck, mapview

TODAY = dt.date(2026, 11, 26)


def test_deckgl_is_fetched_checked_and_named_by_the_page():
    """`make` fetched the pinned deck.gl bundles; the page loads exactly those; a tampered tarball is refused."""
    page = (mapview.FRONTEND / "index.html").read_text(encoding="utf-8")
    for package in vendor.PACKAGES:
        path = vendor.target(package)
        assert path.exists() and path.stat().st_size > 100_000 and f'src="vendor/{path.name}"' in page
        assert b"root['deck'] = factory()" in path.read_bytes()[:2000]  # a standalone bundle: the global `deck`
    with pytest.raises(RuntimeError, match="is not the pinned"):
        vendor.check("@deck.gl/core", b"not the tarball")


def test_spec_whole(mini_ds):
    """Base folder from the layer URLs, every event and epoch date, the labels of islands of 20 km² or
    more, the language's texts, Japan's position in the tooltip: the component's whole argument."""
    urls = {"islands.json": "app/static/layers/abc-v4/islands.json"}
    labels = deck.island_labels(list(mini_ds.records["names"].values()), mini_ds.areas, "ru")
    spec = mapview.spec(
        mini_ds.history,
        urls,
        day=dt.date(1945, 8, 28),
        nonce=3,
        today=TODAY,
        lang="ru",
        pov="japan",
        shown={"labels", "claim"},
        labels=labels,
        view=deck.view(),
    )
    changes = ["1855-02-07", "1875-08-22", "1945-08-18", "1945-08-23", "1945-08-28", "1945-09-03"]
    assert spec == {
        "base": "app/static/layers/abc-v4/",
        "day": "1945-08-28",
        "nonce": 3,
        "start": "1855-02-07",
        "max": "2026-11-26",
        "events": [*changes, "1952-04-28", "1956-10-19", "1991-12-26"],
        "epochs": [*changes, "1946-02-02", "1952-04-28", "1991-12-26"],
        "lang": "ru",
        "tooltip": "{name_ru} · {name_ja} · {name_en}\n"
        "Владеет: {controller}\n"
        "Управляет: {administrator}\n"
        "Претензии: {claimants}\n"
        "С {since} (по {until})\n"
        "Событие: {event}\n"
        "Источники: {sources}\n"
        "{position_japan}",
        "labels": [
            {"position": [147.5, 45.05], "text": "Итуруп"},
            {"position": [156.35, 50.75], "text": "Шумшу"},
            {"position": [150.0, 45.9], "text": "Уруп"},
            {"position": [146.13, 43.5], "text": "Зелёный"},
        ],
        "shown": ["claim", "labels"],
        "selected": None,
        "present": False,
        "height": 600,
        "view": {"longitude": 150.4, "latitude": 46.7, "zoom": 4.75, "minZoom": 3, "maxZoom": 12},
        "speed": "event",
        "controls": True,
        "tiles": None,
        "halo_zooms": [z / 2 for z in range(6, 25)],
        "colours": {
            "land": [206, 201, 189, 255],
            "outline": [60, 60, 60, 255],
            "selected": [20, 20, 20, 255],
            "sea": "#d6e2ec",
        },
        "claim_styles": {
            "admin": {"colour": [90, 90, 90, 255], "width": 1},
            "offer": {"colour": "party", "width": 2},
            "claim": {"colour": "party", "width": 3},
            "boundary": {"colour": [30, 30, 30, 255], "width": 3},
        },
        "text": {
            "date": "Дата",
            "play": "Пуск",
            "pause": "Пауза",
            "previous": "Предыдущее событие",
            "next": "Следующее событие",
            "tiles": "© OpenStreetMap contributors © CARTO",
            "no_webgl": "Карту не удалось нарисовать: этот браузер не поддерживает WebGL. "
            "Текст под картой передаёт то же самое.",
            "load_failed": "Часть данных карты не удалось загрузить. Перезагрузите страницу, чтобы попробовать снова.",
        },
    }


def test_spec_options(mini_ds):
    """A selected island, presenting, tiles, no controls and the de facto view (no position line) pass through."""
    spec = mapview.spec(
        mini_ds.history,
        {"islands.json": "/layers/islands.json"},
        day=dt.date(1855, 2, 7),
        nonce=0,
        today=TODAY,
        lang="en",
        pov="de_facto",
        shown=set(),
        labels=[],
        view=deck.view(),
        selected="urup",
        present=True,
        height=400,
        speed="year",
        tiles=True,
        controls=False,
    )
    assert {k: spec[k] for k in ("base", "shown", "selected", "present", "height", "speed", "tiles", "controls")} == {
        "base": "/layers/",
        "shown": [],
        "selected": "urup",
        "present": True,
        "height": 400,
        "speed": "year",
        "tiles": mapview.TILES,
        "controls": False,
    }
    assert spec["tooltip"] == (
        "{name_en} · {name_ru} · {name_ja} ({name_ja_latn})\nHeld by: {controller}\n"
        "Administered by: {administrator}\nClaimed by: {claimants}\nSince: {since} (until {until})\n"
        "Event: {event}\nSources: {sources}"
    )


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
    ],
)
def test_malformed_reports_are_none(value):
    """Anything but a well-formed report of a day the atlas covers, up to today, is ignored."""
    assert mapview.parse_value(value, TODAY) is None


def test_a_report_reads_as_a_report():
    """A well-formed report becomes a typed Report, its day a date."""
    first = mapview.parse_value({"token": "a", "seq": 2, "nonce": 5, "day": "1950-01-01", "pick": "iturup"}, TODAY)
    assert first == mapview.Report("a", 2, 5, dt.date(1950, 1, 1), "iturup")


@given(
    st.dictionaries(
        st.sampled_from(["token", "seq", "nonce", "day", "pick"]),
        st.none() | st.booleans() | st.integers() | st.text(max_size=70),
    )
)
def test_any_value_is_a_report_or_none(value):
    """Whatever the browser sends, parse_value gives a Report of a covered day, or None: it never raises."""
    report = mapview.parse_value(value, TODAY)
    assert report is None or (isinstance(report, mapview.Report) and dt.date(1855, 2, 7) <= report.day <= TODAY)
