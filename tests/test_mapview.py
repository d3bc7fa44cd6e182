"""The map component's Python side: deck.gl fetched and checked, the spec, the browser's reports."""

from __future__ import annotations

import datetime as dt

import pytest

from kurils.builders import vendor
from kurils.model import dataset
from kurils.paths import DEFAULT_GEODATA
from kurils.present import deck, mapview

DS = dataset.load(DEFAULT_GEODATA)
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


def test_spec_names_the_files_and_carries_the_history_not_the_geometry():
    """Base folder from the layer URLs, every event and epoch date, the language's texts."""
    urls = {"islands.json": "app/static/layers/abc-v4/islands.json"}
    labels = deck.island_labels(list(DS.records["names"].values()), DS.areas, "ru")
    spec = mapview.spec(
        DS.history,
        urls,
        day=dt.date(1945, 8, 28),
        nonce=3,
        today=TODAY,
        lang="ru",
        pov="japan",
        shown={"claim", "labels"},
        labels=labels,
        view=deck.view(),
    )
    assert spec["base"] == "app/static/layers/abc-v4/" and spec["day"] == "1945-08-28" and spec["max"] == "2026-11-26"
    assert spec["start"] == "1855-02-07" and spec["shown"] == ["claim", "labels"] and spec["nonce"] == 3
    assert (
        "1945-08-28" in spec["epochs"] and spec["events"] == sorted(spec["events"]) and "1956-10-19" in spec["events"]
    )
    assert (
        spec["text"]["play"] == "Пуск"
        and spec["text"]["next"] != "Next event"
        and spec["tooltip"].endswith("{position_japan}")
    )
    assert spec["view"]["zoom"] == deck.DEFAULT_VIEW.zoom and spec["tiles"] is None and spec["controls"] is True


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
    assert mapview.parse_value(value, TODAY) is None


def test_a_report_reads_as_a_report():
    """A well-formed report becomes a typed Report, its day a date."""
    first = mapview.parse_value({"token": "a", "seq": 2, "nonce": 5, "day": "1950-01-01", "pick": "iturup"}, TODAY)
    assert first == mapview.Report("a", 2, 5, dt.date(1950, 1, 1), "iturup")
