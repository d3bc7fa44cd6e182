"""The status engine on the committed history: properties over all dates, and worked examples
checked by hand against the sources (the note of each says which)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kurils.model.dataset import load_history
from kurils.model.vocab import POVS, TIMELINE_START
from kurils.paths import DEFAULT_GEODATA

HISTORY = load_history(DEFAULT_GEODATA)
ISLANDS = sorted(HISTORY.intervals)
FACTS = ("controller", "administrator", "claimants", "since", "until", "event_id", "source_ids")
days = st.dates(min_value=TIMELINE_START, max_value=dt.date(2040, 12, 31))


def at(day: str, pov: str = "de_facto") -> dict[str, dict]:
    return {s.island_id: s.record() for s in HISTORY.status_at(day, pov)}


@settings(max_examples=300, deadline=None)
@given(days)
def test_exactly_one_status_per_island_on_any_day(day):
    """Every island has exactly one status on every day from 1855-02-07 on, and it covers the day."""
    records = [s.record() for s in HISTORY.status_at(day)]
    assert [r["island_id"] for r in records] == ISLANDS
    for r in records:
        assert dt.date.fromisoformat(r["since"]) <= day
        assert r["until"] is None or day < dt.date.fromisoformat(r["until"])


@settings(max_examples=300, deadline=None)
@given(days.filter(lambda d: d > TIMELINE_START))
def test_status_changes_only_at_interval_bounds(day):
    """If any island's status differs from the day before, the day is an interval start."""
    before, today = at(str(day - dt.timedelta(days=1))), at(str(day))
    changed = [i for i in ISLANDS if before[i]["since"] != today[i]["since"]]
    if changed:
        assert day in HISTORY.change_dates()
        assert all(today[i]["since"] == day.isoformat() for i in changed)


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from(POVS))
def test_point_of_view_never_changes_the_facts(day, pov):
    """Japan's and Russia's positions change the words, not who held, governed or claimed."""
    facts = {i: {k: r[k] for k in FACTS} for i, r in at(str(day)).items()}
    assert {i: {k: r[k] for k in FACTS} for i, r in at(str(day), pov).items()} == facts


def test_every_event_opens_an_interval_or_changes_nothing():
    """An event cited by an interval is dated on (or in the range up to) its first day; any other
    event leaves the islands it names exactly as they were the day before."""
    opened = {(iv.event_id, iv.start) for ivs in HISTORY.intervals.values() for iv in ivs}
    cited = {e for e, _ in opened}
    for event in HISTORY.events.values():
        first = dt.date.fromisoformat(event["date"])
        last = dt.date.fromisoformat(event["date_range_end"]) if event["date_range_end"] else first
        if event["id"] in cited:
            assert all(first <= start <= last for e, start in opened if e == event["id"]), event["id"]
        elif first > TIMELINE_START:
            islands = ISLANDS if event["island_ids"] == "all" else event["island_ids"].split(";")
            before, on = at(str(first - dt.timedelta(days=1))), at(str(first))
            assert all(before[i]["since"] == on[i]["since"] for i in islands), event["id"]


# (date, island, controller, claimants, why): each checked against the sources in the events it names.
WORKED = [
    ("1855-02-07", "iturup", "japan", ["japan"], "Shimoda Art. 2: all of Etorofu belongs to Japan"),
    (
        "1855-02-07",
        "urup",
        "russian_empire",
        ["russian_empire"],
        "Shimoda Art. 2: Urup and the Kurils north of it to Russia",
    ),
    (
        "1875-08-21",
        "shumshu",
        "russian_empire",
        ["russian_empire"],
        "the day before the Saint Petersburg ratifications",
    ),
    ("1875-08-22", "shumshu", "japan", ["japan"], "ratifications exchanged in Tokyo"),
    ("1880-06-01", "iturup", "japan", ["japan"], "Japanese since 1855"),
    ("1905-09-05", "paramushir", "japan", ["japan"], "Portsmouth concerns Sakhalin, not the Kurils"),
    ("1945-08-17", "shumshu", "japan", ["japan"], "the day before the Soviet landing"),
    ("1945-08-18", "shumshu", "contested", ["japan"], "battle of Shumshu, 18-23 August"),
    ("1945-08-23", "shumshu", "ussr", ["japan"], "disarmament complete"),
    ("1945-08-23", "paramushir", "japan", ["japan"], "Paramushir occupied on 24 August"),
    ("1945-08-28", "iturup", "ussr", ["japan"], "landing at Rubetsu, 28 August"),
    ("1945-08-28", "kunashir", "japan", ["japan"], "Kunashir occupied on 1 September"),
    ("1945-09-02", "shikotan", "ussr", ["japan"], "landing on 1 September, before the surrender was signed"),
    ("1945-09-02", "zeleny", "japan", ["japan"], "Habomai occupied 3-5 September, after the surrender"),
    ("1945-09-03", "zeleny", "ussr", ["japan"], "first Habomai landing, 3 September (Nemuro record)"),
    ("1946-02-02", "kunashir", "ussr", ["japan", "ussr"], "Soviet annexation decree"),
    ("1952-04-28", "urup", "ussr", ["ussr"], "San Francisco treaty in force: Japan renounces the Kurils"),
    ("1952-04-28", "iturup", "ussr", ["japan", "ussr"], "Japan holds the four islands were not renounced"),
    ("1991-12-26", "shikotan", "russia", ["japan", "russia"], "USSR dissolved; Russia continues it"),
    ("2025-04-08", "polonsky", "russia", ["japan", "russia"], "today's situation"),
]


@pytest.mark.parametrize("day,island,controller,claimants,why", WORKED, ids=[f"{d}-{i}" for d, i, *_ in WORKED])
def test_worked_examples(day, island, controller, claimants, why):
    """Known dates in each era give the status the sources describe."""
    record = at(day)[island]
    assert (record["controller"], record["claimants"]) == (controller, claimants), why


def test_positions_in_their_own_terms():
    """Japan's view: the four islands Japanese, the north undetermined; Russia's: all Russian."""
    japan, russia = at("2025-04-08", "japan"), at("2025-04-08", "russia")
    assert japan["iturup"]["sovereign"] == "japan" and "illegal occupation" in japan["iturup"]["position"]
    assert japan["urup"]["sovereign"] == "undetermined"
    assert {r["sovereign"] for r in russia.values()} == {"russia"}
    assert all(r["position_by"] == "Government of Russia (Ministry of Foreign Affairs)" for r in russia.values())
    assert at("1900-01-01", "japan")["iturup"]["position"] is None  # no separate position before the dispute


def test_before_the_atlas_is_a_clear_error():
    """A day before Shimoda is refused with the reason."""
    with pytest.raises(ValueError, match="the atlas starts on 1855-02-07"):
        HISTORY.status_at("1855-02-06")
