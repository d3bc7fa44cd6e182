"""Areas held and claimed on a day (kurils.model.measure) and what changed between two days
(kurils.model.compare, kurils.present.diff_export, `kurils diff`), on the mini fixture: Shumshu 471.054,
Urup 2,760.103, Iturup 4,377.285, Polonsky 10.759, Zeleny 21.565 km² (islands.geojson `area_km2`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kurils.model.compare import diff, previous_event_day
from kurils.model.measure import areas
from kurils.model.vocab import TIMELINE_START
from kurils.present import diff_export
from kurils.present.words import area_sentence

SHUMSHU, URUP, ITURUP, POLONSKY, ZELENY = 471.054, 2760.103, 4377.285, 10.759, 21.565
TOTAL = SHUMSHU + URUP + ITURUP + POLONSKY + ZELENY


def at(ds, day, pov="de_facto"):
    return areas(ds.history.status_at(day, pov), ds.areas)


def test_areas_by_hand(mini_ds):
    """1860: Shumshu and Urup Russian, the rest Japanese. 1945-08-20: Shumshu contested (held by no
    one). 1950: all Soviet, Japan claiming Iturup, Polonsky, Zeleny, Shumshu and Urup. Today: Russia."""
    found = at(mini_ds, "1860-01-01")
    assert found.held == pytest.approx({"japan": ITURUP + POLONSKY + ZELENY, "russian_empire": SHUMSHU + URUP})
    assert found.claimed_not_held == {} and found.total == pytest.approx(TOTAL)
    found = at(mini_ds, "1945-08-20")
    assert found.held == pytest.approx({"japan": TOTAL - SHUMSHU})
    found = at(mini_ds, "1950-01-01")
    assert found.held == pytest.approx({"ussr": TOTAL}) and found.claimed_not_held == pytest.approx({"japan": TOTAL})
    found = at(mini_ds, "2025-01-01")
    assert found.claimed_not_held == pytest.approx({"japan": ITURUP + POLONSKY + ZELENY})


def test_a_point_of_view_changes_words_not_areas(mini_ds):
    assert at(mini_ds, "2025-01-01", "japan") == at(mini_ds, "2025-01-01", "russia") == at(mini_ds, "2025-01-01")


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=TIMELINE_START, max_value=dt.date(2026, 11, 30)))
def test_held_and_claimed_never_exceed_the_chain(mini_ds, day):
    """Whatever the day: what all states hold together, and what each holds plus claims without holding,
    never exceed the chain's total."""
    found = at(mini_ds, day)
    assert sum(found.held.values()) <= found.total + 1e-9
    for state in {*found.held, *found.claimed_not_held}:
        assert found.held.get(state, 0) + found.claimed_not_held.get(state, 0) <= found.total + 1e-9


def test_the_sentence_names_each_state_in_each_language(mini_ds):
    found = at(mini_ds, "2025-01-01")
    assert area_sentence(found, "en") == (
        "Land held: Russia 7,641 km². Claimed but held by another state: Japan 4,410 km². "
        "(Areas computed from the islands' outlines in an equal-area projection, 7,641 km² in all; not official.)"
    )
    assert "ロシア" in area_sentence(found, "ja") and "7,641 km²" in area_sentence(found, "ja")
    assert "Россия 7\xa0641 km²" in area_sentence(found, "ru")  # a no-break space groups digits


def test_diff_lists_what_changed_and_the_events_between(mini_ds):
    found = diff(mini_ds.history, dt.date(1945, 8, 20), dt.date(1945, 9, 5))
    assert {c.island_id: c.fields for c in found.changes} == {
        "shumshu": ("controller", "administrator", "claimants"),
        "urup": ("controller", "administrator", "claimants"),
        "iturup": ("controller", "administrator", "claimants"),
        "polonsky": ("controller", "administrator", "claimants"),
        "zeleny": ("controller", "administrator", "claimants"),
    }
    assert [e["id"] for e in found.events] == ["disarmament", "landings", "landing"]  # after 20 Aug, to 5 Sept
    assert diff(mini_ds.history, dt.date(1876, 1, 1), dt.date(1905, 12, 31)).changes == []


def test_diff_formats_agree(mini_ds):
    found = diff(mini_ds.history, dt.date(1945, 8, 20), dt.date(1952, 5, 1), "japan")
    record = json.loads(diff_export.to_json(found))
    assert record["from"] == "1945-08-20" and record["pov"] == "japan"
    rows = list(csv.DictReader(io.StringIO(diff_export.to_csv(found))))
    assert [r["island_id"] for r in rows if r["kind"] == "change"] == [c["island_id"] for c in record["changes"]]
    assert [r["event_id"] for r in rows if r["kind"] == "event"] == [e["id"] for e in record["events"]]
    urup = next(c for c in record["changes"] if c["island_id"] == "urup")
    assert (urup["controller_before"], urup["controller_after"]) == ("japan", "ussr")
    assert (urup["claimants_before"], urup["claimants_after"]) == (["japan"], ["ussr"])
    names = {"urup": "Urup<script>"}
    text = diff_export.to_markdown(found, names, "en")
    assert "**Urup\\<script\\>**: held by Japan → held by the Soviet Union" in text


def test_previous_event_day(mini_ds):
    dates = mini_ds.history.event_dates
    assert previous_event_day(mini_ds.history, dates[3]) == dates[2]
    assert previous_event_day(mini_ds.history, dates[0]) is None
